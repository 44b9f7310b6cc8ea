"""S3 credentials as the platform hands them out, and the target they are valid on."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from nubodoc.core.capabilities import Capability
from nubodoc.differences import KnownDifference

REGION = "us-east-1"


@dataclass(frozen=True)
class Credentials:
    """An access key, its secret and, for temporary credentials, a session token."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expiration: datetime | None = None

    def secrets(self) -> list[str]:
        """Values that must never appear in a report or a page."""
        return [v for v in (self.secret_access_key, self.session_token, self.access_key_id) if v]


class S3Target(Protocol):
    """An S3 server the suite runs snippets against: the sandbox or a real endpoint."""

    #: The target's name in configuration: ``sandbox``, ``seaweedfs``, ``minio``, ``external``.
    name: str
    #: What the server is, in French, as a page says it ("le bac à sable S3 (moto 5.2.5)").
    server_label: str
    endpoint_url: str
    ca_bundle: Path | None
    #: What the server can do beyond objects and session credentials: the one place a
    #: target says so. An item whose task needs more (nubodoc.core.capabilities.task_needs)
    #: is skipped, with the reason.
    capabilities: frozenset[Capability]

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Empty and create *buckets*, write the seed objects; return the reader's credentials.

        The credentials returned must be refused on *denied_buckets* where the target can.
        """

    def service_account(self, policy: dict) -> Credentials:
        """Permanent credentials (a service account) whose only rights are *policy*."""

    def expired_credentials(self) -> Credentials:
        """Temporary credentials that are no longer valid."""

    def admin_client(self):
        """A boto3 S3 client with the harness's own rights, to seed and inspect buckets."""

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """How *task* in *language* fails on this server though it works on MinIO, or None.

        With *language* None, *task* is a behaviour probe: the name of a test of
        tests/test_minio_behaviours.py, which checks one of MinIO's behaviours on every
        target. The target owns the one list of its differences; each names the server
        and the exact behaviour in which it differs (what each server answers), and the
        one failure that behaviour causes (exception class, pattern of its message).
        """

    def close(self) -> None:
        """Release everything the target holds (servers, temporary files)."""


def s3_client(endpoint_url: str, credentials: Credentials, ca_bundle: Path | None):
    """A boto3 S3 client for *endpoint_url*, trusting *ca_bundle* (or the system CAs)."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=credentials.session_token,
        verify=str(ca_bundle) if ca_bundle else True,
        config=client_config(s3={"addressing_style": "path"}),
    )


def client_config(**options) -> Config:
    """The harness's botocore settings: short timeouts, and checksums only where required.

    botocore's default sends uploads as ``aws-chunked`` with checksum trailers;
    some servers (SeaweedFS) store that ``Content-Encoding`` and return it on
    reads, which other clients (R's curl) then fail to decode. The harness's
    seed objects must read back as plain bytes everywhere.
    """
    return Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 2},
                  request_checksum_calculation="when_required",
                  response_checksum_validation="when_required", **options)


def user_policy(denied_buckets: list[str]) -> dict:
    """All of S3, except the *denied_buckets* (shared buckets reached with other keys)."""
    statements = [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
    if denied_buckets:
        resources = [f"arn:aws:s3:::{name}{suffix}" for name in denied_buckets
                     for suffix in ("", "/*")]
        statements.append({"Effect": "Deny", "Action": "s3:*", "Resource": resources})
    return {"Version": "2012-10-17", "Statement": statements}


def anonymous_client(target: S3Target):
    """A boto3 S3 client of *target* that signs nothing: a reader without credentials."""
    return boto3.client(
        "s3", endpoint_url=target.endpoint_url, region_name=REGION,
        verify=str(target.ca_bundle) if target.ca_bundle else True,
        config=client_config(signature_version=UNSIGNED, s3={"addressing_style": "path"}),
    )


def empty_and_seed(client, buckets: list[str], objects: list) -> None:
    """Create *buckets* (emptying existing ones, removing their policy); write *objects*."""
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    for bucket in buckets:
        if bucket in existing:
            with contextlib.suppress(ClientError):
                client.delete_bucket_policy(Bucket=bucket)
            paginator = client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=bucket):
                keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
                if keys:
                    client.delete_objects(Bucket=bucket, Delete={"Objects": keys})
        else:
            client.create_bucket(Bucket=bucket)
    for obj in objects:
        client.put_object(Bucket=obj.bucket, Key=obj.key, Body=obj.body)
