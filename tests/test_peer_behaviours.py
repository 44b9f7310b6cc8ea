"""MinIO's behaviours found by a peer's suite (Ceph's s3-tests, issue #23), probed on every target.

Each test states one behaviour MinIO has and the suite found missing on the sandbox or
on SeaweedFS (nubodoc/targets/peer_subset.txt, the maintainers' page). It runs on every
target that starts here, as tests/test_minio_behaviours.py does (same fixtures): where a
target knowingly differs, the test is an expected failure of that difference only
(``target.expected_failure(name, None)``).
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from nubodoc.targets.clients import s3_client
from tests import test_minio_behaviours as behaviours
from tests.test_minio_behaviours import (
    BUCKET,
    OTHER,
    Seed,
    _client_error,
    _fetch,
    _presigner,
    _reader,
)

#: The targets, and their known differences, as for tests/test_minio_behaviours.py.
target = behaviours.target
known_difference = behaviours.known_difference

PART = 5 * 1024 * 1024


def _status_and_code(call) -> tuple[int, str]:
    """The HTTP status and S3 error code *call* fails with; AssertionError if it succeeds."""
    try:
        call()
    except ClientError as refusal:
        answer = refusal.response
        return answer["ResponseMetadata"]["HTTPStatusCode"], answer["Error"]["Code"]
    raise AssertionError("accepted: the server answered without an error")


@pytest.mark.parametrize("expires", [-1, 7 * 24 * 3600 + 1])
def test_presigned_expiry_out_of_range_is_a_bad_request(target, expires):
    reader = _presigner(target, [Seed(BUCKET, "rapport.csv", b"x")])
    url = reader.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "rapport.csv"}, ExpiresIn=expires)
    status, _, body = _fetch(target, url)
    assert (status, b"AuthorizationQueryParametersError" in body) == (400, True), body


def test_version_1_listing_with_a_delimiter_pages_by_max_keys(target):
    keys = ["v1/a/1", "v1/a/2", "v1/b", "v1/c/1", "v1/d"]
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in keys])
    pages, marker = [], ""
    while True:
        page = reader.list_objects(Bucket=BUCKET, Prefix="v1/", Delimiter="/", MaxKeys=2,
                                   Marker=marker)
        pages.append([p["Prefix"] for p in page.get("CommonPrefixes", [])]
                     + [o["Key"] for o in page.get("Contents", [])])
        if not page["IsTruncated"]:
            break
        marker = page["NextMarker"]
    assert [sorted(p) for p in pages] == [["v1/a/", "v1/b"], ["v1/c/", "v1/d"]]


def test_url_encoded_listing_encodes_its_common_prefixes(target):
    """boto3's list_objects asks for URL encoding and decodes keys and prefixes."""
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in
                              ("url/foo+1/bar", "url/quux ab/thud", "url/asdf+b")])
    page = reader.list_objects(Bucket=BUCKET, Prefix="url/", Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["url/foo+1/", "url/quux ab/"]
    assert [o["Key"] for o in page["Contents"]] == ["url/asdf+b"]


def test_version_2_listing_echoes_its_continuation_token_and_start(target):
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in ("a", "b", "c")])
    first = reader.list_objects_v2(Bucket=BUCKET, MaxKeys=1)
    token = first["NextContinuationToken"]
    second = reader.list_objects_v2(Bucket=BUCKET, MaxKeys=1, ContinuationToken=token,
                                    StartAfter="a")
    assert (second.get("ContinuationToken"), second.get("StartAfter")) == (token, "a")


def test_a_put_whose_if_none_match_names_the_stored_etag_is_refused(target):
    reader = _reader(target)
    etag = reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"v1")["ETag"]
    assert _status_and_code(lambda: reader.put_object(
        Bucket=BUCKET, Key="fiche.csv", Body=b"v2", IfNoneMatch=etag)) == (412,
                                                                           "PreconditionFailed")
    assert reader.get_object(Bucket=BUCKET, Key="fiche.csv")["Body"].read() == b"v1"


