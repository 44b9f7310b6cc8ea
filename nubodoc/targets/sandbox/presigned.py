"""Presigned URLs for the sandbox: checked here, then handed to moto as a signed request.

With authentication enforced, moto cannot serve a query-string-signed request
(it answers HTTP 500). For SigV4 URLs, this middleware does what MinIO does:
it verifies the URL's signature and expiry against the key's secret (see
nubodoc/targets/proxy/sigv4.py), answers 403 as S3 does when either fails (400
``AuthorizationQueryParametersError`` for an expiry out of range, as MinIO), and otherwise
re-signs the request with an ``Authorization`` header so that moto applies the key's
rights as usual.
MinIO also accepts older SigV2 URLs; the sandbox refuses them, saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials
from botocore.utils import percent_encode_sequence

from nubodoc.core.credentials import Credentials
from nubodoc.targets.proxy.sigv4 import (
    BadSignature,
    CredentialLookup,
    canonical_path,
    check_presigned,
)
from nubodoc.targets.s3_errors import error_answer


def drain_body(environ: dict) -> None:
    """Read the request body a refusal leaves unread, so the client sees the answer."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        while stream.read(1 << 16):
            pass
        return
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 16))
        if not chunk:
            break
        remaining -= len(chunk)


def _error(environ: dict, start_response: Callable, code: str,
           message: str, status: int = 403) -> Iterable[bytes]:
    drain_body(environ)
    return error_answer(start_response, status, code, message)


def accept_presigned_urls(app: Callable, lookup: CredentialLookup) -> Callable:
    """Wrap *app* so that valid presigned URLs are served and invalid ones refused."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        params = dict(query)
        if "Signature" in params and "AWSAccessKeyId" in params:
            return _error(environ, start_response, "NotImplemented",
                          "The nubodoc sandbox checks SigV4 presigned URLs only "
                          "(boto3: Config(signature_version='s3v4')).")
        if "X-Amz-Signature" not in params or "HTTP_AUTHORIZATION" in environ:
            return app(environ, start_response)
        try:
            credentials = check_presigned(environ, query, lookup)
        except BadSignature as refusal:
            return _error(environ, start_response, refusal.code, refusal.message,
                          refusal.status)
        sign_as_header(environ, [(k, v) for k, v in query if not k.startswith("X-Amz-")],
                        credentials)
        return app(environ, start_response)

    return wrapped


def sign_as_header(environ: dict, query: list[tuple[str, str]],
                    credentials: Credentials) -> None:
    """Rewrite *environ* as the same request signed with an Authorization header."""
    query_string = percent_encode_sequence(query)
    path = canonical_path(environ)
    url = f"https://{environ['HTTP_HOST']}{path}" + (f"?{query_string}" if query_string else "")
    request = AWSRequest(method=environ["REQUEST_METHOD"], url=url, headers={})
    S3SigV4Auth(BotoCredentials(credentials.access_key_id, credentials.secret_access_key,
                                credentials.session_token), "s3", "us-east-1").add_auth(request)
    environ["QUERY_STRING"] = query_string
    environ["RAW_URI"] = environ["REQUEST_URI"] = path + (f"?{query_string}" if query_string
                                                          else "")
    for name, value in request.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
