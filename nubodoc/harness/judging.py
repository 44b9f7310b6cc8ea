"""Judge a run on what it did: exit status, output, objects, files, policies, access."""

from __future__ import annotations

import fnmatch
import re
import ssl
import urllib.request
from collections.abc import Callable
from pathlib import Path

from botocore.exceptions import ClientError

from nubodoc.catalogue.task import Expectations
from nubodoc.core.request_log import RequestLog
from nubodoc.runners import RunResult
from nubodoc.targets.clients import anonymous_client
from nubodoc.targets.protocol import Target


def attempt(call: Callable) -> tuple[object, str | None]:
    """Run an S3 call: (its result, None), or (None, the S3 error code) if it fails."""
    try:
        return call(), None
    except ClientError as exc:
        return None, exc.response["Error"]["Code"]


def judge(expect: Expectations, result: RunResult, target: Target, workdir: Path,
          renewed_with: str | None = None) -> list[str]:
    """Every way *result* (the buckets, the working directory) falls short of *expect*.

    *renewed_with*, the fresh access key of a ``[renewal]`` run: its writes must be
    signed with it, where the target records requests.
    """
    failures = _fetched(expect, target) + _renewed(renewed_with, target)
    client = target.admin_client()
    failures += _process(expect, result)
    failures += _objects(expect, client)
    failures += _local_files(expect, workdir)
    failures += _policies(expect, client)
    failures += _anonymous_access(expect, target)
    if expect.urls_serve:
        failures += _printed_urls(result.stdout, expect.urls_serve, target)
    return failures


def _lacking(what: str, text: str | bytes, fragments) -> list[str]:
    """Each fragment not in *text*; bytes (an object, a file) are searched for its UTF-8
    form, which spares decoding a large object."""
    if isinstance(text, bytes):
        return [f"{what} lacks {fragment!r}" for fragment in fragments
                if fragment.encode("utf-8") not in text]
    return [f"{what} lacks {fragment!r}" for fragment in fragments if fragment not in text]


def _process(expect: Expectations, result: RunResult) -> list[str]:
    failures = []
    if expect.fails and result.returncode == 0:
        failures.append("exited with status 0, but the task expects an error")
    if not expect.fails and result.returncode != 0:
        failures.append(f"exited with status {result.returncode}")
    failures += _lacking("stdout", result.stdout, expect.stdout)
    failures += [f"stdout holds {fragment!r}, which the task excludes"
                 for fragment in expect.stdout_excludes if fragment in result.stdout]
    return failures + _lacking("output", result.stdout + result.stderr, expect.stderr)


def _objects(expect: Expectations, client) -> list[str]:
    failures = []
    for check in expect.objects:
        name = f"object {check.bucket}/{check.key}"
        answer, error = attempt(lambda c=check: client.get_object(Bucket=c.bucket, Key=c.key))
        if error:
            failures.append(f"{name} missing after the run ({error})")
            continue
        failures += _lacking(name, answer["Body"].read(), check.contains)
    for bucket, key in expect.absent:
        _, error = attempt(lambda b=bucket, k=key: client.head_object(Bucket=b, Key=k))
        if error is None:
            failures.append(f"object {bucket}/{key} still exists after the run")
    return failures


def _fetched(expect: Expectations, target: Target) -> list[str]:
    """Objects the run fetched outside ``fetched_only``, where *target* counts requests.

    Read before the judge's own reads, which the server counts too.
    """
    log = getattr(target, "requests", None)
    if not expect.fetched_only or not isinstance(log, RequestLog):
        return []
    gets = log.object_gets()
    if not gets:
        return ["the run fetched no object, but the task expects a read"]
    return [f"the run fetched {path} ({count} GET), which fetched_only excludes"
            for path, count in sorted(gets.items())
            if not any(fnmatch.fnmatchcase(path, pattern) for pattern in expect.fetched_only)]


def _renewed(access_key: str | None, target: Target) -> list[str]:
    """Writes a renewed run made after its credentials expired (at the start, or in the
    middle of the run) with another key than the fresh one, or no write at all."""
    log = getattr(target, "requests", None)
    if access_key is None or not isinstance(log, RequestLog):
        return []
    done = [write for write in log.writes_since_expiry() if write.status < 300]
    if not done:
        return ["no write succeeded after the renewal"]
    return [f"{write.path} was written with other credentials than the fresh ones"
            for write in done if write.access_key != access_key]


def _local_files(expect: Expectations, workdir: Path) -> list[str]:
    failures = []
    for path, fragments in expect.local_files:
        local = workdir / path
        if not local.is_file():
            failures.append(f"local file {path} missing after the run")
            continue
        failures += _lacking(f"local file {path}", local.read_bytes(), fragments)
    return failures


def _policies(expect: Expectations, client) -> list[str]:
    failures = []
    for bucket, fragments in expect.bucket_policies:
        answer, error = attempt(lambda b=bucket: client.get_bucket_policy(Bucket=b))
        if error:
            failures.append(f"bucket {bucket} has no policy ({error})")
            continue
        failures += _lacking(f"policy of {bucket}", answer["Policy"], fragments)
    for bucket in expect.no_policy:
        _, error = attempt(lambda b=bucket: client.get_bucket_policy(Bucket=b))
        if error is None:
            failures.append(f"bucket {bucket} still has a policy after the run")
        elif error != "NoSuchBucketPolicy":
            failures.append(f"bucket {bucket}: policy could not be read ({error})")
    return failures


def _anonymous_access(expect: Expectations, target: Target) -> list[str]:
    """Objects anyone must (or must not) be able to read without credentials."""
    if not (expect.anonymous_reads or expect.anonymous_refused):
        return []
    client = anonymous_client(target)
    failures = []
    for bucket, key in expect.anonymous_reads:
        _, error = attempt(
            lambda b=bucket, k=key: client.get_object(Bucket=b, Key=k)["Body"].read())
        if error:
            failures.append(f"anonymous read of {bucket}/{key} refused ({error})")
    for bucket, key in expect.anonymous_refused:
        _, error = attempt(lambda b=bucket, k=key: client.get_object(Bucket=b, Key=k))
        if error is None:
            failures.append(f"anonymous read of {bucket}/{key} allowed")
    return failures


def _printed_urls(stdout: str, fragments: tuple[str, ...], target: Target) -> list[str]:
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
        failures += _lacking("printed URL", body, fragments)
    return failures
