"""The pytest plugin: one item per task and language, clear skips, clear collection errors."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SNIPPETS


def copy_defaults(folder) -> None:
    """Copy lister-fichiers without its other tools' files: one item per language."""
    shutil.copytree(SNIPPETS / "lister-fichiers", folder,
                    ignore=shutil.ignore_patterns("snippet.*.*"))


MINIO_CLIENT = ("mc version RELEASE.2025-08-13T08-35-41Z (commit-id=0)\n"
                "Runtime: go1.24.6 linux/amd64\nCopyright (c) 2015-2025 MinIO, Inc.")
MIDNIGHT_COMMANDER = "GNU Midnight Commander 4.8.30"


def fake_mc(pytester, monkeypatch, version: str, prints: str = "") -> Path:
    """Put a fake ``mc`` first on PATH (whatever the machine has); return its call log.

    It answers ``--version`` with *version*; any other call is logged and prints *prints*,
    ``{path}`` in it replaced by what its last argument names under ``s3/<bucket>/``.
    """
    folder = pytester.path / "fake-bin"
    folder.mkdir()
    log = pytester.path / "mc-calls.log"
    script = folder / "mc"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = "--version" ]; then printf \'%s\\n\' "$FAKE_MC_VERSION"; '
        'exit 0; fi\necho "mc $*" >> "$FAKE_MC_LOG"\n'
        'for last in "$@"; do :; done\n'
        'case "$last" in s3/*/*) rest="${last#s3/*/}" ;; *) rest="" ;; esac\n'
        'printf \'%s\\n\' "$FAKE_MC_PRINTS" | sed "s|{path}|$rest|g"\n',
        encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_MC_VERSION", version)
    monkeypatch.setenv("FAKE_MC_PRINTS", prints)
    monkeypatch.setenv("FAKE_MC_LOG", str(log))
    log.touch()
    return log


def test_items_are_named_task_and_language_without_minio_client(pytester, monkeypatch):
    calls = fake_mc(pytester, monkeypatch, MIDNIGHT_COMMANDER)
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    result = pytester.runpytest_subprocess("snippets", "-v", "-rs", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines([
        "*lister-fichiers[[]r[]]*",
        "*lister-fichiers[[]python[]] PASSED*",
        "*lister-fichiers[[]mc[]] SKIPPED*",
        "*SKIPPED*MinIO client 'mc' not on PATH*bash -n and the mc command check passed*",
    ])
    assert result.ret == 0
    assert calls.read_text(encoding="utf-8") == ""


def test_mc_items_run_where_minio_client_is_on_path(pytester, monkeypatch):
    calls = fake_mc(pytester, monkeypatch, MINIO_CLIENT,
                    prints="359B BPE/2019/BPE_ENS.csv\n40B BPE/2019/Note de méthode.txt\n"
                           "29B LISEZMOI.txt\nTotal Size: 428 B")
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    result = pytester.runpytest_subprocess("snippets", "-v", "-k", "mc", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*lister-fichiers[[]mc[]] PASSED*"])
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "mc ls s3/utilisateur", "mc ls --recursive --summarize s3/utilisateur/BPE/"]


GRANT_ADMIN_API = """
from nubodoc.core.capabilities import Capability
from nubodoc.targets.sandbox.sandbox import Sandbox

Sandbox.capabilities = frozenset(Capability)
"""


@pytest.mark.parametrize("admin_api", [False, True], ids=["without-admin-api", "with-admin-api"])
def test_admin_tasks_run_only_on_a_target_with_the_admin_api(pytester, monkeypatch, admin_api):
    calls = fake_mc(pytester, monkeypatch, MINIO_CLIENT,
                    prints="Access Key: CLEFACTICE\nSecret Key: [secret]\nExpiration: 2027")
    shutil.copytree(SNIPPETS / "creer-cle-permanente",
                    pytester.path / "snippets" / "creer-cle-permanente")
    if admin_api:
        pytester.makeconftest(GRANT_ADMIN_API)
    result = pytester.runpytest_subprocess("snippets", "-v", "-rs", "-p", "no:cacheprovider")
    logged = calls.read_text(encoding="utf-8")
    if admin_api:
        result.assert_outcomes(passed=1)
        assert logged.startswith("mc admin accesskey create s3/ --policy policy.json"), logged
    else:
        result.assert_outcomes(skipped=1)
        result.stdout.fnmatch_lines([
            "*SKIPPED*creer-cle-permanente needs MinIO's admin API (mc admin), which the "
            "sandbox target (le bac à sable S3 (moto *)) does not offer"])
        assert logged == ""


def test_keyword_selects_one_language(pytester):
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    result = pytester.runpytest_subprocess("snippets", "-k", "[python]", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, deselected=2)


def test_malformed_declaration_fails_alone_with_file_and_line(pytester):
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    folder = pytester.path / "snippets" / "cassee"
    folder.mkdir(parents=True)
    (folder / "task.toml").write_text('title = "x"\ncredentials = "root"\n', encoding="utf-8")
    result = pytester.runpytest_subprocess("snippets", "-k", "python or declaration",
                                           "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*snippets/cassee/task.toml:2: credentials must be one of*"])
    result.assert_outcomes(passed=1, failed=1, deselected=2)


