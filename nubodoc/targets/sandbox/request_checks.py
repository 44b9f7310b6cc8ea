"""Requests the sandbox checks as MinIO does before moto sees them (Ceph's s3-tests, #23).

moto answers these differently from MinIO, in ways a reader's client notices:

- CompleteMultipartUpload of an unknown upload: moto 500, MinIO 404 ``NoSuchUpload`` (the
  upload just completed, again: both answer with the object);
  with no body: moto 500, MinIO 400 ``MalformedXML``; a part sent twice and listed twice
  (the first copy's ETag, then the last's): moto refuses the stale ETag, MinIO completes
  with the part as stored;
- GET or HEAD with ``partNumber``: moto gives the part's ETag, MinIO the object's (and its
  ``x-amz-mp-parts-count``); a part number past the last: moto 416 ``InvalidRange``,
  MinIO 416 ``InvalidPartNumber`` (AWS: 400 ``InvalidPart``);
- PutObject with ``If-None-Match`` naming the stored object's ETag: moto writes, MinIO
  412 ``PreconditionFailed``;
- CreateBucket with the location constraint ``us-east-1``: moto 400
  ``InvalidLocationConstraint``, MinIO creates the bucket;
- CreateBucket of a bucket the server holds: moto re-creates it (AWS's rule in
  us-east-1), MinIO 409 ``BucketAlreadyOwnedByYou``;
- CreateBucket with a name MinIO refuses (``_bucket``): moto creates it, MinIO 400
  ``InvalidBucketName``;
- CopyObject and UploadPartCopy with ``x-amz-copy-source-if-match`` that fails: moto copies,
  MinIO 412 ``PreconditionFailed``; a ``x-amz-copy-source-range`` that is malformed or
  past the source's end: moto copies, MinIO 400 ``InvalidArgument``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, unquote
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from nubodoc.targets.s3_errors import error_answer

_COPY_RANGE = re.compile(r"^bytes=(\d+)-(\d+)$")
#: MinIO's bucket names (s3utils.CheckValidBucketNameStrict).
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_DEFAULT_LOCATION = re.compile(rb"<LocationConstraint>\s*us-east-1\s*</LocationConstraint>")
_IP_ADDRESS = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
#: What moto's re-creation of an existing bucket may change (put back as it was).
_BUCKET_SETTINGS = ("acl", "object_lock_enabled", "versioning_status", "ownership_rule")
_S3_NAMESPACE = "{http://s3.amazonaws.com/doc/2006-03-01/}"
_MALFORMED = (400, "MalformedXML", "The XML you provided was not well-formed or did not "
              "validate against our published schema.")


def _read_body(environ: dict) -> bytes:
    """The request's body, read whole and put back for the application."""
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = stream.read(int(environ.get("CONTENT_LENGTH") or 0))
    _replace_body(environ, body)
    return body


def _replace_body(environ: dict, body: bytes) -> None:
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("wsgi.input_terminated", None)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def _stored_object(bucket, key: str):
    """The object *key* of moto's *bucket* (its latest version), or None (a delete marker)."""
    from moto.s3.models import FakeKey

    stored = bucket.keys.get(key)
    return stored if isinstance(stored, FakeKey) else None


def _bucket_and_key(environ: dict) -> tuple[str, str]:
    bucket, _, key = environ.get("PATH_INFO", "/").lstrip("/").partition("/")
    return bucket, key


def completion_parts(body: bytes, stored_etags: dict[int, str]) -> bytes | None:
    """A CompleteMultipartUpload body listing each part once, or None if it needs no change.

    A part number listed twice keeps the entry whose ETag is the stored part's.
    """
    root = ElementTree.fromstring(body)
    entries = [(int(_field(part, "PartNumber") or 0), _field(part, "ETag"))
               for part in root if part.tag.removeprefix(_S3_NAMESPACE) == "Part"]
    numbers = [number for number, _ in entries]
    if len(set(numbers)) == len(numbers):
        return None
    kept: dict[int, str] = {}
    for number, etag in entries:
        if number not in kept or etag.strip('"') == stored_etags.get(number, "").strip('"'):
            kept[number] = etag
    parts = "".join(f"<Part><PartNumber>{number}</PartNumber><ETag>{escape(kept[number])}</ETag>"
                    "</Part>" for number in sorted(kept))
    return (f'<CompleteMultipartUpload xmlns="{_S3_NAMESPACE[1:-1]}">{parts}'
            "</CompleteMultipartUpload>").encode()


