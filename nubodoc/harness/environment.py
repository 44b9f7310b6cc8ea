"""The environment a Nubonyxia service gives a reader's code, rebuilt for a test run.

What the platform sets, and why the harness differs where it does, is the data of
:mod:`nubodoc.platform.variables`; this module assembles a run's environment from it:
the chart's variables, what the image's start script adds (``MC_HOST_s3``, R's
``Renviron.site`` lines, ``REQUESTS_CA_BUNDLE``), and the nearest equivalent of the
system's certificate store the harness cannot change. None of it appears in a snippet.
"""

from __future__ import annotations

import functools
import os
import shutil
import ssl
import subprocess
from pathlib import Path

from nubodoc.core.credentials import Credentials
from nubodoc.platform.variables import (
    REMOVED,
    RUN_ONLY,
    S3_VARIABLES,
    chart_variables,
    host_of,
    mc_host,
    renviron_site_lines,
    variables_table,
)

__all__ = ["REMOVED", "RUN_ONLY", "S3_VARIABLES", "host_of", "platform_variables",
           "service_environment", "variables_table"]


def platform_variables(endpoint_url: str, credentials: Credentials | None) -> dict[str, str]:
    """The chart's S3 variables and the start script's ``MC_HOST_s3`` (no keys without
    *credentials*)."""
    variables = chart_variables(endpoint_url, credentials)
    alias = mc_host(variables)
    if alias is not None:
        variables["MC_HOST_s3"] = alias
    return variables


def system_store_with(ca_bundle: Path, workdir: Path) -> Path:
    """A copy of this machine's system store followed by *ca_bundle*, in *workdir*.

    What ``update-ca-certificates`` makes of the system store in a service, where the
    platform's CA is added to it.
    """
    system = ssl.get_default_verify_paths().cafile
    store = workdir / ".nubodoc-certificats" / "ca-certificates.crt"
    store.parent.mkdir(parents=True, exist_ok=True)
    with store.open("wb") as written:
        if system:
            written.write(Path(system).read_bytes().rstrip(b"\n") + b"\n")
        written.write(ca_bundle.read_bytes())
    return store


def trust_variables(store: Path, workdir: Path) -> dict[str, str]:
    """Make every client trust *store*: as the start script does (``REQUESTS_CA_BUNDLE``),
    and in place of the system store (``SSL_CERT_FILE``, ``CURL_CA_BUNDLE``, an R profile
    for httr, whose curl package reads no variable)."""
    r_profile = workdir / ".Rprofile-nubodoc"
    r_profile.write_text(
        "local({\n"
        "  if (requireNamespace(\"httr\", quietly = TRUE)) {\n"
        f"    httr::set_config(httr::config(cainfo = {str(store)!r}))\n"
        "  }\n"
        "})\n",
        encoding="utf-8",
    )
    return {"REQUESTS_CA_BUNDLE": str(store), "SSL_CERT_FILE": str(store),
            "CURL_CA_BUNDLE": str(store), "R_PROFILE_USER": str(r_profile)}


@functools.cache
def r_site_environ() -> Path | None:
    """This machine's ``R_HOME/etc/Renviron.site`` (None without R or without the file)."""
    if shutil.which("R") is None:
        return None
    answer = subprocess.run(["R", "RHOME"], capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL, check=False)
    site = Path(answer.stdout.strip()) / "etc" / "Renviron.site"
    return site if answer.returncode == 0 and site.is_file() else None


def write_renviron_site(env: dict[str, str], workdir: Path) -> Path:
    """The run's ``Renviron.site``: this machine's, then the lines the start script adds."""
    site = workdir / ".nubodoc-R" / "Renviron.site"
    site.parent.mkdir(parents=True, exist_ok=True)
    machine = r_site_environ()
    text = machine.read_text(encoding="utf-8").rstrip("\n") + "\n" if machine else ""
    site.write_text(text + "\n".join(renviron_site_lines(env)) + "\n", encoding="utf-8")
    return site


def service_environment(
    endpoint_url: str,
    credentials: Credentials | None,
    ca_bundle: Path | None,
    workdir: Path,
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """The full environment of a run: the caller's, minus stray S3 settings, plus the platform's.

    ``HOME`` is *workdir*, and ``TMPDIR`` a folder in it, so that whatever the tools
    leave there goes with the run's folder. Where R is installed, ``R_ENVIRON`` names
    the run's ``Renviron.site``.
    """
    env = dict(os.environ if base is None else base)
    for name in (*S3_VARIABLES, "HOME"):
        env.pop(name, None)
    env["HOME"] = str(workdir)
    temporary = workdir / ".tmp"
    temporary.mkdir(exist_ok=True)
    env["TMPDIR"] = str(temporary)
    env.update(platform_variables(endpoint_url, credentials))
    if ca_bundle is not None:
        env.update(trust_variables(system_store_with(ca_bundle, workdir), workdir))
    if shutil.which("R", path=env.get("PATH")) is not None:
        env["R_ENVIRON"] = str(write_renviron_site(env, workdir))
    return env
