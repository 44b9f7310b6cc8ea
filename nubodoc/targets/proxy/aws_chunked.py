"""Decode ``aws-chunked`` request bodies (SigV4 streaming uploads) piece by piece, and
encode them again with a framing fixed in advance, so that their length is known.

Encoding is botocore's ``AwsChunkedWrapper``; no library decodes aws-chunked bodies
(botocore only writes them), so :class:`ChunkedReader` does it here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from botocore.httpchecksum import AwsChunkedWrapper, BaseChecksum

#: The longest chunk header or trailer line accepted (a signature is 80 bytes).
MAX_LINE = 4096
#: The checksum trailers S3 accepts, and the length of their base64 value.
TRAILER_VALUE_LENGTHS = {"x-amz-checksum-crc32": 8, "x-amz-checksum-crc32c": 8,
                         "x-amz-checksum-crc64nvme": 12, "x-amz-checksum-sha1": 28,
                         "x-amz-checksum-sha256": 44}
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class ChunkedBodyError(ValueError):
    """The body does not follow the aws-chunked format."""


class ChunkedReader:
    """The payload of an aws-chunked body read with *read(n)*, in pieces of at most *piece*.

    Each chunk is ``<hex size>[;chunk-signature=...]\\r\\n<data>\\r\\n``; a chunk of
    size 0 ends the data, then come optional ``name:value`` trailer lines and an empty
    line. *check_chunk(sha256 hex, signature)*, if given, is called at the end of each
    chunk, the last one included; *held(delta)* is told how the bytes held here change.
    Iterate to get the payload; ``trailers`` is filled once the body has been read.
    """

    def __init__(self, read: Callable[[int], bytes], piece: int,
                 check_chunk: Callable[[str, str], None] | None = None,
                 held: Callable[[int], None] = lambda delta: None):
        self._read, self._piece, self._check, self._held = read, piece, check_chunk, held
        self._buffer = bytearray()
        self.trailers: dict[str, str] = {}
        self.trailer_text = b""

    def _more(self, size: int) -> None:
        data = self._read(size)
        if not data:
            raise ChunkedBodyError("aws-chunked body: truncated")
        self._buffer += data
        self._held(len(data))

    def _take(self, size: int) -> bytes:
        taken = bytes(self._buffer[:size])
        del self._buffer[:size]
        self._held(-len(taken))
        return taken

    def _line(self) -> bytes:
        while (end := self._buffer.find(b"\r\n")) < 0:
            if len(self._buffer) > MAX_LINE:
                raise ChunkedBodyError("aws-chunked body: chunk header without end of line")
            self._more(MAX_LINE)
        return self._take(end + 2)[:-2]

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._chunks()
            self._read_trailers()
        finally:
            self._held(-len(self._buffer))
            self._buffer.clear()

    def _chunks(self) -> Iterator[bytes]:
        while True:
            header = self._line()
            size_text, _, extension = header.partition(b";")
            try:
                size = int(size_text.strip(), 16)
            except ValueError:
                raise ChunkedBodyError(
                    f"aws-chunked body: bad chunk size {size_text[:20]!r}") from None
            signature = extension.partition(b"chunk-signature=")[2].strip().decode("latin-1")
            digest = hashlib.sha256() if self._check else None
            remaining = size
            while remaining:
                if not self._buffer:
                    self._more(min(remaining, self._piece))
                piece = self._take(min(remaining, self._piece, len(self._buffer)))
                remaining -= len(piece)
                if digest:
                    digest.update(piece)
                yield piece
            if self._check:
                self._check(digest.hexdigest() if size else _EMPTY_SHA256, signature)
            if size == 0:
                return
            if self._line():
                raise ChunkedBodyError("aws-chunked body: chunk longer than its size")

    def _read_trailers(self) -> None:
        lines = []
        while line := self._line():
            lines.append(line)
            if len(lines) > 16:
                raise ChunkedBodyError("aws-chunked body: too many trailer lines")
        for line in lines:
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise ChunkedBodyError(f"aws-chunked body: bad trailer line {line[:40]!r}")
            self.trailers[name.strip().lower()] = value.strip()
        self.trailer_text = b"".join(line + b"\n" for line in lines
                                     if not line.lower().startswith(b"x-amz-trailer-signature"))


def decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """The payload carried by *body* (all of it), and its trailing headers, lower-cased."""
    position = 0

    def read(size: int) -> bytes:
        nonlocal position
        position += size
        return body[position - size:position]

    reader = ChunkedReader(read, 1 << 16)
    payload = b"".join(reader)
    return payload, reader.trailers


def checksum_value_error(name: str, value: str) -> str | None:
    """Why *value* cannot be trailer *name*'s checksum, or None if it can."""
    if len(value) != TRAILER_VALUE_LENGTHS[name]:
        return f"aws-chunked body: malformed {name}"
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"aws-chunked body: {name} is not base64"
    return None


def encoded_length(payload_length: int, chunk: int, trailer_name: str) -> int:
    """The length of :func:`encode`'s output for this payload length and this trailer."""
    full, rest = divmod(payload_length, chunk)
    length = full * (len(f"{chunk:x}") + 4 + chunk)
    if rest:
        length += len(f"{rest:x}") + 4 + rest
    trailer = len(trailer_name) + 1 + TRAILER_VALUE_LENGTHS[trailer_name] + 2
    return length + 3 + trailer + 2


class _GivenChecksum(BaseChecksum):
    """A checksum computed by the client: the value of its trailer, passed on unchanged for
    the upstream server to check against the data."""

    def __init__(self, value: Callable[[], str]):
        self._value = value

    def digest(self) -> bytes:
        """The client's checksum (asked for once the payload has been read)."""
        return base64.b64decode(self._value())


class _FixedReads:
    """*pieces* read as a file whose every ``read(n)`` but the last returns n bytes, so
    that AwsChunkedWrapper frames chunks of a size known in advance."""

    def __init__(self, pieces: Iterable[bytes], held: Callable[[int], None]):
        self._pieces, self._held = iter(pieces), held
        self._pending = bytearray()

    def read(self, size: int) -> bytes:
        """The next *size* bytes, fewer only at the end."""
        while len(self._pending) < size and (piece := next(self._pieces, None)) is not None:
            self._pending += piece
            self._held(len(piece))
        taken = bytes(self._pending[:size])
        del self._pending[:size]
        self._held(-len(taken))
        return taken

    def release(self) -> None:
        """Drop what is held."""
        self._held(-len(self._pending))
        self._pending.clear()


def encode(pieces: Iterable[bytes], chunk: int, trailer_name: str,
           trailer_value: Callable[[], str],
           held: Callable[[int], None] = lambda delta: None) -> Iterator[bytes]:
    """*pieces* framed as an unsigned aws-chunked body by botocore: chunks of *chunk* bytes,
    the last shorter, then trailer *trailer_name* with the value *trailer_value()* returns
    once *pieces* is exhausted."""
    source = _FixedReads(pieces, held)
    try:
        yield from AwsChunkedWrapper(source, partial(_GivenChecksum, trailer_value),
                                     trailer_name, chunk)
    finally:
        source.release()
