"""``nubodoc record``: copy a run's results into the committed folder, masked, with their
provenance (:mod:`nubodoc.results.recorded`).

A run with a failure is refused whole; a written file holding a path of the machine, or
what a *credentials* check finds, is removed again and named.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nubodoc.catalogue import VARIANT_BY_KEY, Task
from nubodoc.harness.redaction import redact
from nubodoc.results.recorded import CommittedResults, machine_paths, recordable
from nubodoc.results.store import BUILD, FAILED, PASSED, Result, ResultStore


@dataclass
class Recording:
    """What ``nubodoc record`` did: the files written, and every problem, one a line."""

    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def selected(store: ResultStore, tasks: Iterable[Task], variants: Iterable[str] = (),
             targets: Iterable[str] = ()) -> list[tuple[Task, Result]]:
    """The current results of *store* of this machine's runs, of *variants* (keys such as
    ``r-paws``, or languages such as ``r``: all its tools) on *targets* (default: all)."""
    variants, targets = set(variants), set(targets)
    found = []
    for task in tasks:
        for variant in task.variants():
            if variants and not variants & {variant, VARIANT_BY_KEY[variant].language}:
                continue
            found += [(task, result) for result in store.current(task, variant)
                      if result.origin == BUILD and (not targets or result.target in targets)]
    return found


def _masked(result: Result) -> Result:
    """*result* with every URL's key masked (its secrets were masked when it ran)."""
    return Result(**{**asdict(result), "stdout": redact(result.stdout, ()),
                     "stderr": redact(result.stderr, ()),
                     "reason": result.reason and redact(result.reason, ())})


def record(results: list[tuple[Task, Result]], committed: CommittedResults, origin: str,
           machine_folders: tuple[Path, ...] = (),
           credentials: Callable[[list[Path]], list[str]] = lambda paths: []) -> Recording:
    """Write each passing result of *results* to *committed* as of *origin*.

    Nothing is written when one of them failed. *machine_folders* (the repository, the
    user's home) must not appear in a written file, nor what *credentials* (files ->
    problems) finds: such a file is removed.
    """
    done = Recording()
    failed = [f"{r.task}[{r.language}] on {r.target} failed: a run with a failure is not "
              "recorded (fix it, run it again)" for _, r in results if r.outcome == FAILED]
    if failed:
        done.problems = failed
        return done
    for task, result in results:
        if result.outcome != PASSED:
            continue
        path = committed.path(result.task, result.language, result.target)
        previous = path.read_bytes() if path.is_file() else None
        committed.write(recordable(_masked(result), task, origin))
        problems = machine_paths(path, machine_folders)
        problems += credentials([path]) if not problems else []
        if problems:
            _restore(path, previous)
            done.problems += problems
        else:
            done.written.append(path)
    return done


def _restore(path: Path, previous: bytes | None) -> None:
    """Put back the committed file *path* as it was (*previous*; None: there was none)."""
    if previous is None:
        path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()
    else:
        path.write_bytes(previous)
