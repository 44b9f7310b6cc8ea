"""The sandbox records what each run did, at the server: GETs per object, and every write.

A filtered read of a partitioned dataset must fetch only the partitions it needs; the
judge asserts it from the GET counts (``fetched_only`` in ``task.toml``). After a
renewal, the writes must be signed with the fresh access key; the judge checks it from
the writes recorded (key and status). The recording is a WSGI middleware of its own,
outside the one that shapes the sandbox's answers. It lives in ``core`` so that the judge
reads a target's log without importing that target (the sandbox imports moto).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs

_SIGNED_BY = re.compile(r"Credential=([^/,\s]+)/")
_WRITES = ("PUT", "POST", "DELETE")


@dataclass(frozen=True)
class Write:
    """One write request to an object: ``bucket/key``, the access key that signed it, and
    the HTTP status the server answered."""

    path: str
    access_key: str
    status: int


def _access_key(environ: dict) -> str:
    """The access key a request was signed with (header or presigned URL), or ``""``."""
    found = _SIGNED_BY.search(environ.get("HTTP_AUTHORIZATION", ""))
    if found:
        return found.group(1)
    credential = parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [""])[0]
    return credential.split("/", 1)[0]


class RequestLog:
    """GET requests per object (``bucket/key``) and writes, since the last :meth:`clear`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gets: Counter[str] = Counter()
        self._writes: list[Write] = []
        self._expiry: tuple[str, int, Callable[[str], None]] | None = None
        self._expired_at = 0

    def clear(self) -> None:
        """Forget every request recorded so far, and any expiry armed (before each item)."""
        with self._lock:
            self._gets.clear()
            self._writes.clear()
            self._expiry = None
            self._expired_at = 0

    def expire_after(self, access_key: str, writes: int, forget: Callable[[str], None]) -> None:
        """Call *forget* (*access_key*) once *writes* writes signed with it have succeeded:
        credentials that expire in the middle of a run."""
        with self._lock:
            self._expiry = (access_key, writes, forget)

    def _record(self, write: Write) -> None:
        with self._lock:
            self._writes.append(write)
            if self._expiry is None or write.access_key != self._expiry[0]:
                return
            access_key, writes, forget = self._expiry
            done = sum(1 for w in self._writes if w.access_key == access_key and w.status < 300)
            if done < writes:
                return
            self._expiry = None
            self._expired_at = len(self._writes)
        forget(access_key)

    def object_gets(self) -> dict[str, int]:
        """``bucket/key`` -> how many GET requests fetched that object."""
        with self._lock:
            return dict(self._gets)

    def writes(self) -> list[Write]:
        """Every PUT, POST and DELETE of an object, in the order the server answered them."""
        with self._lock:
            return list(self._writes)

    def writes_since_expiry(self) -> list[Write]:
        """The writes after credentials expired by :meth:`expire_after` (all, if none did)."""
        with self._lock:
            return self._writes[self._expired_at:]

    def middleware(self, app: Callable) -> Callable:
        """*app*, recording each GET and each write of an object (a path-style
        ``/bucket/key``) it serves."""

        def recording(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "").lstrip("/")
            method = environ.get("REQUEST_METHOD")
            if "/" not in path.rstrip("/"):
                return app(environ, start_response)
            if method == "GET":
                with self._lock:
                    self._gets[path] += 1
                return app(environ, start_response)
            if method not in _WRITES:
                return app(environ, start_response)
            signer = _access_key(environ)

            def recording_start(status: str, headers, *exc_info):
                self._record(Write(path, signer, int(status.split()[0])))
                return start_response(status, headers, *exc_info)

            return app(environ, recording_start)

        return recording
