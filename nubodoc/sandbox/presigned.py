"""Presigned URLs for the sandbox: checked here, then handed to moto as a signed request.

With authentication enforced, moto cannot serve a query-string-signed request
(it answers HTTP 500). For SigV4 URLs, this middleware does what MinIO does:
it verifies the URL's signature and expiry against the key's secret, answers
403 as S3 does when either fails, and otherwise re-signs the request with an
``Authorization`` header so that moto applies the key's rights as usual.
MinIO also accepts older SigV2 URLs; the sandbox refuses them, saying so.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from nubodoc.credentials import Credentials

MAX_EXPIRES = 7 * 24 * 3600
_TIMESTAMP = "%Y%m%dT%H%M%SZ"

CredentialLookup = Callable[[str], Credentials | None]


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def expected_signature(method: str, path: str, query: list[tuple[str, str]],
                       headers: dict[str, str], secret: str) -> str:
    """The SigV4 signature of a presigned request (query without X-Amz-Signature)."""
    params = dict(query)
    signed = params["X-Amz-SignedHeaders"].split(";")
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query))
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)
    canonical_request = "\n".join([method, quote(path, safe="/~"), canonical_query,
                                   canonical_headers, ";".join(signed), "UNSIGNED-PAYLOAD"])
    _, date, region, service, _ = params["X-Amz-Credential"].split("/")
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256", params["X-Amz-Date"], f"{date}/{region}/{service}/aws4_request",
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
    key = _hmac(f"AWS4{secret}".encode(), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


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
           message: str) -> Iterable[bytes]:
    drain_body(environ)
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
            f"<Message>{message}</Message></Error>").encode()
    start_response("403 Forbidden", [("Content-Type", "application/xml"),
                                     ("Content-Length", str(len(body)))])
    return [body]


class PresignedRefused(Exception):
    """A presigned URL S3 must refuse: its error code and message."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


def check_presigned(environ: dict, query: list[tuple[str, str]],
                    lookup: CredentialLookup) -> Credentials:
    """The credentials a SigV4 presigned request was signed with, checked as MinIO does.

    Raises PresignedRefused (expired, unknown key, bad signature, malformed URL).
    """
    params = dict(query)
    try:
        access_key = params["X-Amz-Credential"].split("/")[0]
        issued = datetime.strptime(params["X-Amz-Date"], _TIMESTAMP).replace(tzinfo=UTC)
        lifetime = int(params["X-Amz-Expires"])
    except (KeyError, ValueError):
        raise PresignedRefused("AuthorizationQueryParametersError",
                               "Malformed presigned URL.") from None
    if not 0 < lifetime <= MAX_EXPIRES:
        raise PresignedRefused("AuthorizationQueryParametersError",
                               "X-Amz-Expires must be between 1 and 604800 seconds.")
    if datetime.now(UTC) > issued + timedelta(seconds=lifetime):
        raise PresignedRefused("AccessDenied", "Request has expired")
    credentials = lookup(access_key)
    if credentials is None:
        raise PresignedRefused("InvalidAccessKeyId",
                               "The Access Key Id you provided does not exist in our records.")
    token = params.get("X-Amz-Security-Token")
    if credentials.session_token and token != credentials.session_token:
        raise PresignedRefused("InvalidToken", "The provided token is malformed.")
    headers = {"host": environ.get("HTTP_HOST", "")}
    unsigned = [(k, v) for k, v in query if k != "X-Amz-Signature"]
    expected = expected_signature(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"),
                                  unsigned, headers, credentials.secret_access_key)
    if not hmac.compare_digest(expected, params.get("X-Amz-Signature", "")):
        raise PresignedRefused("SignatureDoesNotMatch",
                               "The request signature we calculated does not match the "
                               "signature you provided.")
    return credentials


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
        except PresignedRefused as refusal:
            return _error(environ, start_response, refusal.code, refusal.message)
        sign_as_header(environ, [(k, v) for k, v in query if not k.startswith("X-Amz-")],
                        credentials)
        return app(environ, start_response)

    return wrapped


def sign_as_header(environ: dict, query: list[tuple[str, str]],
                    credentials: Credentials) -> None:
    """Rewrite *environ* as the same request signed with an Authorization header."""
    query_string = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
                            for k, v in query)
    path = quote(environ.get("PATH_INFO", "/"), safe="/~")
    url = f"https://{environ['HTTP_HOST']}{path}" + (f"?{query_string}" if query_string else "")
    request = AWSRequest(method=environ["REQUEST_METHOD"], url=url, headers={})
    S3SigV4Auth(BotoCredentials(credentials.access_key_id, credentials.secret_access_key,
                                credentials.session_token), "s3", "us-east-1").add_auth(request)
    environ["QUERY_STRING"] = query_string
    environ["RAW_URI"] = environ["REQUEST_URI"] = path + (f"?{query_string}" if query_string
                                                          else "")
    for name, value in request.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
