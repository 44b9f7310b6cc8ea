"""The embedded S3 sandbox: moto's S3, IAM and STS over HTTPS, with authentication on."""

from __future__ import annotations

from collections.abc import Mapping

from nubodoc.targets.sandbox.sandbox import Sandbox

__all__ = ["Sandbox", "open_sandbox"]


def open_sandbox(environ: Mapping[str, str] | None = None) -> Sandbox:
    """A started sandbox (the ``sandbox`` target); the caller closes it."""
    sandbox = Sandbox()
    sandbox.start()
    return sandbox
