"""SigV4 as the confining proxy checks it (nubodoc/targets/proxy/sigv4.py, shared with the sandbox's
presigned URLs): what S3 accepts passes, what it refuses is refused before anything is
forwarded."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials as BotoCredentials

from nubodoc.targets.proxy.confining_proxy import S3Signer

from .test_confinement import OWN, _Answer, _proxy

_OWN = BotoCredentials(OWN.access_key_id, OWN.secret_access_key, OWN.session_token)
_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class _ScopeOfAnotherDay(S3Signer):
    """Signs consistently with a credential scope dated 2020-01-01, whatever ``X-Amz-Date``."""

    @staticmethod
    def _dated(request: AWSRequest) -> AWSRequest:
        earlier = AWSRequest()
        earlier.context["timestamp"] = "20200101T000000Z"
        return earlier

    def credential_scope(self, request: AWSRequest) -> str:
        """The scope with the other day's date."""
        return super().credential_scope(self._dated(request))

    def scope(self, request: AWSRequest) -> str:
        """The credential with the other day's date."""
        return super().scope(self._dated(request))

    def signature(self, string_to_sign: str, request: AWSRequest) -> str:
        """Signed with the other day's key."""
        return super().signature(string_to_sign, self._dated(request))


class _SignsEveryHeader(S3Signer):
    """Signs every header it is given, User-Agent included, as R's aws.signature does."""

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        """Every header of *request*, and its host."""
        headers = HTTPHeaders()
        for name, value in request.headers.items():
            headers[name.lower()] = value
        headers["host"] = "localhost"
        return headers


def _send(path: str, headers: dict | None = None, after_signing: dict | None = None,
          without: str = "", signer: type[S3Signer] = S3Signer):
    """GET *path* (encoded) through a proxy, signed as boto3 signs; *after_signing* headers
    are added and *without* removed once it is signed. The answer and what went upstream."""
    client, upstream = _proxy(_Answer(200, b"x", {"ETag": '"e"'}))
    request = AWSRequest(method="GET", url=f"http://localhost{path}", headers=headers or {})
    signer(_OWN, _EMPTY).add_auth(request)
    sent = {**dict(request.headers), **(after_signing or {})}
    sent.pop(without, None)
    return client.open(path, method="GET", headers=sent), upstream.sent


def _presigned(path: str, extra_query: str = "", tamper=lambda url: url):
    """GET *path* through a proxy with a URL presigned by botocore."""
    client, upstream = _proxy(_Answer(200, b"x", {"ETag": '"e"'}))
    request = AWSRequest(method="GET", url=f"http://localhost{path}")
    S3SigV4QueryAuth(_OWN, "s3", "us-east-1", expires=300).add_auth(request)
    url = tamper(request.url) + extra_query
    return client.get(url.removeprefix("http://localhost")), upstream.sent


def _code(answer) -> str:
    text = answer.get_data(as_text=True)
    return text.partition("<Code>")[2].partition("</Code>")[0]


@pytest.mark.parametrize(("path", "headers", "after_signing", "signer"), [
    ("/utilisateur/" + quote("données é/a b+(1).csv"), {}, {}, S3Signer),
    ("/utilisateur?list-type=2&prefix=" + quote("a b/é+", safe=""), {}, {}, S3Signer),
    ("/utilisateur/a.csv", {"User-Agent": "R/4.3 aws.s3", "x-amz-meta-nom": "  deux   mots "},
     {}, _SignsEveryHeader),
    ("/utilisateur/a.csv", {}, {"x-amz-meta-ajoute": "non signé", "User-Agent": "autre"},
     S3Signer),
], ids=["encoded-key", "encoded-query", "user-agent-signed", "unsigned-headers-added"])
def test_what_s3_accepts_is_forwarded(path, headers, after_signing, signer):
    """Refactor guard: keys and queries needing encoding, headers botocore would not sign
    itself (User-Agent) but a client did, headers the client did not sign."""
    answer, sent = _send(path, headers, after_signing, signer=signer)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert len(sent) == 1


