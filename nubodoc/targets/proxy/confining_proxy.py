"""A local S3 proxy that confines every request to one prefix of one real bucket.

Snippets and the judge talk to this proxy with credentials only the harness
knows. Bucket ``B`` and key ``K`` of a request become bucket ``<run bucket>``,
key ``<run root>/B/K`` upstream; the request is re-signed with the real
credentials and forwarded. Buckets are virtual (held here); listings and
answers are rewritten back; anything that could land outside the run root
(a bucket policy, an ACL, ``..`` in a key) is refused, never forwarded.
Bodies are streamed both ways in bounded memory (see streaming.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, quote_plus, unquote

import requests

from nubodoc.core.credentials import Credentials
from nubodoc.targets.proxy.request_documents import complete_multipart, parse_delete
from nubodoc.targets.proxy.sigv4 import (
    BadSignature,
    S3Signer,
    access_key_of,
    check_header_signature,
    check_presigned,
)
from nubodoc.targets.proxy.streaming import (
    DEFAULT_BUFFER_LIMIT,
    UNSIGNED,
    XML_LIMIT,
    BufferGauge,
    ClientBody,
    Refusal,
)
from nubodoc.targets.proxy.upstream import Upstream
from nubodoc.targets.s3_errors import error_document

__all__ = ["UNSUPPORTED", "Confinement", "ConfiningProxy", "S3Signer", "Upstream"]

UNSUPPORTED = "only on a server the suite owns"
_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_OBJECT_QUERY = {"uploads", "uploadId", "partNumber", "versionId", "x-id"}
_LIST_QUERY = {"list-type", "delimiter", "max-keys", "continuation-token", "encoding-type",
               "fetch-owner", "metadata", "x-id", "uploads", "max-uploads", "upload-id-marker"}
_MAPPED_QUERY = {"prefix", "start-after", "marker", "key-marker"}
#: Bucket settings the run cannot have: read as "not configured", as S3 answers.
_NOT_CONFIGURED = {
    "object-lock": (404, "ObjectLockConfigurationNotFoundError",
                    "Object Lock configuration does not exist for this bucket"),
    "encryption": (404, "ServerSideEncryptionConfigurationNotFoundError",
                   "The server side encryption configuration was not found"),
    "tagging": (404, "NoSuchTagSet", "The TagSet does not exist"),
    "lifecycle": (404, "NoSuchLifecycleConfiguration",
                  "The lifecycle configuration does not exist"),
    "replication": (404, "ReplicationConfigurationNotFoundError",
                    "The replication configuration was not found"),
}
_PLAIN_HEADERS = {"content-type", "content-md5", "content-disposition", "content-language",
                  "content-encoding", "cache-control", "expires", "range", "if-match",
                  "if-none-match", "if-modified-since", "if-unmodified-since"}
_RESIGNED_HEADERS = {"x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
                     "x-amz-decoded-content-length", "x-amz-trailer", "x-amz-user-agent"}
#: ``x-amz-`` headers forwarded as they come: none of them names a place or a right.
_FORWARDED_AMZ = {"x-amz-copy-source-range", "x-amz-metadata-directive", "x-amz-tagging",
                  "x-amz-tagging-directive", "x-amz-storage-class", "x-amz-checksum-type",
                  "x-amz-checksum-mode", "x-amz-checksum-algorithm",
                  "x-amz-sdk-checksum-algorithm", "x-amz-expected-bucket-owner",
                  "x-amz-request-payer", "x-amz-server-side-encryption", "x-amz-mp-object-size",
                  "x-amz-api-version"}
_FORWARDED_AMZ_PREFIXES = ("x-amz-meta-", "x-amz-checksum-", "x-amz-copy-source-if-",
                           "x-amz-server-side-encryption-customer-",
                           "x-amz-copy-source-server-side-encryption-customer-")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Confinement:
    """Where a run may write: one bucket, one root prefix, and the virtual buckets in it."""

    bucket: str
    root: str
    buckets: dict[str, datetime] = field(default_factory=dict)

    def bucket_prefix(self, bucket: str) -> str:
        """The upstream prefix virtual *bucket* maps to (ends with ``/``)."""
        if not _BUCKET_NAME.match(bucket):
            raise Refusal(400, "InvalidBucketName", f"invalid bucket name {bucket!r}")
        return f"{self.root}/{bucket}/"

    def key(self, bucket: str, key: str) -> str:
        """The upstream key of *key* in virtual *bucket*; refuses keys that could escape."""
        if not key or len(key) > 1024 or any(part in (".", "..") for part in key.split("/")):
            raise Refusal(400, "InvalidArgument",
                          f"key {key!r} is refused: it could land outside the run prefix")
        return self.bucket_prefix(bucket) + key

    def require(self, bucket: str) -> None:
        """Raise NoSuchBucket unless *bucket* exists (virtually)."""
        self.bucket_prefix(bucket)
        if bucket not in self.buckets:
            raise Refusal(404, "NoSuchBucket", "The specified bucket does not exist")


def _incoming_headers(environ: dict) -> dict[str, str]:
    headers = {name[5:].lower().replace("_", "-"): value
               for name, value in environ.items() if name.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def _xml_answer(answer: requests.Response) -> bytes:
    """An upstream XML answer, read whole (up to XML_LIMIT bytes), and the answer closed."""
    try:
        text = answer.raw.read(XML_LIMIT + 1, decode_content=True)
    finally:
        answer.close()
    if len(text) > XML_LIMIT:
        raise Refusal(502, "BadGateway", f"an upstream answer longer than {XML_LIMIT} bytes")
    return text


def _xml(status: int, body: str, headers: Iterable[tuple[str, str]] = ()):
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")
    return status, [("Content-Type", "application/xml"), *headers], data


class ConfiningProxy:
    """WSGI application: S3 requests in, confined and re-signed S3 requests out."""

    def __init__(self, confinement: Confinement, upstream: Upstream, own: Credentials,
                 buffer_limit: int = DEFAULT_BUFFER_LIMIT):
        self.confinement = confinement
        self.upstream = upstream
        self.own = own
        #: Bytes of bodies held now, and the peak: at most *buffer_limit* per request.
        self.buffered = BufferGauge(buffer_limit)
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Answer one request, S3 errors included."""
        client_body = None
        try:
            query = self._authenticate(environ)
            client_body = self._client_body(environ)
            status, headers, body = self._handle(environ, query, client_body)
        except Refusal as refusal:
            status, headers, body = self._error(refusal, environ.get("PATH_INFO", "/"))
        except requests.RequestException as exc:
            status, headers, body = self._error(
                Refusal(502, "BadGateway", f"{self.upstream.endpoint_url} did not answer: "
                        f"{type(exc).__name__}"), environ.get("PATH_INFO", "/"))
        if client_body is not None:
            client_body.discard()
        reason = {200: "OK", 204: "No Content", 206: "Partial Content"}.get(status, "S3")
        if isinstance(body, bytes):
            headers = [*headers, ("Content-Length", str(len(body)))]
            body = [body] if environ["REQUEST_METHOD"] != "HEAD" else []
        start_response(f"{status} {reason}", headers)
        return body

    @staticmethod
    def _error(refusal: Refusal, resource: str):
        return (refusal.status, [("Content-Type", "application/xml")],
                error_document(refusal.code, refusal.message, resource))

    def _authenticate(self, environ: dict) -> list[tuple[str, str]]:
        """Check the harness's own credentials; return the query without presigning fields."""
        query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        params = dict(query)
        if "X-Amz-Signature" in params and "HTTP_AUTHORIZATION" not in environ:
            try:
                check_presigned(environ, query, self._lookup)
            except BadSignature as refusal:
                raise Refusal(403, refusal.code, refusal.message) from None
            return [(k, v) for k, v in query if not k.startswith("X-Amz-")]
        if "HTTP_AUTHORIZATION" not in environ:
            raise Refusal(403, "AccessDenied", f"anonymous access is refused: {UNSUPPORTED}")
        try:
            if access_key_of(environ) != self.own.access_key_id:
                raise Refusal(403, "InvalidAccessKeyId",
                              "The Access Key Id you provided does not exist in our records.")
            check_header_signature(environ, self.own.secret_access_key)
        except BadSignature as bad:
            raise Refusal(403, bad.code, bad.message) from None
        if environ.get("HTTP_X_AMZ_SECURITY_TOKEN") != self.own.session_token:
            raise Refusal(403, "InvalidToken", "The provided token is malformed.")
        return query

    def _lookup(self, access_key_id: str) -> Credentials | None:
        return self.own if access_key_id == self.own.access_key_id else None

    def _client_body(self, environ: dict) -> ClientBody:
        """The request's body, not read yet; a presigned URL never signs one."""
        declared = (UNSIGNED if "HTTP_AUTHORIZATION" not in environ
                    else environ.get("HTTP_X_AMZ_CONTENT_SHA256", ""))
        return ClientBody(environ, _incoming_headers(environ), declared, self.buffered,
                          self.own.secret_access_key)

    def _handle(self, environ: dict, query: list[tuple[str, str]], body: ClientBody):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        headers = body.headers
        host = headers.get("host", "").rpartition(":")[0] or headers.get("host", "")
        if host.strip("[]") not in ("127.0.0.1", "localhost", "::1", ""):
            raise Refusal(400, "InvalidRequest",
                          f"virtual-hosted-style addressing ({host}) is not accepted here: "
                          "address buckets in the path")
        bucket, _, key = path.lstrip("/").partition("/")
        if not bucket:
            if method != "GET":
                raise Refusal(405, "MethodNotAllowed", f"{method} / is not allowed")
            return self._list_buckets()
        if not key:
            return self._bucket_operation(method, bucket, query, headers, body)
        self.confinement.require(bucket)
        return self._object_operation(method, bucket, key, query, headers, body)

    def _list_buckets(self):
        with self._lock:
            buckets = sorted(self.confinement.buckets.items())
        entries = "".join(
            f"<Bucket><Name>{name}</Name><CreationDate>"
            f"{created.strftime('%Y-%m-%dT%H:%M:%S.000Z')}</CreationDate></Bucket>"
            for name, created in buckets)
        return _xml(200, f"<ListAllMyBucketsResult {_NS}><Owner><ID>nubodoc</ID>"
                         f"<DisplayName>nubodoc</DisplayName></Owner><Buckets>{entries}"
                         "</Buckets></ListAllMyBucketsResult>")

    def _bucket_operation(self, method, bucket, query, headers, body):
        names = {k for k, _ in query}
        confinement = self.confinement
        if method == "PUT" and not names:
            confinement.bucket_prefix(bucket)
            with self._lock:
                if bucket in confinement.buckets:
                    raise Refusal(409, "BucketAlreadyOwnedByYou",
                                  "Your previous request to create the named bucket succeeded "
                                  "and you already own it.")
                confinement.buckets[bucket] = datetime.now(UTC)
            return 200, [("Location", f"/{bucket}")], b""
        confinement.require(bucket)
        if method == "HEAD" and not names:
            return 200, [], b""
        if method == "DELETE" and not names:
            return self._delete_bucket(bucket)
        if method == "GET" and names == {"location"}:
            return _xml(200, f"<LocationConstraint {_NS}></LocationConstraint>")
        if method == "GET" and names == {"versioning"}:
            return _xml(200, f"<VersioningConfiguration {_NS}></VersioningConfiguration>")
        if method == "GET" and len(names) == 1 and next(iter(names)) in _NOT_CONFIGURED:
            raise Refusal(*_NOT_CONFIGURED[next(iter(names))])
        if method == "GET" and names <= _LIST_QUERY | _MAPPED_QUERY:
            return self._list_objects(bucket, query)
        if method == "POST" and names == {"delete"}:
            return self._delete_objects(bucket, headers, body)
        raise Refusal(501, "NotImplemented",
                      f"{method} on bucket {bucket} ({', '.join(sorted(names)) or 'no query'}) "
                      f"cannot be confined to the run prefix: {UNSUPPORTED}")

    def _delete_bucket(self, bucket):
        answer = self.upstream.send("GET", f"{self.confinement.bucket}/", [
            ("list-type", "2"), ("max-keys", "1"),
            ("prefix", self.confinement.bucket_prefix(bucket))], {})
        if answer.status_code != 200:
            return self._relay(answer, bucket, rewrite=True)
        if "<Key>" in answer.text:
            raise Refusal(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
        with self._lock:
            self.confinement.buckets.pop(bucket, None)
        return 204, [], b""

    def _list_objects(self, bucket, query):
        """ListObjects (v1, v2) and ListMultipartUploads, under the bucket's prefix."""
        prefix = self.confinement.bucket_prefix(bucket)
        mapped = [(k, v) for k, v in query if k in _LIST_QUERY]
        values = dict(query)
        mapped.append(("prefix", prefix + values.get("prefix", "")))
        for name in ("prefix", "start-after", "marker", "key-marker"):
            if any(part in (".", "..") for part in values.get(name, "").split("/")):
                raise Refusal(400, "InvalidArgument",
                              f"{name} {values[name]!r} is refused: '.' and '..' parts")
            if values.get(name) and name != "prefix":
                mapped.append((name, prefix + values[name]))
        answer = self.upstream.send("GET", f"{self.confinement.bucket}/", sorted(mapped), {})
        return self._relay(answer, bucket, rewrite=True)

    def _delete_objects(self, bucket, headers, client_body: ClientBody):
        request = parse_delete(client_body.read_all())
        body = request.mapped(lambda key: self.confinement.key(bucket, key))
        answer = self.upstream.send("POST", f"{self.confinement.bucket}/", [("delete", "")],
                                    self._document_headers(headers, body), body)
        return self._relay(answer, bucket, rewrite=True)

    def _document_headers(self, headers: dict[str, str], body: bytes) -> dict[str, str]:
        """Headers for an XML body written anew: its own MD5, no checksum of the old one."""
        forwarded = {k: v for k, v in self._forwarded(headers).items()
                     if not k.startswith(("x-amz-checksum-", "x-amz-sdk-checksum"))
                     and k != "content-encoding"}
        forwarded["content-md5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        return forwarded

    def _object_operation(self, method, bucket, key, query, headers, body):
        for name, _ in query:
            if name not in _OBJECT_QUERY and not name.startswith("response-"):
                raise Refusal(501, "NotImplemented",
                              f"object operation '{name}' cannot be confined to the run "
                              f"prefix: {UNSUPPORTED}")
        forwarded = self._forwarded(headers)
        path = f"{self.confinement.bucket}/{self.confinement.key(bucket, key)}"
        if method == "POST" and "uploadId" in dict(query):
            document = complete_multipart(body.read_all())
            answer = self.upstream.send(method, path, query,
                                        self._document_headers(headers, document), document)
            return self._relay(answer, bucket, rewrite=True)
        extra, payload_hash, data = body.upstream()
        answer = self.upstream.send(method, path, query, {**forwarded, **extra}, data,
                                    payload_hash)
        return self._relay(answer, bucket, rewrite=method == "POST" or answer.status_code >= 300)

    def _forwarded(self, headers: dict[str, str]) -> dict[str, str]:
        """The headers worth forwarding; ACLs, grants, locks and any other are refused."""
        acl = headers.get("x-amz-acl", "private")
        if acl != "private" or any(k.startswith("x-amz-grant-") for k in headers):
            raise Refusal(501, "NotImplemented", f"access control lists: {UNSUPPORTED}")
        forwarded = {k: v for k, v in headers.items() if k in _PLAIN_HEADERS}
        for name, value in headers.items():
            if not name.startswith("x-amz-") or name in _RESIGNED_HEADERS | {"x-amz-acl"}:
                continue
            if name == "x-amz-copy-source":
                forwarded[name] = self._copy_source(value)
            elif name in _FORWARDED_AMZ or name.startswith(_FORWARDED_AMZ_PREFIXES):
                forwarded[name] = value
            else:
                raise Refusal(501, "NotImplemented",
                              f"header {name} cannot be confined to the run prefix: "
                              f"{UNSUPPORTED}")
        return forwarded

    def _copy_source(self, value: str) -> str:
        """``x-amz-copy-source`` of a virtual bucket, mapped to the upstream key."""
        raw, _, version = value.partition("?")
        bucket, _, key = unquote(raw).lstrip("/").partition("/")
        self.confinement.require(bucket)
        source = quote(f"{self.confinement.bucket}/{self.confinement.key(bucket, key)}",
                       safe="/~")
        return source + (f"?{version}" if version else "")

    def to_client(self, text: str, bucket: str) -> str:
        """An upstream XML answer as the client must see it: upstream names mapped back."""
        prefix = self.confinement.bucket_prefix(bucket)
        text = text.replace(f"/{self.confinement.bucket}/{prefix}", f"/{bucket}/")
        forms = sorted({prefix, quote(prefix, safe=""), quote(prefix, safe="/"),
                        quote_plus(prefix, safe="/"), quote_plus(prefix)}, key=len, reverse=True)
        text = re.sub(r"<(Key|Prefix|StartAfter|Marker|NextMarker|KeyMarker|NextKeyMarker)>(?:"
                      + "|".join(map(re.escape, forms)) + ")", r"<\1>", text)
        return re.sub(rf"<(Name|Bucket|BucketName)>{re.escape(self.confinement.bucket)}</\1>",
                      rf"<\1>{bucket}</\1>", text)

    def _relay(self, answer: requests.Response, bucket: str, rewrite: bool):
        headers = [(k, v) for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP]
        if rewrite:
            text = self.to_client(_xml_answer(answer).decode("utf-8", "replace"), bucket)
            return answer.status_code, headers, text.encode("utf-8")
        length = answer.headers.get("Content-Length")
        if length is not None:
            headers.append(("Content-Length", length))

        def stream() -> Iterator[bytes]:
            try:
                yield from self.buffered.relay(
                    answer.raw.stream(self.buffered.piece, decode_content=False))
            finally:
                answer.close()

        return answer.status_code, headers, stream()
