"""Runs against an endpoint we do not own stay under NUBODOC_RUN_PREFIX, by construction."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from urllib.parse import parse_qsl, quote

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.awsrequest import AWSRequest
from botocore.config import Config as BotoConfig
from botocore.credentials import Credentials as BotoCredentials
from werkzeug.test import Client

from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import EndpointError, NubodocError
from nubodoc.targets import open_target
from nubodoc.targets.confined import ConfinedEndpoint, run_root
from nubodoc.targets.proxy.aws_chunked import ChunkedReader, decode_aws_chunked
from nubodoc.targets.proxy.confining_proxy import Confinement, ConfiningProxy, S3Signer, Upstream
from nubodoc.targets.proxy.prefix_credentials import ROLE_VARIABLE, confined_credentials
from nubodoc.targets.proxy.sigv4 import BadSignature, ChunkSignatures
from nubodoc.targets.proxy.streaming import BufferGauge
from nubodoc.targets.sandbox import Sandbox
from nubodoc.targets.seaweedfs import ROLE_ARN

from .aws_sample import SAMPLE_KEY, SAMPLE_SECRET
from .conftest import REPO, SNIPPETS

RUN_BUCKET = "equipe"
PREFIX = "essais/nubodoc"
SENTINELS = {
    (RUN_BUCKET, "essais/nubodoc-voisin/garder.txt"): b"dossier voisin au nom proche\n",
    (RUN_BUCKET, "essais/autre.csv"): b"DEP;NB\n06;1\n",
    (RUN_BUCKET, "essais/nubodoc"): b"un objet au nom du prefixe, sans /\n",
    ("utilisateur", "LISEZMOI.txt"): b"le vrai bucket utilisateur du serveur\n",
    ("utilisateur", "resultats/final.csv"): b"ne pas supprimer\n",
    ("donnees-insee", "BPE/2019/BPE_ENS.csv"): b"vraies donnees\n",
}


def _snapshot(sandbox: Sandbox) -> dict:
    """Every bucket of the server, and every object in it, byte for byte."""
    client = sandbox.admin_client()
    state = {}
    for bucket in client.list_buckets()["Buckets"]:
        name = bucket["Name"]
        state[name] = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
            for obj in page.get("Contents", []):
                body = client.get_object(Bucket=name, Key=obj["Key"])["Body"].read()
                state[name][obj["Key"]] = body
    return state


def _under_prefix(sandbox: Sandbox) -> list[str]:
    answer = sandbox.admin_client().list_objects_v2(Bucket=RUN_BUCKET, Prefix=f"{PREFIX}/")
    return [obj["Key"] for obj in answer.get("Contents", [])]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A sandbox standing for a server we do not own, with sentinels all around the prefix.

    The runs it serves record their results in a folder of their own, not in the
    repository's store that the guide is built from.
    """
    with Sandbox() as sandbox:
        credentials = sandbox.prepare([RUN_BUCKET, "utilisateur", "donnees-insee"], [])
        client = sandbox.admin_client()
        for (bucket, key), body in SENTINELS.items():
            client.put_object(Bucket=bucket, Key=key, Body=body)
        environ = {
            "NUBODOC_ENDPOINT_URL": sandbox.endpoint_url,
            "NUBODOC_ACCESS_KEY_ID": credentials.access_key_id,
            "NUBODOC_SECRET_ACCESS_KEY": credentials.secret_access_key,
            "NUBODOC_SESSION_TOKEN": credentials.session_token,
            "NUBODOC_CA_BUNDLE": str(sandbox.ca_bundle),
            "NUBODOC_RUN_PREFIX": f"{RUN_BUCKET}/{PREFIX}",
            "NUBODOC_RESULTS_DIR": str(tmp_path_factory.mktemp("results")),
        }
        yield sandbox, environ, _snapshot(sandbox)


def _assert_untouched(sandbox: Sandbox, before: dict, output: str = "") -> None:
    assert _snapshot(sandbox) == before, output
    assert _under_prefix(sandbox) == [], output


