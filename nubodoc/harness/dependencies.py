"""Judge what a run's output shows of the server behaviours its task depends on.

A task declares under ``depends_on`` (``[expect]`` or one variant's table) the
behaviours of S3 its shown output depends on (:class:`~nubodoc.core.behaviours.Behaviour`);
on every target, :func:`dependency_failures` checks what each implies:

- ``listing-order``: the task's keys the output names appear in S3's order, the byte
  order of their UTF-8 form (``brouillons-a`` before ``brouillons/``);
- ``key-encoding``: no key the output shows, nor its file name, is URL-encoded (``%20``,
  ``+``, ``%C3%A9``); the task must hold a key a URL would encode;
- ``error-code``: the output names the S3 error codes the expectation names, and no other.

Each failure starts with ``depends on <behaviour>:``, so that a target whose known
difference concerns that behaviour expects that failure, and only it
(:func:`nubodoc.harness.execution.expected_difference`).
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

from nubodoc.catalogue.task import Expectations, Task
from nubodoc.core.behaviours import Behaviour
from nubodoc.runners import RunResult

#: How each failure of this module begins, before the behaviour's name.
PREFIX = "depends on"
#: Characters a key shown in an output runs on with (a longer name, not this key).
_NAME_CHARACTERS = re.compile(r"[\w./-]")
#: S3's error codes (Amazon S3 API reference, « Error responses »): those an output may
#: name; a word of the output is a code only if it is one of these.
S3_ERROR_CODES = frozenset({
    "AccessDenied", "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "BucketNotEmpty",
    "EntityTooLarge", "EntityTooSmall", "ExpiredToken", "IncompleteBody", "InternalError",
    "InvalidAccessKeyId", "InvalidArgument", "InvalidBucketName", "InvalidObjectState",
    "InvalidPart", "InvalidPartOrder", "InvalidPolicyDocument", "InvalidRange",
    "InvalidRequest", "InvalidToken", "MalformedXML", "MethodNotAllowed", "MissingContentLength",
    "NoSuchBucket", "NoSuchBucketPolicy", "NoSuchKey", "NoSuchUpload", "NotImplemented",
    "PreconditionFailed", "RequestTimeTooSkewed", "SignatureDoesNotMatch", "SlowDown",
    "TokenRefreshRequired",
})


def task_keys(task: Task, expect: Expectations) -> list[tuple[str, str]]:
    """(bucket, key) of every object the task seeds or expects, each once, in that order."""
    keys = [(obj.bucket, obj.key) for obj in task.seed]
    keys += [(check.bucket, check.key) for check in expect.objects] + list(expect.absent)
    return list(dict.fromkeys(keys))


def shown_at(text: str, bucket: str, key: str) -> int | None:
    """Where *text* first shows *key* as a whole name (alone, or after ``<bucket>/``)."""
    for found in re.finditer(re.escape(key), text):
        start, end = found.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        alone = not _NAME_CHARACTERS.match(before) or text[:start].endswith(f"{bucket}/")
        if alone and not _NAME_CHARACTERS.match(after):
            return start
    return None


def _listing_order(task: Task, expect: Expectations, result: RunResult) -> list[str]:
    shown = sorted((position, key) for bucket, key in task_keys(task, expect)
                   if (position := shown_at(result.stdout, bucket, key)) is not None)
    listed = [key for _, key in shown]
    if len(listed) < 2:
        return [f"the output names {len(listed)} of the task's keys: no order to check"]
    in_byte_order = sorted(listed, key=lambda key: key.encode("utf-8"))
    if listed == in_byte_order:
        return []
    return [f"the output lists {listed}, S3 lists {in_byte_order} (byte order)"]


def _key_encoding(task: Task, expect: Expectations, result: RunResult) -> list[str]:
    output = result.stdout + result.stderr
    # a key a URL would encode, whole and by its last part (tools that print a listing
    # relative to its prefix: rclone, mc, the AWS CLI)
    names = {name for _, key in task_keys(task, expect)
             for name in (key, key.rsplit("/", 1)[-1]) if quote(name, safe="/") != name}
    if not names:
        return ["none of the task's keys has a character a URL encodes: nothing to check"]
    failures = []
    for name in sorted(names):
        encoded = {quote(name, safe="/"), quote(name, safe=""), quote_plus(name, safe="/")}
        failures += [f"the output shows {form!r} for {name!r}"
                     for form in sorted(encoded - {name}) if form in output]
    return failures


def _error_code(task: Task, expect: Expectations, result: RunResult) -> list[str]:
    expected = [fragment for fragment in (*expect.stdout, *expect.stderr)
                if fragment in S3_ERROR_CODES]
    if not expected:
        return ["the expectation names no S3 error code (stdout or stderr) to check"]
    named = set(re.findall(r"\b[A-Z][A-Za-z]+\b", result.stdout + result.stderr))
    failures = [f"the output does not name {code}" for code in expected if code not in named]
    others = sorted((named & S3_ERROR_CODES) - set(expected))
    if others:
        failures.append(f"the output names {', '.join(others)}, where the task expects "
                        f"{', '.join(expected)}")
    return failures


_CHECKS = {
    Behaviour.LISTING_ORDER: _listing_order,
    Behaviour.KEY_ENCODING: _key_encoding,
    Behaviour.ERROR_CODE: _error_code,
}


def dependency_failures(task: Task, variant: str, result: RunResult) -> list[str]:
    """Every way *result* contradicts a behaviour *task*'s *variant* declares it depends on."""
    expect = task.expectations[variant]
    return [f"{PREFIX} {behaviour.value} ({behaviour.label}): {failure}"
            for behaviour in expect.depends_on
            for failure in _CHECKS[behaviour](task, expect, result)]


def failure_pattern(behaviours: list[Behaviour]) -> str:
    """A regular expression matching a failure report whose every failure is one of
    *behaviours*' (:func:`nubodoc.harness.execution.report`'s lines)."""
    names = "|".join(re.escape(behaviour.value) for behaviour in behaviours)
    return rf"declares\n(?:  - {PREFIX} (?:{names}) [^\n]*\n)+--- stdout ---"
