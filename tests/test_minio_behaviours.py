"""MinIO's behaviours the guide's clients rely on, checked on every target that starts here.

The sandbox imitates MinIO where moto differs (nubodoc/targets/sandbox/); SeaweedFS is a
real S3 server. Each test states MinIO's behaviour (its wording from MinIO's
``cmd/api-errors.go``) and runs on both: a target that cannot start here is
skipped with its reason; where a target knowingly differs from MinIO, the test
is an expected failure of that difference only (its exception and the pattern of
its message: any other failure fails). Each test is a behaviour probe: the target
answers, by the test's name, whether it knowingly differs there
(``target.expected_failure(name, None)``, from the target's own list).

Where MinIO's wording is checked, the sandbox answers with a wording of its own
making (``nubodoc/targets/sandbox/minio_answers.py`` puts MinIO's in place of moto's): on
the sandbox, those tests check that substitution, not a server; SeaweedFS and
MinIO answer from their own code.
"""

from __future__ import annotations

import json
import os
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from nubodoc.core.credentials import REGION, Credentials
from nubodoc.core.errors import NubodocError
from nubodoc.pytest_plugin import expect_difference
from nubodoc.targets import open_target
from nubodoc.targets.clients import client_config, s3_client

BUCKET = "donnees-minio"
OTHER = "autre-bucket"


@dataclass(frozen=True)
class Seed:
    """One object to write before a test."""

    bucket: str
    key: str
    body: bytes


@pytest.fixture(scope="module", params=["sandbox", "seaweedfs", "minio"])
def target(request):
    """A started target; skipped, with the reason, where it cannot start here."""
    try:
        started = open_target(os.environ, request.param)
    except NubodocError as exc:
        pytest.skip(f"target {request.param} cannot start here: {exc}")
    yield started
    started.close()


@pytest.fixture(autouse=True)
def known_difference(request):
    """Where the target knowingly differs from MinIO, expect that failure and no other."""
    if "target" not in request.fixturenames:
        return
    target = request.getfixturevalue("target")
    expect_difference(request.node, target.expected_failure(request.node.originalname, None))


def _fetch(target, url: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and body of a plain HTTPS request to *url*."""
    context = ssl.create_default_context(cafile=str(target.ca_bundle))
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, context=context, timeout=30) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _error_code(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    return text.split("<Code>", 1)[-1].split("</Code>", 1)[0] if "<Code>" in text else text


def _client_error(call) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error.get("Message", "")


def _reader(target, seeds=(), denied=()):
    credentials = target.prepare([BUCKET, OTHER], list(seeds), denied_buckets=list(denied))
    return s3_client(target.endpoint_url, credentials, target.ca_bundle)


def _presigner(target, seeds):
    """A client signing URLs with SigV4, as the guide's snippets do."""
    credentials = target.prepare([BUCKET, OTHER], list(seeds))
    return boto3.client(
        "s3", endpoint_url=target.endpoint_url, region_name=REGION,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token, verify=str(target.ca_bundle),
        config=client_config(signature_version="s3v4", s3={"addressing_style": "path"}))


def test_presigned_url_reads_without_credentials(target):
    reader = _presigner(target, [Seed(BUCKET, "rapport.csv", b"a,b\n1,2\n")])
    url = reader.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "rapport.csv"}, ExpiresIn=600)
    status, _, body = _fetch(target, url)
    assert (status, body) == (200, b"a,b\n1,2\n")


def test_tampered_presigned_url_is_refused(target):
    reader = _presigner(target, [Seed(BUCKET, "rapport.csv", b"a,b\n")])
    url = reader.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "rapport.csv"}, ExpiresIn=600)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    signature = query["X-Amz-Signature"]
    query["X-Amz-Signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
    status, _, body = _fetch(target, urlunsplit(parts._replace(query=urlencode(query))))
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")


def test_expired_presigned_url_is_refused(target):
    reader = _presigner(target, [Seed(BUCKET, "rapport.csv", b"a,b\n")])
    url = reader.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "rapport.csv"}, ExpiresIn=1)
    time.sleep(2.5)
    status, _, body = _fetch(target, url)
    assert (status, _error_code(body)) == (403, "AccessDenied")
    assert b"Request has expired" in body


