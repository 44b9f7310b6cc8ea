"""Every ``policy.json`` of the catalogue is a least-privilege policy that really works.

A reader pastes these files into the MinIO console or passes them to
``mc admin accesskey create --policy``: each must be valid JSON in the 2012-10-17
policy language, grant only ``s3:`` actions, name its buckets (no ``*`` bucket), and,
given to a new key on the S3 target, let that key do what it grants on the named
buckets and nothing on another one.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from nubodoc.catalogue import SeedObject
from nubodoc.core.capabilities import Capability
from nubodoc.targets.clients import s3_client

from .conftest import SNIPPETS

POLICIES = sorted(SNIPPETS.glob("*/policy.json"))
ARN = "arn:aws:s3:::"
OTHER_BUCKET = "nubodoc-hors-politique"
#: Operations the tests try, by the action that allows them; 'key' marks object actions.
OPERATIONS = {
    "s3:ListBucket": lambda c, bucket, key: c.list_objects_v2(Bucket=bucket),
    "s3:GetBucketLocation": lambda c, bucket, key: c.get_bucket_location(Bucket=bucket),
    "s3:GetObject": lambda c, bucket, key: c.get_object(Bucket=bucket, Key=key)["Body"].read(),
    "s3:PutObject": lambda c, bucket, key: c.put_object(Bucket=bucket, Key=key, Body=b"essai"),
    "s3:DeleteObject": lambda c, bucket, key: c.delete_object(Bucket=bucket, Key=key),
}


def statements(policy: dict) -> list[dict]:
    """The policy's statements (a single statement may be written without a list)."""
    found = policy["Statement"]
    return found if isinstance(found, list) else [found]


def as_list(value) -> list[str]:
    """An Action or Resource value, always as a list."""
    return [value] if isinstance(value, str) else list(value)


def load(path: Path) -> dict:
    """The policy with its placeholders filled in, as the tests of its task use it."""
    declaration = tomllib.loads((path.parent / "task.toml").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    for placeholder, value in declaration.get("placeholders", {}).items():
        text = text.replace(placeholder, value)
    return json.loads(text)


def test_the_catalogue_has_policies():
    assert POLICIES, "no policy.json under snippets/"


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name)
def test_policy_is_valid_and_least_privilege(path: Path):
    policy = load(path)
    assert policy.get("Version") == "2012-10-17", f"{path}: Version must be 2012-10-17"
    assert set(policy) <= {"Version", "Statement", "Id"}, f"{path}: unexpected keys"
    assert statements(policy), f"{path}: no statement"
    for statement in statements(policy):
        where = f"{path} ({statement.get('Sid', 'statement without Sid')})"
        # An access key's policy: no Principal (that is a bucket policy), no Not* forms
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}, where
        assert statement["Effect"] in ("Allow", "Deny"), where
        actions = as_list(statement["Action"])
        assert actions, where
        for action in actions:
            assert action.startswith("s3:"), f"{where}: {action} is not an s3: action"
            assert "*" not in action, f"{where}: {action} is a wildcard, name the actions"
        resources = as_list(statement["Resource"])
        assert resources, where
        for resource in resources:
            assert resource.startswith(ARN), f"{where}: {resource} is not an S3 ARN"
            bucket = resource.removeprefix(ARN).split("/", 1)[0]
            assert bucket and "*" not in bucket and "?" not in bucket, (
                f"{where}: {resource} does not name its bucket")


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name)
def test_local_copies_are_the_policy_shown(path: Path):
    """A task that puts policy.json in the snippet's working directory ([[local]]) puts
    the very file shown on the page (task_file), not a copy that could drift."""
    declaration = tomllib.loads((path.parent / "task.toml").read_text(encoding="utf-8"))
    for local in declaration.get("local", []):
        if local.get("path") == "policy.json":
            assert local.get("task_file") == "policy.json", (
                f"{path.parent}/task.toml: [[local]] policy.json must be task_file")


def grants(policy: dict) -> list[tuple[str, str, str | None]]:
    """(action, bucket, key) triples the policy allows, with a key inside each object
    resource (``bucket/*`` → ``bucket/essai-politique.txt``)."""
    triples = []
    for statement in statements(policy):
        if statement["Effect"] != "Allow":
            continue
        for resource in as_list(statement["Resource"]):
            bucket, _, pattern = resource.removeprefix(ARN).partition("/")
            key = pattern.rstrip("*") + "essai-politique.txt" if pattern else None
            for action in as_list(statement["Action"]):
                if action in OPERATIONS:
                    triples.append((action, bucket, key))
    return triples


def error_code(action: str, client, bucket: str, key: str | None) -> str | None:
    """The S3 error code the operation of *action* raises, or None if it succeeds."""
    try:
        OPERATIONS[action](client, bucket, key)
    except ClientError as exc:
        return exc.response["Error"]["Code"]
    return None


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name)
def test_policy_allows_its_buckets_and_denies_the_others(path: Path, s3_target):
    policy = load(path)
    triples = grants(policy)
    assert triples, f"{path}: grants none of {sorted(OPERATIONS)}"
    buckets = sorted({bucket for _, bucket, _ in triples})
    keys_used = {key for _, _, key in triples if key} | {"essai-politique.txt"}
    seeds = [SeedObject(bucket, key, b"essai")
             for bucket in [*buckets, OTHER_BUCKET] for key in sorted(keys_used)]
    if Capability.SERVICE_ACCOUNTS not in s3_target.capabilities:
        pytest.skip(f"the {s3_target.name} target offers no {Capability.SERVICE_ACCOUNTS.label}")
    s3_target.prepare([*buckets, OTHER_BUCKET], seeds)
    keys = s3_target.service_account(policy)
    client = s3_client(s3_target.endpoint_url, keys, s3_target.ca_bundle)

    # Deleting before reading would make the read fail: delete last
    order = sorted(triples, key=lambda triple: triple[0] == "s3:DeleteObject")
    for action, bucket, key in order:
        code = error_code(action, client, bucket, key)
        assert code is None, f"{path}: {action} on {bucket}/{key or ''} refused ({code})"
    for action, _, key in order:
        code = error_code(action, client, OTHER_BUCKET, key or "essai-politique.txt")
        assert code == "AccessDenied", (
            f"{path}: {action} on {OTHER_BUCKET}, a bucket the policy does not name, "
            f"gave {code or 'success'} instead of AccessDenied")
