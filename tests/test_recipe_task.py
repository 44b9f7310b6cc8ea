"""The maintainers' recipe « add a task », done: ``nubodoc new`` in a snippets folder, and
the suite runs the new task's items on the sandbox as they are."""

from __future__ import annotations

import re

from nubodoc.cli import main
from nubodoc.runners import RUNNERS


def test_a_new_task_runs_on_the_sandbox_as_created(pytester, monkeypatch):
    # The plugin collects task.toml files of a folder named « snippets ».
    assert main(["--snippets", str(pytester.path / "snippets"), "new", "ma-tache"]) == 0
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(pytester.path / "resultats"))
    monkeypatch.delenv("NUBODOC_TARGET", raising=False)
    monkeypatch.delenv("NUBODOC_ENDPOINT_URL", raising=False)

    result = pytester.runpytest_subprocess("snippets", "-v", "-rs", "-p", "no:cacheprovider")
    runnable = {key for key in ("r", "python", "mc") if RUNNERS[key].unavailable_reason() is None}
    result.assert_outcomes(passed=len(runnable), skipped=3 - len(runnable))
    assert "python" in runnable, RUNNERS["python"].unavailable_reason()
    for key in runnable:
        result.stdout.fnmatch_lines([f"*ma-tache?{key}?*PASSED*"])
        assert (pytester.path / "resultats" / f"ma-tache.{key}.sandbox.json").is_file()
    skipped = re.findall(r"SKIPPED \[1\] .*", result.stdout.str())
    assert len(skipped) == 3 - len(runnable), result.stdout.str()