def _pytest(arguments: list[str], environ: dict, cwd, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *arguments, "-p", "no:cacheprovider"],
        cwd=cwd, env={**os.environ, **environ}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, **kwargs)


def test_the_python_suite_passes_and_touches_nothing_outside_its_prefix(server):
    sandbox, environ, before = server
    process = _pytest(["snippets", "-m", "python", "-q"], environ, REPO)
    output, _ = process.communicate(timeout=900)
    assert process.returncode == 0, output
    assert " passed" in output and "which the external target" in output, output
    _assert_untouched(sandbox, before, output)


def test_a_failing_snippet_leaves_nothing_behind(server, pytester):
    sandbox, environ, before = server
    folder = pytester.path / "snippets" / "echec"
    shutil.copytree(SNIPPETS / "televerser-fichier", folder)
    (folder / "snippet.py").write_text(
        "import boto3\n\n"
        "s3 = boto3.client('s3')\n"
        "s3.put_object(Bucket='utilisateur', Key='resultats/final.csv', Body=b'ecrase')\n"
        "raise SystemExit(3)\n", encoding="utf-8")
    process = _pytest(["snippets", "-k", "[python]"], environ, pytester.path)
    output, _ = process.communicate(timeout=300)
    assert "1 failed" in output and "exited with status 3" in output, output
    _assert_untouched(sandbox, before, output)


def test_ctrl_c_leaves_nothing_behind(server, pytester):
    sandbox, environ, before = server
    folder = pytester.path / "snippets" / "longue"
    shutil.copytree(SNIPPETS / "televerser-fichier", folder)
    (folder / "snippet.py").write_text(
        "import time\n\nimport boto3\n\n"
        "s3 = boto3.client('s3')\n"
        "s3.put_object(Bucket='utilisateur', Key='en-cours.txt', Body=b'ecrit')\n"
        "time.sleep(120)\n", encoding="utf-8")
    process = _pytest(["snippets", "-k", "[python]"], environ, pytester.path)
    deadline = time.monotonic() + 120
    while not any(key.endswith("/utilisateur/en-cours.txt") for key in _under_prefix(sandbox)):
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the snippet never wrote"
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert "KeyboardInterrupt" in output
    _assert_untouched(sandbox, before, output)


def test_no_run_prefix_no_run(server):
    _, environ, _ = server
    environ = {k: v for k, v in environ.items() if k != "NUBODOC_RUN_PREFIX"}
    with pytest.raises(EndpointError, match=r"NUBODOC_RUN_PREFIX=<bucket>/<prefix>.*not set"):
        open_target(environ)


def test_a_prefix_holding_data_is_refused_naming_it(server):
    sandbox, environ, before = server
    with pytest.raises(EndpointError, match=r"NUBODOC_RUN_PREFIX=equipe/essais is not empty: "
                                            r"it holds essais/autre\.csv, essais/nubodoc, "
                                            r"essais/nubodoc-voisin/;"):
        open_target({**environ, "NUBODOC_RUN_PREFIX": "equipe/essais"})
    assert _snapshot(sandbox) == before


def test_two_runs_at_once_have_their_own_folders(server):
    sandbox, environ, before = server
    first, second = open_target(environ), open_target(environ)
    try:
        assert first.root != second.root
        for target, text in ((first, b"premier"), (second, b"second")):
            target.prepare(["utilisateur"], [])
            target.admin_client().put_object(Bucket="utilisateur", Key="a.txt", Body=text)
        first.prepare(["utilisateur"], [])
        body = second.admin_client().get_object(Bucket="utilisateur", Key="a.txt")["Body"]
        assert body.read() == b"second"
    finally:
        first.close()
        second.close()
    _assert_untouched(sandbox, before)


