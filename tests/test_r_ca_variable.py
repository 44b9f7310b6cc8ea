"""The TLS section on R: base R reads CURL_CA_BUNDLE; the curl package (httr, aws.s3) reads
it on Linux from its version 5.2.0 only (jeroen/curl, NEWS, tag v5.2.0)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = r"""
essai <- function(expr) withCallingHandlers(
  tryCatch({ expr; cat("ok\n") }, error = function(e) cat("error:", conditionMessage(e), "\n")),
  warning = function(w) { cat(conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
cat("[url]\n"); essai(readLines(url(Sys.getenv("ADRESSE")), warn = FALSE))
cat("[download.file]\n"); essai(download.file(Sys.getenv("ADRESSE"), tempfile(), quiet = TRUE))
if (requireNamespace("curl", quietly = TRUE)) {
  cat("[curl]", as.character(packageVersion("curl")), "\n")
  essai(curl::curl_fetch_memory(Sys.getenv("ADRESSE")))
}
"""


def run_r(address: str, ca_bundle: str | None) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CURL_CA_BUNDLE", "SSL_CERT_FILE", "R_PROFILE_USER")}
    env["ADRESSE"] = address
    if ca_bundle:
        env["CURL_CA_BUNDLE"] = ca_bundle
    done = subprocess.run(["Rscript", "--vanilla", "-e", SCRIPT], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    return done.stdout + done.stderr


#: The first version of R's curl package that reads CURL_CA_BUNDLE outside Windows.
CURL_READS_THE_VARIABLE = (5, 2, 0)


def curl_part(output: str) -> tuple[tuple[int, ...], str] | None:
    """(curl's version, what its fetch gave) from *output*, or None without curl."""
    if "[curl]" not in output:
        return None
    version, _, answer = output.split("[curl]")[1].strip().partition("\n")
    return tuple(int(part) for part in version.split(".")[:3]), answer


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript not installed")
def test_base_r_reads_curl_ca_bundle_and_curl_from_5_2_0(s3_target):
    if s3_target.ca_bundle is None:
        pytest.skip(f"{s3_target.name}: the endpoint's CA is the system's, nothing to show")
    address = s3_target.endpoint_url.rstrip("/") + "/nubodoc-inexistant"
    without = run_r(address, None)
    with_variable = run_r(address, str(s3_target.ca_bundle))
    base_r = with_variable.split("[curl]")[0]
    assert "SSL" in without.split("[curl]")[0]
    assert "SSL" not in base_r and "403" in base_r, with_variable
    curl = curl_part(with_variable)
    if curl is None:
        return
    version, answer = curl
    if version >= CURL_READS_THE_VARIABLE:
        assert "SSL" not in answer and "ok" in answer, f"curl {version}: {with_variable}"
    else:
        assert "SSL" in answer, f"curl {version} (before 5.2.0): {with_variable}"


def test_the_guide_states_from_which_curl_version_r_reads_the_variable():
    page = Path(__file__).parents[1] / "docs" / "guides" / "utiliser-depuis-un-service.md"
    text = page.read_text(encoding="utf-8")
    assert "5.2.0" in text and "jeroen/curl" in text
