"""What every language runner offers: a static check, an availability test, a run."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from nubodoc.core.errors import NubodocError
from nubodoc.core.processes import kill_group


class SnippetTimeout(NubodocError):
    """A snippet ran longer than its task allows."""

    @classmethod
    def after(cls, timeout: float, shown_as: Path) -> SnippetTimeout:
        """The error for the snippet *shown_as*, stopped after *timeout* seconds."""
        return cls(f"{shown_as}: still running after {timeout:g} s, stopped "
                   f"(raise 'timeout' in task.toml if the task is really that long)")


@dataclass(frozen=True)
class RunResult:
    """Exit status and output of one run of a snippet."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


class Runner:
    """Base class: subclasses implement the three steps; :func:`~nubodoc.runners.add_client`
    registers an instance for one variant."""

    #: The variant's key (``python-polars``), set when the client is registered.
    language = ""
    #: True when running the file also parses it (R, Python): the static check then
    #: runs only where the file cannot run, or after a failed run, to name the line.
    checked_by_running = False
    #: True when :meth:`preload` gives a faster mode (``pytest --fork-server``).
    has_preloaded_mode = False

    def static_problems(self, path: Path) -> list[str]:
        """Problems found without running the file, each ``path:line: message``."""
        return []

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """Why this machine cannot run the language for real, or None if it can."""
        return None

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """The command line that runs *script*."""
        raise NotImplementedError

    def versions(self) -> dict[str, str]:
        """The language's and its clients' versions on this machine, e.g. ``{"R": "4.2.2"}``.

        Only what is installed is named; implementations cache the answer.
        """
        return {}

    def not_run(self) -> tuple[str, str]:
        """For a file checked but not run here: its outcome and what checked it, in French.

        The outcome is ``parsed`` (the language read it) or ``static`` (a static
        check of the commands); the phrase completes « Non exécuté ici : … ».
        """
        return "static", "seule la syntaxe a été vérifiée"

    def warm_up(self) -> None:
        """Learn, ahead of the first run, what the runner caches (availability, versions).

        The plugin calls it in a background thread while the S3 target starts.
        """
        if self.unavailable_reason() is None:
            self.versions()

    def preload(self) -> None:
        """Run files in a preloaded interpreter where the language has one (default: no)."""

    def close(self) -> None:
        """Stop whatever :meth:`preload` started."""

    def prepare_environment(self, env: dict[str, str]) -> dict[str, str]:
        """Adjust the run's environment for this language (default: unchanged)."""
        return env

    def cannot_read_typed_reason(self) -> str | None:
        """Why a file of this runner cannot read what the harness types, or None if it can."""
        return None

    def unusable_buckets_reason(self, buckets: list[str]) -> str | None:
        """Why this client cannot address one of *buckets* (valid S3 names), or None."""
        return None

    def run(self, script: Path, env: dict[str, str], cwd: Path, timeout: float,
            shown_as: Path, typed: str = "") -> RunResult:
        """Run *script* in *cwd*; kill its whole process group after *timeout* seconds.

        *shown_as* is the snippet file the reader sees, named in a timeout message;
        *typed* is written to its standard input (empty: none, stdin on ``/dev/null``).
        """
        env = self.prepare_environment(env)
        started = time.monotonic()
        process = subprocess.Popen(
            self.command(script, env), cwd=cwd, env=env,
            stdin=subprocess.PIPE if typed else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(typed or None, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise SnippetTimeout.after(timeout, shown_as) from None
        except BaseException:
            _kill_group(process)
            raise
        return RunResult(process.returncode, stdout, stderr, time.monotonic() - started)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill *process* and everything it started, then reap it."""
    kill_group(process.pid)
    process.communicate()
