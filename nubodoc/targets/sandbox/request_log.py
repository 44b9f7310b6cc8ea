"""The sandbox counts the objects each run fetched: GET requests per object, at the server.

A filtered read of a partitioned dataset must fetch only the partitions it needs; the
judge asserts it from these counts (``fetched_only`` in ``task.toml``). The counting is
a WSGI middleware of its own, outside the one that shapes the sandbox's answers.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable


class RequestLog:
    """GET requests per object (``bucket/key``) since the last :meth:`clear`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gets: Counter[str] = Counter()

    def clear(self) -> None:
        """Forget every request counted so far (before each item)."""
        with self._lock:
            self._gets.clear()

    def object_gets(self) -> dict[str, int]:
        """``bucket/key`` -> how many GET requests fetched that object."""
        with self._lock:
            return dict(self._gets)

    def middleware(self, app: Callable) -> Callable:
        """*app*, counting each GET of an object (a path-style ``/bucket/key``) it serves."""

        def counting(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "").lstrip("/")
            if environ.get("REQUEST_METHOD") == "GET" and "/" in path.rstrip("/"):
                with self._lock:
                    self._gets[path] += 1
            return app(environ, start_response)

        return counting
