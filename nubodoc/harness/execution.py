"""Run one task in one language against an S3 target and judge what it did."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nubodoc.catalogue import Task
from nubodoc.core.capabilities import unmet_needs
from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import NubodocError, UnsupportedOnTarget
from nubodoc.core.request_log import RequestLog
from nubodoc.core.temporary import session_root, temporary_folder
from nubodoc.harness.dependencies import dependency_failures, failure_pattern
from nubodoc.harness.environment import S3_VARIABLES, service_environment
from nubodoc.harness.judging import judge
from nubodoc.harness.redaction import redact
from nubodoc.runners import RUNNERS, RunResult
from nubodoc.targets.protocol import KnownDifference, Target


class SnippetFailure(NubodocError):
    """A snippet ran but did not do what its task declares; the message is the report.

    ``outcome`` holds the run (output, secrets, variables) when the snippet ran.
    """

    def __init__(self, message: str, outcome: Outcome | None = None):
        super().__init__(message)
        self.outcome = outcome


@dataclass
class Outcome:
    """What happened to one task in one language."""

    task: Task
    language: str
    skipped: str | None = None
    result: RunResult | None = None
    secrets: list[str] = field(default_factory=list)
    #: The run's S3 variables, extra keys and ``HOME`` (its working folder, now removed).
    variables: dict[str, str] = field(default_factory=dict)


def static_problems(task: Task, language: str) -> list[str]:
    """Problems found in the task's file for *language* without running it.

    The check reads the file with its placeholders filled in, as it will run
    (``s3/<mon_bucket>`` is a redirection to bash); messages name the real file.
    """
    snippet = task.snippet_path(language)
    with tempfile.TemporaryDirectory(prefix="nubodoc-check-", dir=session_root()) as folder:
        filled = Path(folder) / snippet.name
        filled.write_text(task.fill_placeholders(snippet.read_text(encoding="utf-8"),
                                                variant=language),
                          encoding="utf-8")
        problems = RUNNERS[language].static_problems(filled)
    return [problem.replace(str(filled), str(snippet)) for problem in problems]


@dataclass(frozen=True)
class RunCredentials:
    """What a run is given: the service's credentials, extra variables, run-time placeholders."""

    service: Credentials | None
    #: Extra environment variables (a service account's keys).
    variables: dict[str, str] = field(default_factory=dict)
    #: Placeholders filled at run time (fresh credentials for ``[renewal]``).
    placeholders: dict[str, str] = field(default_factory=dict)
    #: Every value of the run that must never be shown.
    secrets: list[str] = field(default_factory=list)
    #: What the reader types at the snippet's prompts (fresh credentials, one a line).
    typed: str = ""


def _credentials_for(task: Task, target: Target) -> RunCredentials:
    """The credentials of the run: in the service's environment, and given otherwise."""
    service, variables, fresh = _given_credentials(task, target)
    secrets = (service.secrets() if service else []) + list(variables.values())
    secrets += fresh.secrets() if fresh else []
    placeholders = task.renewal.values(fresh) if task.renewal and fresh else {}
    typed = task.renewal.typed(fresh) if task.renewal and fresh else ""
    return RunCredentials(service, variables, placeholders, secrets=secrets, typed=typed)


def _given_credentials(task: Task, target: Target):
    """(service's credentials, extra variables, fresh credentials for ``[renewal]``)."""
    account = task.service_account
    denied = account.buckets() if account else []
    session = target.prepare(task.all_buckets(), list(task.seed), denied_buckets=denied)
    for bucket, policy in task.bucket_policies:
        target.admin_client().put_bucket_policy(Bucket=bucket, Policy=policy)
    for access_key in task.reader_access_keys:
        target.reader_access_key(access_key)
    if task.credentials == "expired":
        return target.expired_credentials(), {}, None
    if task.renewal is not None and task.renewal.expires_after_writes:
        return expiring_mid_run(target, session, task.renewal.expires_after_writes)
    if task.credentials == "renewal":
        return target.expired_credentials(), {}, session
    if task.credentials == "anonymous":
        return None, {}, None
    if account is not None:
        keys = target.service_account(account.policy)
        return session, {account.access_key_variable: keys.access_key_id,
                         account.secret_key_variable: keys.secret_access_key}, None
    return session, {}, None


def expiring_mid_run(target: Target, session: Credentials, writes: int):
    """(*session*, no variables, fresh credentials): *session* expires at the server after
    *writes* successful writes, where the target records requests (the sandbox)."""
    log = getattr(target, "requests", None)
    if not isinstance(log, RequestLog):
        raise UnsupportedOnTarget(
            f"credentials that expire in the middle of a run need a target that sees each "
            f"write, which the {target.name} target ({target.server_label}) does not")
    log.expire_after(session.access_key_id, writes, target.forget_credentials)
    return session, {}, target.session_credentials()


