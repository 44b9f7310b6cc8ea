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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from outcomes import BenchRunFailed, timed_pytest
from timing import ratio, summary

from nubodoc.catalogue import discover
from nubodoc.harness.environment import service_environment
from nubodoc.harness.execution import lay_out_workdir
from nubodoc.runners import RUNNERS
from nubodoc.targets.sandbox import Sandbox

REPO = Path(__file__).resolve().parent.parent
#: The key of each ratio to the bare sum in the results.
RATIO_OF = {"pytest_serial": "ratio_serial", "pytest_n2": "ratio_n2",
            "fork_serial": "ratio_fork_serial", "fork_n2": "ratio_fork_n2"}


def runnable_tasks(language: str):
    """Tasks with a file in *language* that run on a fresh sandbox with session credentials."""
    return [task for task in discover(REPO / "snippets")
            if language in task.languages() and task.credentials == "session"
            and not task.bucket_policies]


def _bare_run(language: str, task, sandbox: Sandbox, credentials) -> float:
    """Seconds of one bare run of *task*'s file in a throwaway folder; raises if it fails."""
    runner = RUNNERS[language]
    workdir = Path(tempfile.mkdtemp(prefix="nubodoc-bench-"))
    try:
        script = lay_out_workdir(task, language, workdir)
        env = runner.prepare_environment(service_environment(
            sandbox.endpoint_url, credentials, sandbox.ca_bundle, workdir))
        started = time.perf_counter()
        answer = subprocess.run(runner.command(script, env), cwd=workdir, env=env,
                                capture_output=True, text=True, timeout=task.timeout,
                                check=False)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if answer.returncode != 0:
        raise BenchRunFailed(f"bare run of {task.name} [{language}] failed (exit status "
                             f"{answer.returncode}):\n{answer.stderr[-2000:]}")
    return seconds


def bare_runs(language: str, tasks) -> list[float]:
    """Seconds of each snippet alone, in order: each runs on a freshly seeded sandbox.

    A run that fails raises: a bare time of a snippet that did not work means nothing.
    """
    seconds = []
    with Sandbox() as sandbox:
        for task in tasks:
            credentials = sandbox.prepare(task.all_buckets(), list(task.seed))
            seconds.append(_bare_run(language, task, sandbox, credentials))
    return seconds


def bare_seconds_per_run(language: str, task, runs: int, workers: int) -> float:
    """Wall seconds of *runs* bare runs of *task*, *workers* at a time, divided by *runs*.

    The bare cost of one item when items run *workers* at a time, to set beside a suite
    run with as many workers. The sandbox is seeded once: *task* must give the same result
    run again on what it left (the generated tasks of the scaling benchmark do).
    """
    with Sandbox() as sandbox:
        credentials = sandbox.prepare(task.all_buckets(), list(task.seed))
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda _: _bare_run(language, task, sandbox, credentials),
                          range(runs)))
        return (time.perf_counter() - started) / runs


def bare_sum(language: str, tasks) -> float:
    """Seconds of the snippets alone, summed."""
    return sum(bare_runs(language, tasks))


def through_pytest(language: str, tasks, workers: int, fork_server: bool = False) -> float:
    """Wall seconds of ``pytest`` running the items of *tasks* in *language*.

    Raises :class:`BenchRunFailed` unless every item passed (none failed or skipped).
    """
    items = [f"snippets/{task.name}/task.toml::{task.name}[{language}]" for task in tasks]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *items]
    if workers > 1:
        command += ["-n", str(workers)]
    if fork_server:
        command.append("--fork-server")
    return timed_pytest(command, REPO, len(items), os.environ, timeout=1800)


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
