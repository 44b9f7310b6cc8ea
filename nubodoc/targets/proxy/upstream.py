"""The real endpoint behind the confining proxy: every request re-signed with its keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

import requests
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials
from botocore.utils import percent_encode_sequence

from nubodoc.core.credentials import Credentials
from nubodoc.targets.proxy.sigv4 import S3Signer
from nubodoc.targets.proxy.streaming import UpstreamBody

TIMEOUT = (10, 120)


class Upstream:
    """The real endpoint, reached with the real credentials; every request re-signed."""

    def __init__(self, endpoint_url: str, credentials: Credentials, ca_bundle: Path | None):
        self.endpoint_url = endpoint_url.rstrip("/")
        self._credentials = BotoCredentials(credentials.access_key_id,
                                            credentials.secret_access_key,
                                            credentials.session_token)
        self._session = requests.Session()
        self._session.trust_env = False
        self._verify = str(ca_bundle) if ca_bundle else True

    def send(self, method: str, path: str, query: list[tuple[str, str]],
             headers: dict[str, str], body: bytes | UpstreamBody = b"",
             payload_hash: str = "") -> requests.Response:
        """Sign and send *method* on ``/<path>`` (bucket/key, not encoded); stream the answer.

        A streamed *body* comes with its *payload_hash* (a SHA-256 already known, or
        one of the ``UNSIGNED`` markers); a bytes body is hashed here if none is given.
        """
        url = f"{self.endpoint_url}/{quote(path, safe='/~')}"
        if query:
            url += "?" + percent_encode_sequence(query)
        if not payload_hash:
            payload_hash = hashlib.sha256(body).hexdigest()
        request = AWSRequest(method=method, url=url, headers=dict(headers))
        S3Signer(self._credentials, payload_hash).add_auth(request)
        return self._session.request(method, url, headers=dict(request.headers),
                                     data=body or None, stream=True, timeout=TIMEOUT,
                                     verify=self._verify,
                                     allow_redirects=False)

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()
