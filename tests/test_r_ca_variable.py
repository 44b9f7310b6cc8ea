"""The TLS section on R: base R reads CURL_CA_BUNDLE, the curl package does not."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

SCRIPT = r"""
essai <- function(expr) withCallingHandlers(
  tryCatch({ expr; cat("ok\n") }, error = function(e) cat("error:", conditionMessage(e), "\n")),
  warning = function(w) { cat(conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
cat("[url]\n"); essai(readLines(url(Sys.getenv("ADRESSE")), warn = FALSE))
cat("[download.file]\n"); essai(download.file(Sys.getenv("ADRESSE"), tempfile(), quiet = TRUE))
if (requireNamespace("curl", quietly = TRUE)) {
  cat("[curl]\n"); essai(curl::curl_fetch_memory(Sys.getenv("ADRESSE")))
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


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript not installed")
def test_base_r_reads_curl_ca_bundle_and_the_curl_package_does_not(s3_target):
    if s3_target.ca_bundle is None:
        pytest.skip(f"{s3_target.name}: the endpoint's CA is the system's, nothing to show")
    address = s3_target.endpoint_url.rstrip("/") + "/nubodoc-inexistant"
    without = run_r(address, None)
    with_variable = run_r(address, str(s3_target.ca_bundle))
    base_r = with_variable.split("[curl]")[0]
    assert "SSL" in without.split("[curl]")[0]
    assert "SSL" not in base_r and "403" in base_r, with_variable
    if "[curl]" in with_variable:
        assert "SSL" in with_variable.split("[curl]")[1], with_variable
