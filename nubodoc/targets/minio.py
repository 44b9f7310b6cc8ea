"""The ``minio`` target: MinIO itself, in a container, where a Docker engine runs.

The container (testcontainers) serves HTTPS with a certificate from a throwaway CA
(trustme), mounted in MinIO's certificates folder. The harness holds the root
credentials; readers get temporary credentials from MinIO's STS (AssumeRole signed
by a MinIO user whose policy is the reader's), as on the platform. Users, policies
and service accounts are made with the ``mc`` client the server image ships, run
inside the container (``docker exec``): nothing of MinIO is downloaded or vendored.

Without a Docker engine, opening the target raises UnsupportedOnTarget ("no Docker
engine: …"), so that the items are skipped, saying why.
"""

from __future__ import annotations

import atexit
import json
import re
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from nubodoc.core.capabilities import Capability
from nubodoc.core.credentials import REGION, Credentials
from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.core.temporary import temporary_folder
from nubodoc.platform.shape import PlatformShape
from nubodoc.targets.certificates import ThrowawayCA
from nubodoc.targets.clients import s3_client
from nubodoc.targets.protocol import Behaviour, KnownDifference
from nubodoc.targets.seeding import seed_buckets

#: MinIO stopped publishing community images in 2025 and Docker Hub's ``minio/minio``
#: went away in 2026-09; the frozen tags on quay.io (the last community release,
#: below) are what users pin now. Chainguard's rebuild (cgr.dev/chainguard/minio)
#: offers only ``latest`` for free and lacks ``mc``, which the harness uses.
IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"
IMAGE_VARIABLE = "NUBODOC_MINIO_IMAGE"
PORT = 9000
CERTS_DIR = "/nubodoc/certs"
MC_CONFIG_DIR = "/nubodoc/mc"
ADMIN_USER = "nubodoc-harness"
SESSION_SECONDS = 24 * 3600
STARTUP_SECONDS = 120
#: Hosts the certificate is valid for: the published port on this machine, and the
#: container's name on a CI network.
CERT_HOSTS = ("localhost", "127.0.0.1", "::1", "minio")
_RELEASE = re.compile(r"RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
_ANY_ROLE = "arn:minio:iam:::role/nubodoc"


def certificate_hosts(environ: Mapping[str, str]) -> tuple[str, ...]:
    """:data:`CERT_HOSTS`, plus the Docker engine's host when it is remote (CI's ``docker``).

    Published ports are reached on ``TESTCONTAINERS_HOST_OVERRIDE``, else on
    ``DOCKER_HOST``'s host name.
    """
    override = environ.get("TESTCONTAINERS_HOST_OVERRIDE", "").strip()
    remote = override or urlsplit(environ.get("DOCKER_HOST", "")).hostname or ""
    return CERT_HOSTS if not remote or remote in CERT_HOSTS else (*CERT_HOSTS, remote)


def pinned_image(environ: Mapping[str, str]) -> str:
    """The image to run: ``NUBODOC_MINIO_IMAGE`` or :data:`IMAGE`; refused unless pinned.

    Pinned means a ``RELEASE.…`` tag or a ``@sha256:`` digest; never ``latest``.
    """
    image = environ.get(IMAGE_VARIABLE, "").strip() or IMAGE
    if not (_RELEASE.search(image.rpartition(":")[2]) or _DIGEST.search(image)):
        raise EndpointError(
            f"{IMAGE_VARIABLE}={image}: pin a MinIO release (…:RELEASE.2025-09-07T16-13-09Z) "
            "or a digest (…@sha256:…), not a moving tag")
    return image


def image_release(image: str) -> str:
    """What a page says of the server: its MinIO release, or the digest's first characters."""
    found = _RELEASE.search(image)
    if found:
        return found.group()
    return "image " + image.rpartition("@sha256:")[2][:12]


@dataclass(frozen=True)
class TlsFiles:
    """The throwaway CA and the server's certificate and key, as MinIO wants them."""

    ca_bundle: Path
    public_crt: Path
    private_key: Path


def write_tls_files(folder: Path, hosts: tuple[str, ...] = CERT_HOSTS) -> TlsFiles:
    """Create a CA and a certificate for *hosts*; write ``public.crt``, ``private.key``."""
    files = TlsFiles(folder / "minio-ca.pem", folder / "public.crt", folder / "private.key")
    ThrowawayCA("MinIO", files.ca_bundle, hosts).write_server_files(
        files.public_crt, files.private_key, chain=True)
    return files


@dataclass(frozen=True)
class ContainerSpec:
    """Everything the container is started with; built without a Docker engine."""

    image: str
    root: Credentials
    tls: TlsFiles
    port: int = PORT
    env: dict[str, str] = field(default_factory=dict)

    @property
    def command(self) -> list[str]:
        """MinIO's command line: one drive, HTTPS with the mounted certificates."""
        return ["server", "/data", "--address", f":{self.port}", "--certs-dir", CERTS_DIR]

    @property
    def files(self) -> list[tuple[Path, str]]:
        """Host files copied into the container before it starts (works with remote engines)."""
        return [(self.tls.public_crt, f"{CERTS_DIR}/public.crt"),
                (self.tls.private_key, f"{CERTS_DIR}/private.key"),
                (self.tls.ca_bundle, f"{MC_CONFIG_DIR}/certs/CAs/nubodoc-ca.pem")]

    def container(self):
        """A testcontainers container for this spec (needs a Docker engine)."""
        from testcontainers.core.container import DockerContainer
        from testcontainers.core.wait_strategies import HttpWaitStrategy

        container = DockerContainer(self.image, command=self.command, env=dict(self.env),
                                    ports=[self.port])
        for source, destination in self.files:
            container.with_copy_into_container(source, destination, 0o600)
        # The probe only waits for readiness; clients verify the certificate.
        return container.waiting_for(
            HttpWaitStrategy(self.port, "/minio/health/ready").using_tls(insecure=True)
            .with_startup_timeout(STARTUP_SECONDS))


def container_spec(image: str, tls: TlsFiles) -> ContainerSpec:
    """The container's configuration, with fresh random root credentials."""
    root = Credentials(ADMIN_USER, secrets.token_urlsafe(24))
    return ContainerSpec(image=image, root=root, tls=tls, env={
        "MINIO_ROOT_USER": root.access_key_id,
        "MINIO_ROOT_PASSWORD": root.secret_access_key,
        "MINIO_SITE_REGION": REGION,
        "MINIO_BROWSER": "off",
        "MINIO_UPDATE": "off",
    })


def docker_engine():
    """A client of the local Docker engine; UnsupportedOnTarget when none answers."""
    try:
        import docker

        client = docker.from_env(timeout=10)
        client.ping()
    except ImportError as exc:
        raise UnsupportedOnTarget(
            f"no Docker engine: the minio target needs the 'minio' extra ({exc})") from None
    except Exception as exc:  # docker raises DockerException, requests' errors, OSError
        raise UnsupportedOnTarget(f"no Docker engine: {exc}") from None
    return client


def _reader_policy(denied_buckets: list[str]) -> dict:
    """All of S3, except the *denied_buckets* (shared buckets reached with other keys)."""
    statements = [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::*"]}]
    if denied_buckets:
        statements.append({"Effect": "Deny", "Action": ["s3:*"], "Resource": [
            f"arn:aws:s3:::{name}{suffix}" for name in denied_buckets for suffix in ("", "/*")]})
    return {"Version": "2012-10-17", "Statement": statements}


class MinioTarget:
    """A MinIO container: root key for the harness, STS credentials for readers."""

    name = "minio"
    #: The reference server, ours in a container: it can do everything.
    capabilities = frozenset(Capability)

    def __init__(self, spec: ContainerSpec, workdir: Path):
        self.spec = spec
        self.server_label = f"le serveur MinIO ({image_release(spec.image)}, en conteneur)"
        self.ca_bundle = spec.tls.ca_bundle
        self._workdir = workdir
        self._container = None
        self._users: dict[tuple[str, ...], Credentials] = {}
        #: The user whose STS credentials the last prepare() gave the reader.
        self._reader: Credentials | None = None
        self.endpoint_url = ""

    def start(self) -> None:
        """Start the container and wait until MinIO is ready; registers the cleanup."""
        atexit.register(self.close)
        self._container = self.spec.container()
        self._container.start()
        host = self._container.get_container_host_ip()
        self.endpoint_url = f"https://{host}:{self._container.get_exposed_port(self.spec.port)}"

    def _mc(self, *arguments: str) -> str:
        """Run ``mc`` inside the container against the server itself; its output."""
        from testcontainers.core.container import ExecConfig

        root = self.spec.root
        environment = {"MC_HOST_local": f"https://{root.access_key_id}:"
                       f"{root.secret_access_key}@localhost:{self.spec.port}"}
        command = ["mc", "--config-dir", MC_CONFIG_DIR, *arguments]
        result = self._container.exec(ExecConfig(command=command, environment=environment))
        output = result.output.decode("utf-8", "replace")
        if result.exit_code:
            raise EndpointError(f"minio: mc {' '.join(arguments[:3])} failed: {output[-300:]}")
        return output

    def _user(self, policy: dict, name: str) -> Credentials:
        """A new MinIO user whose only rights are *policy*."""
        path = f"/tmp/{name}.json"
        self._container.copy_into_container(json.dumps(policy).encode(), path)
        keys = Credentials(name, secrets.token_urlsafe(24))
        self._mc("admin", "user", "add", "local", keys.access_key_id, keys.secret_access_key)
        self._mc("admin", "policy", "create", "local", name, path)
        self._mc("admin", "policy", "attach", "local", name, "--user", name)
        return keys

    def _assume_role(self, user: Credentials) -> Credentials:
        """Temporary credentials from MinIO's STS, signed by *user* (no role needed)."""
        import boto3

        sts = boto3.client("sts", endpoint_url=self.endpoint_url, region_name=REGION,
                           aws_access_key_id=user.access_key_id,
                           aws_secret_access_key=user.secret_access_key,
                           verify=str(self.ca_bundle))
        answer = sts.assume_role(RoleArn=_ANY_ROLE, RoleSessionName="utilisateur",
                                 DurationSeconds=SESSION_SECONDS)["Credentials"]
        return Credentials(answer["AccessKeyId"], answer["SecretAccessKey"],
                           answer["SessionToken"], answer["Expiration"])

    def admin_client(self):
        """A boto3 S3 client with MinIO's root credentials."""
        return s3_client(self.endpoint_url, self.spec.root, self.ca_bundle)

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Empty and seed *buckets*; STS credentials refused on *denied_buckets*."""
        seed_buckets(self.admin_client(), buckets, objects)
        denied = tuple(sorted(denied_buckets))
        if denied not in self._users:
            self._users[denied] = self._user(_reader_policy(list(denied)),
                                             f"lecteur-{len(self._users) + 1}")
        self._reader = self._users[denied]
        return self._assume_role(self._reader)

    def reader_access_key(self, access_key: str) -> None:
        """A permanent key named *access_key* whose parent is the reader of the last prepare().

        The reader's STS credentials manage it as their own (``mc admin accesskey info``,
        ``edit``, ``disable``, ``rm``). A key of that name left by an earlier run (one the
        snippet did not get to remove) is removed first.
        """
        if self._reader is None:
            raise EndpointError("minio: reader_access_key() before prepare()")
        existing = self._mc("admin", "accesskey", "ls", "local", self._reader.access_key_id)
        if access_key in existing:
            self._mc("admin", "accesskey", "rm", "local", access_key)
        self._mc("admin", "accesskey", "create", "local", self._reader.access_key_id,
                 "--access-key", access_key, "--secret-key", secrets.token_urlsafe(24))

    def service_account(self, policy: dict) -> Credentials:
        """Permanent keys of a new MinIO user whose only rights are *policy*."""
        return self._user(policy, f"compte-de-service-{secrets.token_hex(4)}")

    def expired_credentials(self) -> Credentials:
        """Temporary credentials whose parent user is gone: MinIO no longer knows the key.

        STS credentials last at least 15 minutes; removing their user has the same
        effect as their expiry (MinIO purges the temporary user).
        """
        name = f"expire-{secrets.token_hex(4)}"
        temporary = self._assume_role(self._user(_reader_policy([]), name))
        self._mc("admin", "user", "remove", "local", name)
        return temporary

    def take_shape(self, shape: PlatformShape) -> None:
        """Keep *shape* (buckets are named by the task, shaped before :meth:`prepare`); MinIO's
        credentials and their lifetime are its own."""
        self.shape = shape

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """None: MinIO is the reference server."""
        return None

    def behaviour_difference(self, behaviour: Behaviour) -> KnownDifference | None:
        """None: MinIO is the reference server."""
        return None

    def close(self) -> None:
        """Stop and remove the container; delete the certificates."""
        try:
            if self._container is not None:
                self._container.stop()
                self._container = None
        finally:
            shutil.rmtree(self._workdir, ignore_errors=True)
            atexit.unregister(self.close)


def open_minio(environ: Mapping[str, str]) -> MinioTarget:
    """A started MinIO container (the ``minio`` target); the caller closes it."""
    image = pinned_image(environ)
    workdir = temporary_folder("nubodoc-minio-")
    target = None
    try:
        spec = container_spec(image, write_tls_files(workdir, certificate_hosts(environ)))
        docker_engine().close()
        target = MinioTarget(spec, workdir)
        target.start()
    except BaseException:
        if target is not None:
            target.close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return target
