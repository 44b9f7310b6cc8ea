"""Run one task in one language against an S3 target and judge what it did."""

from __future__ import annotations

import re
import shutil
import ssl
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from botocore.exceptions import ClientError

from nubodoc.catalogue import Expectations, Task
from nubodoc.credentials import Credentials, S3Target, anonymous_client
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
    """Problems found in the task's file for *language* without running it.

    The check reads the file with its placeholders filled in, as it will run
    (``s3/<mon_bucket>`` is a redirection to bash); messages name the real file.
    """
    snippet = task.snippet_path(language)
    with tempfile.TemporaryDirectory(prefix="nubodoc-check-") as folder:
        filled = Path(folder) / snippet.name
        filled.write_text(task.fill_placeholders(snippet.read_text(encoding="utf-8")),
                          encoding="utf-8")
        problems = RUNNERS[language].static_problems(filled)
    return [problem.replace(str(filled), str(snippet)) for problem in problems]


def _credentials_for(task: Task, target: S3Target) -> tuple[Credentials | None, dict[str, str]]:
    """The platform credentials of the run, and extra variables (a service account's keys)."""
    account = task.service_account
    denied = account.buckets() if account else []
    session = target.prepare(task.all_buckets(), list(task.seed), denied_buckets=denied)
    for bucket, policy in task.bucket_policies:
        target.admin_client().put_bucket_policy(Bucket=bucket, Policy=policy)
    if task.credentials == "expired":
        return target.expired_credentials(), {}
    if task.credentials == "anonymous":
        return None, {}
    if account is not None:
        keys = target.service_account(account.policy)
        return session, {account.access_key_variable: keys.access_key_id,
                         account.secret_key_variable: keys.secret_access_key}
    return session, {}


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
    credentials, extra = _credentials_for(task, target)
    secrets = (credentials.secrets() if credentials else []) + list(extra.values())
    workdir = Path(tempfile.mkdtemp(prefix=f"nubodoc-{task.name}-{language}-"))
    try:
        script = workdir / snippet.name
        script.write_text(task.fill_placeholders(snippet.read_text(encoding="utf-8")),
                          encoding="utf-8")
        for local in task.local:
            (workdir / local.path).parent.mkdir(parents=True, exist_ok=True)
            (workdir / local.path).write_bytes(local.body)
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir)
        env.update(extra)
        result = runner.run(script, env, workdir, task.timeout, shown_as=snippet)
        failures = judge(task.expectations[language], result, target, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        raise SnippetFailure(report(snippet, failures, result, secrets))
    return Outcome(task, language, result=result, secrets=secrets)


def judge(expect: Expectations, result: RunResult, target: S3Target, workdir: Path) -> list[str]:
    """Every way *result* (the buckets, the working directory) falls short of *expect*."""
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
    for path, fragments in expect.local_files:
        local = workdir / path
        if not local.is_file():
            failures.append(f"local file {path} missing after the run")
            continue
        text = local.read_text(encoding="utf-8", errors="replace")
        failures += [f"local file {path} lacks {f!r}" for f in fragments if f not in text]
    for bucket, fragments in expect.bucket_policies:
        try:
            policy = client.get_bucket_policy(Bucket=bucket)["Policy"]
        except ClientError as exc:
            failures.append(f"bucket {bucket} has no policy ({exc.response['Error']['Code']})")
            continue
        failures += [f"policy of {bucket} lacks {f!r}" for f in fragments if f not in policy]
    for bucket in expect.no_policy:
        try:
            client.get_bucket_policy(Bucket=bucket)
            failures.append(f"bucket {bucket} still has a policy after the run")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "NoSuchBucketPolicy":
                raise
    failures += _check_anonymous_access(expect, target)
    if expect.urls_serve:
        failures += _check_printed_urls(result.stdout, expect.urls_serve, target)
    return failures


def _check_anonymous_access(expect: Expectations, target: S3Target) -> list[str]:
    """Objects anyone must (or must not) be able to read without credentials."""
    if not (expect.anonymous_reads or expect.anonymous_refused):
        return []
    client = anonymous_client(target)
    failures = []
    for bucket, key in expect.anonymous_reads:
        try:
            client.get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError as exc:
            failures.append(f"anonymous read of {bucket}/{key} refused "
                            f"({exc.response['Error']['Code']})")
    for bucket, key in expect.anonymous_refused:
        try:
            client.get_object(Bucket=bucket, Key=key)
            failures.append(f"anonymous read of {bucket}/{key} allowed")
        except ClientError:
            pass
    return failures


def _check_printed_urls(stdout: str, fragments: tuple[str, ...], target: S3Target) -> list[str]:
    """Fetch every presigned URL in *stdout* without credentials; each must serve *fragments*."""
    urls = [u.rstrip("\"'.,;)]") for u in re.findall(r"https://[^\s\"'<>]+", stdout)]
    urls = [u for u in urls if "X-Amz-Signature=" in u or "Signature=" in u]
    if not urls:
        return ["stdout holds no presigned URL to fetch"]
    context = ssl.create_default_context(
        cafile=str(target.ca_bundle) if target.ca_bundle else None)
    failures = []
    for url in urls:
        try:
            with urllib.request.urlopen(url, context=context, timeout=30) as answer:
                body = answer.read().decode("utf-8", errors="replace")
        except OSError as exc:
            failures.append(f"printed URL could not be fetched: {exc}")
            continue
        failures += [f"printed URL does not serve {f!r}" for f in fragments if f not in body]
    return failures


def report(snippet: Path, failures: list[str], result: RunResult, secrets: list[str]) -> str:
    """A failure report naming the snippet, with stdout and stderr, secrets masked."""
    text = (
        f"{snippet}: the snippet did not do what its task declares\n"
        + "".join(f"  - {failure}\n" for failure in failures)
        + f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"
    )
    return redact(text, secrets)