def _field(element: ElementTree.Element, name: str) -> str:
    return element.findtext(f"{_S3_NAMESPACE}{name}") or element.findtext(name) or ""


def _check_completion(environ, start_response, bucket, key: str,
                      upload_id: str) -> Iterable[bytes] | None:
    upload = bucket.multiparts.get(upload_id)
    completed = _stored_object(bucket, key)
    if upload is None and getattr(getattr(completed, "multipart", None), "id", "") == upload_id:
        return None
    if upload is None:
        _read_body(environ)
        return error_answer(start_response, 404, "NoSuchUpload",
                            "The specified multipart upload does not exist. The upload ID may "
                            "be invalid, or the upload may have been aborted or completed.")
    body = _read_body(environ)
    if not body.strip():
        return error_answer(start_response, *_MALFORMED)
    try:
        rewritten = completion_parts(body, {n: p.etag for n, p in upload.parts.items()})
    except (ElementTree.ParseError, ValueError):
        return error_answer(start_response, *_MALFORMED)
    if rewritten is not None:
        _replace_body(environ, rewritten)
    return None


def _check_copy(environ, start_response, backend) -> Iterable[bytes] | None:
    source = unquote(environ["HTTP_X_AMZ_COPY_SOURCE"]).lstrip("/").split("?", 1)[0]
    source_bucket, _, source_key = source.partition("/")
    found = backend.buckets.get(source_bucket)
    stored = _stored_object(found, source_key) if found is not None else None
    if stored is None:
        return None
    expected = environ.get("HTTP_X_AMZ_COPY_SOURCE_IF_MATCH")
    if expected is not None and expected.strip('"') != stored.etag.strip('"'):
        return error_answer(start_response, 412, "PreconditionFailed",
                            "At least one of the pre-conditions you specified did not hold")
    wanted = environ.get("HTTP_X_AMZ_COPY_SOURCE_RANGE")
    if wanted is None:
        return None
    bounds = _COPY_RANGE.match(wanted)
    if bounds is None or int(bounds.group(1)) > int(bounds.group(2)):
        return error_answer(start_response, 400, "InvalidArgument",
                            "The x-amz-copy-source-range value must be of the form "
                            "bytes=first-last where first and last are the zero-based offsets "
                            "of the first and last bytes to copy")
    if int(bounds.group(2)) >= stored.size:
        return error_answer(start_response, 400, "InvalidArgument",
                            "Range specified is not valid for source object")
    return None


def _check_if_none_match(environ, start_response, stored) -> Iterable[bytes] | None:
    """412 for a PUT whose ``If-None-Match`` names the stored object's ETag (``*``: moto's)."""
    refused = environ["HTTP_IF_NONE_MATCH"].strip('"')
    if stored is None or refused == "*" or refused != stored.etag.strip('"'):
        return None
    _read_body(environ)
    return error_answer(start_response, 412, "PreconditionFailed",
                        "At least one of the pre-conditions you specified did not hold")


def _part_of_object(app, environ, start_response, stored, part: int) -> Iterable[bytes]:
    """Part *part* of the object *stored*: its bytes, the object's ETag and part count."""
    count = len(stored.multipart.partlist) if stored.multipart else 1
    if part < 1 or part > count:
        return error_answer(start_response, 416, "InvalidPartNumber",
                            "The requested partnumber is not satisfiable")
    if not stored.multipart:
        return app(environ, start_response)
    sizes = [stored.multipart.parts[number].size for number in stored.multipart.partlist]
    start = sum(sizes[:part - 1])
    end = start + sizes[part - 1] - 1
    captured = _answer_of(app, environ)
    if not captured["status"].startswith("2"):
        return _pass_on(captured, start_response)
    replaced = {"etag", "content-length", "content-range", "x-amz-mp-parts-count"}
    headers = [(n, v) for n, v in captured["headers"] if n.lower() not in replaced]
    headers += [("ETag", stored.etag), ("x-amz-mp-parts-count", str(count)),
                ("Content-Range", f"bytes {start}-{end}/{stored.size}"),
                ("Content-Length", str(end - start + 1))]
    start_response("206 Partial Content", headers, captured["exc_info"])
    if environ.get("REQUEST_METHOD") == "HEAD":
        return [b""]
    return [stored.value[start:end + 1]]


