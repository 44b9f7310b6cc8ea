"""Listings as MinIO pages them, where moto's differ (found by Ceph's s3-tests, issue #23).

Two of moto's backend methods are wrapped, once per process, and change only for a
request a sandbox serves (:data:`accounts.SERVING_ACCOUNT` set); a plain moto user of
the process sees moto unchanged, as with :func:`accounts.install`:

- ListObjects (version 1) with a delimiter: moto returns every key and common prefix,
  ignoring ``MaxKeys`` (no truncation, no ``NextMarker``); here keys and prefixes are
  paged together, in key order, and ``NextMarker`` is the last entry, as MinIO does;
- ListObjectVersions whose ``KeyMarker``/``VersionIdMarker`` names a version deleted in
  between: moto looks for that exact version and, not finding it, lists nothing (a
  list-delete-list loop stops with versions left); here the listing resumes after the
  marker's place.

And :func:`listing_answers` rewrites two answers: a version 1 listing asked with
``EncodingType=url`` gets its common prefixes URL-encoded like its keys (boto3 decodes
both: moto's ``foo+1/`` came out as ``foo 1/``), and a version 2 listing echoes its
``ContinuationToken`` and ``StartAfter``, both given.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, quote
from xml.sax.saxutils import escape, unescape

from nubodoc.targets.sandbox.accounts import SERVING_ACCOUNT

_INSTALL_LOCK = threading.Lock()
_LISTING_PARAMETERS = {"prefix", "delimiter", "marker", "max-keys", "encoding-type",
                       "list-type", "continuation-token", "start-after", "fetch-owner"}
_COMMON_PREFIX = re.compile(rb"(<CommonPrefixes>\s*<Prefix>)([^<]*)(</Prefix>)")


def _paged_with_delimiter(original: Callable) -> Callable:
    """moto's ``S3Backend.list_objects``, paging keys and common prefixes together."""

    @functools.wraps(original)
    def list_objects(self, bucket, prefix, delimiter, marker, max_keys):
        if SERVING_ACCOUNT.get() is None or not delimiter or max_keys is None:
            return original(self, bucket, prefix, delimiter, marker, max_keys)
        keys, folders, _, _ = original(self, bucket, prefix, delimiter, None, None)
        entries = sorted([(key.name, key) for key in keys] + [(name, name) for name in folders],
                         key=lambda entry: entry[0])
        if marker:
            after = self._pagination_tokens.get(marker) or marker
            entries = [entry for entry in entries if entry[0] > after]
        truncated = 0 < max_keys < len(entries)
        page = entries[:max_keys]
        return ([item for _, item in page if not isinstance(item, str)],
                [item for _, item in page if isinstance(item, str)],
                truncated, page[-1][0] if truncated else None)

    list_objects.nubodoc_sandbox = True
    return list_objects


def _resumed_after_deleted_marker(original: Callable) -> Callable:
    """moto's ``S3Backend.list_object_versions``, resuming after a marker since deleted."""

    @functools.wraps(original)
    def list_object_versions(self, bucket_name, delimiter=None, key_marker=None,
                             max_keys=1000, prefix="", version_id_marker=None):
        if SERVING_ACCOUNT.get() is not None and key_marker and version_id_marker:
            key_marker, version_id_marker = _marker_still_listed(
                self.get_bucket(bucket_name), key_marker, version_id_marker)
        return original(self, bucket_name, delimiter=delimiter, key_marker=key_marker,
                        max_keys=max_keys, prefix=prefix, version_id_marker=version_id_marker)

    list_object_versions.nubodoc_sandbox = True
    return list_object_versions


def _marker_still_listed(bucket, key_marker: str, version_id: str) -> tuple:
    """The marker itself if its version exists; else the last version listed before it.

    (None, None) when nothing comes before it: the listing starts over, and what was
    deleted is no longer there to be listed again.
    """
    if any(v.version_id == version_id for v in bucket.keys.getlist(key_marker, [])):
        return key_marker, version_id
    before = sorted(name for name in bucket.keys if name < key_marker)
    if not before:
        return None, None
    versions = bucket.keys.getlist(before[-1], [])
    oldest = min(versions, key=lambda version: version.last_modified)
    return before[-1], oldest.version_id


def install() -> None:
    """Wrap moto's two listing methods for the sandboxes' requests (idempotent)."""
    from moto.s3.models import S3Backend

    with _INSTALL_LOCK:
        if not getattr(S3Backend.list_objects, "nubodoc_sandbox", False):
            S3Backend.list_objects = _paged_with_delimiter(S3Backend.list_objects)
        if not getattr(S3Backend.list_object_versions, "nubodoc_sandbox", False):
            S3Backend.list_object_versions = _resumed_after_deleted_marker(
                S3Backend.list_object_versions)


def is_listing(environ: dict) -> bool:
    """Whether the request is a ListObjects (version 1 or 2) of a bucket."""
    query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return (environ.get("REQUEST_METHOD") == "GET"
            and "/" not in environ.get("PATH_INFO", "/").strip("/")
            and environ.get("PATH_INFO", "/").strip("/") != ""
            and all(name in _LISTING_PARAMETERS for name, _ in query))


def encoded_and_echoed(body: bytes, query: dict[str, str]) -> bytes:
    """A listing answer with URL-encoded common prefixes (v1), token and start echoed (v2)."""
    if query.get("encoding-type") == "url" and query.get("list-type") != "2":
        body = _COMMON_PREFIX.sub(lambda m: m.group(1) + escape(quote(
            unescape(m.group(2).decode()))).encode() + m.group(3), body)
    if query.get("list-type") == "2":
        for parameter, field in (("continuation-token", b"ContinuationToken"),
                                 ("start-after", b"StartAfter")):
            value = query.get(parameter)
            if value and b"<%s>" % field not in body:
                body = body.replace(b"<KeyCount>", b"<%s>%s</%s><KeyCount>" % (
                    field, escape(value).encode(), field), 1)
    return body


def listing_answers(app: Callable) -> Callable:
    """Wrap *app* so its listings are encoded and echo their token (see encoded_and_echoed)."""

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not is_listing(environ):
            return app(environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: captured.setdefault("written", []).append(data)

        chunks = app(environ, capture)
        try:
            body = b"".join(captured.pop("written", [])) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        body = encoded_and_echoed(body, query)
        headers = [(n, v) for n, v in captured["headers"] if n.lower() != "content-length"]
        start_response(captured["status"], headers + [("Content-Length", str(len(body)))],
                       captured["exc_info"])
        return [body]

    return wrapped
