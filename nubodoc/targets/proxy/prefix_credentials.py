"""The second wall around a run on an endpoint we do not own: credentials the server confines.

The confining proxy maps every request into the run prefix; should its parsing ever be
wrong, the upstream server must refuse the escape on its own. Where the endpoint has an
STS (MinIO has, SeaweedFS too), the proxy's upstream credentials are AssumeRole
credentials with a session policy allowing only ``<bucket>/<prefix>/*``: the server
intersects it with the caller's rights, so those credentials can reach nothing else.
A probe then checks that the server enforces it: reading a key beside the prefix must be
refused. Where there is no STS, or the server ignores session policies, the proxy is the
only wall, and :class:`Wall` says so in words the log and the page show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from nubodoc.core.credentials import REGION, Credentials
from nubodoc.targets.clients import client_config, s3_client

ROLE_VARIABLE = "NUBODOC_ROLE_ARN"
#: MinIO ignores the role of AssumeRole for its own users; other servers may name one.
DEFAULT_ROLE_ARN = "arn:aws:iam::000000000000:role/nubodoc-run"
SESSION_SECONDS = 12 * 3600
_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                   "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]


def prefix_policy(bucket: str, prefix: str) -> dict:
    """A session policy allowing objects under ``<bucket>/<prefix>/`` and nothing else."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": _OBJECT_ACTIONS,
         "Resource": [f"arn:aws:s3:::{bucket}/{prefix}/*"]},
        {"Effect": "Allow", "Action": ["s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{bucket}"],
         "Condition": {"StringLike": {"s3:prefix": [f"{prefix}/*"]}}},
        {"Effect": "Allow", "Action": ["s3:ListBucketMultipartUploads"],
         "Resource": [f"arn:aws:s3:::{bucket}"]},
    ]}


@dataclass(frozen=True)
class Wall:
    """The credentials the proxy sends upstream, and whether the server confines them."""

    credentials: Credentials
    #: None when the server itself confines the credentials; else why the proxy stands alone.
    proxy_only: str | None

    def describe(self, place: str) -> str:
        """One line for the log: what keeps the run inside *place*."""
        if self.proxy_only is None:
            return (f"nubodoc: the server itself confines the run to {place} "
                    "(AssumeRole with a session policy), behind the confining proxy")
        return (f"nubodoc: the confining proxy is the only wall around {place}: "
                f"{self.proxy_only}")


def _assume_role(endpoint: str, credentials: Credentials, ca_bundle: Path | None,
                 role_arn: str, policy: dict) -> Credentials:
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION,
                       aws_access_key_id=credentials.access_key_id,
                       aws_secret_access_key=credentials.secret_access_key,
                       aws_session_token=credentials.session_token,
                       verify=str(ca_bundle) if ca_bundle else True, config=client_config())
    answer = sts.assume_role(RoleArn=role_arn, RoleSessionName="nubodoc-run",
                             DurationSeconds=SESSION_SECONDS,
                             Policy=json.dumps(policy))["Credentials"]
    return Credentials(answer["AccessKeyId"], answer["SecretAccessKey"],
                       answer["SessionToken"])


def _refused(client, bucket: str, key: str) -> bool:
    """Whether reading *key* (beside the prefix) is refused, not merely absent."""
    try:
        client.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 403
    return False


def confined_credentials(endpoint: str, credentials: Credentials, ca_bundle: Path | None,
                         bucket: str, prefix: str, environ: Mapping[str, str]) -> Wall:
    """AssumeRole credentials allowed only under ``<bucket>/<prefix>/``, where the server
    has an STS that enforces session policies; else the real credentials, saying why."""
    role_arn = environ.get(ROLE_VARIABLE, "").strip() or DEFAULT_ROLE_ARN
    try:
        confined = _assume_role(endpoint, credentials, ca_bundle, role_arn,
                                prefix_policy(bucket, prefix))
    except (ClientError, BotoCoreError) as exc:
        return Wall(credentials, f"the endpoint gave no AssumeRole credentials ({exc})")
    probe = s3_client(endpoint, confined, ca_bundle)
    if not _refused(probe, bucket, f"{prefix}-nubodoc-wall-probe"):
        return Wall(credentials, "the endpoint gave AssumeRole credentials but does not "
                                 "enforce their session policy (a read beside the prefix "
                                 "was not refused)")
    return Wall(confined, None)