def lay_out_workdir(task: Task, language: str, workdir: Path,
                    at_run_time: dict[str, str] | None = None) -> Path:
    """Write *task*'s file for *language*, placeholders filled, and its local files; return it.

    *at_run_time* fills the placeholders known only when the run starts (fresh keys).
    Local files are dated to the whole second, as if written before the run: a server
    that dates objects to the second (SeaweedFS, AWS; MinIO keeps milliseconds) would
    otherwise list a file uploaded in the second it was written as older than the
    file, and ``aws s3 sync`` would send it again, or not, by chance.
    """
    snippet = task.snippet_path(language)
    script = workdir / snippet.name
    script.write_text(task.fill_placeholders(snippet.read_text(encoding="utf-8"), at_run_time,
                                             variant=language),
                      encoding="utf-8")
    whole_second = int(time.time())
    for local in task.local:
        (workdir / local.path).parent.mkdir(parents=True, exist_ok=True)
        (workdir / local.path).write_bytes(local.body)
        os.utime(workdir / local.path, (whole_second, whole_second))
    return script


def run_task(task: Task, language: str, target: Target) -> Outcome:
    """Check, then run, *task*'s *language* snippet against *target* and judge it.

    Returns an Outcome (with ``skipped`` set when the language cannot run here);
    raises UnsupportedOnTarget, once the file is checked, when *task* needs what
    *target* lacks (:func:`~nubodoc.core.capabilities.unmet_needs`), and SnippetFailure with
    a redacted report when the snippet misbehaves.
    """
    runner = RUNNERS[language]
    snippet = task.snippet_path(language)
    reason = (runner.unavailable_reason()
              or (task.renewal and runner.cannot_read_typed_reason())
              or runner.unusable_buckets_reason(task.all_buckets()))
    lacking = None if reason else unmet_needs(task, target)
    if reason or lacking or not runner.checked_by_running:
        _fail_on_static_problems(task, language)
    if reason:
        return Outcome(task, language, skipped=reason)
    if lacking:
        raise UnsupportedOnTarget(lacking)
    given = _credentials_for(task, target)
    credentials, extra, secrets = given.service, given.variables, given.secrets
    workdir = temporary_folder(f"nubodoc-{task.name}-{language}-")
    try:
        script = lay_out_workdir(task, language, workdir, given.placeholders)
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir)
        env.update(extra)
        variables = {k: env[k] for k in (*S3_VARIABLES, *extra, "HOME") if k in env}
        result = runner.run(script, env, workdir, task.timeout, shown_as=snippet,
                            typed=given.typed)
        renewed_with = (given.placeholders.get(task.renewal.access_key)
                        if task.renewal else None)
        failures = judge(task.expectations[language], result, target, workdir, renewed_with)
        failures += dependency_failures(task, language, result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    outcome = Outcome(task, language, result=result, secrets=secrets, variables=variables)
    if failures:
        if runner.checked_by_running:
            _fail_on_static_problems(task, language)
        raise SnippetFailure(report(snippet, failures, result, secrets), outcome)
    return outcome


def expected_difference(task: Task, variant: str, target: Target) -> KnownDifference | None:
    """How *task*'s *variant* fails on *target* though it works on MinIO, or None.

    The target's own difference for the item, else those of its differences that
    concern a behaviour the item depends on (``depends_on``): the item is then expected
    to fail on those behaviours' checks only (their reasons, SnippetFailure, a report
    whose every failure is theirs).
    """
    own = target.expected_failure(task.name, variant)
    if own is not None:
        return own
    concerned = [(behaviour, difference) for behaviour in task.expectations[variant].depends_on
                 if (difference := target.behaviour_difference(behaviour)) is not None]
    if not concerned:
        return None
    return KnownDifference("; ".join(difference.reason for _, difference in concerned),
                           SnippetFailure, failure_pattern([b for b, _ in concerned]))


def _fail_on_static_problems(task: Task, language: str) -> None:
    """Raise SnippetFailure naming each problem's file and line, if the static check finds any."""
    problems = static_problems(task, language)
    if problems:
        raise SnippetFailure("static check failed:\n" + "\n".join(problems))


def report(snippet: Path, failures: list[str], result: RunResult, secrets: list[str]) -> str:
    """A failure report naming the snippet, with stdout and stderr, secrets masked."""
    text = (
        f"{snippet}: the snippet did not do what its task declares\n"
        + "".join(f"  - {failure}\n" for failure in failures)
        + f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )
    return redact(text, secrets)
