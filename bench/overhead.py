"""Harness overhead: snippet items through pytest against their bare runs.

A bare run is the same snippet file, filled in, in the same environment, run by
the same interpreter (or Rscript) against an already started and seeded sandbox:
only the snippet's own time. The items' time is pytest's wall time for the same
items, serially and with ``-n 2``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ratio, summary

from nubodoc.catalogue import discover
from nubodoc.environment import service_environment
from nubodoc.execution import lay_out_workdir
from nubodoc.runners import RUNNERS
from nubodoc.sandbox import Sandbox

REPO = Path(__file__).resolve().parent.parent
#: The key of each ratio to the bare sum in the results.
RATIO_OF = {"pytest_serial": "ratio_serial", "pytest_n2": "ratio_n2",
            "fork_serial": "ratio_fork_serial", "fork_n2": "ratio_fork_n2"}


def runnable_tasks(language: str):
    """Tasks with a file in *language* that run on a fresh sandbox with session credentials."""
    return [task for task in discover(REPO / "snippets")
            if language in task.languages() and task.credentials == "session"
            and not task.bucket_policies]


def bare_runs(language: str, tasks) -> list[float]:
    """Seconds of each snippet alone, in order: each runs on a freshly seeded sandbox.

    A run that fails raises: a bare time of a snippet that did not work means nothing.
    """
    runner = RUNNERS[language]
    seconds = []
    with Sandbox() as sandbox:
        for task in tasks:
            credentials = sandbox.prepare(task.all_buckets(), list(task.seed))
            workdir = Path(tempfile.mkdtemp(prefix="nubodoc-bench-"))
            try:
                script = lay_out_workdir(task, language, workdir)
                env = runner.prepare_environment(service_environment(
                    sandbox.endpoint_url, credentials, sandbox.ca_bundle, workdir))
                started = time.perf_counter()
                subprocess.run(runner.command(script, env), cwd=workdir, env=env,
                               capture_output=True, timeout=task.timeout, check=True)
                seconds.append(time.perf_counter() - started)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    return seconds


def bare_sum(language: str, tasks) -> float:
    """Seconds of the snippets alone, summed."""
    return sum(bare_runs(language, tasks))


def through_pytest(language: str, tasks, workers: int, fork_server: bool = False) -> float:
    """Wall seconds of ``pytest`` running the items of *tasks* in *language*."""
    items = [f"snippets/{task.name}/task.toml::{task.name}[{language}]" for task in tasks]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *items]
    if workers > 1:
        command += ["-n", str(workers)]
    if fork_server:
        command.append("--fork-server")
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, capture_output=True, timeout=1800, check=False,
                   env=dict(os.environ))
    return time.perf_counter() - started


def harness_overhead(language: str, rounds: int) -> dict | None:
    """Ratios of items through pytest to the bare sum, serially and with two workers.

    Where the language has a preloaded mode, the same with ``--fork-server``
    (keys ``fork_serial``, ``fork_n2``…). Bare runs and items alternate within
    each round, so that a noisy neighbour slows both.
    """
    runner = RUNNERS[language]
    if runner.unavailable_reason():
        return None
    tasks = runnable_tasks(language)
    runs = {"bare_sum": lambda: bare_sum(language, tasks),
            "pytest_serial": lambda: through_pytest(language, tasks, 1),
            "pytest_n2": lambda: through_pytest(language, tasks, 2)}
    if runner.has_preloaded_mode:
        runs["fork_serial"] = lambda: through_pytest(language, tasks, 1, fork_server=True)
        runs["fork_n2"] = lambda: through_pytest(language, tasks, 2, fork_server=True)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            samples[name].append(run())
    figures = {"items": len(tasks), **{name: summary(found) for name, found in samples.items()}}
    for name in runs.keys() - {"bare_sum"}:
        figures[RATIO_OF[name]] = ratio(figures[name], figures["bare_sum"])
    return figures
