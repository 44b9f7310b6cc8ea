"""Every SigV4 check, as an S3 server makes it: the ``Authorization`` header, presigned
URLs, and the chain of chunk signatures of a streaming upload.

The header and presigned-URL checks rebuild the request as a botocore ``AWSRequest``
(method, path, query, the signed headers only) and have botocore's S3 signers
canonicalise and sign it with the known secret and the request's own timestamp; the
signatures are then compared in constant time, as moto does (moto/iam/access_control.py).
No library checks the chunk-signature chain of ``STREAMING-AWS4-HMAC-SHA256-PAYLOAD``
bodies: its strings to sign are written here, signed with botocore's key derivation.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, unquote

from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials as BotoCredentials

from nubodoc.core.credentials import REGION, Credentials

#: The longest lifetime S3 accepts for a presigned URL (7 days).
MAX_EXPIRES = 7 * 24 * 3600
_TIMESTAMP = "%Y%m%dT%H%M%SZ"
_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]+)")
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
#: Where the rebuilt request points: only its path counts, its host is a signed header.
_PLACEHOLDER = "https://s3.invalid"

CredentialLookup = Callable[[str], Credentials | None]


class BadSignature(ValueError):
    """The request's signature is malformed or does not match: the S3 error code says which."""

    def __init__(self, code: str, message: str, status: int = 403):
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.status = code, message, status


class S3Signer(S3SigV4Auth):
    """SigV4 for S3 with a payload hash given, not computed from the body."""

    def __init__(self, credentials: BotoCredentials, payload_hash: str,
                 region: str = REGION, service: str = "s3"):
        super().__init__(credentials, service, region)
        self._payload_hash = payload_hash

    def payload(self, request) -> str:
        """The payload hash given."""
        return self._payload_hash


def _only_signed(request: AWSRequest, signed: list[str]) -> HTTPHeaders:
    """The headers *signed* names, as the request has them (missing ones empty)."""
    headers = HTTPHeaders()
    for name in signed:
        headers[name] = request.headers.get(name, "")
    return headers


class _HeaderCheck(S3Signer):
    """botocore's S3 signer, signing exactly the headers the client signed."""

    def __init__(self, credentials: BotoCredentials, payload_hash: str, region: str,
                 service: str, signed: list[str]):
        super().__init__(credentials, payload_hash, region, service)
        self._signed = signed

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        """The headers the client signed, nothing more."""
        return _only_signed(request, self._signed)


class _QueryCheck(S3SigV4QueryAuth):
    """botocore's presigned-URL signer, signing exactly the headers the client signed."""

    def __init__(self, credentials: BotoCredentials, region: str, service: str,
                 signed: list[str]):
        super().__init__(credentials, service, region)
        self._signed = signed

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        """The headers the client signed, nothing more."""
        return _only_signed(request, self._signed)


def environ_header(environ: dict, name: str) -> str:
    """The value of header *name* (lower case) in a WSGI *environ*, empty if absent."""
    if name in ("content-type", "content-length"):
        return environ.get(name.upper().replace("-", "_"), "")
    return environ.get("HTTP_" + name.upper().replace("-", "_"), "")


def canonical_path(environ: dict) -> str:
    """The request's path as S3 signs it: the raw path decoded, then encoded again, as MinIO
    computes it."""
    raw_path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").split("?")[0]
    return quote(unquote(raw_path or environ.get("PATH_INFO", "/")), safe="/~")


def _scope(credential: str, timestamp: str, error: str) -> list[str]:
    """The five parts of a credential ``key/date/region/service/aws4_request``, its date
    that of the request's *timestamp*."""
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise BadSignature(error, "Malformed credential scope.")
    if parts[1] != timestamp[:8]:
        raise BadSignature(error, "Invalid credential date. Date is not the same as "
                                  "X-Amz-Date.")
    return parts


def _rebuilt(environ: dict, query: list[tuple[str, str]], signed: list[str],
             timestamp: str) -> AWSRequest:
    """The incoming request as botocore signs it: its signed headers only, its timestamp."""
    request = AWSRequest(method=environ["REQUEST_METHOD"],
                         url=_PLACEHOLDER + canonical_path(environ), params=query,
                         headers={name: environ_header(environ, name) for name in signed})
    request.context["timestamp"] = timestamp
    return request


def _signature_of(auth: SigV4Auth, request: AWSRequest) -> str:
    return auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)


def _compare(expected: str, given: str) -> None:
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise BadSignature("SignatureDoesNotMatch",
                           "The request signature we calculated does not match the signature "
                           "you provided. Check your key and signing method.")


