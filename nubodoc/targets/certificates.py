"""The throwaway certificate authority of a server the kit starts (trustme), in one place.

Every server the kit serves or starts (the sandbox, the confining proxy, SeaweedFS,
MinIO) speaks HTTPS with a certificate from a CA made for the run; clients are given
that CA's certificate (``ca_bundle``), never ``verify=False``.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import trustme

#: The names a server on this machine answers to.
LOCAL_HOSTS = ("127.0.0.1", "localhost")


class ThrowawayCA:
    """A CA for one run, its certificate written to *ca_bundle*, and one server certificate."""

    def __init__(self, name: str, ca_bundle: Path, hosts: tuple[str, ...] = LOCAL_HOSTS):
        self._authority = trustme.CA(organization_name=f"nubodoc {name} CA")
        self.ca_bundle = ca_bundle
        self._authority.cert_pem.write_to_path(str(ca_bundle))
        self._certificate = self._authority.issue_cert(*hosts)

    def server_context(self) -> ssl.SSLContext:
        """A TLS server context presenting the server certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._certificate.configure_cert(context)
        return context

    def write_server_files(self, certificate: Path, private_key: Path,
                           chain: bool = False) -> None:
        """Write the server certificate (with its chain if *chain*) and its private key."""
        pems = self._certificate.cert_chain_pems if chain else self._certificate.cert_chain_pems[:1]
        certificate.write_bytes(b"".join(blob.bytes() for blob in pems))
        self._certificate.private_key_pem.write_to_path(str(private_key))
