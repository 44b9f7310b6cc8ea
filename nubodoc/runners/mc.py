"""mc snippets: run where the MinIO client is on PATH, statically checked everywhere."""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
from pathlib import Path

from nubodoc.runners.base import Runner
from nubodoc.runners.mc_reference import (
    COMMANDS,
    DEPRECATED,
    FORBIDDEN_FLAGS,
    GLOBAL_FLAGS,
    command_path,
)
from nubodoc.runners.registry import add_client

_SEPARATORS = {"|", "||", "&&", ";", "&", "(", ")", "|&"}


@functools.cache
def _minio_client() -> str | None:
    """Path of an ``mc`` that is MinIO's client (not Midnight Commander), or None."""
    path = shutil.which("mc")
    if path is None:
        return None
    try:
        answer = subprocess.run([path, "--version"], capture_output=True, text=True,
                                timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if "minio" in (answer.stdout + answer.stderr).lower() else None


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Shell lines with backslash continuations joined, each with its first line number."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        lines.append((start, pending + line))
        pending = ""
    if pending:
        lines.append((start, pending))
    return lines


def mc_invocations(text: str) -> list[tuple[int, list[str]]]:
    """Every ``mc …`` command in a shell script, as (line, words after ``mc``)."""
    found = []
    for number, line in logical_lines(text):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        try:
            tokens = list(lexer)
        except ValueError:
            continue
        command: list[str] = []
        for token in [*tokens, ";"]:
            if token in _SEPARATORS:
                if command and command[0] == "mc":
                    found.append((number, command[1:]))
                command = []
            else:
                command.append(token)
    return found


def check_invocation(words: list[str]) -> list[str]:
    """Problems with one ``mc`` command line (words after ``mc``)."""
    path, _ = command_path(words)
    if path in DEPRECATED:
        return [DEPRECATED[path]]
    if path not in COMMANDS:
        return [f"'mc {path}' is not in the table of documented mc commands"]
    problems = []
    allowed = COMMANDS[path] | GLOBAL_FLAGS
    for word in words:
        if not word.startswith("-") or word == "-":
            continue
        flag = word.split("=", 1)[0]
        if flag in FORBIDDEN_FLAGS:
            problems.append(f"'{flag}' {FORBIDDEN_FLAGS[flag]}")
        elif flag not in allowed:
            problems.append(f"'mc {path}' has no flag '{flag}'")
    return problems


@functools.cache
def _mc_version() -> str | None:
    """The release of MinIO's ``mc`` on PATH (``RELEASE.2025-08-13T08-35-41Z``), or None."""
    path = _minio_client()
    if path is None:
        return None
    answer = subprocess.run([path, "--version"], capture_output=True, text=True,
                            timeout=10, stdin=subprocess.DEVNULL)
    words = answer.stdout.split()
    return next((w for w in words if w.startswith("RELEASE.")), words[2] if len(words) > 2
                else None)


def bash_syntax_problems(path: Path) -> list[str]:
    """What ``bash -n`` finds wrong in *path* (each message names the file and line)."""
    syntax = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True,
                            timeout=30, stdin=subprocess.DEVNULL)
    return [syntax.stderr.strip()] if syntax.returncode != 0 else []


class McRunner(Runner):
    """Runs ``snippet.sh`` with bash where MinIO's ``mc`` is installed."""

    def static_problems(self, path: Path) -> list[str]:
        """``bash -n`` errors and mc commands or flags not in mc's reference."""
        problems = bash_syntax_problems(path)
        text = path.read_text(encoding="utf-8")
        invocations = mc_invocations(text)
        if not invocations:
            problems.append(f"{path}:1: no mc command found")
        for number, words in invocations:
            problems.extend(f"{path}:{number}: {p}" for p in check_invocation(words))
        return problems

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None where an ``mc`` on PATH is MinIO's client."""
        if _minio_client() is None:
            return ("MinIO client 'mc' not on PATH (Debian's 'mc' is Midnight Commander): "
                    "bash -n and the mc command check passed, the file was not run")
        return None

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``bash -e -o pipefail snippet.sh``: the first failing command fails the run."""
        return ["bash", "-e", "-o", "pipefail", str(script)]

    def versions(self) -> dict[str, str]:
        """mc's release, where MinIO's client is installed."""
        version = _mc_version()
        return {"mc": version} if version else {}

    def not_run(self) -> tuple[str, str]:
        """``static``: bash read the file and each command was checked against mc's table."""
        return "static", "commandes vérifiées d'après la référence de mc"


add_client("mc", "mc", "mc", "snippet.sh", McRunner())
