"""Choose the S3 server the suite, the docs build and the CLI run against.

Every server is a *target* (see :class:`nubodoc.targets.protocol.Target`), chosen by
name: ``--s3-target`` for pytest, ``NUBODOC_TARGET`` for the docs build and the
CLI. Without a name, ``external`` when ``NUBODOC_ENDPOINT_URL`` is set, else
``sandbox``.

- ``sandbox``: moto's S3, IAM and STS in-process, over HTTPS (the default);
- ``seaweedfs``: a real S3 server, SeaweedFS's ``weed`` from PyPI, as a child process;
- ``minio``: MinIO in a container (testcontainers), where a Docker engine runs;
- ``external``: any endpoint, ``NUBODOC_ENDPOINT_URL`` and its keys, the run confined
  to ``NUBODOC_RUN_PREFIX`` by a local proxy (``confined.py``, ``confining_proxy.py``).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping

from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.targets.protocol import Target

__all__ = ["TARGETS", "UnsupportedOnTarget", "open_target", "target_name"]

TARGET_VARIABLE = "NUBODOC_TARGET"
ENDPOINT_VARIABLE = "NUBODOC_ENDPOINT_URL"

#: Target name -> "module:factory"; a factory takes the environment and returns a
#: started target.
TARGETS = {
    "sandbox": "nubodoc.targets.sandbox:open_sandbox",
    "seaweedfs": "nubodoc.targets.seaweedfs:open_seaweedfs",
    "minio": "nubodoc.targets.minio:open_minio",
    "external": "nubodoc.targets.external:open_external",
}


def target_name(environ: Mapping[str, str] | None = None, name: str | None = None) -> str:
    """The target's name: *name*, else ``NUBODOC_TARGET``, else from the endpoint variable."""
    environ = os.environ if environ is None else environ
    chosen = (name or environ.get(TARGET_VARIABLE, "")).strip()
    if not chosen:
        chosen = "external" if environ.get(ENDPOINT_VARIABLE, "").strip() else "sandbox"
    if chosen not in TARGETS:
        raise EndpointError(
            f"unknown S3 target '{chosen}' (known: {', '.join(TARGETS)})")
    return chosen


def open_target(environ: Mapping[str, str] | None = None, name: str | None = None) -> Target:
    """Start (or connect to) the chosen target; the caller closes it."""
    environ = os.environ if environ is None else environ
    module_name, factory = TARGETS[target_name(environ, name)].split(":")
    return getattr(importlib.import_module(module_name), factory)(environ)
