"""moto's WSGI application served over HTTPS by werkzeug, in a background thread."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import trustme
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

HOST = "127.0.0.1"


def drop_html_type_on_empty_bodies(app: Callable) -> Callable:
    """Wrap *app* so its empty answers look like MinIO's.

    moto labels its empty answers (``PutObject``, ``DeleteObject`` …) as HTML;
    aws.s3 then reads a success as a failure and ``put_object`` returns FALSE.
    It also answers some calls (``PutBucketPolicy``) with 200 and the body
    ``True``, which aws.s3 tries to parse as XML; MinIO answers 204, no body.
    """

    def wrapped(environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            captured["exc_info"] = exc_info
            return lambda data: captured.setdefault("written", []).append(data)

        chunks = app(environ, capture)
        try:
            body = b"".join(captured.pop("written", [])) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers, status = captured["headers"], captured["status"]
        if body == b"True" and status.startswith("200"):
            status, body = "204 No Content", b""
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
        if not body:
            headers = [
                (name, value)
                for name, value in headers
                if not (name.lower() == "content-type" and value.startswith("text/html"))
            ]
        start_response(status, headers, captured["exc_info"])
        return [body]

    return wrapped


class _QuietRequestHandler(WSGIRequestHandler):
    """Request handler that does not log each request to stderr."""

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
        authority = trustme.CA(organization_name="nubodoc sandbox CA")
        authority.cert_pem.write_to_path(str(self.ca_bundle))
        certificate = authority.issue_cert(HOST, "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        app = drop_html_type_on_empty_bodies(
            self._wrap(DomainDispatcherApplication(create_backend_app)))
        self._server = make_server(
            HOST, 0, app, threaded=True, ssl_context=context,
            request_handler=_QuietRequestHandler,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="nubodoc-sandbox", daemon=True
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