def test_anonymous_reads_follow_the_bucket_policy(target):
    _reader(target, [Seed(BUCKET, "public/carte.csv", b"ouvert"),
                     Seed(BUCKET, "prive/notes.csv", b"ferme")])
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{BUCKET}/public/*"]}]}
    target.admin_client().put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    assert _fetch(target, f"{target.endpoint_url}/{BUCKET}/public/carte.csv")[::2] == (
        200, b"ouvert")
    status, _, body = _fetch(target, f"{target.endpoint_url}/{BUCKET}/prive/notes.csv")
    assert (status, _error_code(body)) == (403, "AccessDenied")


def test_missing_key_error(target):
    reader = _reader(target)
    assert _client_error(lambda: reader.get_object(Bucket=BUCKET, Key="absent.csv")) == (
        "NoSuchKey", "The specified key does not exist.")


def test_missing_bucket_error(target):
    reader = _reader(target)
    assert _client_error(lambda: reader.list_objects_v2(Bucket="bucket-absent")) == (
        "NoSuchBucket", "The specified bucket does not exist")


def test_unknown_access_key_error(target):
    """MinIO's wording; on the sandbox, minio_answers.py's substitution of moto's."""
    _reader(target)
    stranger = s3_client(target.endpoint_url,
                         Credentials("NUBODOCINCONNUE00000", "secret-inconnu-0000000000"),
                         target.ca_bundle)
    answer = _client_error(lambda: stranger.list_objects_v2(Bucket=BUCKET))
    assert answer == (
        "InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records."
    ), f"answered {answer!r}"


def test_access_denied_error(target):
    """MinIO's wording; on the sandbox, minio_answers.py's substitution of moto's."""
    reader = _reader(target, denied=[OTHER])
    assert _client_error(lambda: reader.list_objects_v2(Bucket=OTHER)) == (
        "AccessDenied", "Access Denied.")


def test_listing_is_in_key_order_and_pages_past_1000_keys(target):
    keys = [f"donnees/{i:04d}.csv" for i in range(1003)] + ["Zeta.csv", "alpha.csv", "_x.csv"]
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in keys])
    first = reader.list_objects_v2(Bucket=BUCKET)
    assert (first["KeyCount"], first["IsTruncated"]) == (1000, True)
    second = reader.list_objects_v2(Bucket=BUCKET,
                                    ContinuationToken=first["NextContinuationToken"])
    assert second["IsTruncated"] is False
    listed = [o["Key"] for o in first["Contents"] + second["Contents"]]
    assert listed == sorted(keys, key=lambda k: k.encode())
    version_1 = reader.list_objects(Bucket=BUCKET, Marker=listed[999])
    assert [o["Key"] for o in version_1["Contents"]] == listed[1000:]


def test_empty_answers_are_not_labelled_html(target):
    reader = _reader(target, [Seed(BUCKET, "a-supprimer.csv", b"x")])
    answers = [reader.put_object(Bucket=BUCKET, Key="nouveau.csv", Body=b"y"),
               reader.delete_object(Bucket=BUCKET, Key="a-supprimer.csv")]
    for answer in answers:
        headers = answer["ResponseMetadata"]["HTTPHeaders"]
        assert answer["ResponseMetadata"]["HTTPStatusCode"] in (200, 204)
        assert not headers.get("content-type", "").startswith("text/html"), headers


def test_put_bucket_policy_answers_204(target):
    _reader(target)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
        "Resource": [f"arn:aws:s3:::{BUCKET}/*"]}]}
    answer = target.admin_client().put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_aws_chunked_upload_reads_back_without_that_encoding(target):
    """botocore's default upload (``aws-chunked``, checksum trailer) stores plain bytes.

    MinIO drops ``aws-chunked`` from the stored Content-Encoding
    (``trimAwsChunkedContentEncoding``); a reader's curl given it fails to decode.
    """
    credentials = target.prepare([BUCKET, OTHER], [])
    writer = boto3.client(
        "s3", endpoint_url=target.endpoint_url, region_name=REGION,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token, verify=str(target.ca_bundle),
        config=Config(s3={"addressing_style": "path"},
                      request_checksum_calculation="when_supported"))
    writer.put_object(Bucket=BUCKET, Key="ecrit.csv", Body=b"a,b\n1,2\n")
    answer = target.admin_client().get_object(Bucket=BUCKET, Key="ecrit.csv")
    assert answer["Body"].read() == b"a,b\n1,2\n"
    encoding = answer["ResponseMetadata"]["HTTPHeaders"].get("content-encoding", "")
    assert "aws-chunked" not in encoding, f"stored Content-Encoding {encoding!r}"


def test_listing_dates_keep_their_milliseconds(target):
    """MinIO lists LastModified to the millisecond (``amztime.ISO8601Format``).

    ``aws s3 sync`` sends a file again when its object is listed as older than the
    file; dates cut to the second make a file uploaded in the second it was written
    look newer. Written early in a second, the object must not be listed as older
    than the moment just before its upload.
    """
    reader = _reader(target)
    time.sleep(1.1 - time.time() % 1)
    before_upload = int(time.time() * 1000) / 1000
    reader.put_object(Bucket=BUCKET, Key="rapports/2024.csv", Body=b"annee;total\n")
    listed = reader.list_objects_v2(Bucket=BUCKET, Prefix="rapports/")["Contents"][0]
    listed_at = listed["LastModified"]
    assert listed_at.timestamp() >= before_upload, (
        f"listed as modified at {listed_at.isoformat()}, before its upload began "
        f"({before_upload:.3f})")
