"""One seeding and emptying of buckets, shared by every target that goes through S3."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from nubodoc.targets.sandbox import open_sandbox
from nubodoc.targets.seeding import remove_objects, seed_buckets


@pytest.fixture(scope="module")
def client():
    """The administrator's client of a sandbox, with buckets to seed over."""
    sandbox = open_sandbox()
    try:
        sandbox.prepare([], [])
        yield sandbox.admin_client()
    finally:
        sandbox.close()


def _state(client) -> dict:
    return {bucket["Name"]: sorted(o["Key"] for o in client.list_objects_v2(
        Bucket=bucket["Name"]).get("Contents", []))
        for bucket in client.list_buckets()["Buckets"]}


def test_seeding_empties_the_named_buckets_and_writes_the_seed(client):
    for bucket in ("garder", "vider", "autre"):
        client.create_bucket(Bucket=bucket)
        client.put_object(Bucket=bucket, Key="ancien.csv", Body=b"ancien")
    client.put_bucket_policy(Bucket="vider", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::vider/*"}]}))
    seed = [SimpleNamespace(bucket="vider", key=f"d/{n}.csv", body=b"x") for n in range(3)]
    seed_buckets(client, ["vider", "neuf"], seed, threads=2)
    state = _state(client)
    assert state["vider"] == ["d/0.csv", "d/1.csv", "d/2.csv"]
    assert state["neuf"] == [] and state["autre"] == ["ancien.csv"]
    with pytest.raises(client.exceptions.ClientError, match="NoSuchBucketPolicy"):
        client.get_bucket_policy(Bucket="vider")
    seed_buckets(client, ["neuf"], [], remove_others=True)
    assert _state(client) == {"neuf": []}


def test_removing_objects_keeps_to_the_prefix(client):
    client.create_bucket(Bucket="prefixe")
    for key in ("run/a", "run/b/c", "run-voisin/d", "autre"):
        client.put_object(Bucket="prefixe", Key=key, Body=b"x")
    assert remove_objects(client, "prefixe", "run/") == 2
    assert _state(client)["prefixe"] == ["autre", "run-voisin/d"]
