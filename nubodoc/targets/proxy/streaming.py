"""Request bodies through the confining proxy: streamed, checked, never held whole.

SigV4 signs a body through the hash the client declares in ``x-amz-content-sha256``;
the ``Authorization`` header, which covers that declaration, is checked before any
byte is forwarded. What the proxy then does depends on the declaration:

* a hex SHA-256: the body is forwarded as it comes, re-signed upstream with the same
  hash, and hashed on the way. The piece that completes the body is sent only once
  the hash matches; on a mismatch the upstream connection is closed short of its
  ``Content-Length``, so the upstream server stores nothing (and, having the declared
  hash too, would refuse the body anyway). The client gets XAmzContentSHA256Mismatch.
* ``UNSIGNED-PAYLOAD`` (also every presigned URL): the client signed no hash; the body
  is forwarded re-signed as ``UNSIGNED-PAYLOAD``. Its integrity rests on TLS (the
  proxy listens on HTTPS; use an ``https://`` endpoint upstream) and on the
  ``Content-MD5`` or ``x-amz-checksum-*`` headers, forwarded for the upstream server
  to check.
* ``STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]``: each chunk's signature is checked
  as it ends, chained from the header's signature; the body is forwarded decoded, as
  ``UNSIGNED-PAYLOAD``, the data completing it only once every signature, the trailer's
  included, has been checked.
* ``STREAMING-UNSIGNED-PAYLOAD-TRAILER`` (boto3 over HTTPS): the body is decoded and
  framed again by botocore, ``STREAMING-UNSIGNED-PAYLOAD-TRAILER`` too, in chunks of a
  size fixed in advance so that the upstream ``Content-Length`` is known; the trailing
  checksum (one, in base64, as S3 takes it), forwarded last as the client sent it, is
  checked by the upstream server.

Re-signing upstream with the client's hash or with ``UNSIGNED-PAYLOAD`` is what lets
the proxy forward before it has read everything; computing a hash of its own would
mean holding the whole body first. The length upstream is always known in advance
(``Content-Length`` or ``x-amz-decoded-content-length``); a plain body sent without
one is accepted only if it fits in half the buffer limit (S3 answers 411).

Memory: a request holds at most ``buffer_limit`` bytes of its body at once; the
:class:`BufferGauge` a proxy exposes counts them, and keeps the peak. XML documents
the proxy rewrites (a DeleteObjects request, listings and other answers) are held
whole, up to :data:`XML_LIMIT`; object bodies going back to the client are streamed.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator

from nubodoc.targets.proxy.aws_chunked import (
    TRAILER_VALUE_LENGTHS,
    ChunkedBodyError,
    ChunkedReader,
    checksum_value_error,
    encode,
    encoded_length,
)
from nubodoc.targets.proxy.sigv4 import BadSignature, ChunkSignatures

#: The largest XML document the proxy holds whole to rewrite it (S3 caps them lower).
XML_LIMIT = 8 << 20
DEFAULT_BUFFER_LIMIT = 1 << 20
MIN_BUFFER_LIMIT = 64 << 10
UNSIGNED = "UNSIGNED-PAYLOAD"
UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
SIGNED_CHUNKS = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
_STREAMING = {UNSIGNED_TRAILER, SIGNED_CHUNKS, f"{SIGNED_CHUNKS}-TRAILER"}
_HEX_HASH = re.compile(r"^[0-9a-f]{64}$")
_MISMATCH = "The provided 'x-amz-content-sha256' header does not match what was computed."


class Refusal(Exception):
    """An S3 error the proxy answers itself: HTTP status, S3 code, message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class BufferGauge:
    """Bytes of request and response bodies the proxy holds now, and the most it ever held."""

    def __init__(self, limit: int = DEFAULT_BUFFER_LIMIT):
        if limit < MIN_BUFFER_LIMIT:
            raise ValueError(f"buffer limit {limit} is below {MIN_BUFFER_LIMIT} bytes")
        self.limit = limit
        self.piece = limit // 8
        self.current = self.peak = 0
        self._lock = threading.Lock()

    def change(self, delta: int) -> None:
        """Count *delta* more bytes held (fewer if negative)."""
        with self._lock:
            self.current += delta
            self.peak = max(self.peak, self.current)

    def relay(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """*pieces*, each counted as held until the next is asked for."""
        for piece in pieces:
            self.change(len(piece))
            try:
                yield piece
            finally:
                self.change(-len(piece))


class UpstreamBody:
    """An iterable body of known length: requests sends it with that ``Content-Length``."""

    def __init__(self, pieces: Iterator[bytes], length: int):
        self._pieces, self._length = pieces, length

    def __iter__(self) -> Iterator[bytes]:
        return self._pieces

    def __len__(self) -> int:
        return self._length


def _refused(exc: Exception) -> Refusal:
    if isinstance(exc, BadSignature):
        return Refusal(403, exc.code, exc.message)
    return Refusal(400, "IncompleteBody", str(exc))


class ClientBody:
    """The body of one request to the proxy, read from the client only as it is forwarded."""

    def __init__(self, environ: dict, headers: dict[str, str], declared: str,
                 gauge: BufferGauge, secret: str):
        self._stream = environ["wsgi.input"]
        self._gauge = gauge
        self.declared = declared
        length = environ.get("CONTENT_LENGTH") or "0"
        self._remaining = None if environ.get("wsgi.input_terminated") else (
            int(length) if length.isdigit() else 0)
        encodings = [e.strip() for e in headers.get("content-encoding", "").split(",")
                     if e.strip()]
        self.chunked = declared in _STREAMING
        if "aws-chunked" in encodings and not self.chunked:
            raise Refusal(400, "InvalidArgument",
                          "Content-Encoding aws-chunked needs a streaming "
                              "x-amz-content-sha256: " + ", ".join(sorted(_STREAMING)))
        if not (self.chunked or _HEX_HASH.match(declared) or declared in ("", UNSIGNED)):
            raise Refusal(400, "InvalidArgument",
                          f"x-amz-content-sha256 {declared[:80]!r} is not supported")
        self.headers = dict(headers)
        self.headers.pop("content-encoding", None)
        if [e for e in encodings if e != "aws-chunked"]:
            self.headers["content-encoding"] = ",".join(e for e in encodings
                                                        if e != "aws-chunked")
        self._signatures = None
        if declared.startswith(SIGNED_CHUNKS):
            try:
                self._signatures = ChunkSignatures(environ, secret)
            except BadSignature as bad:
                raise _refused(bad) from None
        self._trailer_names = [n.strip().lower() for n in
                               headers.get("x-amz-trailer", "").split(",") if n.strip()]
        for name in self._trailer_names:
            if name not in TRAILER_VALUE_LENGTHS:
                raise Refusal(400, "InvalidArgument", f"trailer {name!r} is not supported")
        if len(self._trailer_names) > 1:
            raise Refusal(400, "InvalidRequest", "Expecting a single x-amz-checksum- header. "
                                                 "Multiple checksum Types are not allowed.")
        if self.chunked:
            decoded = headers.get("x-amz-decoded-content-length", "")
            if not decoded.isdigit():
                raise Refusal(411, "MissingContentLength",
                              "a streaming upload needs x-amz-decoded-content-length")
            self.length = int(decoded)
        else:
            self.length = self._remaining

    def _read(self, size: int) -> bytes:
        if self._remaining is not None:
            size = min(size, self._remaining)
            if size <= 0:
                return b""
        data = self._stream.read(size)
        if self._remaining is not None:
            self._remaining -= len(data)
        return data

    def _plain(self) -> Iterator[bytes]:
        """The body as it comes, checked against the declared hash before its last piece."""
        digest = hashlib.sha256() if _HEX_HASH.match(self.declared) else None
        sent = 0
        while sent < self.length:
            piece = self._read(min(self._gauge.piece, self.length - sent))
            if not piece:
                raise Refusal(400, "IncompleteBody",
                              "The request body is shorter than its Content-Length")
            sent += len(piece)
            if digest:
                digest.update(piece)
                if sent == self.length and digest.hexdigest() != self.declared:
                    raise Refusal(400, "XAmzContentSHA256Mismatch", _MISMATCH)
            yield piece

    def _decoded(self, reader: ChunkedReader) -> Iterator[bytes]:
        """The payload of an aws-chunked body, its last piece held back until all is checked."""
        pieces = iter(reader)
        sent = 0
        try:
            for piece in pieces:
                sent += len(piece)
                if sent > self.length:
                    raise ChunkedBodyError("aws-chunked body: longer than "
                                           "x-amz-decoded-content-length")
                if sent == self.length:
                    for extra in pieces:
                        if extra:
                            raise ChunkedBodyError("aws-chunked body: longer than "
                                                   "x-amz-decoded-content-length")
                    self._check_trailer(reader)
                yield piece
            if sent < self.length:
                raise ChunkedBodyError("aws-chunked body: shorter than "
                                       "x-amz-decoded-content-length")
            if not self.length:
                self._check_trailer(reader)
        except (ChunkedBodyError, BadSignature) as exc:
            raise _refused(exc) from None

    def _check_trailer(self, reader: ChunkedReader) -> None:
        names = [n for n in reader.trailers if n != "x-amz-trailer-signature"]
        if sorted(names) != sorted(self._trailer_names):
            raise ChunkedBodyError(f"aws-chunked body: trailers {names} do not match "
                                   f"x-amz-trailer {self._trailer_names}")
        for name in names:
            if error := checksum_value_error(name, reader.trailers[name]):
                raise ChunkedBodyError(error)
        if self._signatures and self._trailer_names:
            self._signatures.check_trailer(reader.trailer_text,
                                           reader.trailers.get("x-amz-trailer-signature", ""))

    def _reader(self) -> ChunkedReader:
        check = self._signatures.check_chunk if self._signatures else None
        return ChunkedReader(self._read, self._gauge.piece, check, self._gauge.change)

    def _sized(self, pieces: Iterator[bytes], length: int) -> UpstreamBody | bytes:
        """*pieces* as a body of *length* bytes; an empty body is read (and checked) now."""
        if not length:
            b"".join(pieces)
            return b""
        return UpstreamBody(self._gauge.relay(pieces), length)

    def upstream(self) -> tuple[dict[str, str], str, UpstreamBody | bytes]:
        """Headers to add upstream, the payload hash to sign with, and the body to send."""
        if self.length is None:
            return {}, "", self.read_all(self._gauge.limit // 2)
        if not self.chunked:
            declared = self.declared if _HEX_HASH.match(self.declared) else UNSIGNED
            return {}, declared, self._sized(self._plain(), self.length)
        reader = self._reader()
        payload = self._decoded(reader)
        if not self._trailer_names:
            return {}, UNSIGNED, self._sized(payload, self.length)
        piece, name = self._gauge.piece, self._trailer_names[0]
        framed = encode(payload, piece, name, lambda: reader.trailers[name], self._gauge.change)
        headers = {"content-encoding": ",".join(filter(None, [
                       "aws-chunked", self.headers.get("content-encoding", "")])),
                   "x-amz-trailer": name,
                   "x-amz-decoded-content-length": str(self.length)}
        return headers, UNSIGNED_TRAILER, self._sized(
            framed, encoded_length(self.length, piece, name))

    def read_all(self, limit: int = XML_LIMIT) -> bytes:
        """The whole (decoded, checked) body, refused if longer than *limit*."""
        if self.length is not None and self.length > limit:
            raise Refusal(400, "EntityTooLarge",
                          f"this request's body is limited to {limit} bytes here")
        if self.chunked:
            return b"".join(self._decoded(self._reader()))
        if self.length is not None:
            return b"".join(self._plain())
        body = bytearray()
        while piece := self._read(self._gauge.piece):
            body += piece
            if len(body) > limit:
                raise Refusal(411, "MissingContentLength",
                              f"a body longer than {limit} bytes needs a Content-Length")
        if _HEX_HASH.match(self.declared) and hashlib.sha256(body).hexdigest() != self.declared:
            raise Refusal(400, "XAmzContentSHA256Mismatch", _MISMATCH)
        return bytes(body)

    def discard(self) -> None:
        """Read what the client still sends, in pieces, and drop it."""
        while self._read(self._gauge.piece):
            pass
