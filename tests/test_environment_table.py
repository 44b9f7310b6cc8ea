"""A run's environment is the platform's (nubodoc/platform/variables.py), and the testing
page's table says what differs and why: checked on the data, and on what each runner's
process really sees (R after reading its ``Renviron.site``, DuckDB's stored secrets)."""

from __future__ import annotations

import json
import os
import shutil
import ssl
from pathlib import Path

import pytest

from nubodoc.core.credentials import Credentials
from nubodoc.harness.environment import platform_variables, service_environment
from nubodoc.platform.variables import (
    DUCKDB_SECRET,
    REMOVED,
    VARIABLES,
    renviron_site_lines,
    variables_table,
)
from nubodoc.runners import RUNNERS
from nubodoc.runners.python import httpfs_extension

from .conftest import DOCS

KEYS = Credentials("ASIACLEEXEMPLE", "secret-exemple", "jeton-exemple")
TABLE_NAMES = {v.name for v in VARIABLES}
#: Left in the caller's environment on purpose: a run must not see them.
LEAKS = {"AWS_CA_BUNDLE": "/fuite/ca.pem", "AWS_PROFILE": "fuite", "MC_CONFIG_DIR": "/fuite"}


def fake_ca(folder: Path) -> Path:
    ca = folder / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\nAC-DU-SERVEUR-DE-TEST\n", encoding="utf-8")
    return ca


def test_chart_variables_are_written_as_the_secret_template_writes_them():
    variables = platform_variables("https://minio.example.org:9000", KEYS)
    assert variables["AWS_S3_ENDPOINT"] == "minio.example.org:9000"
    assert variables["AWS_ENDPOINT_URL"] == variables["S3_ENDPOINT"] == (
        "https://minio.example.org:9000/")
    assert variables["AWS_WORKING_DIRECTORY_PATH"] == "utilisateur/"
    permanent = platform_variables("https://h:1", Credentials("CLE", "SECRET"))
    assert permanent["AWS_SESSION_TOKEN"] == ""
    assert permanent["MC_HOST_s3"] == "https://CLE:SECRET:@h:1"


def test_trust_goes_through_requests_ca_bundle_and_a_system_store_copy(tmp_path: Path):
    ca = fake_ca(tmp_path)
    env = service_environment("https://h:1", KEYS, ca, tmp_path, base=dict(LEAKS))
    assert not set(LEAKS) & set(env)
    store = Path(env["REQUESTS_CA_BUNDLE"])
    assert env["SSL_CERT_FILE"] == env["CURL_CA_BUNDLE"] == str(store)
    content = store.read_bytes()
    assert content.endswith(ca.read_bytes())
    system = ssl.get_default_verify_paths().cafile
    if system:
        assert content.startswith(Path(system).read_bytes().rstrip(b"\n"))


def test_every_variable_the_harness_sets_is_in_the_table(tmp_path: Path):
    env = service_environment("https://s3.example:9000", KEYS, fake_ca(tmp_path), tmp_path,
                              base={})
    assert set(env) <= TABLE_NAMES
    assert not set(REMOVED) & set(env)


def test_the_page_shows_the_table_of_platform_environment_py():
    page = (DOCS / "comprendre" / "comment-ce-guide-est-teste.md").read_text(encoding="utf-8")
    assert variables_table() in page, (
        "docs/comprendre/comment-ce-guide-est-teste.md: the variables table differs from "
        "nubodoc.platform.variables.variables_table(); paste its output into the page")


PYTHON_PROBE = "import json, os\nprint(json.dumps(dict(os.environ)))\n"
DUCKDB_PROBE = """import json, os
import duckdb
secrets = duckdb.sql("SELECT name, storage FROM duckdb_secrets()").fetchall()
print(json.dumps({**os.environ, "DUCKDB_SECRETS": json.dumps(secrets)}))
"""
R_PROBE = """x <- as.list(Sys.getenv())
cat(paste0(names(x), "\\t", gsub("\\n", " ", unlist(x))), sep = "\\n")
"""
SHELL_PROBE = "env -0\n"


def probe(language: str, env: dict[str, str], folder: Path) -> dict[str, str]:
    """The environment a probe run by the *language* runner sees."""
    if language.startswith("python"):
        code = DUCKDB_PROBE if language == "python-duckdb" else PYTHON_PROBE
        parse = json.loads
    elif language.startswith("r"):
        code = R_PROBE
        def parse(text):
            return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)
    else:
        code = SHELL_PROBE
        def parse(text):
            return dict(item.split("=", 1) for item in text.split("\0") if "=" in item)
    script = folder / "sonde"
    script.write_text(code, encoding="utf-8")
    result = RUNNERS[language].run(script, dict(env), folder, 120, script)
    assert result.returncode == 0, result.stderr
    return parse(result.stdout)


#: One runner of each kind: Python, DuckDB (its stored secrets), R, bash for mc and the others.
PROBED = ("python", "python-duckdb", "r", "mc", "mc-rclone")


@pytest.mark.parametrize("language", PROBED)
def test_what_each_runner_sees_is_what_the_table_says(language: str, tmp_path: Path):
    if language == "r" and shutil.which("Rscript") is None:
        pytest.skip("Rscript not found on PATH: R's view of its Renviron.site not checked")
    if language == "python-duckdb" and httpfs_extension() is None:
        pytest.skip("duckdb or its httpfs extension wheel missing: DuckDB's secret not checked")
    base = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    bare_home = tmp_path / "nu"
    bare_home.mkdir()
    bare = probe(language, {**base, "HOME": str(bare_home)}, bare_home)
    run = tmp_path / "execution"
    run.mkdir()
    env = service_environment("https://127.0.0.1:9000", KEYS, fake_ca(tmp_path), run,
                              base={**base, **LEAKS})
    # R's Renviron.site wins over the process's variables, as in an RStudio session: a
    # region changed after the file was written shows whether R read it.
    given = {**env, "AWS_DEFAULT_REGION": "autre-region"} if language == "r" else env
    seen = probe(language, given, run)

    expected = {name: given[name] for name in given if name in TABLE_NAMES and name != "PATH"}
    if language == "r":
        for name, value in (line.split("=", 1) for line in renviron_site_lines(env)):
            if value:  # R skips a line with an empty value
                expected[name] = value
        assert seen.get("AWS_DEFAULT_REGION") == env["AWS_DEFAULT_REGION"], (
            "R did not read the run's Renviron.site")
    if language == "python-duckdb":
        assert json.loads(seen.pop("DUCKDB_SECRETS")) == [[DUCKDB_SECRET, "local_file"]]
    wrong = {name: (seen.get(name), value) for name, value in expected.items()
             if seen.get(name) != value}
    assert not wrong, f"{language}: variables not as the harness set them: {wrong}"
    unexplained = set(seen) - set(bare) - set(expected) - TABLE_NAMES
    assert not unexplained, (f"{language}: variables a run sees that neither the platform "
                             f"nor the table explains: {sorted(unexplained)}")
    assert not set(LEAKS) & set(seen)
