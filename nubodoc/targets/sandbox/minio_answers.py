"""Make moto's answers look like MinIO's where the guide's clients notice the difference."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from urllib.parse import parse_qsl, unquote
from xml.sax.saxutils import escape, unescape

from nubodoc.targets.sandbox.anonymous import read_action

_LISTING_ENTRY = re.compile(rb"<(Contents|CommonPrefixes)>.*?</\1>", re.DOTALL)
_LISTING = re.compile(rb"(<ListBucketResult[^>]*>)(.*)(</ListBucketResult>)", re.DOTALL)
_FIELD = re.compile(rb"<(\w+)>([^<]*)</\1>|<(\w+)/>")
_ENTRY_KEY = re.compile(rb"<Key>([^<]*)</Key>")
_ENTRY_DATE = re.compile(rb"<LastModified>[^<]*</LastModified>")
_FIELD_ORDER = (b"Name", b"Prefix", b"Marker", b"StartAfter", b"ContinuationToken",
                b"KeyCount", b"MaxKeys", b"Delimiter", b"EncodingType", b"IsTruncated",
                b"NextMarker", b"NextContinuationToken")


def canonical_listing(body: bytes, query: dict[str, str]) -> bytes:
    """A ListObjects answer laid out as AWS and MinIO lay it out.

    Fields first, in AWS's order (a version 1 listing always has ``Name``,
    ``Prefix``, ``Marker``, ``MaxKeys`` and ``IsTruncated``), then the entries.
    moto puts the fields in another order and omits empty ones; aws.s3, which
    takes the last element as the next page's marker and drops the first five
    elements of each further page, then loses or repeats keys.
    """
    listing = _LISTING.search(body)
    if listing is None:
        return body
    opening, inner, closing = listing.groups()
    entries = b"".join(m.group(0) for m in _LISTING_ENTRY.finditer(inner))
    fields = {}
    for match in _FIELD.finditer(_LISTING_ENTRY.sub(b"", inner)):
        name = match.group(1) or match.group(3)
        fields[name] = match.group(2) or b""
    if b"KeyCount" not in fields:
        for name in (b"Prefix", b"Marker"):
            if not fields.get(name):
                fields[name] = escape(query.get(name.decode().lower(), "")).encode()
    ordered = [n for n in _FIELD_ORDER if n in fields] + [n for n in fields
                                                          if n not in _FIELD_ORDER]
    laid_out = b"".join(b"<%s>%s</%s>" % (n, fields[n], n) for n in ordered)
    return body[:listing.start()] + opening + laid_out + entries + closing + \
        body[listing.end():]


def millisecond_dates(body: bytes, modified_at: Callable[[str, str], datetime | None]) -> bytes:
    """A listing whose ``LastModified`` dates keep their milliseconds, as MinIO's do.

    moto cuts them to the second (``…T10:20:30.000Z``). ``aws s3 sync`` sends a file
    again when its object is listed as older than the file: a file written in the
    same second as its upload would be sent by every later sync. *modified_at*
    gives an object's date (naive UTC) as the server holds it, or None.
    """
    bucket = re.search(rb"<Name>([^<]*)</Name>", body)
    if bucket is None:
        return body
    bucket_name = unescape(bucket.group(1).decode())
    url_encoded = b"<EncodingType>url</EncodingType>" in body

    def dated(entry: re.Match) -> bytes:
        key = _ENTRY_KEY.search(entry.group(0))
        if entry.group(1) != b"Contents" or key is None:
            return entry.group(0)
        name = unescape(key.group(1).decode())
        when = modified_at(bucket_name, unquote(name) if url_encoded else name)
        if when is None:
            return entry.group(0)
        date = when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return _ENTRY_DATE.sub(b"<LastModified>%s</LastModified>" % date.encode(),
                               entry.group(0), count=1)

    return _LISTING_ENTRY.sub(dated, body)


#: moto's wording of an error, and MinIO's, which readers see on the platform.
_MINIO_MESSAGES = {
    b"The AWS Access Key Id you provided does not exist in our records.":
        b"The Access Key Id you provided does not exist in our records.",
    b"<Message>Access Denied</Message>": b"<Message>Access Denied.</Message>",
}


#: The request id every answer carries, in MinIO's form: the time of the request in
#: nanoseconds, as 16 upper-case hex digits (minio/minio ``cmd/api-headers.go``,
#: ``mustGetRequestID``, @ 7aac2a2c5b7c882e68c1ce017d8256be2feea27f). moto's is random at
#: each request: an output that shows it (aws.s3 prints a failed call's answer whole)
#: would differ at each run, and its random letters look like a key to the gate that
#: guards recorded results. Fixed: 2024-10-19T23:57:36.910270464Z.
REQUEST_ID = "1800000000000000"
#: The host id, in MinIO's form: 64 hex digits (on MinIO, the SHA-256 of the node's name,
#: ``cmd/server-main.go``, ``globalLocalNodeNameHex``, same commit). Zeros: a real digest
#: looks like a credential to the gate; moto's is a base64 constant that does too.
HOST_ID = "0" * 64
_REQUEST_ID = re.compile(rb"<RequestId>[^<]*</RequestId>")
_HOST_ID = re.compile(rb"<HostId>[^<]*</HostId>")
#: The headers that carry them: MinIO's names; moto also sends AWS's ``x-amzn-requestid``.
_ID_HEADERS = ("x-amz-request-id", "x-amz-id-2", "x-amzn-requestid")


def minio_wording(body: bytes) -> bytes:
    """An error answer with MinIO's message where moto words it differently, and the
    fixed request and host ids."""
    for moto_message, minio_message in _MINIO_MESSAGES.items():
        body = body.replace(moto_message, minio_message)
    body = _REQUEST_ID.sub(b"<RequestId>%s</RequestId>" % REQUEST_ID.encode(), body)
    return _HOST_ID.sub(b"<HostId>%s</HostId>" % HOST_ID.encode(), body)


def minio_id_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """*headers* with MinIO's request and host id headers, fixed, in place of moto's."""
    kept = [(name, value) for name, value in headers if name.lower() not in _ID_HEADERS]
    return kept + [("x-amz-request-id", REQUEST_ID), ("x-amz-id-2", HOST_ID)]


def streams_object_body(environ: dict, status: str) -> bool:
    """Whether an answer is an object's body read successfully: passed on as it comes."""
    query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    request = read_action(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "/"), query)
    return request is not None and request[1] == "s3:GetObject" and status.startswith("2")


