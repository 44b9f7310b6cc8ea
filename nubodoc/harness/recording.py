"""Run a snippet item and write its result to the store: the harness's half of the results.

:func:`run_and_record` is how pytest, ``nubodoc run`` and the docs build run an item;
the store itself (:mod:`nubodoc.results.store`) knows nothing of running.
"""

from __future__ import annotations

from botocore.exceptions import ConnectionError as ConnectionFailure
from botocore.exceptions import HTTPClientError

from nubodoc.catalogue import Task
from nubodoc.core.errors import EndpointError, UnsupportedOnTarget
from nubodoc.harness.execution import Outcome, SnippetFailure, run_task
from nubodoc.harness.shown_output import clean
from nubodoc.platform.variables import S3_VARIABLES
from nubodoc.results.store import (
    FAILED,
    PASSED,
    SKIPPED,
    Result,
    ResultStore,
    inputs_hash,
    now,
    results_dir,
)
from nubodoc.runners import RUNNERS, SnippetTimeout
from nubodoc.targets.protocol import Target


def _ran(task: Task, language: str, target: Target, outcome: Outcome, passed: bool,
         reason: str | None = None) -> Result:
    """The result of a run that happened, its output cleaned for the page."""
    extra = [name for name in outcome.variables if name not in S3_VARIABLES and name != "HOME"]
    run = outcome.result

    def shown(text: str) -> str:
        return clean(text, outcome.variables, outcome.secrets, extra)

    return Result(
        task=task.name, language=language, target=target.name,
        outcome=PASSED if passed else FAILED, inputs=inputs_hash(task, language), date=now(),
        server=target.server_label, reason=shown(reason) if reason else None,
        stdout=shown(run.stdout), stderr=shown(run.stderr), seconds=round(run.seconds, 2),
        versions=RUNNERS[language].versions(),
    )


#: What a run raises when the server itself fails: unreachable, dead, not answering
#: (botocore: no connection, or a request left without an answer).
TARGET_FAULTS = (EndpointError, ConnectionFailure, HTTPClientError)


def record_failure(task: Task, language: str, target: Target, store: ResultStore,
                   reason: str, server: bool = True) -> None:
    """Store a failed result of *task* in *language* on *target*, with *reason*.

    *server*: whether the result names the target's server (known once it is used).
    """
    store.save(Result(task.name, language, target.name, FAILED, inputs_hash(task, language),
                      now(), server=target.server_label if server else None, reason=reason,
                      versions=RUNNERS[language].versions()))


def target_fault(target: Target, exc: BaseException) -> str:
    """The reason a run failed because *target*'s server did: its name, then the error."""
    return f"the S3 target '{target.name}' failed during the run: {exc}"


def run_and_record(task: Task, language: str, target: Target,
                   store: ResultStore | None = None) -> Outcome:
    """:func:`~nubodoc.harness.execution.run_task`, its result written to the store.

    Returns the Outcome or raises as ``run_task`` does, after recording; a fault of
    the server (:data:`TARGET_FAULTS`) is recorded as a failure naming the target.
    """
    store = store or ResultStore(results_dir(task.folder.parent))
    inputs = inputs_hash(task, language)
    try:
        outcome = run_task(task, language, target)
    except SnippetFailure as exc:
        if exc.outcome is not None and exc.outcome.result is not None:
            store.save(_ran(task, language, target, exc.outcome, False, str(exc)))
        else:
            record_failure(task, language, target, store, str(exc), server=False)
        raise
    except SnippetTimeout as exc:
        record_failure(task, language, target, store, str(exc))
        raise
    except TARGET_FAULTS as exc:
        record_failure(task, language, target, store, target_fault(target, exc))
        raise
    except UnsupportedOnTarget as exc:
        store.save(Result(task.name, language, target.name, SKIPPED, inputs, now(),
                          server=target.server_label, reason=str(exc)))
        raise
    if outcome.skipped:
        kind, checked_by = RUNNERS[language].not_run()
        store.save(Result(task.name, language, target.name, kind, inputs, now(),
                          reason=outcome.skipped, checked_by=checked_by,
                          versions=RUNNERS[language].versions()))
    else:
        store.save(_ran(task, language, target, outcome, True))
    return outcome
