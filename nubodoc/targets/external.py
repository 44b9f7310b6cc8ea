"""The ``external`` target: an S3 endpoint we do not own, written to only under one prefix.

A real endpoint named by ``NUBODOC_ENDPOINT_URL`` (a MinIO container, a test bucket on
the platform), reached with the credentials in ``NUBODOC_ACCESS_KEY_ID``,
``NUBODOC_SECRET_ACCESS_KEY`` and, for temporary credentials, ``NUBODOC_SESSION_TOKEN``;
``NUBODOC_CA_BUNDLE`` names the CA to trust if the system's store does not hold it.
``NUBODOC_RUN_PREFIX=<bucket>/<prefix>`` names the only place the run may write: an
empty prefix, dedicated to the suite (see confined.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import EndpointError
from nubodoc.targets.clients import s3_client
from nubodoc.targets.confined import RUN_FOLDER, ConfinedEndpoint
from nubodoc.targets.proxy.prefix_credentials import confined_credentials

ENDPOINT_VARIABLE = "NUBODOC_ENDPOINT_URL"
PREFIX_VARIABLE = "NUBODOC_RUN_PREFIX"
#: Set to 1 to refuse a run where the server itself does not confine the credentials.
REQUIRE_WALL_VARIABLE = "NUBODOC_REQUIRE_SERVER_WALL"
_SHOWN = 5


def run_place(environ: Mapping[str, str]) -> tuple[str, str]:
    """The bucket and prefix ``NUBODOC_RUN_PREFIX`` names; refused when absent or malformed."""
    value = environ.get(PREFIX_VARIABLE, "").strip().strip("/")
    bucket, _, prefix = value.partition("/")
    if not value:
        raise EndpointError(
            f"the external target writes only under {PREFIX_VARIABLE}=<bucket>/<prefix> "
            "(an empty prefix of your own bucket, dedicated to the suite); "
            f"{PREFIX_VARIABLE} is not set")
    if not bucket or not prefix or any(p in ("", ".", "..") for p in prefix.split("/")):
        raise EndpointError(f"{PREFIX_VARIABLE}={value}: expected <bucket>/<prefix>, "
                            "a bucket and a non-empty prefix (no '.' or '..' parts)")
    return bucket, prefix


def check_place(client, endpoint: str, bucket: str, prefix: str) -> None:
    """Raise EndpointError unless the endpoint answers and the prefix holds only run folders.

    Run folders (``nubodoc-run-…/``) are those of runs going on at the same time, or
    left by a run that was killed outright.
    """
    place = f"{PREFIX_VARIABLE}={bucket}/{prefix}"
    try:
        answer = client.list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/", Delimiter="/")
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code == "NoSuchBucket":
            raise EndpointError(f"{place}: bucket {bucket} does not exist on {endpoint}") from None
        if code == "AccessDenied":
            raise EndpointError(f"{place}: the credentials may not list bucket {bucket} on "
                                f"{endpoint}; name a bucket of your own") from None
        raise EndpointError(
            f"{ENDPOINT_VARIABLE}={endpoint}: credentials refused ({code}); "
            "temporary credentials last 24 h: renew NUBODOC_ACCESS_KEY_ID, "
            "NUBODOC_SECRET_ACCESS_KEY and NUBODOC_SESSION_TOKEN"
        ) from None
    except BotoCoreError as exc:
        raise EndpointError(f"{ENDPOINT_VARIABLE}={endpoint}: endpoint unreachable ({exc})"
                            ) from None
    found = ([o["Key"] for o in answer.get("Contents", [])]
             + [p["Prefix"] for p in answer.get("CommonPrefixes", [])])
    foreign = [key for key in found if not key[len(prefix) + 1:].startswith(RUN_FOLDER)]
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (", …" if len(foreign) > _SHOWN else "")
        raise EndpointError(
            f"{place} is not empty: it holds {shown}; the suite removes what it writes "
            "there, so name an empty prefix dedicated to it")


def open_external(environ: Mapping[str, str]) -> ConfinedEndpoint:
    """The endpoint ``NUBODOC_ENDPOINT_URL`` names, confined to ``NUBODOC_RUN_PREFIX``."""
    endpoint = environ.get(ENDPOINT_VARIABLE, "").strip().rstrip("/")
    if not endpoint:
        raise EndpointError(f"the external target needs {ENDPOINT_VARIABLE}")
    missing = [name for name in ("NUBODOC_ACCESS_KEY_ID", "NUBODOC_SECRET_ACCESS_KEY")
               if not environ.get(name)]
    if missing:
        raise EndpointError(f"{ENDPOINT_VARIABLE} is set but {', '.join(missing)} is not")
    ca = environ.get("NUBODOC_CA_BUNDLE")
    if ca and not Path(ca).is_file():
        raise EndpointError(f"NUBODOC_CA_BUNDLE={ca}: no such file")
    credentials = Credentials(environ["NUBODOC_ACCESS_KEY_ID"],
                              environ["NUBODOC_SECRET_ACCESS_KEY"],
                              environ.get("NUBODOC_SESSION_TOKEN") or None)
    bucket, prefix = run_place(environ)
    ca_bundle = Path(ca) if ca else None
    check_place(s3_client(endpoint, credentials, ca_bundle), endpoint, bucket, prefix)
    wall = confined_credentials(endpoint, credentials, ca_bundle, bucket, prefix, environ)
    if wall.proxy_only and environ.get(REQUIRE_WALL_VARIABLE, "").strip() == "1":
        raise EndpointError(f"{REQUIRE_WALL_VARIABLE}=1: {wall.proxy_only}")
    return ConfinedEndpoint(endpoint, wall, ca_bundle, bucket, prefix)