def like_minio(app: Callable,
               modified_at: Callable[[str, str], datetime | None] | None = None) -> Callable:
    """Wrap *app* so its answers look like MinIO's.

    - moto labels its empty answers (``PutObject``, ``DeleteObject`` …) as HTML;
      aws.s3 then reads a success as a failure and ``put_object`` returns FALSE.
    - moto answers some calls (``PutBucketPolicy``) with 200 and the body ``True``,
      which aws.s3 tries to parse as XML; MinIO answers 204, no body.
    - moto lays out listings its own way (see canonical_listing) and dates their
      entries to the second (see millisecond_dates, with *modified_at*).
    - a few error messages differ from MinIO's (see minio_wording).
    - moto's request ids are random; every answer carries MinIO's headers with
      fixed ids (:data:`REQUEST_ID`, :data:`HOST_ID`), an error's body too.

    Only those answers, small XML or empty, are read whole: an object's body is
    handed on as the application's own iterable, however large.
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            captured["exc_info"] = exc_info
            return lambda data: captured.setdefault("written", []).append(data)

        chunks = app(environ, capture)
        if ("status" in captured and "written" not in captured
                and streams_object_body(environ, captured["status"])):
            start_response(captured["status"], minio_id_headers(captured["headers"]),
                           captured["exc_info"])
            return chunks
        try:
            body = b"".join(captured.pop("written", [])) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers, status = minio_id_headers(captured["headers"]), captured["status"]
        if body == b"True" and status.startswith("200"):
            status, body = "204 No Content", b""
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
        elif b"<ListBucketResult" in body[:400] or b"<Error>" in body[:400]:
            query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
            body = minio_wording(canonical_listing(body, query))
            if modified_at is not None:
                body = millisecond_dates(body, modified_at)
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        if not body:
            headers = [(n, v) for n, v in headers
                       if not (n.lower() == "content-type" and v.startswith("text/html"))]
        start_response(status, headers, captured["exc_info"])
        return [body]

    return wrapped


def answer_options_as_minio(app: Callable) -> Callable:
    """Wrap *app*: an ``OPTIONS`` request that is no CORS preflight gets 200, no body.

    MinIO has no route for ``OPTIONS``: rs/cors hands a request without
    ``Access-Control-Request-Method`` on to the router, whose method-not-allowed handler
    (``errorResponseHandler``, cmd/handler-utils.go) writes nothing for ``OPTIONS``,
    signed, presigned or anonymous alike. moto checks its signature and refuses it.
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (environ.get("REQUEST_METHOD") != "OPTIONS"
                or "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ):
            return app(environ, start_response)
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    return wrapped
