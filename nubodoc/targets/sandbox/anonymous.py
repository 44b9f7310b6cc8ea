"""Anonymous reads for the sandbox, judged against the bucket's policy.

moto refuses unsigned requests once authentication is enforced (HTTP 500).
MinIO serves them when the bucket policy allows the action to everyone
(``Principal: *``), as ``mc anonymous set download`` does. This middleware
evaluates that policy for reads (GetObject, ListBucket with its ``s3:prefix``,
GetBucketLocation) and, when it allows the request, hands it to moto signed
with the harness's key. The evaluation is the sandbox's own, simplified:
Allow and Deny statements, public principals, ``*``/``?`` wildcards, and the
StringEquals/StringLike (Not) operators on ``s3:prefix``; a statement with
any other condition does not apply. MinIO's own evaluation is the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl

from nubodoc.core.credentials import Credentials
from nubodoc.targets.s3_errors import error_answer
from nubodoc.targets.sandbox.presigned import drain_body, sign_as_header

PolicyLookup = Callable[[str], dict | None]

_OBJECT_READ_PARAMETERS = {"versionId", "partNumber"}
_LIST_PARAMETERS = {"list-type", "prefix", "delimiter", "max-keys", "marker",
                    "continuation-token", "start-after", "encoding-type", "fetch-owner"}
_CONDITION_OPERATORS = {
    "StringEquals": lambda value, pattern: value == pattern,
    "StringNotEquals": lambda value, pattern: value != pattern,
    "StringLike": fnmatchcase,
    "StringNotLike": lambda value, pattern: not fnmatchcase(value, pattern),
}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _is_public(principal) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _as_list(principal.get("AWS", []))


def _conditions_hold(conditions: dict | None, context: dict[str, str]) -> bool:
    for operator, tests in (conditions or {}).items():
        compare = _CONDITION_OPERATORS.get(operator)
        if compare is None:
            return False
        for key, patterns in tests.items():
            if key not in context:
                return False
            matches = [compare(context[key], p) for p in _as_list(patterns)]
            if not (all(matches) if operator.startswith("StringNot") else any(matches)):
                return False
    return True


def allows_anonymous(policy: dict, action: str, resource: str, context: dict[str, str]) -> bool:
    """True if *policy* lets anyone, without credentials, do *action* on *resource*."""
    allowed = False
    for statement in _as_list(policy.get("Statement", [])):
        applies = (
            _is_public(statement.get("Principal"))
            and any(fnmatchcase(action, a) for a in _as_list(statement.get("Action", [])))
            and any(fnmatchcase(resource, r) for r in _as_list(statement.get("Resource", [])))
            and _conditions_hold(statement.get("Condition"), context)
        )
        if applies and statement.get("Effect") == "Deny":
            return False
        allowed = allowed or (applies and statement.get("Effect") == "Allow")
    return allowed


def read_action(method: str, path: str, query: list[tuple[str, str]]):
    """(bucket, action, resource, context) of an anonymous read, or None if not a read."""
    if method not in ("GET", "HEAD"):
        return None
    bucket, _, key = path.lstrip("/").partition("/")
    names = {name for name, _ in query}
    if not bucket:
        return None
    if key:
        if names - _OBJECT_READ_PARAMETERS - {n for n in names if n.startswith("response-")}:
            return None
        return bucket, "s3:GetObject", f"arn:aws:s3:::{bucket}/{key}", {}
    if names == {"location"}:
        return bucket, "s3:GetBucketLocation", f"arn:aws:s3:::{bucket}", {}
    if names <= _LIST_PARAMETERS:
        prefix = dict(query).get("prefix", "")
        return bucket, "s3:ListBucket", f"arn:aws:s3:::{bucket}", {"s3:prefix": prefix}
    return None


def _access_denied(start_response: Callable) -> Iterable[bytes]:
    return error_answer(start_response, 403, "AccessDenied", "Access Denied.")


def serve_anonymous_reads(app: Callable, policy_of: PolicyLookup,
                          harness: Callable[[], Credentials]) -> Callable:
    """Wrap *app*: unsigned reads the bucket policy allows are served, others refused."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        signed = "HTTP_AUTHORIZATION" in environ or any(
            name in ("X-Amz-Signature", "Signature") for name, _ in query)
        if signed:
            return app(environ, start_response)
        request = read_action(environ["REQUEST_METHOD"], path, query)
        if request is None:
            drain_body(environ)
            return _access_denied(start_response)
        bucket, action, resource, context = request
        policy = policy_of(bucket)
        if policy is None or not allows_anonymous(policy, action, resource, context):
            return _access_denied(start_response)
        sign_as_header(environ, query, harness())
        return app(environ, start_response)

    return wrapped
