"""The ``minio`` target up to the point where a Docker engine is needed."""

from __future__ import annotations

import ssl
from pathlib import Path

import docker
import pytest
from cryptography import x509
from docker.errors import DockerException

from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.targets import minio as minio_target
from nubodoc.targets import open_target

from .process_state import leftovers


def test_default_image_is_a_frozen_release():
    image = minio_target.pinned_image({})
    assert image == minio_target.IMAGE
    assert not image.endswith(":latest")
    assert minio_target.image_release(image) == "RELEASE.2025-09-07T16-13-09Z"


def test_image_can_be_overridden_by_a_pinned_digest():
    digest = "cgr.dev/chainguard/minio@sha256:" + "ab" * 32
    image = minio_target.pinned_image({"NUBODOC_MINIO_IMAGE": digest})
    assert image == digest
    assert minio_target.image_release(image) == "image abababababab"


@pytest.mark.parametrize("image", ["quay.io/minio/minio:latest", "quay.io/minio/minio"])
def test_moving_tags_are_refused(image):
    with pytest.raises(EndpointError, match="NUBODOC_MINIO_IMAGE=.*pin a MinIO release"):
        minio_target.pinned_image({"NUBODOC_MINIO_IMAGE": image})


def test_tls_files_make_a_certificate_clients_trust(tmp_path):
    files = minio_target.write_tls_files(tmp_path)
    assert files.public_crt.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" in files.private_key.read_text()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(files.public_crt, files.private_key)
    client = ssl.create_default_context(cafile=str(files.ca_bundle))
    assert client.cert_store_stats()["x509_ca"] == 1


def test_container_configuration(tmp_path):
    tls = minio_target.write_tls_files(tmp_path)
    spec = minio_target.container_spec(minio_target.IMAGE, tls)
    assert spec.command == ["server", "/data", "--address", ":9000",
                            "--certs-dir", minio_target.CERTS_DIR]
    assert spec.env["MINIO_ROOT_USER"] == spec.root.access_key_id
    assert spec.env["MINIO_ROOT_PASSWORD"] == spec.root.secret_access_key
    assert len(spec.root.secret_access_key) >= 24
    assert dict((Path(d).name, s) for s, d in spec.files) == {
        "public.crt": tls.public_crt, "private.key": tls.private_key,
        "nubodoc-ca.pem": tls.ca_bundle}
    other = minio_target.container_spec(minio_target.IMAGE, tls)
    assert other.root.secret_access_key != spec.root.secret_access_key


def test_reader_policy_denies_the_shared_buckets():
    policy = minio_target._reader_policy(["partage"])
    deny = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny[0]["Resource"] == ["arn:aws:s3:::partage", "arn:aws:s3:::partage/*"]


def _no_engine(**_kwargs):
    raise DockerException("Error while fetching server API version: "
                          "('Connection aborted.', FileNotFoundError(2, 'No such file'))")


def test_without_docker_the_target_is_unsupported_and_leaves_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(docker, "from_env", _no_engine)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    with pytest.raises(UnsupportedOnTarget, match="^no Docker engine: Error while fetching"):
        open_target({}, name="minio")
    assert leftovers(tmp_path) == []


def test_this_machine_has_no_engine_or_a_working_one():
    try:
        client = docker.from_env(timeout=5)
        client.ping()
    except DockerException:
        with pytest.raises(UnsupportedOnTarget, match="^no Docker engine: "):
            minio_target.docker_engine()
    else:
        pytest.skip("a Docker engine runs here: the unsupported path is not reachable")


@pytest.mark.parametrize(("environ", "extra"), [
    ({}, None),
    ({"DOCKER_HOST": "unix:///var/run/docker.sock"}, None),
    ({"DOCKER_HOST": "tcp://docker:2375"}, "docker"),
    ({"DOCKER_HOST": "tcp://docker:2375", "TESTCONTAINERS_HOST_OVERRIDE": "moteur"}, "moteur"),
])
def test_certificate_names_the_remote_engine(environ, extra):
    hosts = minio_target.certificate_hosts(environ)
    assert hosts[:len(minio_target.CERT_HOSTS)] == minio_target.CERT_HOSTS
    assert hosts[len(minio_target.CERT_HOSTS):] == ((extra,) if extra else ())


def test_certificate_is_valid_for_the_remote_engine(tmp_path):
    files = minio_target.write_tls_files(tmp_path, ("localhost", "docker"))
    certificate = x509.load_pem_x509_certificate(files.public_crt.read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost", "docker"]


def test_pages_name_the_server_and_its_release(tmp_path):
    spec = minio_target.container_spec(minio_target.IMAGE, minio_target.write_tls_files(tmp_path))
    target = minio_target.MinioTarget(spec, tmp_path)
    assert target.server_label == (
        "le serveur MinIO (RELEASE.2025-09-07T16-13-09Z, en conteneur)")
    assert target.expected_failure("lire-csv", "r") is None
    assert target.expected_failure("test_unknown_access_key_error", None) is None
    target.close()
    assert not tmp_path.exists()
