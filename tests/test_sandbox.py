"""The embedded sandbox behaves like the platform's MinIO where the guide relies on it."""

from __future__ import annotations

import json
import re
import ssl
import threading
import time
import urllib.error
import urllib.request

import boto3
import botocore
import botocore.config
import botocore.exceptions
import pytest

from nubodoc.catalogue import SeedObject
from nubodoc.core.credentials import Credentials
from nubodoc.targets.clients import s3_client
from nubodoc.targets.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as running:
        yield running


@pytest.fixture
def session(sandbox):
    return sandbox.prepare(["utilisateur"], [SeedObject("utilisateur", "a.txt", b"bonjour")])


def error_of(call) -> tuple[str, int]:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call()
    response = caught.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_session_credentials_read_seeded_object(sandbox, session):
    assert session.access_key_id.startswith("ASIA")
    assert session.session_token
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    assert client.get_object(Bucket="utilisateur", Key="a.txt")["Body"].read() == b"bonjour"


def test_wrong_secret_is_rejected(sandbox, session):
    wrong = Credentials(session.access_key_id, "x" * 40, session.session_token)
    client = s3_client(sandbox.endpoint_url, wrong, sandbox.ca_bundle)
    assert error_of(lambda: client.list_objects_v2(Bucket="utilisateur")) == (
        "SignatureDoesNotMatch", 403)


def test_missing_session_token_is_rejected(sandbox, session):
    without_token = Credentials(session.access_key_id, session.secret_access_key)
    client = s3_client(sandbox.endpoint_url, without_token, sandbox.ca_bundle)
    assert error_of(lambda: client.list_objects_v2(Bucket="utilisateur")) == (
        "InvalidAccessKeyId", 403)


def test_expired_credentials_are_unknown_to_the_server(sandbox, session):
    client = s3_client(sandbox.endpoint_url, sandbox.expired_credentials(), sandbox.ca_bundle)
    assert error_of(lambda: client.list_objects_v2(Bucket="utilisateur")) == (
        "InvalidAccessKeyId", 403)


def test_unsigned_request_is_refused(sandbox, session):
    """moto answers an unsigned request with HTTP 500 (MinIO: 403); either way, no data."""
    context = ssl.create_default_context(cafile=str(sandbox.ca_bundle))
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{sandbox.endpoint_url}/utilisateur/a.txt", context=context)
    assert caught.value.code in (403, 500)