def test_run_folders_older_than_a_day_are_removed_by_the_next_run(server, capfd):
    sandbox, environ, before = server
    client = sandbox.admin_client()
    old = f"{PREFIX}/nubodoc-run-20200101T000000-gw0-0badc0de/utilisateur/a.csv"
    recent = f"{PREFIX}/{run_root('x').rpartition('/')[2]}/utilisateur/a.csv"
    for key in (old, recent):
        client.put_object(Bucket=RUN_BUCKET, Key=key, Body=b"laisse par une execution tuee")
    try:
        open_target(environ).close()
        assert _under_prefix(sandbox) == [recent]
        assert (f"removed s3://{RUN_BUCKET}/{PREFIX}/nubodoc-run-20200101T000000-gw0-0badc0de/ "
                "(1 objects)") in capfd.readouterr().err
    finally:
        client.delete_object(Bucket=RUN_BUCKET, Key=recent)
    _assert_untouched(sandbox, before)


def test_unreachable_endpoint_stops_the_session_with_one_message(pytester, server):
    _, environ, _ = server
    for name in ("lister-fichiers", "copier-objet"):
        shutil.copytree(SNIPPETS / name, pytester.path / "snippets" / name)
    environ = {**environ, "NUBODOC_ENDPOINT_URL": "https://127.0.0.1:9"}
    output, _ = _pytest(["snippets"], environ, pytester.path).communicate(timeout=120)
    assert output.count("https://127.0.0.1:9: endpoint unreachable") == 1, output
    assert "failed" not in output and "passed" not in output, output


def test_under_xdist_each_worker_stops_at_its_first_item(pytester, server):
    _, environ, _ = server
    for name in ("lister-fichiers", "copier-objet", "deplacer-objet"):
        shutil.copytree(SNIPPETS / name, pytester.path / "snippets" / name)
    environ = {**environ, "NUBODOC_ENDPOINT_URL": "https://127.0.0.1:9"}
    output, _ = _pytest(["snippets", "-n", "2"], environ, pytester.path).communicate(timeout=120)
    assert "Interrupted: nubodoc: NUBODOC_ENDPOINT_URL=https://127.0.0.1:9: endpoint " \
           "unreachable" in output, output
    failed = re.search(r"(\d+) failed", output)
    assert failed and int(failed.group(1)) <= 2 and "passed" not in output, output


def test_refused_credentials_stop_the_session_saying_what_to_do(pytester, server):
    _, environ, _ = server
    shutil.copytree(SNIPPETS / "lister-fichiers", pytester.path / "snippets" / "lister-fichiers")
    environ = {**environ, "NUBODOC_SECRET_ACCESS_KEY": "faux"}
    output, _ = _pytest(["snippets"], environ, pytester.path).communicate(timeout=120)
    assert output.count("credentials refused (SignatureDoesNotMatch)") == 1, output
    assert "renew NUBODOC_ACCESS_KEY_ID" in output and "failed" not in output, output


# The proxy's mapping, with a recorded upstream.

OWN = Credentials("NUBODOCTEST", "secret-du-proxy", "jeton-du-proxy")
ROOT = "essais/nubodoc/nubodoc-run-1"


class _Answer:
    def __init__(self, status: int = 200, body: bytes = b"", headers: dict | None = None):
        self.status_code, self.content = status, body
        self.text = body.decode()
        self.headers = headers or {"Content-Type": "application/xml"}
        self.raw = self

    def stream(self, size: int, decode_content: bool):
        return iter([self.content])

    def read(self, size: int, decode_content: bool) -> bytes:
        return self.content[:size]

    def close(self) -> None:
        return None


class _Upstream:
    endpoint_url = "https://s3.example.org"

    def __init__(self, answer: _Answer | None = None):
        self.sent = []
        self.answer = answer or _Answer()

    def send(self, method, path, query, headers, body=b"", payload_hash=""):
        data = body if isinstance(body, bytes) else b"".join(body)
        self.sent.append((method, path, query, headers, data))
        return self.answer


