"""Benchmarks of the harness: the costs every test item and every docs build pays.

Run with ``nox -s bench``. Targets (on the project's 2-core machine): sandbox start
and stop under 1 s, reset and reseed under 0.5 s, a Python snippet item under 3 s.
They are checked here, in benchmarks, never in timed tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nubodoc.catalogue import load_task
from nubodoc.execution import run_task
from nubodoc.sandbox import Sandbox

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
TARGET_SECONDS = {"start_stop": 1.0, "prepare": 0.5, "python_item": 3.0}


def check_target(benchmark, name: str) -> None:
    mean = benchmark.stats.stats.mean
    assert mean < TARGET_SECONDS[name], f"{name}: {mean:.2f} s, target {TARGET_SECONDS[name]} s"


def test_sandbox_start_and_stop(benchmark):
    def start_stop():
        sandbox = Sandbox()
        sandbox.start()
        sandbox.close()

    benchmark.pedantic(start_stop, rounds=5, iterations=1)
    check_target(benchmark, "start_stop")


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as running:
        yield running


def test_reset_and_reseed(benchmark, sandbox):
    task = load_task(SNIPPETS / "lire-csv")
    benchmark.pedantic(sandbox.prepare, args=(task.all_buckets(), list(task.seed)),
                       rounds=10, iterations=1)
    check_target(benchmark, "prepare")


def test_python_snippet_item(benchmark, sandbox):
    task = load_task(SNIPPETS / "lire-csv")
    benchmark.pedantic(run_task, args=(task, "python", sandbox), rounds=3, iterations=1)
    check_target(benchmark, "python_item")
