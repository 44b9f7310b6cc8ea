"""R snippets: run by ``Rscript`` where the tool's package (aws.s3, arrow, paws) is
installed, parsed by R everywhere."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

from nubodoc.runners.base import Runner

_PARSE_ERROR = re.compile(r":(\d+):(\d+): (.*)", re.DOTALL)
_R_TIMEOUT = 60


@functools.cache
def _library_paths() -> tuple[str, ...]:
    """R's library folders as the caller's environment (R_LIBS_USER, R_LIBS …) defines them."""
    answer = subprocess.run(
        ["Rscript", "--vanilla", "-e", "cat(.libPaths(), sep = '\\n')"],
        capture_output=True, text=True, timeout=_R_TIMEOUT, env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )
    return tuple(line for line in answer.stdout.splitlines() if line.strip())


@functools.cache
def _has_package(package: str) -> bool:
    answer = subprocess.run(
        ["Rscript", "--vanilla", "-e",
         f"cat(requireNamespace('{package}', quietly = TRUE))"],
        capture_output=True, text=True, timeout=_R_TIMEOUT, env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )
    return answer.stdout.strip().endswith("TRUE")


@functools.cache
def _r_versions(package: str) -> tuple[tuple[str, str], ...]:
    """R's version and, where installed, *package*'s."""
    if shutil.which("Rscript") is None:
        return ()
    answer = subprocess.run(
        ["Rscript", "--vanilla", "-e",
         "cat('R', as.character(getRversion()), '\\n'); "
         f"if (requireNamespace('{package}', quietly = TRUE)) "
         f"cat('{package}', as.character(packageVersion('{package}')), '\\n')"],
        capture_output=True, text=True, timeout=_R_TIMEOUT, env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )
    return tuple(tuple(line.split()[:2]) for line in answer.stdout.splitlines()
                 if len(line.split()) >= 2)


class RRunner(Runner):
    """Runs an R file with ``Rscript`` where *package* is installed; R parses it otherwise."""

    checked_by_running = True

    def __init__(self, language: str = "r", package: str = "aws.s3"):
        self.language = language
        self.package = package

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None where ``Rscript`` finds the tool's package in R's library paths."""
        if shutil.which("Rscript") is None:
            return "Rscript not found on PATH: R snippets neither parsed nor run"
        if not _has_package(self.package):
            searched = ", ".join(_library_paths()) or "no library path"
            return (f"R package {self.package} is not installed (searched: {searched}); "
                    "the file was parsed by R, not run")
        return None

    def static_problems(self, path: Path) -> list[str]:
        """Parse errors reported by R itself, with their line."""
        if shutil.which("Rscript") is None:
            return []
        answer = subprocess.run(
            ["Rscript", "--vanilla", "-e", "invisible(parse(file = commandArgs(TRUE)[1]))",
             str(path)],
            capture_output=True, text=True, timeout=_R_TIMEOUT, stdin=subprocess.DEVNULL,
        )
        if answer.returncode == 0:
            return []
        match = _PARSE_ERROR.search(answer.stderr)
        if match:
            message = " ".join(match.group(3).split())
            return [f"{path}:{match.group(1)}: R cannot parse this file: {message}"]
        return [f"{path}: R cannot parse this file: {answer.stderr.strip()}"]

    def prepare_environment(self, env: dict[str, str]) -> dict[str, str]:
        """Keep the caller's R library paths although HOME points to the run's folder."""
        paths = _library_paths()
        if paths:
            env = {**env, "R_LIBS": os.pathsep.join(paths)}
        return env

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``Rscript snippet.R`` (the harness's R profile sets the CA for httr)."""
        return ["Rscript", str(script)]

    def versions(self) -> dict[str, str]:
        """R's version and the tool package's, where installed."""
        return dict(_r_versions(self.package))

    def not_run(self) -> tuple[str, str]:
        """``parsed`` where R could read the file, else ``static`` (nothing checked it)."""
        if shutil.which("Rscript") is None:
            return "static", "R absent ; le code n'a été ni analysé ni exécuté"
        return "parsed", f"{self.package} absent ; le code a été analysé par R"
