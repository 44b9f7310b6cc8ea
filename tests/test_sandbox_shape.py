"""The sandbox takes a platform's shape from its profile: STS lifetime, static keys without
STS, a public folder other users read (SSP Cloud's ``diffusion/``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from nubodoc.catalogue.task import SeedObject
from nubodoc.core.errors import UnsupportedOnTarget
from nubodoc.platform.shape import platform_shape
from nubodoc.targets.clients import s3_client
from nubodoc.targets.sandbox import Sandbox

REPO = Path(__file__).resolve().parent.parent
SSPCLOUD = platform_shape(REPO / "platforms" / "sspcloud.toml")
NUBONYXIA = platform_shape(REPO / "platforms" / "nubonyxia.toml")
SEED = [SeedObject("utilisateur", "diffusion/public.csv", b"a;b\n"),
        SeedObject("utilisateur", "prive/secret.csv", b"c;d\n")]


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as opened:
        yield opened


def _expires_in(credentials) -> timedelta:
    expiration = credentials.expiration
    if isinstance(expiration, str):
        expiration = datetime.fromisoformat(expiration.replace("Z", "+00:00"))
    if expiration.tzinfo is None:
        expiration = expiration.replace(tzinfo=UTC)
    return expiration - datetime.now(UTC)


@pytest.mark.parametrize("shape", [SSPCLOUD, NUBONYXIA], ids=lambda shape: shape.name)
def test_session_credentials_last_the_profiles_sts_lifetime(sandbox, shape):
    sandbox.take_shape(shape)
    credentials = sandbox.prepare(["utilisateur"], [])
    assert credentials.session_token
    assert abs(_expires_in(credentials) - timedelta(seconds=shape.sts_seconds)) < \
        timedelta(minutes=5)


def test_a_profile_without_sts_gets_static_keys_that_work(sandbox):
    sandbox.take_shape(dataclasses.replace(NUBONYXIA, sts_seconds=None))
    credentials = sandbox.prepare(["utilisateur"], SEED)
    assert credentials.session_token is None
    client = s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle)
    assert client.get_object(Bucket="utilisateur", Key="prive/secret.csv")["Body"].read()
    with pytest.raises(UnsupportedOnTarget, match="static keys"):
        sandbox.expired_credentials()


def _other_user_reads(sandbox, key: str) -> bool:
    client = s3_client(sandbox.endpoint_url, sandbox.other_user_credentials(), sandbox.ca_bundle)
    try:
        client.get_object(Bucket="utilisateur", Key=key)["Body"].read()
    except ClientError as error:
        assert error.response["Error"]["Code"] == "AccessDenied"
        return False
    return True


def test_on_sspcloud_another_user_reads_diffusion_and_nothing_else(sandbox):
    sandbox.take_shape(SSPCLOUD)
    sandbox.prepare(["utilisateur"], SEED)
    assert _other_user_reads(sandbox, "diffusion/public.csv")
    assert not _other_user_reads(sandbox, "prive/secret.csv")


def test_on_nubonyxia_another_user_reads_nothing_of_the_readers_bucket(sandbox):
    sandbox.take_shape(NUBONYXIA)
    sandbox.prepare(["utilisateur"], SEED)
    assert not _other_user_reads(sandbox, "diffusion/public.csv")
