"""The browser tests' shared fixtures: Debian's Chromium, the built site served, a context.

Registered as a plugin by ``tests/conftest.py``, so that every browser test module
shares one Chromium and one server per session.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    """Debian's Chromium, if installed (``apt-get install chromium``)."""
    found = shutil.which("chromium")
    if found:
        return found
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).is_file()), None)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session, or a skip naming what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                              timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site without logging each request."""

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def served(request) -> tuple[Path, str]:
    """The built site and the base URL it is served at on 127.0.0.1."""
    prebuilt = os.environ.get("NUBODOC_BROWSER_SITE")
    root = Path(prebuilt) if prebuilt else request.getfixturevalue("site")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def context(browser):
    """A fresh browser context (its own storage), clipboard allowed."""
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()
