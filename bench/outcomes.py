"""What a timed run did, checked: a figure of a run that failed, skipped or read something
else than the others means nothing, so each of these raises :class:`BenchRunFailed`.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd


class BenchRunFailed(RuntimeError):
    """A timed run did not do what it was timed for."""


def timed_pytest(command: Sequence[str], cwd: Path, expected_passed: int,
                 env: Mapping[str, str], timeout: float) -> float:
    """Wall seconds of the pytest *command*, which must exit 0 with *expected_passed* items
    passed and none skipped, failed or in error (counted from pytest's JUnit XML report)."""
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-report-") as folder:
        report = Path(folder) / "report.xml"
        started = time.perf_counter()
        answer = subprocess.run([*command, f"--junitxml={report}"], cwd=cwd, env=dict(env),
                                capture_output=True, text=True, timeout=timeout, check=False)
        seconds = time.perf_counter() - started
        counts = _junit_counts(report) if report.is_file() else None
    if answer.returncode != 0 or counts is None or counts != {
            "passed": expected_passed, "skipped": 0, "failed": 0}:
        raise BenchRunFailed(
            f"timed pytest run did not pass its {expected_passed} items "
            f"(exit status {answer.returncode}, counts {counts}): {' '.join(command)}\n"
            f"{answer.stdout[-2000:]}{answer.stderr[-2000:]}")
    return seconds


def _junit_counts(report: Path) -> dict[str, int]:
    """Items passed, skipped, and failed or in error, from a JUnit XML report."""
    root = ElementTree.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {name: sum(int(suite.get(name, 0)) for suite in suites)
             for name in ("tests", "skipped", "failures", "errors")}
    failed = total["failures"] + total["errors"]
    return {"passed": total["tests"] - total["skipped"] - failed,
            "skipped": total["skipped"], "failed": failed}


def frame_fingerprint(frame) -> dict[str, float]:
    """Rows and column sums of the two benchmark columns of *frame* (pandas, polars, pyarrow
    or a DuckDB Arrow table), the same whatever the tool or the format that read it."""
    if not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas()
    return {"rows": len(frame), "columns": frame.shape[1],
            "DEPCOM": int(pd.to_numeric(frame["DEPCOM"]).sum()),
            "NB_EQUIP": int(frame["NB_EQUIP"].sum())}


def same_outcome(outcomes: Mapping[str, object], what: str) -> object:
    """The one outcome every run in *outcomes* (name -> outcome) had; raises if they differ."""
    distinct = {repr(outcome) for outcome in outcomes.values()}
    if len(distinct) != 1:
        listed = "; ".join(f"{name}: {outcome!r}" for name, outcome in outcomes.items())
        raise BenchRunFailed(f"{what}: the timed runs did not give the same result ({listed})")
    return next(iter(outcomes.values()))