def _proxy(answer: _Answer | None = None) -> tuple[Client, _Upstream]:
    upstream = _Upstream(answer)
    confinement = Confinement(RUN_BUCKET, ROOT)
    confinement.buckets.update({"utilisateur": None, "donnees-insee": None})
    return Client(ConfiningProxy(confinement, upstream, OWN)), upstream


def _call(client: Client, method: str, path: str, headers: dict | None = None,
          data: bytes = b"", credentials: Credentials = OWN):
    """Send *method* *path* to the proxy, SigV4-signed with *credentials* as boto3 signs,
    declaring the body's SHA-256 unless *headers* declare ``x-amz-content-sha256``."""
    base, _, query = path.partition("?")
    if query:
        path = base + "?" + "&".join(
            f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
            for k, v in parse_qsl(query, keep_blank_values=True))
    headers = headers or {}
    request = AWSRequest(method=method, url=f"http://localhost{path}", headers=headers,
                         data=data)
    declared = headers.get("x-amz-content-sha256") or hashlib.sha256(data).hexdigest()
    S3Signer(BotoCredentials(credentials.access_key_id, credentials.secret_access_key,
                             credentials.session_token), declared).add_auth(request)
    return client.open(path, method=method, headers=dict(request.headers), data=data)


def test_listing_is_mapped_there_and_back():
    listing = (f"<ListBucketResult><Name>{RUN_BUCKET}</Name><Prefix>{ROOT}/utilisateur/a/"
               f"</Prefix><Contents><Key>{ROOT}/utilisateur/a/x.csv</Key></Contents>"
               f"<CommonPrefixes><Prefix>{ROOT}/utilisateur/a/b/</Prefix></CommonPrefixes>"
               "</ListBucketResult>").encode()
    client, upstream = _proxy(_Answer(200, listing))
    answer = _call(client, "GET",
                   "/utilisateur?list-type=2&prefix=a/&delimiter=/&start-after=a/0")
    method, path, query, _, _ = upstream.sent[0]
    assert (method, path) == ("GET", f"{RUN_BUCKET}/")
    assert dict(query) == {"list-type": "2", "delimiter": "/",
                           "prefix": f"{ROOT}/utilisateur/a/",
                           "start-after": f"{ROOT}/utilisateur/a/0"}
    text = answer.get_data(as_text=True)
    assert "<Name>utilisateur</Name><Prefix>a/</Prefix>" in text
    assert "<Key>a/x.csv</Key>" in text and "<Prefix>a/b/</Prefix>" in text
    assert ROOT not in text


def test_copy_source_is_mapped_into_the_run():
    client, upstream = _proxy()
    _call(client, "PUT", "/utilisateur/copie.csv", {
        "x-amz-copy-source": "/donnees-insee/BPE/2019/BPE%20ENS.csv?versionId=1"})
    method, path, _, headers, _ = upstream.sent[0]
    assert (method, path) == ("PUT", f"{RUN_BUCKET}/{ROOT}/utilisateur/copie.csv")
    assert headers["x-amz-copy-source"] == (
        f"{RUN_BUCKET}/{ROOT}/donnees-insee/BPE/2019/BPE%20ENS.csv?versionId=1")


