"""One S3 error document for every answer the kit writes itself, its text escaped."""

from __future__ import annotations

import ssl
import threading
import urllib.request
from xml.etree.ElementTree import fromstring

from werkzeug.serving import make_server

from nubodoc.targets.certificates import ThrowawayCA
from nubodoc.targets.s3_errors import error_answer, error_document


def test_an_error_document_escapes_its_text_and_parses():
    body = error_document("SignatureDoesNotMatch", "a <b> & 'c'", "/seau/clé <1>.csv")
    root = fromstring(body)
    assert [(child.tag, child.text) for child in root] == [
        ("Code", "SignatureDoesNotMatch"), ("Message", "a <b> & 'c'"),
        ("Resource", "/seau/clé <1>.csv")]
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Error>')


def test_an_error_answer_starts_its_status_with_the_length():
    started = []
    body = error_answer(lambda status, headers: started.append((status, headers)), 403,
                        "AccessDenied", "Access Denied.")
    status, headers = started[0]
    assert status == "403 Forbidden"
    assert dict(headers) == {"Content-Type": "application/xml",
                             "Content-Length": str(len(body[0]))}


def test_a_client_trusting_the_throwaway_ca_reaches_the_server(tmp_path):
    authority = ThrowawayCA("test", tmp_path / "ca.pem")
    server = make_server("127.0.0.1", 0, lambda environ, start: error_answer(
        start, 404, "NoSuchKey", "The specified key does not exist."),
        ssl_context=authority.server_context())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        context = ssl.create_default_context(cafile=str(authority.ca_bundle))
        url = f"https://localhost:{server.server_port}/seau/absent"
        try:
            urllib.request.urlopen(url, context=context, timeout=10)
        except urllib.error.HTTPError as answer:
            assert answer.code == 404 and b"<Code>NoSuchKey</Code>" in answer.read()
        else:
            raise AssertionError("a missing key was served")
        untrusted = ssl.create_default_context()
        try:
            urllib.request.urlopen(url, context=untrusted, timeout=10)
        except urllib.error.URLError as refused:
            assert isinstance(refused.reason, ssl.SSLCertVerificationError)
        else:
            raise AssertionError("a client without the CA trusted the server")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