def test_version_listing_pages_past_a_deleted_marker(target):
    """Delete what each page lists, then ask for the next page: nothing is left behind."""
    keys = [f"k{i:02d}" for i in range(7)]
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in keys])
    arguments: dict = {}
    while True:
        page = reader.list_object_versions(Bucket=BUCKET, MaxKeys=3, **arguments)
        for version in page.get("Versions", []):
            reader.delete_object(Bucket=BUCKET, Key=version["Key"],
                                 VersionId=version["VersionId"])
        if not page["IsTruncated"]:
            break
        arguments = {"KeyMarker": page["NextKeyMarker"],
                     "VersionIdMarker": page["NextVersionIdMarker"]}
    left = [o["Key"] for o in reader.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert left == []


def test_completing_an_unknown_upload_is_no_such_upload(target):
    reader = _reader(target)
    assert _status_and_code(lambda: reader.complete_multipart_upload(
        Bucket=BUCKET, Key="gros.bin", UploadId="inconnu",
        MultipartUpload={"Parts": [{"ETag": "abc", "PartNumber": 1}]})) == (404, "NoSuchUpload")


def test_completing_an_upload_again_answers_its_object(target):
    reader = _reader(target)
    upload = reader.create_multipart_upload(Bucket=BUCKET, Key="gros.bin")["UploadId"]
    etag = reader.upload_part(Bucket=BUCKET, Key="gros.bin", UploadId=upload, PartNumber=1,
                              Body=b"x")["ETag"]
    parts = {"Parts": [{"ETag": etag, "PartNumber": 1}]}
    done = [reader.complete_multipart_upload(Bucket=BUCKET, Key="gros.bin", UploadId=upload,
                                             MultipartUpload=parts)["ETag"] for _ in range(2)]
    assert done[0] == done[1]


def test_completing_with_no_parts_is_malformed_xml(target):
    reader = _reader(target)
    upload = reader.create_multipart_upload(Bucket=BUCKET, Key="gros.bin")["UploadId"]
    assert _status_and_code(lambda: reader.complete_multipart_upload(
        Bucket=BUCKET, Key="gros.bin", UploadId=upload)) == (400, "MalformedXML")


def test_a_part_sent_again_completes_with_its_last_copy(target):
    reader = _reader(target)
    upload = reader.create_multipart_upload(Bucket=BUCKET, Key="gros.bin")["UploadId"]
    sent = [reader.upload_part(Bucket=BUCKET, Key="gros.bin", UploadId=upload, PartNumber=1,
                               Body=body)["ETag"] for body in (b"B" * 8, b"A" * 8)]
    reader.complete_multipart_upload(
        Bucket=BUCKET, Key="gros.bin", UploadId=upload,
        MultipartUpload={"Parts": [{"ETag": etag, "PartNumber": 1} for etag in sent]})
    assert reader.get_object(Bucket=BUCKET, Key="gros.bin")["Body"].read() == b"A" * 8


def test_reading_one_part_gives_the_object_etag(target):
    reader = _reader(target)
    upload = reader.create_multipart_upload(Bucket=BUCKET, Key="gros.bin")["UploadId"]
    parts = [{"PartNumber": number, "ETag": reader.upload_part(
        Bucket=BUCKET, Key="gros.bin", UploadId=upload, PartNumber=number,
        Body=body)["ETag"]} for number, body in ((1, b"1" * PART), (2, b"2" * 10))]
    done = reader.complete_multipart_upload(Bucket=BUCKET, Key="gros.bin", UploadId=upload,
                                            MultipartUpload={"Parts": parts})
    part = reader.get_object(Bucket=BUCKET, Key="gros.bin", PartNumber=2)
    assert (part["ETag"], part["PartsCount"], part["Body"].read()) == (done["ETag"], 2, b"2" * 10)
    assert _status_and_code(lambda: reader.get_object(
        Bucket=BUCKET, Key="gros.bin", PartNumber=3)) == (416, "InvalidPartNumber")


def test_copy_with_a_failed_if_match_is_refused(target):
    reader = _reader(target, [Seed(BUCKET, "source.csv", b"x")])
    assert _status_and_code(lambda: reader.copy_object(
        Bucket=BUCKET, Key="copie.csv", CopySource={"Bucket": BUCKET, "Key": "source.csv"},
        CopySourceIfMatch='"00000000000000000000000000000000"')) == (412, "PreconditionFailed")


def _copy_part(target, copy_range: str):
    reader = _reader(target, [Seed(BUCKET, "source.csv", b"0123456789")])
    upload = reader.create_multipart_upload(Bucket=BUCKET, Key="copie.bin")["UploadId"]
    return lambda: reader.upload_part_copy(
        Bucket=BUCKET, Key="copie.bin", UploadId=upload, PartNumber=1,
        CopySource={"Bucket": BUCKET, "Key": "source.csv"}, CopySourceRange=copy_range)


@pytest.mark.parametrize("bad_range", ["bytes=0-20", "bytes=5-2"])
def test_part_copy_with_a_range_outside_the_source_is_refused(target, bad_range):
    """MinIO: 400 InvalidArgument (AWS and Ceph: 416 or 400 InvalidRange)."""
    assert _status_and_code(_copy_part(target, bad_range)) in {
        (400, "InvalidArgument"), (416, "InvalidRange"), (400, "InvalidRange")}


def test_part_copy_with_a_malformed_range_is_refused(target):
    assert _status_and_code(_copy_part(target, "0-3")) == (400, "InvalidArgument")


@pytest.mark.parametrize("name", ["_donnees", "ab", "donnees..brutes", "192.168.5.4"])
def test_a_bucket_name_minio_refuses_is_invalid(target, name):
    _reader(target)
    assert _client_error(lambda: target.admin_client().create_bucket(Bucket=name))[0] == (
        "InvalidBucketName")


def test_deleting_a_bucket_that_holds_objects_is_refused(target):
    _reader(target, [Seed(OTHER, "reste.csv", b"x")])
    admin = target.admin_client()
    assert _client_error(lambda: admin.delete_bucket(Bucket=OTHER))[0] == "BucketNotEmpty"
    assert admin.get_object(Bucket=OTHER, Key="reste.csv")["Body"].read() == b"x"


def test_writing_to_a_missing_bucket_is_no_such_bucket(target):
    _reader(target)
    admin = target.admin_client()
    assert _client_error(lambda: admin.put_object(
        Bucket="bucket-absent", Key="a.csv", Body=b"x"))[0] == "NoSuchBucket"


def test_keys_are_listed_in_byte_order(target):
    keys = ["a/b/c", "a-b", "a/b-"]
    reader = _reader(target, [Seed(BUCKET, key, b"x") for key in keys])
    listed = [o["Key"] for o in reader.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert listed == sorted(keys, key=str.encode), f"listed {listed}"


def test_an_empty_metadata_value_reads_back(target):
    reader = _reader(target)
    reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"x", Metadata={"vide": ""})
    read = reader.head_object(Bucket=BUCKET, Key="fiche.csv")["Metadata"]
    assert read == {"vide": ""}, f"metadata read back as {read}"


@pytest.mark.parametrize("statement", [
    {"Action": "*", "Resource": f"arn:aws:s3:::{BUCKET}/*"},
    {"Action": "s3:GetObject", "Resource": "arn:aws:s3:::*"}])
def test_policies_with_wildcard_actions_or_resources_are_accepted(target, statement):
    _reader(target, [Seed(BUCKET, "public.csv", b"ouvert")])
    policy = {"Version": "2012-10-17", "Statement": [
        dict(statement, Effect="Allow", Principal={"AWS": ["*"]})]}
    try:
        target.admin_client().put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    except ClientError as refusal:
        raise AssertionError(f"policy refused: {refusal.response['Error']['Code']}") from None
    assert _fetch(target, f"{target.endpoint_url}/{BUCKET}/public.csv")[::2] == (200, b"ouvert")


def test_service_account_keys_read_through_a_fresh_client(target):
    """Long-term keys made through the target's IAM work at once (the suite's users)."""
    _reader(target, [Seed(BUCKET, "a.csv", b"x")])
    keys = target.service_account({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]})
    client = s3_client(target.endpoint_url, keys, target.ca_bundle)
    assert client.get_object(Bucket=BUCKET, Key="a.csv")["Body"].read() == b"x"


