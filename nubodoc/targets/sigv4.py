"""Check the SigV4 ``Authorization`` header of a request, and the signatures of the
chunks of a streaming upload, as an S3 server does."""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import parse_qsl, quote, unquote

_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]+)")

_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class BadSignature(ValueError):
    """The request's signature is malformed or does not match: the S3 error code says which."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


def _environ_header(environ: dict, name: str) -> str:
    if name in ("content-type", "content-length"):
        return environ.get(name.upper().replace("-", "_"), "")
    return environ.get("HTTP_" + name.upper().replace("-", "_"), "")


def _key(secret: str, scope: list[str]) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in scope:
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def access_key_of(environ: dict) -> str:
    """The access key a header-signed request names; BadSignature if the header is malformed."""
    match = _AUTHORIZATION.match(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        raise BadSignature("AuthorizationHeaderMalformed",
                           "The authorization header is malformed (SigV4 expected).")
    return match.group("credential").split("/")[0]


def check_header_signature(environ: dict, secret: str) -> None:
    """Raise BadSignature unless the Authorization header was computed with *secret*.

    The canonical URI is the decoded path encoded again, as MinIO computes it; the
    payload hash is the one the client declares in ``x-amz-content-sha256``.
    """
    match = _AUTHORIZATION.match(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        raise BadSignature("AuthorizationHeaderMalformed",
                           "The authorization header is malformed (SigV4 expected).")
    parts = match.group("credential").split("/")
    if len(parts) != 5:
        raise BadSignature("AuthorizationHeaderMalformed", "Malformed credential scope.")
    signed = match.group("signed").split(";")
    raw_path = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").split("?")[0]
    path = quote(unquote(raw_path or environ.get("PATH_INFO", "/")), safe="/~")
    query = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~"))
                   for k, v in parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    canonical_query = "&".join(f"{k}={v}" for k, v in query)
    headers = "".join(f"{name}:{' '.join(_environ_header(environ, name).split())}\n"
                      for name in signed)
    canonical = "\n".join([environ["REQUEST_METHOD"], path, canonical_query, headers,
                           ";".join(signed), environ.get("HTTP_X_AMZ_CONTENT_SHA256", "")])
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256", environ.get("HTTP_X_AMZ_DATE", ""), "/".join(parts[1:]),
        hashlib.sha256(canonical.encode("utf-8")).hexdigest()])
    expected = hmac.new(_key(secret, parts[1:]), string_to_sign.encode("utf-8"),
                        hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match.group("signature")):
        raise BadSignature("SignatureDoesNotMatch",
                           "The request signature we calculated does not match the signature "
                           "you provided. Check your key and signing method.")


class ChunkSignatures:
    """The chain of chunk signatures of a ``STREAMING-AWS4-HMAC-SHA256-PAYLOAD`` body.

    Each chunk is signed with the previous signature, the first with the
    ``Authorization`` header's own (already checked); the trailer, if any, last.
    """

    def __init__(self, environ: dict, secret: str):
        match = _AUTHORIZATION.match(environ.get("HTTP_AUTHORIZATION", ""))
        if match is None:
            raise BadSignature("AuthorizationHeaderMalformed",
                               "The authorization header is malformed (SigV4 expected).")
        parts = match.group("credential").split("/")
        self._key = _key(secret, parts[1:])
        self._head = "\n".join([environ.get("HTTP_X_AMZ_DATE", ""), "/".join(parts[1:])])
        self._previous = match.group("signature")

    def _next(self, kind: str, digests: list[str], signature: str) -> None:
        string_to_sign = "\n".join([kind, self._head, self._previous, *digests])
        expected = hmac.new(self._key, string_to_sign.encode("utf-8"),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
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
