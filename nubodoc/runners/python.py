"""Python snippets: a subprocess of the interpreter running the suite."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from nubodoc.runners.base import Runner


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
