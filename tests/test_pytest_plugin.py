"""The pytest plugin: one item per task and language, clear skips, clear collection errors."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from .conftest import SNIPPETS


def copy_defaults(folder) -> None:
    """Copy lister-fichiers without its other tools' files: one item per language."""
    shutil.copytree(SNIPPETS / "lister-fichiers", folder,
                    ignore=shutil.ignore_patterns("snippet.*.*"))


def test_items_are_named_task_and_language(pytester):
    copy_defaults(pytester.path / "snippets" / "lister-fichiers")
    result = pytester.runpytest_subprocess("snippets", "-v", "-rs", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines([
        "*lister-fichiers[[]r[]]*",
        "*lister-fichiers[[]python[]] PASSED*",
        "*lister-fichiers[[]mc[]] SKIPPED*",
        "*SKIPPED*MinIO client 'mc' not on PATH*bash -n and the mc command check passed*",
    ])
    assert result.ret == 0


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
