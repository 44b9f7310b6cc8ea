"""Terminal snippets for command-line clients other than mc (rclone, the AWS CLI).

Run with bash where the client is installed (on PATH, or beside the interpreter
running the suite: a virtual environment's ``bin/``); checked by ``bash -n``
and for at least one call of the client everywhere.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from nubodoc.runners.base import Runner
from nubodoc.runners.mc import bash_syntax_problems, logical_lines
from nubodoc.runners.registry import add_client


def search_path(env: dict[str, str] | None = None) -> str:
    """PATH as a run sees it: the caller's, then the suite's interpreter's folder."""
    path = (env or os.environ).get("PATH", os.defpath)
    return os.pathsep.join([path, str(Path(sys.executable).parent)])


@functools.cache
def _version(binary: str, path: str, argument: str) -> str | None:
    """First version-looking word printed by ``<binary> <argument>``, or None."""
    found = shutil.which(binary, path=path)
    if found is None:
        return None
    try:
        answer = subprocess.run([found, argument], capture_output=True, text=True,
                                timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\bv?(\d+\.\d+\.\d+)", answer.stdout + answer.stderr)
    return match.group(1) if match else None


class ShellToolRunner(Runner):
    """Runs a bash script calling *binary* (``rclone``, ``aws``) where it is installed."""

    def __init__(self, binary: str, install_hint: str, version_argument: str = "--version"):
        self.binary = binary
        self.install_hint = install_hint
        self.version_argument = version_argument

    def static_problems(self, path: Path) -> list[str]:
        """``bash -n`` errors, and a file that never calls the client."""
        problems = bash_syntax_problems(path)
        calls = re.compile(rf"(^|[\s;|&(]){re.escape(self.binary)}\s")
        text = path.read_text(encoding="utf-8")
        if not any(calls.search(line.split("#", 1)[0]) for _, line in logical_lines(text)):
            problems.append(f"{path}:1: no {self.binary} command found")
        return problems

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None where ``bash`` can find the client."""
        if shutil.which(self.binary, path=search_path(env)) is None:
            return (f"'{self.binary}' not on PATH ({self.install_hint}): bash -n passed, "
                    "the file was not run")
        return None

    def prepare_environment(self, env: dict[str, str]) -> dict[str, str]:
        """Let bash find a client installed beside the suite's interpreter."""
        return {**env, "PATH": search_path(env)}

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``bash -e -o pipefail snippet.sh``: the first failing command fails the run."""
        return ["bash", "-e", "-o", "pipefail", str(script)]

    def versions(self) -> dict[str, str]:
        """The client's version, where installed."""
        version = _version(self.binary, search_path(), self.version_argument)
        return {self.binary: version} if version else {}

    def not_run(self) -> tuple[str, str]:
        """``static``: bash read the file."""
        return "static", f"{self.binary} absent ; seule la syntaxe bash a été vérifiée"


add_client("mc", "rclone", "rclone", "snippet.rclone.sh",
           ShellToolRunner("rclone", "pip install 'nubodoc[clients]'", "version"))
add_client("mc", "aws", "AWS CLI", "snippet.aws.sh",
           ShellToolRunner("aws", "awscli, in its own virtual environment: see noxfile.py"))