def test_failure_report_shows_snippet_output_without_secrets(pytester):
    folder = pytester.path / "snippets" / "bavarde"
    copy_defaults(folder)
    (folder / "snippet.py").write_text(
        'import os\n\nprint("clé :", os.environ["AWS_SECRET_ACCESS_KEY"])\n'
        'raise SystemExit(os.environ["AWS_SESSION_TOKEN"])\n', encoding="utf-8")
    result = pytester.runpytest_subprocess("snippets", "-k", "[python]", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, deselected=2)
    result.stdout.fnmatch_lines(["*snippets/bavarde/snippet.py: the snippet did not do*",
                                 "*clé : [[]masqué[]]*"])
    assert result.stdout.str().count("[masqué]") >= 2


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interruption_leaves_no_server_process_or_temporary_file(pytester, tmp_path, stop):
    folder = pytester.path / "snippets" / "longue"
    copy_defaults(folder)
    (folder / "snippet.py").write_text("import time\n\ntime.sleep(120)\n", encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "snippets", "-k", "[python]", "-p", "no:cacheprovider"],
        cwd=pytester.path, env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while not list(temporary.glob("nubodoc-session-*/nubodoc-longue-python-*")):
        assert time.monotonic() < deadline, "the snippet never started"
        time.sleep(0.2)
    process.send_signal(stop)
    output, _ = process.communicate(timeout=30)
    assert "KeyboardInterrupt" in output
    assert list(temporary.iterdir()) == [], output
    snippet_processes = subprocess.run(["pgrep", "-f", str(temporary)],
                                       capture_output=True, text=True)
    assert snippet_processes.stdout.split() == []


def test_target_that_cannot_run_here_skips_every_item_with_its_reason(pytester, monkeypatch):
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{pytester.path}/no-docker.sock")
    result = pytester.runpytest_subprocess("snippets", "-rs", "-p", "no:cacheprovider",
                                           "--s3-target", "minio")
    result.assert_outcomes(skipped=3)
    result.stdout.fnmatch_lines(["*SKIPPED*snippet.py*no Docker engine*"])


DIFFERENCE_ON_SANDBOX = """
from nubodoc.targets.protocol import KnownDifference
from nubodoc.harness.execution import SnippetFailure
from nubodoc.targets.sandbox.sandbox import Sandbox

# The judged mismatch, and it alone: the report's only failure line
DIFFERENCE = KnownDifference("le bac à sable n'écrit pas LISEZMOI", SnippetFailure,
                             r"declares\\n  - stdout lacks 'LISEZMOI\\.txt'\\n--- stdout")


def expected_failure(self, task, language):
    return DIFFERENCE if language == "python" else None


Sandbox.expected_failure = expected_failure
"""

