"""moto's WSGI application served over HTTPS by werkzeug, in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from nubodoc.targets.certificates import ThrowawayCA

HOST = "127.0.0.1"
#: How often the serving loop looks for a stop request: stopping waits up to this long
#: (werkzeug's default, 0.5 s, was paid by every test session and docs build).
POLL_SECONDS = 0.02


class _QuietRequestHandler(WSGIRequestHandler):
    """Request handler that does not log each request to stderr.

    Nagle's algorithm is off: werkzeug writes a response's headers and body
    separately, and with it on every request waited for a delayed ACK
    (about 15 ms of a 19 ms GET on loopback; 4 ms without).
    """

    disable_nagle_algorithm = True

    def log_request(self, *args, **kwargs) -> None:
        return None


class HttpsMotoServer:
    """moto on ``https://127.0.0.1:<random port>``, its certificate signed by a throwaway CA."""

    def __init__(self, workdir: Path, wrap: Callable[[Callable], Callable]):
        """*wrap* adds the sandbox's own middleware around moto's application."""
        self.workdir = Path(workdir)
        self._wrap = wrap
        self.ca_bundle = self.workdir / "sandbox-ca.pem"
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Create the CA and certificate, bind a free port and serve in a thread."""
        context = ThrowawayCA("sandbox", self.ca_bundle).server_context()
        app = self._wrap(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(
            HOST, 0, app, threaded=True, ssl_context=context,
            request_handler=_QuietRequestHandler,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_SECONDS},
            name="nubodoc-sandbox", daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None, "server not started"
        return self._server.server_port

    def stop(self) -> None:
        """Stop serving, close the socket and join the thread."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