def test_certificate_is_not_trusted_without_the_ca(sandbox, session):
    client = boto3.client(
        "s3", endpoint_url=sandbox.endpoint_url, region_name="us-east-1",
        aws_access_key_id=session.access_key_id,
        aws_secret_access_key=session.secret_access_key,
        aws_session_token=session.session_token,
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    with pytest.raises(botocore.exceptions.SSLError):
        client.list_buckets()


def test_empty_responses_carry_no_html_content_type(sandbox, session):
    """aws.s3's put_object reads text/html on an empty body as a failure."""
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    answer = client.put_object(Bucket="utilisateur", Key="b.txt", Body=b"x")
    headers = answer["ResponseMetadata"]["HTTPHeaders"]
    assert not headers.get("content-type", "").startswith("text/html")


def test_reset_removes_objects_and_invalidates_old_credentials(sandbox, session):
    fresh = sandbox.prepare(["utilisateur"], [])
    client = s3_client(sandbox.endpoint_url, fresh, sandbox.ca_bundle)
    assert client.list_objects_v2(Bucket="utilisateur")["KeyCount"] == 0
    stale = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    assert error_of(lambda: stale.list_buckets())[1] == 403


def test_denied_buckets_are_refused_to_session_credentials(sandbox):
    credentials = sandbox.prepare(["utilisateur", "projet-partage"], [],
                                  denied_buckets=["projet-partage"])
    client = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    assert client.list_objects_v2(Bucket="utilisateur")["KeyCount"] == 0
    assert error_of(lambda: client.list_objects_v2(Bucket="projet-partage"))[0] == "AccessDenied"


def test_service_account_is_limited_to_its_policy(sandbox):
    sandbox.prepare(["utilisateur", "autre"], [])
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::utilisateur"]}]}
    keys = sandbox.service_account(policy)
    assert keys.session_token is None
    client = s3_client(sandbox.endpoint_url, keys, sandbox.ca_bundle)
    assert client.list_objects_v2(Bucket="utilisateur")["KeyCount"] == 0
    assert error_of(lambda: client.list_objects_v2(Bucket="autre"))[0] == "AccessDenied"


def test_close_leaves_no_thread_file_or_listening_port():
    before = set(threading.enumerate())
    running = Sandbox()
    running.start()
    ca_bundle, endpoint = running.ca_bundle, running.endpoint_url
    running.close()
    assert not ca_bundle.parent.exists()
    assert set(threading.enumerate()) <= before
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(endpoint, timeout=2)


def fetch(url: str, sandbox) -> tuple[int, bytes]:
    context = ssl.create_default_context(cafile=str(sandbox.ca_bundle))
    try:
        with urllib.request.urlopen(url, context=context, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def presign(sandbox, credentials, expires: int = 3600, key: str = "a.txt") -> str:
    client = boto3.client(
        "s3", endpoint_url=sandbox.endpoint_url, region_name="us-east-1",
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token,
        config=botocore.config.Config(signature_version="s3v4"),
    )
    return client.generate_presigned_url(
        "get_object", Params={"Bucket": "utilisateur", "Key": key}, ExpiresIn=expires)


def test_presigned_url_serves_the_object_without_credentials(sandbox, session):
    assert fetch(presign(sandbox, session), sandbox) == (200, b"bonjour")


def test_presigned_url_serves_a_key_with_accents_and_spaces(sandbox, session):
    key = "résultats 2024/carte (v2)+.txt"
    sandbox.admin_client().put_object(Bucket="utilisateur", Key=key, Body=b"carte")
    assert fetch(presign(sandbox, session, key=key), sandbox) == (200, b"carte")


def test_tampered_presigned_url_is_refused(sandbox, session):
    url = presign(sandbox, session).replace("a.txt", "b.txt")
    status, body = fetch(url, sandbox)
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_presigned_url_stops_working_when_it_expires(sandbox, session):
    url = presign(sandbox, session, expires=1)
    time.sleep(2)
    status, body = fetch(url, sandbox)
    assert status == 403 and b"Request has expired" in body


def test_presigned_url_dies_with_its_credentials(sandbox, session):
    expired = sandbox.expired_credentials()
    status, body = fetch(presign(sandbox, expired), sandbox)
    assert status == 403 and b"InvalidAccessKeyId" in body


def test_put_bucket_policy_answers_204_without_body(sandbox, session):
    """MinIO answers 204; moto's 200 with body 'True' breaks aws.s3's XML parsing."""
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
              '{"AWS": ["*"]}, "Action": ["s3:GetObject"], '
              '"Resource": ["arn:aws:s3:::utilisateur/public/*"]}]}')
    answer = client.put_bucket_policy(Bucket="utilisateur", Policy=policy)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204


PUBLIC_FOLDER = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:ListBucket"],
     "Resource": ["arn:aws:s3:::utilisateur"],
     "Condition": {"StringLike": {"s3:prefix": ["public/*"]}}},
    {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
     "Resource": ["arn:aws:s3:::utilisateur/public/*"]},
]}


@pytest.fixture
def public_folder(sandbox):
    credentials = sandbox.prepare(["utilisateur"], [
        SeedObject("utilisateur", "public/ouvert.csv", b"a;b\n"),
        SeedObject("utilisateur", "prive/ferme.csv", b"secret\n")])
    client = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    client.put_bucket_policy(Bucket="utilisateur", Policy=json.dumps(PUBLIC_FOLDER))
    return client


def anonymous(sandbox):
    return boto3.client("s3", endpoint_url=sandbox.endpoint_url, region_name="us-east-1",
                        verify=str(sandbox.ca_bundle),
                        config=botocore.config.Config(signature_version=botocore.UNSIGNED))