#: Task -> what its Python file does instead of lister-fichiers'.
BEHAVIOURS = {
    "la-difference": 'print("BPE/2019/BPE_ENS.csv 359 BPE/2019/Note de méthode.txt 40")\n',
    "trop-long": "import time\n\ntime.sleep(60)\n",
    "autre-ecart": 'print("LISEZMOI.txt 29 BPE/2019/Note de méthode.txt 40")\n',
    "serveur-mort": 'raise SystemExit("Could not connect to the endpoint URL")\n',
    "reussit": None,
}


def test_known_difference_expects_its_own_failure_and_no_other(pytester):
    for name, code in BEHAVIOURS.items():
        folder = pytester.path / "snippets" / name
        copy_defaults(folder)
        if name == "trop-long":
            declaration = folder / "task.toml"
            declaration.write_text("timeout = 2\n" + declaration.read_text(encoding="utf-8"),
                                   encoding="utf-8")
        if code is not None:
            (folder / "snippet.py").write_text(code, encoding="utf-8")
    pytester.makeconftest(DIFFERENCE_ON_SANDBOX)
    result = pytester.runpytest_subprocess("snippets", "-v", "-rxX", "-k", "[python]",
                                           "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines_random([
        "*la-difference[[]python[]] XFAIL*",
        "*trop-long[[]python[]] FAILED*",
        "*autre-ecart[[]python[]] FAILED*",
        "*serveur-mort[[]python[]] FAILED*",
        "*reussit[[]python[]] FAILED*",
        "*XPASS(strict)*le bac à sable n'écrit pas LISEZMOI*",
        "*still running after 2 s*",
        "*expected SnippetFailure matching*this is another failure: SnippetTimeout*",
    ])
    result.assert_outcomes(xfailed=1, failed=4, deselected=10)


PROBES = """
import pytest

from nubodoc.targets.protocol import KnownDifference
from nubodoc.pytest_plugin import expect_difference


@pytest.fixture(autouse=True)
def known_difference(request):
    expect_difference(request.node, KnownDifference(
        "le serveur répond « ancien »", AssertionError, r"^answered 'ancien'"))


def test_the_difference():
    answer = "ancien"
    assert answer == "nouveau", f"answered {answer!r}"


def test_another_answer():
    answer = "autre"
    assert answer == "nouveau", f"answered {answer!r}"


def test_dead_server():
    raise ConnectionError("answered 'ancien'")


def test_behaves_as_minio():
    assert True
"""


def test_a_probes_known_difference_is_its_assertion_only(pytester):
    pytester.makepyfile(test_probes=PROBES)
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines_random([
        "*test_the_difference XFAIL*", "*test_another_answer FAILED*",
        "*test_dead_server FAILED*", "*test_behaves_as_minio FAILED*",
        "*[[]XPASS(strict)[]] le serveur répond « ancien »*"])
    result.assert_outcomes(xfailed=1, failed=3)


def test_awkward_values_run_each_file_again_with_the_awkward_bucket(pytester, monkeypatch):
    # each run lists the folder it asks for: the task's, then the awkward value
    calls = fake_mc(pytester, monkeypatch, MINIO_CLIENT,
                    prints="{path}2019/BPE_ENS.csv {path}2019/Note de méthode.txt LISEZMOI.txt 359")
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    result = pytester.runpytest_subprocess("snippets", "-v", "-k", "mc", "--awkward-values",
                                           "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*lister-fichiers[[]mc[]] PASSED*",
                                 "*lister-fichiers[[]mc@awkward[]] PASSED*"])
    logged = calls.read_text(encoding="utf-8")
    assert "s3/utilisateur/" in logged
    assert "s3/0.valeurs-du-lecteur.2026-12-04.nubodoc.bucket-tres-long.123456/" in logged
