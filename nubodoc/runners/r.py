"""R snippets: run by ``Rscript`` where the tool's package (aws.s3, arrow, paws) is
installed, parsed by R everywhere."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nubodoc.runners.base import Runner, RunResult
from nubodoc.runners.registry import add_client
from nubodoc.runners.rstudio_jobs import DialogAnswerer

_PARSE_ERROR = re.compile(r":(\d+):(\d+): (.*)", re.DOTALL)
_R_TIMEOUT = 60


#: The packages R snippets use, one per R variant: one R call answers for all of them.
PACKAGES = ("aws.s3", "arrow", "paws")
#: The package whose ``askForPassword()`` reads what the reader types (RStudio's dialog).
DIALOGS_PACKAGE = "rstudioapi"

_FACTS_SCRIPT = """
cat('libpath', .libPaths(), sep = '\\t'); cat('\\n')
cat('version', 'R', as.character(getRversion()), sep = '\\t'); cat('\\n')
for (package in commandArgs(TRUE)) {
  found <- tryCatch(as.character(packageVersion(package, lib.loc = .libPaths())),
                    error = function(e) NULL)
  if (!is.null(found)) { cat('version', package, found, sep = '\\t'); cat('\\n') }
}
"""


@dataclass(frozen=True)
class RFacts:
    """What R says of this machine: its library folders, its version, installed packages."""

    library_paths: tuple[str, ...]
    #: ``R`` and each installed package of :data:`PACKAGES` (and rstudioapi), with its
    #: version.
    versions: tuple[tuple[str, str], ...]

    def has(self, package: str) -> bool:
        """Whether *package* is installed in R's library folders."""
        return any(name == package for name, _ in self.versions)


@functools.cache
def r_facts() -> RFacts:
    """Ask R once per process: library folders as the caller's environment
    (``R_LIBS_USER``, ``R_LIBS``…) defines them, R's version, the packages' versions."""
    answer = subprocess.run(
        ["Rscript", "--vanilla", "-e", _FACTS_SCRIPT, *PACKAGES, DIALOGS_PACKAGE],
        capture_output=True, text=True, timeout=_R_TIMEOUT, env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )
    paths, versions = (), []
    for line in answer.stdout.splitlines():
        kind, *fields = line.split("\t")
        if kind == "libpath":
            paths = tuple(field for field in fields if field.strip())
        elif kind == "version" and len(fields) == 2:
            versions.append((fields[0], fields[1]))
    return RFacts(paths, tuple(versions))


class RRunner(Runner):
    """Runs an R file with ``Rscript`` where *package* is installed; R parses it otherwise."""

    checked_by_running = True

    def __init__(self, package: str = "aws.s3"):
        self.package = package

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None where ``Rscript`` finds the tool's package in R's library paths."""
        if shutil.which("Rscript") is None:
            return "Rscript not found on PATH: R snippets neither parsed nor run"
        if not r_facts().has(self.package):
            searched = ", ".join(r_facts().library_paths) or "no library path"
            return (f"R package {self.package} is not installed (searched: {searched}); "
                    "the file was parsed by R, not run")
        return None

    def cannot_read_typed_reason(self) -> str | None:
        """None where rstudioapi is installed: its ``askForPassword()`` is then answered
        through its job protocol (:mod:`nubodoc.runners.rstudio_jobs`)."""
        if r_facts().has(DIALOGS_PACKAGE):
            return None
        return ("the file reads fresh credentials with rstudioapi::askForPassword(), "
                "and R package rstudioapi is not installed: parsed by R, not run")

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
        paths = r_facts().library_paths
        if paths:
            env = {**env, "R_LIBS": os.pathsep.join(paths)}
        return env

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``Rscript snippet.R``: R reads the run's ``Renviron.site`` (``R_ENVIRON``)."""
        return ["Rscript", str(script)]

    def run(self, script: Path, env: dict[str, str], cwd: Path, timeout: float,
            shown_as: Path, typed: str = "") -> RunResult:
        """Run *script*; each ``askForPassword()`` gets the next line of *typed*, as
        RStudio gives a background job what its dialog read."""
        if not typed:
            return super().run(script, env, cwd, timeout, shown_as)
        with DialogAnswerer(cwd / "rstudioapi-ipc", typed.splitlines()) as answerer:
            return super().run(script, {**env, **answerer.variables()}, cwd, timeout,
                               shown_as)

    def versions(self) -> dict[str, str]:
        """R's version and the tool package's, where installed."""
        if shutil.which("Rscript") is None:
            return {}
        return {name: version for name, version in r_facts().versions
                if name in ("R", self.package)}

    def not_run(self) -> tuple[str, str]:
        """``parsed`` where R could read the file, else ``static`` (nothing checked it)."""
        if shutil.which("Rscript") is None:
            return "static", "R absent ; le code n'a été ni analysé ni exécuté"
        if r_facts().has(self.package):
            return "parsed", f"{DIALOGS_PACKAGE} absent ; le code a été analysé par R"
        return "parsed", f"{self.package} absent ; le code a été analysé par R"


add_client("r", "aws.s3", "aws.s3", "snippet.R", RRunner())
add_client("r", "arrow", "arrow", "snippet.arrow.R", RRunner(package="arrow"))
add_client("r", "paws", "paws", "snippet.paws.R", RRunner(package="paws"))
