"""The harness's side of the preloaded interpreter (:mod:`nubodoc.runners.zygote`).

A maintainer's fast mode (``pytest --fork-server``): Python files run in a child
forked from an interpreter that has already imported pandas, s3fs and boto3,
instead of a fresh ``python`` that imports them again for every file.
CI and the docs build keep fresh interpreters; ``tests/test_fork_server.py``
holds the two modes to the same outputs.
"""

from __future__ import annotations

import json
import locale
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from nubodoc.core.errors import NubodocError
from nubodoc.core.processes import kill_group
from nubodoc.core.temporary import temporary_folder
from nubodoc.runners.base import RunResult, SnippetTimeout

ZYGOTE = Path(__file__).with_name("zygote.py")
#: Modules imported before the fork: those the Python snippets import that read
#: nothing of the run's environment at import time. Not polars nor duckdb (their
#: thread pools are not safe to fork), nor ``pyarrow.fs`` (``pyarrow.parquet``
#: imports it): it reads ``SSL_CERT_FILE`` once, at import, for every S3 client.
PRELOADED = ("pandas", "s3fs", "boto3")
START_SECONDS = 120
_REPLY_BYTES = 4096


class ForkServerError(NubodocError):
    """The preloaded interpreter could not start or stopped answering."""


class ForkServer:
    """One preloaded interpreter; :meth:`run` runs a Python file in a fork of it.

    The interpreter ends when the harness hangs up, which its death does too (no
    ``PR_SET_PDEATHSIG``: that fires when the starting *thread* ends).
    """

    def __init__(self, modules: tuple[str, ...] = PRELOADED):
        self.modules = modules
        self._process: subprocess.Popen | None = None
        self._channel: socket.socket | None = None
        self._home: Path | None = None
        self._log = None
        self._starting = threading.Lock()

    def start(self) -> None:
        """Start the interpreter with a neutral environment, unless it runs; wait until it
        has imported. Safe to call from several threads."""
        with self._starting:
            if self._process is None:
                self._start()

    def _start(self) -> None:
        from nubodoc.platform.variables import S3_VARIABLES

        self._home = temporary_folder("nubodoc-zygote-")
        env = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
        env["HOME"] = str(self._home)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._channel = ours
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-X", "utf8", str(ZYGOTE), str(theirs.fileno()),
                 str(self._home), *self.modules],
                env=env, cwd=self._home, pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
                start_new_session=True,
            )
            theirs.close()
            self._receive(START_SECONDS)
        except TimeoutError:
            self.close()
            raise ForkServerError(f"the preloaded interpreter did not start within "
                                  f"{START_SECONDS} s") from None
        except BaseException:
            theirs.close()
            self.close()
            raise

    def run(self, script: Path, env: dict[str, str], cwd: Path, timeout: float,
            shown_as: Path) -> RunResult:
        """Run *script* as ``python -X utf8 script`` would, in a fork; kill it after *timeout*."""
        self.start()
        assert self._channel is not None
        started = time.monotonic()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            request = json.dumps({"script": str(script), "cwd": str(cwd), "env": env})
            try:
                socket.send_fds(self._channel, [request.encode()],
                                [out.fileno(), err.fileno()])
            except OSError as exc:
                self.close()
                raise ForkServerError(f"the preloaded interpreter stopped ({exc})") from None
            pid = self._receive(10)["pid"]
            try:
                status = self._receive(timeout)["status"]
            except TimeoutError:
                kill_group(pid)
                self._receive(10)
                raise SnippetTimeout.after(timeout, shown_as) from None
            except BaseException:
                kill_group(pid)
                self.close()
                raise
            return RunResult(status, _read(out), _read(err), time.monotonic() - started)

    def _receive(self, timeout: float) -> dict:
        """The zygote's next message; TimeoutError after *timeout* seconds.

        If the zygote is gone, it is closed (the next run starts a new one) and
        ForkServerError says what it last wrote.
        """
        assert self._channel is not None
        self._channel.settimeout(timeout)
        try:
            message = self._channel.recv(_REPLY_BYTES)
        except TimeoutError:
            raise
        except OSError as exc:
            message, problem = b"", str(exc)
        else:
            problem = "it hung up"
        if not message:
            last_words = self._log_text()
            self.close()
            raise ForkServerError(f"the preloaded interpreter stopped ({problem})"
                                  + (f":\n{last_words}" if last_words else ""))
        return json.loads(message)

    def _log_text(self) -> str:
        """The end of what the zygote wrote to its stderr."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace")[-4000:].strip()

    def close(self) -> None:
        """Hang up, stop the interpreter, delete its folder."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                kill_group(self._process.pid)
                self._process.wait(timeout=5)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None


def _read(stream) -> str:
    """The stream's text as ``subprocess`` gives it with ``text=True``."""
    stream.seek(0)
    text = stream.read().decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")
