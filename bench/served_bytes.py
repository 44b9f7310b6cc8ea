"""Bytes a server sends, counted on the wire: a TCP relay on 127.0.0.1 in front of it.

TLS passes through untouched (the certificate names 127.0.0.1, whatever the port), so
the count is what the client received, TLS framing included: a few kB more than the
bodies. The benchmark reads once more through it, untimed, to say how many bytes each
way of reading really downloads.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from urllib.parse import urlsplit

_CHUNK = 1 << 16


class CountingRelay:
    """Relays ``127.0.0.1:<port>`` to *endpoint_url*'s host and port, counting bytes back."""

    def __init__(self, endpoint_url: str) -> None:
        address = urlsplit(endpoint_url)
        self._upstream = (address.hostname, address.port)
        self._scheme = address.scheme
        self._lock = threading.Lock()
        self.received = 0
        relay = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                relay.pipe(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        """The relay's own URL, to give the client in place of the server's."""
        return f"{self._scheme}://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> CountingRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def pipe(self, client: socket.socket) -> None:
        """Copy one connection both ways until either side closes it."""
        with socket.create_connection(self._upstream) as upstream:
            upward = threading.Thread(target=_copy, args=(client, upstream, None), daemon=True)
            upward.start()
            _copy(upstream, client, self._count)
            upward.join()

    def _count(self, size: int) -> None:
        with self._lock:
            self.received += size

    def counted(self, call) -> int:
        """Bytes the server sent while *call* ran."""
        before = self.received
        call()
        return self.received - before


def _copy(source: socket.socket, sink: socket.socket, count) -> None:
    try:
        while data := source.recv(_CHUNK):
            if count:
                count(len(data))
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for side in (sink, source):
            with contextlib.suppress(OSError):
                side.shutdown(socket.SHUT_RDWR)