def _answer_of(app: Callable, environ: dict) -> dict:
    """*app*'s whole answer to *environ*: ``status``, ``headers``, ``exc_info``, ``body``."""
    captured: dict = {"written": []}

    def capture(status, headers, exc_info=None):
        captured.update(status=status, headers=headers, exc_info=exc_info)
        return captured["written"].append

    chunks = app(environ, capture)
    try:
        captured["body"] = b"".join(captured.pop("written")) + b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return captured


def _pass_on(captured: dict, start_response: Callable) -> Iterable[bytes]:
    """Answer with an answer of :func:`_answer_of`, unchanged."""
    start_response(captured["status"], captured["headers"], captured["exc_info"])
    return [captured["body"]]


def _create_existing_bucket(app, environ, start_response, bucket) -> Iterable[bytes]:
    """CreateBucket of a bucket the server holds: MinIO 409 ``BucketAlreadyOwnedByYou``,
    whoever asks (cmd/api-errors.go: ``BucketExists``); moto re-creates it (AWS's rule in
    us-east-1), applying the request's ACL, object lock and ownership headers.

    moto still judges the request's signature and rights (a refusal is passed on); the
    settings its re-creation changed are put back.
    """
    kept = {name: getattr(bucket, name) for name in _BUCKET_SETTINGS}
    captured = _answer_of(app, environ)
    if not captured["status"].startswith("2"):
        return _pass_on(captured, start_response)
    for name, value in kept.items():
        setattr(bucket, name, value)
    return error_answer(start_response, 409, "BucketAlreadyOwnedByYou",
                        "Your previous request to create the named bucket succeeded and "
                        "you already own it.")


def _drop_default_location(environ: dict) -> None:
    """CreateBucket naming ``us-east-1``: MinIO accepts it, moto refuses it (AWS's rule).

    The body is emptied: both then create the bucket in the server's region.
    """
    body = _read_body(environ)
    if body and _DEFAULT_LOCATION.search(body):
        _replace_body(environ, b"")


def valid_bucket_name(name: str) -> bool:
    """Whether MinIO accepts *name* for a new bucket."""
    return (_BUCKET_NAME.match(name) is not None and _IP_ADDRESS.match(name) is None
            and not any(pair in name for pair in ("..", ".-", "-.")))


def check_requests(app: Callable, backend: Callable) -> Callable:
    """Wrap *app* (moto) so the requests above are answered as MinIO answers them.

    *backend* gives the sandbox's moto S3 backend, read to check uploads, ETags and sizes.
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        bucket_name, key = _bucket_and_key(environ)
        bucket = backend().buckets.get(bucket_name)
        if method == "PUT" and not key and not query and not valid_bucket_name(bucket_name):
            _read_body(environ)
            return error_answer(start_response, 400, "InvalidBucketName",
                                "The specified bucket is not valid.")
        if method == "PUT" and not key and not query:
            _drop_default_location(environ)
            if bucket is not None:
                return _create_existing_bucket(app, environ, start_response, bucket)
        if bucket is None or not key:
            return app(environ, start_response)
        answer = None
        if method == "POST" and "uploadId" in query:
            answer = _check_completion(environ, start_response, bucket, key, query["uploadId"])
        elif method == "PUT" and "HTTP_X_AMZ_COPY_SOURCE" in environ:
            answer = _check_copy(environ, start_response, backend())
        elif method == "PUT" and "HTTP_IF_NONE_MATCH" in environ and "uploadId" not in query:
            answer = _check_if_none_match(environ, start_response, _stored_object(bucket, key))
        elif method in ("GET", "HEAD") and query.get("partNumber", "").isdigit():
            stored = _stored_object(bucket, key)
            if stored is not None and "versionId" not in query:
                return _part_of_object(app, environ, start_response, stored,
                                       int(query["partNumber"]))
        return app(environ, start_response) if answer is None else answer

    return wrapped
