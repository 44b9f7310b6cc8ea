"""Python snippets: a subprocess of the interpreter running the suite."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import platform
import sys
from pathlib import Path

from nubodoc.runners.base import Runner

#: The S3 clients the guide's Python snippets use, in the order a status line names them.
CLIENTS = ("s3fs", "boto3", "pandas")



@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = [("Python", platform.python_version())]
    for name in CLIENTS:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    return tuple(found)


class PythonRunner(Runner):
    """Runs ``snippet.py`` with ``sys.executable``; checks it compiles first."""

    language = "python"

    def static_problems(self, path: Path) -> list[str]:
        """Syntax errors, with their line."""
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            return [f"{path}:{exc.lineno}: {exc.msg}"]
        return []

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``python -X utf8 snippet.py``."""
        return [sys.executable, "-X", "utf8", str(script)]

    def versions(self) -> dict[str, str]:
        """Python's version and those of s3fs, boto3 and pandas, as installed."""
        return dict(_versions())
