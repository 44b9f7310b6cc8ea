"""boto3 clients of a target, with the harness's settings, and the policy of a reader's keys."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore import UNSIGNED
from botocore.config import Config

from nubodoc.core.credentials import REGION, Credentials
from nubodoc.targets.protocol import Target


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


def anonymous_client(target: Target):
    """A boto3 S3 client of *target* that signs nothing: a reader without credentials."""
    return boto3.client(
        "s3", endpoint_url=target.endpoint_url, region_name=REGION,
        verify=str(target.ca_bundle) if target.ca_bundle else True,
        config=client_config(signature_version=UNSIGNED, s3={"addressing_style": "path"}),
    )