def test_a_put_with_if_match_star_overwrites_a_stored_object(target):
    """MinIO reads ``If-Match: *`` as any stored object; moto answered 412."""
    reader = _reader(target)
    reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"v1")
    reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"v2", IfMatch="*")
    assert reader.get_object(Bucket=BUCKET, Key="fiche.csv")["Body"].read() == b"v2"


def test_an_empty_continuation_token_is_refused(target):
    """MinIO: 400 ``InvalidArgument`` (cmd/api-resources.go, getListObjectsV2Args)."""
    reader = _reader(target)
    assert _status_and_code(lambda: reader.list_objects_v2(
        Bucket=BUCKET, ContinuationToken="")) == (400, "InvalidArgument")


def test_a_bucket_can_be_created_in_us_east_1_by_name(target):
    """MinIO accepts the location constraint ``us-east-1``; moto refused it."""
    client = _reader(target)
    client.create_bucket(Bucket="region-nommee",
                         CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert "region-nommee" in [b["Name"] for b in client.list_buckets()["Buckets"]]


def test_a_bucket_policy_opens_to_anonymous_readers_not_to_other_users(target):
    """MinIO reads bucket policies for anonymous requests only: a signed request gets
    the rights of its own IAM policy and nothing more (cmd/auth-handler.go,
    authorizeRequest). Ceph's s3-tests expect the policy's ``"AWS": "*"`` to open the
    bucket to their second user too (test_bucket_policy_multipart and four others)."""
    _reader(target, [Seed(BUCKET, "public.csv", b"ouvert")])
    target.admin_client().put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
            "Resource": [f"arn:aws:s3:::{BUCKET}/*"]}]}))
    keys = target.service_account({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{OTHER}/*"]}]})
    other_user = s3_client(target.endpoint_url, keys, target.ca_bundle)
    assert _fetch(target, f"{target.endpoint_url}/{BUCKET}/public.csv")[::2] == (200, b"ouvert")
    try:
        read = other_user.get_object(Bucket=BUCKET, Key="public.csv")["Body"].read()
    except ClientError as refusal:
        assert refusal.response["Error"]["Code"] == "AccessDenied"
    else:
        raise AssertionError(f"another user read {read!r} through the bucket policy")


def test_options_without_a_preflight_header_answers_200_and_nothing(target):
    """MinIO routes no OPTIONS request: one that is no CORS preflight (no
    ``Access-Control-Request-Method``) gets 200 and an empty body, signed or not
    (cmd/api-router.go, MethodNotAllowedHandler; cmd/handler-utils.go, errorResponseHandler)."""
    reader = _presigner(target, [Seed(BUCKET, "rapport.csv", b"x")])
    url = reader.generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "rapport.csv"}, ExpiresIn=600)
    status, _, body = _fetch(target, url, method="OPTIONS")
    assert (status, body) == (200, b""), f"answered {status} {body[:200]!r}"


def test_a_put_with_if_match_on_a_missing_object_is_no_such_key(target):
    """MinIO: 404 ``NoSuchKey`` (cmd/erasure-object.go, putObject: a missing object under
    ``If-Match`` returns its not-found error)."""
    reader = _reader(target)
    answer = _status_and_code(lambda: reader.put_object(
        Bucket=BUCKET, Key="absente.csv", Body=b"x",
        IfMatch='"00000000000000000000000000000000"'))
    assert answer == (404, "NoSuchKey"), f"answered {answer}"


def test_a_metadata_value_sent_in_latin_1_is_refused(target):
    """Python's http.client sends a header's non-ASCII characters in Latin-1, botocore signs
    them in UTF-8 (boto3 refuses such metadata; Ceph's s3-tests slip it past): MinIO checks
    the signature over the bytes it received and refuses (cmd/signature-v4.go,
    getCanonicalHeaders)."""
    reader = _reader(target)
    reader.meta.events.register("before-call.s3.PutObject", lambda params, **_: params[
        "headers"].update({"x-amz-meta-auteur": "Hélène"}))
    try:
        reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"x")
    except ClientError as refusal:
        answer = refusal.response
        assert (answer["ResponseMetadata"]["HTTPStatusCode"], answer["Error"]["Code"]) == (
            403, "SignatureDoesNotMatch")
    else:
        read = reader.head_object(Bucket=BUCKET, Key="fiche.csv")["Metadata"]
        raise AssertionError(f"accepted, metadata read back as {read}")


def test_creating_an_existing_bucket_again_is_already_owned_by_you(target):
    """MinIO: 409 ``BucketAlreadyOwnedByYou`` for any existing bucket of the server
    (cmd/api-errors.go, BucketExists), its objects kept; moto re-created it silently
    (AWS's rule in us-east-1)."""
    reader = _reader(target, [Seed(BUCKET, "garde.csv", b"x")])
    answer = _status_and_code(lambda: reader.create_bucket(Bucket=BUCKET))
    assert answer == (409, "BucketAlreadyOwnedByYou"), f"answered {answer}"
    assert reader.get_object(Bucket=BUCKET, Key="garde.csv")["Body"].read() == b"x"


def test_a_bucket_location_is_empty_on_a_server_of_us_east_1(target):
    """MinIO answers an empty ``LocationConstraint`` when its region is ``us-east-1``
    (cmd/bucket-handlers.go, GetBucketLocationHandler); Ceph's s3-tests expect its name."""
    reader = _reader(target)
    assert reader.get_bucket_location(Bucket=BUCKET).get("LocationConstraint") is None


def test_an_object_written_public_read_stays_private_to_anonymous_readers(target):
    """MinIO has no ACLs: ``x-amz-acl`` on an object's PUT is not read (only the ACL calls
    take it, cmd/acl-handlers.go), anonymous reads follow the bucket policy alone."""
    reader = _reader(target)
    reader.put_object(Bucket=BUCKET, Key="fiche.csv", Body=b"x", ACL="public-read")
    status, _, body = _fetch(target, f"{target.endpoint_url}/{BUCKET}/fiche.csv")
    assert status == 403, f"an anonymous reader got {status} {body[:100]!r}"
