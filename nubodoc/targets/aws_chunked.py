"""Decode ``aws-chunked`` request bodies (SigV4 streaming uploads) to their plain payload."""

from __future__ import annotations


class ChunkedBodyError(ValueError):
    """The body does not follow the aws-chunked format."""


def decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """The payload carried by *body*, and its trailing headers (checksums), lower-cased.

    Each chunk is ``<hex size>[;chunk-signature=...]\\r\\n<data>\\r\\n``; a chunk of
    size 0 ends the data, then come optional ``name:value`` trailer lines.
    """
    payload = bytearray()
    position = 0
    while True:
        end = body.find(b"\r\n", position)
        if end < 0:
            raise ChunkedBodyError("aws-chunked body: chunk header without end of line")
        size_text = body[position:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ChunkedBodyError(f"aws-chunked body: bad chunk size {size_text!r}") from None
        position = end + 2
        if size == 0:
            break
        payload += body[position:position + size]
        if len(body) < position + size:
            raise ChunkedBodyError("aws-chunked body: truncated chunk")
        position += size
        if body[position:position + 2] == b"\r\n":
            position += 2
    trailers = {}
    for line in body[position:].split(b"\r\n"):
        name, sep, value = line.decode("latin-1").partition(":")
        if sep:
            trailers[name.strip().lower()] = value.strip()
    return bytes(payload), trailers
