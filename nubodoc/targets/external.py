"""The ``external`` target: an S3 endpoint we do not own.

A real endpoint named by ``NUBODOC_ENDPOINT_URL`` (a MinIO container, a test bucket on
the platform), reached
with the credentials in ``NUBODOC_ACCESS_KEY_ID``, ``NUBODOC_SECRET_ACCESS_KEY``
and, for temporary credentials, ``NUBODOC_SESSION_TOKEN``; ``NUBODOC_CA_BUNDLE``
names the CA to trust if the system's store does not hold it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError

from nubodoc.credentials import Credentials, empty_and_seed, s3_client
from nubodoc.errors import EndpointError, UnsupportedOnTarget

ENDPOINT_VARIABLE = "NUBODOC_ENDPOINT_URL"


class RemoteEndpoint:
    """A real S3 endpoint; the harness may create and empty the buckets tasks declare."""

    name = "external"

    def __init__(self, endpoint_url: str, credentials: Credentials, ca_bundle: Path | None):
        self.endpoint_url = endpoint_url.rstrip("/")
        self.credentials = credentials
        self.ca_bundle = ca_bundle
        self.server_label = f"le serveur S3 {urlsplit(self.endpoint_url).hostname}"
        self._client = s3_client(self.endpoint_url, credentials, ca_bundle)
        self._check_reachable()

    def _check_reachable(self) -> None:
        try:
            self._client.list_buckets()
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            raise EndpointError(
                f"{ENDPOINT_VARIABLE}={self.endpoint_url}: credentials refused ({code}); "
                "temporary credentials last 24 h: renew NUBODOC_ACCESS_KEY_ID, "
                "NUBODOC_SECRET_ACCESS_KEY and NUBODOC_SESSION_TOKEN"
            ) from None
        except BotoCoreError as exc:
            raise EndpointError(
                f"{ENDPOINT_VARIABLE}={self.endpoint_url}: endpoint unreachable ({exc})"
            ) from None

    def admin_client(self):
        """The client built from the configured credentials."""
        return self._client

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Create or empty the task's buckets, write its seed objects.

        The configured credentials are used as they are: *denied_buckets* cannot be enforced.
        """
        empty_and_seed(self._client, buckets, objects)
        return self.credentials

    def service_account(self, policy: dict) -> Credentials:
        """Not available: creating keys needs MinIO's admin API."""
        raise UnsupportedOnTarget(
            f"{self.endpoint_url}: service accounts are only created by the sandbox")

    def expired_credentials(self) -> Credentials:
        """Not available: a real endpoint's credentials expire on their own schedule."""
        raise UnsupportedOnTarget(
            f"{self.endpoint_url}: expired credentials are only simulated by the sandbox")

    def expected_failure(self, task: str, language: str) -> str | None:
        """None: an endpoint we do not own is judged as MinIO would be."""
        return None

    def close(self) -> None:
        """Nothing to release."""


def open_external(environ: Mapping[str, str]) -> RemoteEndpoint:
    """The endpoint ``NUBODOC_ENDPOINT_URL`` names, reached with its keys; checked at once."""
    endpoint = environ.get(ENDPOINT_VARIABLE, "").strip()
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
    return RemoteEndpoint(endpoint, credentials, Path(ca) if ca else None)