def test_delete_objects_keys_are_mapped_and_md5_recomputed():
    deleted = f"<DeleteResult><Deleted><Key>{ROOT}/utilisateur/a&amp;b.csv</Key></Deleted>" \
              "</DeleteResult>"
    client, upstream = _proxy(_Answer(200, deleted.encode()))
    answer = _call(client, "POST", "/utilisateur?delete", {"x-amz-checksum-crc32": "AAAAAA=="},
                   b"<Delete><Object><Key>a&amp;b.csv</Key></Object></Delete>")
    _, path, query, headers, body = upstream.sent[0]
    assert (path, query) == (f"{RUN_BUCKET}/", [("delete", "")])
    assert body == (b"<?xml version='1.0' encoding='utf-8'?>\n"
                    b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>'
                    + f"{ROOT}/utilisateur/a&amp;b.csv".encode() + b"</Key></Object></Delete>")
    assert headers["content-md5"] == base64.b64encode(hashlib.md5(body).digest()).decode()
    assert "x-amz-checksum-crc32" not in headers
    assert "<Key>a&amp;b.csv</Key>" in answer.get_data(as_text=True)


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("GET", "/utilisateur/a/../../../secret.txt", {}),
    ("PUT", "/utilisateur/copie", {"x-amz-copy-source": "utilisateur/../../autre/cle"}),
    ("PUT", "/utilisateur?policy", {}),
    ("PUT", "/utilisateur/public.csv", {"x-amz-acl": "public-read"}),
    ("GET", "/utilisateur/a.csv?acl", {}),
    ("GET", "/bucket-inconnu/a.csv", {}),
], ids=["dot-dot", "copy-dot-dot", "policy", "acl-header", "acl-query", "unknown-bucket"])
def test_what_could_leave_the_prefix_is_never_forwarded(method, path, headers):
    client, upstream = _proxy()
    answer = _call(client, method, path, headers)
    assert answer.status_code in (400, 404, 501), answer.get_data(as_text=True)
    assert upstream.sent == []


def test_requests_without_the_proxy_keys_are_refused():
    client, upstream = _proxy()
    assert client.get("/utilisateur/a.csv").status_code == 403
    other_key = Credentials("AKIAAUTRE", OWN.secret_access_key, OWN.session_token)
    wrong_secret = Credentials(OWN.access_key_id, "faux", OWN.session_token)
    no_token = Credentials(OWN.access_key_id, OWN.secret_access_key)
    for credentials, code in ((other_key, "InvalidAccessKeyId"),
                              (wrong_secret, "SignatureDoesNotMatch"), (no_token, "InvalidToken")):
        answer = _call(client, "GET", "/utilisateur/a.csv", credentials=credentials)
        assert answer.status_code == 403 and f"<Code>{code}</Code>" in answer.get_data(True)
    assert upstream.sent == []


def test_aws_chunked_body_is_framed_again_with_its_trailing_checksum():
    body = (b"5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n"
            b"0;chunk-signature=fin\r\nx-amz-checksum-crc32:DUoRhQ==\r\n"
            b"x-amz-trailer-signature:zzz\r\n\r\n")
    client, upstream = _proxy(_Answer(200, b"", {"ETag": '"e"'}))
    _call(client, "PUT", "/utilisateur/a.txt", data=body, headers={
        "Content-Encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-decoded-content-length": "11"})
    _, _, _, headers, forwarded = upstream.sent[0]
    assert decode_aws_chunked(forwarded) == (b"hello world",
                                             {"x-amz-checksum-crc32": "DUoRhQ=="})
    assert headers == {"content-encoding": "aws-chunked", "x-amz-decoded-content-length": "11",
                       "x-amz-trailer": "x-amz-checksum-crc32"}
    assert decode_aws_chunked(b"0\r\n\r\n") == (b"", {})


def test_bucket_settings_read_as_not_configured_without_forwarding():
    client, upstream = _proxy()
    answer = _call(client, "GET", "/utilisateur?object-lock")
    assert answer.status_code == 404
    assert "<Code>ObjectLockConfigurationNotFoundError</Code>" in answer.get_data(as_text=True)
    assert upstream.sent == []


def test_multipart_upload_listing_is_mapped():
    uploads = (f"<ListMultipartUploadsResult><Bucket>{RUN_BUCKET}</Bucket><KeyMarker>"
               f"{ROOT}/utilisateur/a</KeyMarker><Upload><Key>{ROOT}/utilisateur/gros.zip</Key>"
               "</Upload></ListMultipartUploadsResult>").encode()
    client, upstream = _proxy(_Answer(200, uploads))
    text = _call(client, "GET", "/utilisateur?uploads&key-marker=a").get_data(as_text=True)
    assert dict(upstream.sent[0][2])["key-marker"] == f"{ROOT}/utilisateur/a"
    assert dict(upstream.sent[0][2])["prefix"] == f"{ROOT}/utilisateur/"
    assert "<Bucket>utilisateur</Bucket><KeyMarker>a</KeyMarker>" in text
    assert "<Key>gros.zip</Key>" in text