def test_anonymous_reads_what_the_policy_opens(sandbox, public_folder):
    client = anonymous(sandbox)
    body = client.get_object(Bucket="utilisateur", Key="public/ouvert.csv")["Body"].read()
    assert body == b"a;b\n"
    listing = client.list_objects_v2(Bucket="utilisateur", Prefix="public/")
    assert [o["Key"] for o in listing["Contents"]] == ["public/ouvert.csv"]


def test_anonymous_cannot_read_list_or_write_outside_the_policy(sandbox, public_folder):
    client = anonymous(sandbox)
    assert error_of(lambda: client.get_object(Bucket="utilisateur", Key="prive/ferme.csv")) == (
        "AccessDenied", 403)
    assert error_of(lambda: client.list_objects_v2(Bucket="utilisateur"))[0] == "AccessDenied"
    assert error_of(lambda: client.put_object(Bucket="utilisateur", Key="public/x",
                                              Body=b"x"))[0] == "AccessDenied"


def test_anonymous_is_refused_once_the_policy_is_removed(sandbox, public_folder):
    public_folder.delete_bucket_policy(Bucket="utilisateur")
    client = anonymous(sandbox)
    assert error_of(lambda: client.get_object(Bucket="utilisateur",
                                              Key="public/ouvert.csv"))[0] == "AccessDenied"


def test_deny_statements_win_over_allow():
    from nubodoc.targets.sandbox.anonymous import allows_anonymous

    policy = {"Statement": [*PUBLIC_FOLDER["Statement"], {
        "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::utilisateur/public/cache/*"}]}
    resource = "arn:aws:s3:::utilisateur/public/"
    assert allows_anonymous(policy, "s3:GetObject", resource + "a.csv", {})
    assert not allows_anonymous(policy, "s3:GetObject", resource + "cache/a.csv", {})
    assert not allows_anonymous(policy, "s3:PutObject", resource + "a.csv", {})


def test_listing_fields_come_before_entries_as_in_minio(sandbox, session):
    """aws.s3 pages with the last element of a listing: it must be an entry."""
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    raw = {}
    client.meta.events.register("after-call.s3.ListObjects",
                                lambda http_response, **_: raw.update(body=http_response.content))
    client.list_objects(Bucket="utilisateur")
    body = raw["body"]
    fields = re.findall(rb"<(\w+)>", body.split(b"<Contents>")[0].split(b"<ListBucketResult")[1])
    assert fields[:5] == [b"Name", b"Prefix", b"Marker", b"MaxKeys", b"EncodingType"]
    assert body.rstrip().endswith(b"</Contents></ListBucketResult>")


def test_unknown_key_gets_minio_wording(sandbox, session):
    client = s3_client(sandbox.endpoint_url, sandbox.expired_credentials(), sandbox.ca_bundle)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.list_objects_v2(Bucket="utilisateur")
    assert caught.value.response["Error"]["Message"] == (
        "The Access Key Id you provided does not exist in our records.")


def test_answers_carry_minio_fixed_request_and_host_ids(sandbox, session):
    """moto's random request id would change at each run an output that shows it."""
    from nubodoc.targets.sandbox.minio_answers import HOST_ID, REQUEST_ID

    expired = s3_client(sandbox.endpoint_url, sandbox.expired_credentials(), sandbox.ca_bundle)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        expired.list_objects_v2(Bucket="utilisateur")
    refused = caught.value.response
    valid = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    written = valid.put_object(Bucket="utilisateur", Key="a.csv", Body=b"a\n")
    read = valid.get_object(Bucket="utilisateur", Key="a.csv")
    assert read["Body"].read() == b"a\n"
    for answer in (refused, written, read):
        headers = answer["ResponseMetadata"]["HTTPHeaders"]
        assert (headers["x-amz-request-id"], headers["x-amz-id-2"]) == (REQUEST_ID, HOST_ID)
        assert "x-amzn-requestid" not in headers


