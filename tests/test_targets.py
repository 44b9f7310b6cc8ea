"""Choosing the S3 target by configuration alone, and the environment a run gets."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from nubodoc.catalogue import load_task
from nubodoc.core.capabilities import Capability, CapabilityNotOffered
from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.harness.environment import platform_variables, service_environment
from nubodoc.harness.execution import run_task
from nubodoc.targets import open_target, target_name
from nubodoc.targets.confined import ConfinedEndpoint
from nubodoc.targets.sandbox import Sandbox
from nubodoc.targets.seaweedfs import SeaweedFS

from .conftest import SNIPPETS

TEMPORARY = Credentials("ASIAEXEMPLE", "secret-exemple", "jeton-exemple")


def test_platform_variables_have_the_platform_forms():
    variables = platform_variables("https://minio.example.org:9000", TEMPORARY)
    assert variables["AWS_S3_ENDPOINT"] == "minio.example.org:9000"
    assert variables["AWS_ENDPOINT_URL"] == "https://minio.example.org:9000/"
    assert variables["S3_ENDPOINT"] == "https://minio.example.org:9000/"
    assert variables["AWS_DEFAULT_REGION"] == "us-east-1"
    assert variables["AWS_PATH_STYLE_ACCESS"] == "true"
    assert variables["AWS_SESSION_TOKEN"] == "jeton-exemple"
    assert variables["MC_HOST_s3"] == (
        "https://ASIAEXEMPLE:secret-exemple:jeton-exemple@minio.example.org:9000")


def test_anonymous_environment_has_no_credentials(tmp_path):
    base = {"AWS_ACCESS_KEY_ID": "fuite", "PATH": "/usr/bin"}
    env = service_environment("https://h:1", None, None, tmp_path, base=base)
    assert "AWS_ACCESS_KEY_ID" not in env and "MC_HOST_s3" not in env
    assert env["PATH"] == "/usr/bin" and env["HOME"] == str(tmp_path)


def test_ca_is_given_to_every_client(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    env = service_environment("https://h:1", TEMPORARY, ca, tmp_path, base={})
    store = env["REQUESTS_CA_BUNDLE"]
    assert env["SSL_CERT_FILE"] == env["CURL_CA_BUNDLE"] == store
    assert Path(store).read_bytes().endswith(ca.read_bytes())
    assert store in (tmp_path / ".Rprofile-nubodoc").read_text(encoding="utf-8")
    assert "AWS_CA_BUNDLE" not in env and "MC_CONFIG_DIR" not in env


def test_no_configuration_means_the_sandbox():
    target = open_target({})
    try:
        assert isinstance(target, Sandbox)
        assert target.endpoint_url.startswith("https://127.0.0.1:")
        assert target.expected_failure("test_unknown_access_key_error", None) is None
    finally:
        target.close()


def test_unreachable_endpoint_is_named():
    with pytest.raises(EndpointError, match=r"https://127\.0\.0\.1:9: endpoint unreachable"):
        open_target({"NUBODOC_ENDPOINT_URL": "https://127.0.0.1:9",
                     "NUBODOC_ACCESS_KEY_ID": "a", "NUBODOC_SECRET_ACCESS_KEY": "b",
                     "NUBODOC_RUN_PREFIX": "bucket/essais"})


def test_endpoint_without_keys_is_refused():
    with pytest.raises(EndpointError, match="NUBODOC_SECRET_ACCESS_KEY is not"):
        open_target({"NUBODOC_ENDPOINT_URL": "https://h", "NUBODOC_ACCESS_KEY_ID": "a"})


@pytest.fixture(scope="module")
def real_endpoint():
    """A sandbox standing in for a real endpoint, reached only through configuration."""
    with Sandbox() as sandbox:
        credentials = sandbox.prepare(["equipe"], [])
        yield sandbox, {
            "NUBODOC_ENDPOINT_URL": sandbox.endpoint_url,
            "NUBODOC_ACCESS_KEY_ID": credentials.access_key_id,
            "NUBODOC_SECRET_ACCESS_KEY": credentials.secret_access_key,
            "NUBODOC_SESSION_TOKEN": credentials.session_token,
            "NUBODOC_CA_BUNDLE": str(sandbox.ca_bundle),
            "NUBODOC_RUN_PREFIX": "equipe/essais",
        }


def test_a_task_runs_against_a_configured_endpoint(real_endpoint):
    _, environ = real_endpoint
    target = open_target(environ)
    try:
        assert isinstance(target, ConfinedEndpoint)
        assert target.expected_failure("test_unknown_access_key_error", None) is None
        outcome = run_task(load_task(SNIPPETS / "lister-fichiers"), "python", target)
    finally:
        target.close()
    assert "utilisateur/BPE/2019/BPE_ENS.csv" in outcome.result.stdout


def test_refused_credentials_say_how_to_renew(real_endpoint):
    sandbox, environ = real_endpoint
    expired = sandbox.expired_credentials()
    environ = {**environ, "NUBODOC_ACCESS_KEY_ID": expired.access_key_id,
               "NUBODOC_SECRET_ACCESS_KEY": expired.secret_access_key,
               "NUBODOC_SESSION_TOKEN": expired.session_token}
    with pytest.raises(EndpointError, match=r"credentials refused \(InvalidAccessKeyId\).*24 h"):
        open_target(environ)


def test_target_is_chosen_by_name_then_variable_then_endpoint():
    assert target_name({}) == "sandbox"
    assert target_name({"NUBODOC_ENDPOINT_URL": "https://h"}) == "external"
    assert target_name({"NUBODOC_TARGET": "seaweedfs",
                        "NUBODOC_ENDPOINT_URL": "https://h"}) == "seaweedfs"
    assert target_name({"NUBODOC_TARGET": "seaweedfs"}, name="sandbox") == "sandbox"


def test_unknown_target_is_refused_with_the_known_ones():
    with pytest.raises(EndpointError, match=r"unknown S3 target 'ceph' \(known: sandbox, "):
        target_name({"NUBODOC_TARGET": "ceph"})


def test_pytest_option_chooses_the_target(pytester):
    pytester.makepyfile(test_choice="""
        def test_choice(s3_target):
            assert s3_target.name == "sandbox"
            assert s3_target.server_label.startswith("le bac à sable S3 (moto ")
    """)
    pytester.runpytest("-p", "no:cacheprovider", "--s3-target", "sandbox").assert_outcomes(
        passed=1)
    result = pytester.runpytest("-p", "no:cacheprovider", "--s3-target", "ceph")
    assert result.ret != 0
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--s3-target: unknown S3 target 'ceph' (known: sandbox, *minio*)*"])


@pytest.mark.parametrize(("target_class", "method", "capability"), [
    (ConfinedEndpoint, "service_account", Capability.SERVICE_ACCOUNTS),
    (ConfinedEndpoint, "expired_credentials", Capability.EXPIRING_CREDENTIALS),
    (SeaweedFS, "expired_credentials", Capability.EXPIRING_CREDENTIALS),
], ids=["external-service-account", "external-expired", "seaweedfs-expired"])
def test_a_method_for_an_undeclared_capability_fails_never_skips(target_class, method,
                                                                  capability):
    # « Cannot » is said once, by the capabilities checked before a run: reaching such a
    # method is a bug of the harness, an error, not a skip (UnsupportedOnTarget).
    assert capability not in target_class.capabilities
    target = SimpleNamespace(name=target_class.name, server_label="le serveur")
    arguments = ({"Statement": []},) if method == "service_account" else ()
    with pytest.raises(CapabilityNotOffered, match=re.escape(capability.label)) as raised:
        getattr(target_class, method)(target, *arguments)
    assert not isinstance(raised.value, UnsupportedOnTarget)
    assert raised.value.capability is capability