# Bodies stream through the proxy in bounded memory.

LIMIT = 64 << 10


CHECKSUMS = pytest.mark.parametrize("checksums", ["when_required", "when_supported"],
                                    ids=["signed-payload", "aws-chunked-with-trailer"])


def _upload_through(target: ConfinedEndpoint, checksums: str) -> None:
    """A multipart upload of 11 MiB and its reading back, through *target*'s proxy limited
    to LIMIT bytes; boto3's defaults send aws-chunked bodies with a checksum trailer."""
    target.proxy.buffered = BufferGauge(LIMIT)
    credentials = target.prepare(["utilisateur"], [])
    client = boto3.client(
        "s3", endpoint_url=target.endpoint_url, verify=str(target.ca_bundle),
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token, region_name="us-east-1",
        config=BotoConfig(request_checksum_calculation=checksums))
    data = os.urandom(11 << 20)
    client.upload_fileobj(io.BytesIO(data), "utilisateur", "gros.bin", Config=TransferConfig(
        multipart_threshold=5 << 20, multipart_chunksize=5 << 20, use_threads=False))
    read = client.get_object(Bucket="utilisateur", Key="gros.bin")["Body"].read()
    assert hashlib.sha256(read).digest() == hashlib.sha256(data).digest()
    gauge = target.proxy.buffered
    assert 0 < gauge.peak <= LIMIT and gauge.current == 0, gauge.peak


@CHECKSUMS
def test_a_multipart_upload_streams_through_in_bounded_memory(server, checksums):
    sandbox, environ, before = server
    target = open_target(environ)
    try:
        _upload_through(target, checksums)
    finally:
        target.close()
    _assert_untouched(sandbox, before)


@CHECKSUMS
def test_a_multipart_upload_streams_through_to_seaweedfs(checksums):
    """The same through the proxy to a real S3 server, SeaweedFS, when it can start here."""
    try:
        weed = open_target(os.environ, "seaweedfs")
    except NubodocError as exc:
        pytest.skip(f"SeaweedFS cannot start here: {exc}")
    try:
        credentials = weed.prepare([RUN_BUCKET], [])
        wall = confined_credentials(weed.endpoint_url, credentials, weed.ca_bundle, RUN_BUCKET,
                                    PREFIX, {ROLE_VARIABLE: ROLE_ARN})
        assert wall.proxy_only is None
        target = ConfinedEndpoint(weed.endpoint_url, wall, weed.ca_bundle, RUN_BUCKET, PREFIX)
        try:
            _upload_through(target, checksums)
        finally:
            target.close()
        left = weed.admin_client().list_objects_v2(Bucket=RUN_BUCKET).get("Contents", [])
        assert left == []
    finally:
        weed.close()


def _live_proxy(sandbox: Sandbox, environ: dict) -> tuple[Client, ConfiningProxy]:
    upstream = Upstream(sandbox.endpoint_url, Credentials(
        environ["NUBODOC_ACCESS_KEY_ID"], environ["NUBODOC_SECRET_ACCESS_KEY"],
        environ["NUBODOC_SESSION_TOKEN"]), sandbox.ca_bundle)
    confinement = Confinement(RUN_BUCKET, ROOT)
    confinement.buckets["utilisateur"] = None
    proxy = ConfiningProxy(confinement, upstream, OWN, buffer_limit=LIMIT)
    return Client(proxy), proxy


