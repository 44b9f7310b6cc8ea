"""Sandboxes open at once in one process, and plain moto beside them, keep their own state."""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request

import boto3
import botocore.exceptions
import pytest
from moto.server import ThreadedMotoServer

from nubodoc.catalogue import SeedObject
from nubodoc.targets.clients import s3_client
from nubodoc.targets.sandbox import Sandbox


@pytest.fixture(scope="module")
def pair():
    with Sandbox() as first, Sandbox() as second:
        yield first, second


def error_code(call) -> str:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"]


def client(sandbox, credentials):
    return s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)


def read(sandbox, credentials, bucket: str, key: str) -> bytes:
    return client(sandbox, credentials).get_object(Bucket=bucket, Key=key)["Body"].read()


def test_same_bucket_name_holds_each_sandboxs_own_objects(pair):
    first, second = pair
    first_keys = first.prepare(["utilisateur"], [SeedObject("utilisateur", "a.txt", b"un")])
    second_keys = second.prepare(["utilisateur"], [SeedObject("utilisateur", "b.txt", b"deux")])
    assert read(first, first_keys, "utilisateur", "a.txt") == b"un"
    assert read(second, second_keys, "utilisateur", "b.txt") == b"deux"
    listed = client(first, first_keys).list_objects_v2(Bucket="utilisateur")["Contents"]
    assert [entry["Key"] for entry in listed] == ["a.txt"]


def test_preparing_one_leaves_the_others_buckets_and_keys_intact(pair):
    first, second = pair
    first_keys = first.prepare(["premier"], [SeedObject("premier", "a.txt", b"un")])
    second.prepare(["second"], [])
    second.prepare(["second"], [SeedObject("second", "b.txt", b"deux")])
    assert read(first, first_keys, "premier", "a.txt") == b"un"
    names = [b["Name"] for b in client(first, first_keys).list_buckets()["Buckets"]]
    assert names == ["premier"]


def test_keys_of_one_sandbox_are_refused_by_the_other(pair):
    first, second = pair
    first_keys = first.prepare(["premier"], [SeedObject("premier", "a.txt", b"un")])
    second.prepare(["premier"], [])
    crossed = client(second, first_keys)
    assert error_code(lambda: crossed.list_objects_v2(Bucket="premier")) == "InvalidAccessKeyId"
    admin_of_first = s3_client(second.endpoint_url, first._admin, second.ca_bundle)
    assert error_code(admin_of_first.list_buckets) == "InvalidAccessKeyId"
    assert read(first, first_keys, "premier", "a.txt") == b"un"


def test_moto_api_is_not_served_so_no_client_resets_the_process(pair):
    first, second = pair
    first_keys = first.prepare(["premier"], [SeedObject("premier", "a.txt", b"un")])
    context = ssl.create_default_context(cafile=str(second.ca_bundle))
    request = urllib.request.Request(f"{second.endpoint_url}/moto-api/reset", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, context=context, timeout=10)
    assert caught.value.code == 403
    assert read(first, first_keys, "premier", "a.txt") == b"un"


def test_plain_moto_beside_a_sandbox_keeps_authentication_off(pair):
    """moto's own server, in the process of a running sandbox, accepts any key (its default)."""
    first, _ = pair
    first.prepare(["premier"], [])
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        plain = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1",
                             aws_access_key_id="cle-quelconque",
                             aws_secret_access_key="secret-quelconque")
        names = [bucket["Name"] for bucket in plain.list_buckets()["Buckets"]]
        assert "premier" not in names
    finally:
        server.stop()


def test_each_sandbox_has_an_account_of_its_own(pair):
    first, second = pair
    assert first.account_id != second.account_id
    assert len(first.account_id) == len(second.account_id) == 12
    assert first.account_id.isdigit() and second.account_id.isdigit()