def test_error_bodies_carry_minio_fixed_request_and_host_ids():
    from nubodoc.targets.sandbox.minio_answers import HOST_ID, REQUEST_ID, like_minio

    def app(environ, start_response):
        start_response("403 Forbidden", [("Content-Type", "application/xml"),
                                         ("x-amzn-requestid", "PhGa8Dty4seiET2ABuLz")])
        return [b"<Error><Code>InvalidAccessKeyId</Code><RequestId>PhGa8Dty4seiET2ABuLz"
                b"</RequestId><HostId>9Gjjt1m+cjU4OPvX9O9/8Ru=</HostId></Error>"]

    answered = {}
    answer = like_minio(app)(wsgi_environ("GET", "/utilisateur/"),
                             lambda status, headers, exc_info=None: answered.update(
                                 headers=dict(headers)))
    assert b"".join(answer) == (
        b"<Error><Code>InvalidAccessKeyId</Code><RequestId>%s</RequestId><HostId>%s</HostId>"
        b"</Error>" % (REQUEST_ID.encode(), HOST_ID.encode()))
    assert "x-amzn-requestid" not in answered["headers"]
    assert answered["headers"]["x-amz-request-id"] == REQUEST_ID


@pytest.mark.parametrize("listing", ["list_objects", "list_objects_v2"])
def test_listing_dates_objects_to_the_millisecond_as_minio(sandbox, session, listing):
    """MinIO lists LastModified to the millisecond (moto: to the second).

    ``aws s3 sync`` sends a file again when the object is listed as older than the
    file: with dates cut to the second, a file written in the same second as its
    upload is sent again by every later sync. Written early in a second, the object
    is listed as older than this test's clock unless the date keeps its milliseconds.
    """
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    time.sleep(1.1 - time.time() % 1)
    written = time.time()
    client.put_object(Bucket="utilisateur", Key="rapports/été 2024.csv", Body=b"a;b\n")
    entries = getattr(client, listing)(Bucket="utilisateur", Prefix="rapports/")["Contents"]
    assert [entry["Key"] for entry in entries] == ["rapports/été 2024.csv"]
    assert entries[0]["LastModified"].timestamp() >= int(written * 1000) / 1000


def wsgi_environ(method: str, path: str, query: str = "") -> dict:
    return {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}


def test_object_bodies_pass_through_like_minio_unread():
    """A GET's body streams: like_minio hands on the app's iterable, never joins it."""
    from nubodoc.targets.sandbox.minio_answers import like_minio

    chunk, count, pulled = b"x" * (1 << 20), 64, []

    def body():
        for index in range(count):
            pulled.append(index)
            yield chunk

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "binary/octet-stream"),
                                  ("Content-Length", str(len(chunk) * count))])
        return body()

    answered = {}
    answer = like_minio(app)(wsgi_environ("GET", "/utilisateur/gros.bin"),
                             lambda status, headers, exc_info=None: answered.update(
                                 status=status, headers=headers))
    assert answered["status"] == "200 OK" and pulled == []
    assert next(iter(answer)) == chunk and pulled == [0]
    assert sum(len(part) for part in answer) == len(chunk) * (count - 1)


def test_object_read_errors_still_get_minio_wording():
    from nubodoc.targets.sandbox.minio_answers import like_minio

    def app(environ, start_response):
        start_response("403 Forbidden", [("Content-Type", "application/xml")])
        return iter([b"<Error><Code>AccessDenied</Code>", b"<Message>Access Denied</Message>",
                     b"</Error>"])

    answer = like_minio(app)(wsgi_environ("GET", "/utilisateur/prive.csv"),
                             lambda status, headers, exc_info=None: None)
    assert b"".join(answer) == (b"<Error><Code>AccessDenied</Code>"
                                b"<Message>Access Denied.</Message></Error>")


def test_large_object_reads_back_whole(sandbox, session):
    client = s3_client(sandbox.endpoint_url, session, sandbox.ca_bundle)
    body = bytes(range(256)) * (24 * 1024 + 1)
    client.put_object(Bucket="utilisateur", Key="gros.bin", Body=body)
    answer = client.get_object(Bucket="utilisateur", Key="gros.bin")
    assert answer["ContentLength"] == len(body)
    assert answer["Body"].read() == body