def test_a_signed_body_streams_and_a_wrong_hash_stores_nothing(server):
    sandbox, environ, before = server
    client, proxy = _live_proxy(sandbox, environ)
    admin = sandbox.admin_client()
    data = os.urandom(3 << 20)
    try:
        assert _call(client, "PUT", "/utilisateur/signe.bin", data=data).status_code == 200
        stored = admin.get_object(Bucket=RUN_BUCKET, Key=f"{ROOT}/utilisateur/signe.bin")
        assert stored["Body"].read() == data
        answer = _call(client, "PUT", "/utilisateur/faux.bin", data=data, headers={
            "x-amz-content-sha256": hashlib.sha256(b"autre chose").hexdigest()})
        assert answer.status_code == 400
        assert "<Code>XAmzContentSHA256Mismatch</Code>" in answer.get_data(as_text=True)
        assert _under_prefix(sandbox) == [f"{ROOT}/utilisateur/signe.bin"]
        assert 0 < proxy.buffered.peak <= LIMIT and proxy.buffered.current == 0
    finally:
        admin.delete_object(Bucket=RUN_BUCKET, Key=f"{ROOT}/utilisateur/signe.bin")
        proxy.upstream.close()
    _assert_untouched(sandbox, before)


# The example of AWS's "Signature Calculations for the Authorization Header: Transferring
# Payload in Multiple Chunks": 64 KiB then 1 KiB of "a", each chunk signed.
_AWS_EXAMPLE = {
    "HTTP_AUTHORIZATION": f"AWS4-HMAC-SHA256 Credential={SAMPLE_KEY}/20130524/"
                          "us-east-1/s3/aws4_request,SignedHeaders=content-encoding;"
                          "content-length;host;x-amz-content-sha256;x-amz-date;"
                          "x-amz-decoded-content-length;x-amz-storage-class,Signature="
                          "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
    "HTTP_X_AMZ_DATE": "20130524T000000Z"}
_AWS_SECRET = SAMPLE_SECRET
_AWS_CHUNKS = [
    (65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"),
    (1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"),
    (0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9")]


def _aws_example_body(tampered: bool = False) -> bytes:
    body = b"".join(f"{size:x};chunk-signature={signature}\r\n".encode() + b"a" * size
                    + b"\r\n" for size, signature in _AWS_CHUNKS)
    return body.replace(b"a", b"b", 1) if tampered else body


def test_chunk_signatures_are_checked_on_the_way():
    def read(size):
        nonlocal position
        position += size
        return body[position - size:position]

    for tampered in (False, True):
        body, position = _aws_example_body(tampered), 0
        signatures = ChunkSignatures(_AWS_EXAMPLE, _AWS_SECRET)
        reader = ChunkedReader(read, 4096, signatures.check_chunk)
        if tampered:
            with pytest.raises(BadSignature, match="SignatureDoesNotMatch"):
                b"".join(reader)
        else:
            assert b"".join(reader) == b"a" * 66560


_TRAILER = {"Content-Encoding": "aws-chunked",
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-decoded-content-length": "11"}


@pytest.mark.parametrize(("body", "headers", "code"), [
    (b"b\r\nhello world\r\n0\r\n\r\n", _TRAILER, "IncompleteBody"),
    (b"c\r\nhello world!\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n", _TRAILER,
     "IncompleteBody"),
    (b"b\r\nhello wor", _TRAILER, "IncompleteBody"),
    (b"hello", {"x-amz-content-sha256": "STREAMING-AUTRE"}, "InvalidArgument"),
    (b"hello", {"x-amz-content-sha256": "AUTRE-CHOSE"}, "InvalidArgument"),
    (b"hello", {"x-amz-content-sha256": hashlib.sha256(b"hellO").hexdigest()},
     "XAmzContentSHA256Mismatch"),
], ids=["trailer-missing", "longer-than-declared", "truncated", "unknown-streaming",
        "unknown-hash-form", "wrong-hash"])
def test_a_body_not_as_declared_never_completes_upstream(body, headers, code):
    client, upstream = _proxy()
    answer = _call(client, "PUT", "/utilisateur/a.txt", dict(headers), body)
    assert f"<Code>{code}</Code>" in answer.get_data(as_text=True)
    assert answer.status_code == 400 and upstream.sent == []
