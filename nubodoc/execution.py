"""Run one task in one language against an S3 target and judge what it did."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from botocore.exceptions import ClientError

from nubodoc.catalogue import Expectations, Task
from nubodoc.credentials import Credentials, S3Target
from nubodoc.environment import service_environment
from nubodoc.errors import NubodocError
from nubodoc.redaction import redact
from nubodoc.runners import RUNNERS, RunResult


class SnippetFailure(NubodocError):
    """A snippet ran but did not do what its task declares; the message is the report."""


@dataclass
class Outcome:
    """What happened to one task in one language."""

    task: Task
    language: str
    skipped: str | None = None
    result: RunResult | None = None
    secrets: list[str] = field(default_factory=list)


def static_problems(task: Task, language: str) -> list[str]:
    """Problems found in the task's file for *language* without running it."""
    return RUNNERS[language].static_problems(task.snippet_path(language))


def _credentials_for(task: Task, target: S3Target) -> Credentials | None:
    session = target.prepare(task.all_buckets(), list(task.seed))
    if task.credentials == "session":
        return session
    if task.credentials == "expired":
        return target.expired_credentials()
    if task.credentials == "anonymous":
        return None
    raise NubodocError(f"{task.declaration}: credentials '{task.credentials}' not supported")


def run_task(task: Task, language: str, target: S3Target) -> Outcome:
    """Check, then run, *task*'s *language* snippet against *target* and judge it.

    Returns an Outcome (with ``skipped`` set when the language cannot run here);
    raises SnippetFailure with a redacted report when the snippet misbehaves.
    """
    runner = RUNNERS[language]
    snippet = task.snippet_path(language)
    problems = static_problems(task, language)
    if problems:
        raise SnippetFailure("static check failed:\n" + "\n".join(problems))
    reason = runner.unavailable_reason()
    if reason:
        return Outcome(task, language, skipped=reason)
    credentials = _credentials_for(task, target)
    secrets = credentials.secrets() if credentials else []
    workdir = Path(tempfile.mkdtemp(prefix=f"nubodoc-{task.name}-{language}-"))
    try:
        script = workdir / snippet.name
        script.write_text(task.fill_placeholders(snippet.read_text(encoding="utf-8")),
                          encoding="utf-8")
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir)
        result = runner.run(script, env, workdir, task.timeout, shown_as=snippet)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    failures = judge(task.expectations[language], result, target)
    if failures:
        raise SnippetFailure(report(snippet, failures, result, secrets))
    return Outcome(task, language, result=result, secrets=secrets)


def judge(expect: Expectations, result: RunResult, target: S3Target) -> list[str]:
    """Every way *result* (and the bucket contents) falls short of *expect*."""
    failures = []
    if expect.fails and result.returncode == 0:
        failures.append("exited with status 0, but the task expects an error")
    if not expect.fails and result.returncode != 0:
        failures.append(f"exited with status {result.returncode}")
    failures += [f"stdout lacks {text!r}" for text in expect.stdout if text not in result.stdout]
    output = result.stdout + result.stderr
    failures += [f"output lacks {text!r}" for text in expect.stderr if text not in output]
    client = target.admin_client()
    for check in expect.objects:
        try:
            body = client.get_object(Bucket=check.bucket, Key=check.key)["Body"].read()
        except ClientError as exc:
            failures.append(f"object {check.bucket}/{check.key} missing after the run "
                            f"({exc.response['Error']['Code']})")
            continue
        text = body.decode("utf-8", errors="replace")
        failures += [f"object {check.bucket}/{check.key} lacks {fragment!r}"
                     for fragment in check.contains if fragment not in text]
    for bucket, key in expect.absent:
        try:
            client.head_object(Bucket=bucket, Key=key)
            failures.append(f"object {bucket}/{key} still exists after the run")
        except ClientError:
            pass
    return failures


def report(snippet: Path, failures: list[str], result: RunResult, secrets: list[str]) -> str:
    """A failure report naming the snippet, with stdout and stderr, secrets masked."""
    text = (
        f"{snippet}: the snippet did not do what its task declares\n"
        + "".join(f"  - {failure}\n" for failure in failures)
        + f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )
    return redact(text, secrets)