def test_a_signed_header_missing_is_refused():
    """Refactor guard: a header the client signed but did not send."""
    answer, sent = _send("/utilisateur/a.csv", {"x-amz-meta-nom": "valeur"},
                         without="x-amz-meta-nom")
    assert (answer.status_code, _code(answer)) == (403, "SignatureDoesNotMatch")
    assert sent == []


def test_a_credential_dated_another_day_than_x_amz_date_is_refused():
    """S3 refuses a credential scope whose date is not that of X-Amz-Date, even signed so."""
    answer, sent = _send("/utilisateur/a.csv", signer=_ScopeOfAnotherDay)
    assert (answer.status_code, _code(answer)) == (403, "AuthorizationHeaderMalformed")
    assert sent == []


def test_a_presigned_url_to_a_key_with_accents_is_served():
    """A URL presigned by botocore passes, its path checked as the client encoded it (not
    as WSGI's latin-1 PATH_INFO), and its X-Amz- fields are not forwarded."""
    answer, sent = _presigned("/utilisateur/" + quote("é a.csv"))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [name for name, _ in sent[0][2] if name.startswith("X-Amz-")] == []


@pytest.mark.parametrize(("extra_query", "tamper", "code"), [
    ("&versionId=1", lambda url: url, "SignatureDoesNotMatch"),
    ("", lambda url: url.replace("X-Amz-Expires=300", "X-Amz-Expires=301"),
     "SignatureDoesNotMatch"),
    ("", lambda url: url.replace("%2Faws4_request", ""), "AuthorizationQueryParametersError"),
], ids=["extra-unsigned-parameter", "longer-lifetime", "credential-without-terminator"])
def test_a_presigned_url_not_as_signed_is_refused(extra_query, tamper, code):
    """An unsigned parameter added or a signed one changed (refactor guards); a malformed
    credential is a malformed URL, not a crash."""
    answer, sent = _presigned("/utilisateur/a.csv", extra_query, tamper)
    assert (answer.status_code, _code(answer)) == (403, code)
    assert sent == []


def _put_with_trailer(trailer_header: str, trailer_lines: bytes):
    """PUT "hello world" through a proxy as boto3 streams it over HTTPS, with these trailer
    lines; the answer and what went upstream."""
    client, upstream = _proxy(_Answer(200, b"", {"ETag": '"e"'}))
    body = b"b\r\nhello world\r\n0\r\n" + trailer_lines + b"\r\n"
    headers = {"Content-Encoding": "aws-chunked",
               "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
               "x-amz-trailer": trailer_header, "x-amz-decoded-content-length": "11"}
    request = AWSRequest(method="PUT", url="http://localhost/utilisateur/a.txt",
                         headers=headers, data=body)
    S3Signer(_OWN, headers["x-amz-content-sha256"]).add_auth(request)
    answer = client.open("/utilisateur/a.txt", method="PUT", headers=dict(request.headers),
                         data=body)
    return answer, upstream.sent


@pytest.mark.parametrize(("trailer_header", "trailer_lines", "code"), [
    ("x-amz-checksum-crc32,x-amz-checksum-sha1",
     b"x-amz-checksum-crc32:DUoRhQ==\r\nx-amz-checksum-sha1:Kq5sNclPz7QV2+lfQIuc6R7oRu0=\r\n",
     "InvalidRequest"),
    ("x-amz-checksum-crc32", b"x-amz-checksum-crc32:DUoRh@==\r\n", "IncompleteBody"),
], ids=["two-checksums", "checksum-not-base64"])
def test_a_trailing_checksum_s3_would_refuse_is_not_forwarded(trailer_header, trailer_lines,
                                                              code):
    """S3 takes one checksum trailer, in base64; anything else never reaches upstream."""
    answer, sent = _put_with_trailer(trailer_header, trailer_lines)
    assert (answer.status_code, _code(answer)) == (400, code)
    assert sent == []


def test_a_checksum_trailer_is_passed_on_as_the_client_sent_it():
    """Refactor guard: the re-framed body carries the client's checksum (here not that of
    the data), not one of its own: the upstream server is the one to check it."""
    _, sent = _put_with_trailer("x-amz-checksum-crc32", b"x-amz-checksum-crc32:AAAAAA==\r\n")
    assert sent[0][4] == b"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"