def _authorization(environ: dict) -> re.Match:
    match = _AUTHORIZATION.match(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        raise BadSignature("AuthorizationHeaderMalformed",
                           "The authorization header is malformed (SigV4 expected).")
    return match


def access_key_of(environ: dict) -> str:
    """The access key a header-signed request names; BadSignature if the header is malformed."""
    return _authorization(environ).group("credential").split("/")[0]


def check_header_signature(environ: dict, secret: str) -> None:
    """Raise BadSignature unless the Authorization header was computed with *secret*.

    The payload hash is the one the client declares in ``x-amz-content-sha256``, the
    timestamp its ``x-amz-date``.
    """
    query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    match = _authorization(environ)
    timestamp = environ.get("HTTP_X_AMZ_DATE", "")
    access_key, _, region, service, _ = _scope(match.group("credential"), timestamp,
                                               "AuthorizationHeaderMalformed")
    signed = match.group("signed").split(";")
    auth = _HeaderCheck(BotoCredentials(access_key, secret),
                        environ.get("HTTP_X_AMZ_CONTENT_SHA256", ""), region, service, signed)
    request = _rebuilt(environ, query, signed, timestamp)
    _compare(_signature_of(auth, request), match.group("signature"))


def check_presigned(environ: dict, query: list[tuple[str, str]],
                    lookup: CredentialLookup) -> Credentials:
    """The credentials a SigV4 presigned request was signed with, checked as MinIO does.

    *query* is the request's query, decoded. Raises BadSignature: expired, unknown key,
    wrong token, bad signature, malformed URL.
    """
    params = dict(query)
    try:
        credential = params["X-Amz-Credential"]
        issued = datetime.strptime(params["X-Amz-Date"], _TIMESTAMP).replace(tzinfo=UTC)
        lifetime = int(params["X-Amz-Expires"])
        signed = params["X-Amz-SignedHeaders"].split(";")
    except (KeyError, ValueError):
        raise BadSignature("AuthorizationQueryParametersError",
                           "Malformed presigned URL.") from None
    access_key, _, region, service, _ = _scope(credential, params["X-Amz-Date"],
                                               "AuthorizationQueryParametersError")
    if lifetime < 0:
        raise BadSignature("AuthorizationQueryParametersError",
                           "X-Amz-Expires must be non-negative", 400)
    if lifetime > MAX_EXPIRES:
        raise BadSignature("AuthorizationQueryParametersError",
                           "X-Amz-Expires must be less than a week (in seconds) that is "
                           "604800 seconds", 400)
    if datetime.now(UTC) > issued + timedelta(seconds=lifetime):
        raise BadSignature("AccessDenied", "Request has expired")
    credentials = lookup(access_key)
    if credentials is None:
        raise BadSignature("InvalidAccessKeyId",
                           "The Access Key Id you provided does not exist in our records.")
    token = params.get("X-Amz-Security-Token")
    if credentials.session_token and token != credentials.session_token:
        raise BadSignature("InvalidToken", "The provided token is malformed.")
    auth = _QueryCheck(BotoCredentials(access_key, credentials.secret_access_key), region,
                       service, signed)
    unsigned = [(k, v) for k, v in query if k != "X-Amz-Signature"]
    request = _rebuilt(environ, unsigned, signed, params["X-Amz-Date"])
    _compare(_signature_of(auth, request), params.get("X-Amz-Signature", ""))
    return credentials


class ChunkSignatures:
    """The chain of chunk signatures of a ``STREAMING-AWS4-HMAC-SHA256-PAYLOAD`` body.

    Each chunk is signed with the previous signature, the first with the
    ``Authorization`` header's own (already checked); the trailer, if any, last.
    """

    def __init__(self, environ: dict, secret: str):
        match = _authorization(environ)
        timestamp = environ.get("HTTP_X_AMZ_DATE", "")
        access_key, _, region, service, _ = _scope(match.group("credential"), timestamp,
                                                   "AuthorizationHeaderMalformed")
        self._auth = SigV4Auth(BotoCredentials(access_key, secret), service, region)
        self._request = AWSRequest()
        self._request.context["timestamp"] = timestamp
        self._head = [timestamp, self._auth.credential_scope(self._request)]
        self._previous = match.group("signature")

    def _next(self, kind: str, digests: list[str], signature: str) -> None:
        string_to_sign = "\n".join([kind, *self._head, self._previous, *digests])
        expected = self._auth.signature(string_to_sign, self._request)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise BadSignature("SignatureDoesNotMatch",
                               "The chunk signature we calculated does not match the one "
                               "you provided.")
        self._previous = expected

    def check_chunk(self, sha256: str, signature: str) -> None:
        """Raise BadSignature unless *signature* signs a chunk whose SHA-256 is *sha256*."""
        self._next("AWS4-HMAC-SHA256-PAYLOAD", [_EMPTY_SHA256, sha256], signature)

    def check_trailer(self, text: bytes, signature: str) -> None:
        """Raise BadSignature unless *signature* signs the trailer lines *text*."""
        self._next("AWS4-HMAC-SHA256-TRAILER", [hashlib.sha256(text).hexdigest()], signature)
