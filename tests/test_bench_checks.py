"""The benchmarks raise when what they timed did not succeed, or read something else.

No benchmark runs here: tiny pytest runs and commands stand in for the timed ones.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from types import SimpleNamespace

import pytest

from .conftest import REPO

BENCH = str(REPO / "bench")
#: Makes every item of a generated catalogue pass, fail or skip without running it.
OUTCOME_CONFTEST = """
import os

import pytest


def pytest_collection_modifyitems(items):
    outcome = os.environ["NUBODOC_FAKE_OUTCOME"]
    for item in items:
        if outcome == "skip":
            item.add_marker(pytest.mark.skip(reason="fake skip"))
        elif outcome == "fail":
            item.runtest = lambda: pytest.fail("fake failure")
        else:
            item.runtest = lambda: None
"""


@pytest.fixture(scope="module")
def bench():
    """The benchmark modules, imported as ``bench/measure.py`` imports them."""
    sys.path.insert(0, BENCH)
    try:
        yield SimpleNamespace(**{name: importlib.import_module(name) for name in
                                 ("outcomes", "overhead", "scaling", "timing", "tools")})
    finally:
        sys.path.remove(BENCH)


@pytest.fixture
def catalogue(bench, tmp_path, monkeypatch):
    """A generated catalogue of one Python task, its items' outcome set by the test."""
    snippets = bench.scaling._catalogue(tmp_path, "python", 1)
    (snippets.parent / "conftest.py").write_text(OUTCOME_CONFTEST, encoding="utf-8")
    monkeypatch.setattr(bench.overhead, "REPO", snippets.parent)
    return snippets


@pytest.mark.parametrize("outcome", ["fail", "skip"])
def test_a_failed_or_skipped_timed_run_raises(bench, catalogue, monkeypatch, outcome):
    monkeypatch.setenv("NUBODOC_FAKE_OUTCOME", outcome)
    task = SimpleNamespace(name="tache-000")
    with pytest.raises(bench.outcomes.BenchRunFailed, match=r"did not pass its 1 items"):
        bench.overhead.through_pytest("python", [task], workers=1)
    with pytest.raises(bench.outcomes.BenchRunFailed, match=r"did not pass its 1 items"):
        bench.scaling._suite_seconds(catalogue, 1, workers=1, fork_server=False)


def test_fewer_items_passed_than_timed_raises(bench, catalogue, monkeypatch):
    monkeypatch.setenv("NUBODOC_FAKE_OUTCOME", "pass")
    assert bench.scaling._suite_seconds(catalogue, 1, workers=1, fork_server=False) > 0
    with pytest.raises(bench.outcomes.BenchRunFailed, match=r"'passed': 1"):
        bench.scaling._suite_seconds(catalogue, 2, workers=1, fork_server=False)


def test_a_failed_tool_round_raises(bench, tmp_path):
    failing = [sys.executable, "-c", "import sys; sys.exit('no such bucket')"]
    with pytest.raises(bench.outcomes.BenchRunFailed, match="exit status 1"):
        bench.tools.cold_rounds(failing, {}, 2, "a tool")


def test_rounds_that_read_different_frames_raise(bench, tmp_path):
    counter = tmp_path / "count"
    script = textwrap.dedent(f"""
        import json, pathlib
        counter = pathlib.Path({str(counter)!r})
        count = int(counter.read_text()) + 1 if counter.exists() else 1
        counter.write_text(str(count))
        print(json.dumps({{"seconds": 0.1, "outcome": {{"rows": 10 * count}}}}))
    """)
    with pytest.raises(bench.outcomes.BenchRunFailed, match="did not give the same result"):
        bench.tools.cold_rounds([sys.executable, "-c", script], {}, 2, "a tool")


def test_tools_reading_different_frames_raise(bench):
    with pytest.raises(bench.outcomes.BenchRunFailed, match="polars: {'rows': 9}"):
        bench.outcomes.same_outcome({"pandas_s3fs": {"rows": 10}, "polars": {"rows": 9}},
                                    "the tools")


def test_cold_rounds_keep_min_and_max_and_the_outcome(bench):
    figure = bench.timing.measure_cold(lambda: lambda: "abc", 3, len, "a read")
    assert figure["outcome"] == 3
    assert figure["runs"] == 3 and figure["min"] <= figure["median"] <= figure["max"]
    with pytest.raises(bench.outcomes.BenchRunFailed):
        reads = iter(["abc", "abcd"])
        bench.timing.measure_cold(lambda: lambda: next(reads), 2, len, "a read")


def test_fingerprints_agree_across_formats(bench):
    import pandas as pd
    import pyarrow as pa

    as_csv = pd.DataFrame({"DEPCOM": [1001, 97000], "NB_EQUIP": [3, 4]})
    as_parquet = pa.table({"DEPCOM": ["1001", "97000"], "NB_EQUIP": [3, 4]})
    assert (bench.outcomes.frame_fingerprint(as_csv)
            == bench.outcomes.frame_fingerprint(as_parquet)
            == {"rows": 2, "columns": 2, "DEPCOM": 98001, "NB_EQUIP": 7})
