"""Errors the kit raises, each naming the file (and line) it is about."""

from __future__ import annotations

from pathlib import Path


class NubodocError(Exception):
    """Base class of every error the kit reports to a reader or maintainer."""


class DeclarationError(NubodocError):
    """A task declaration (``task.toml``) or a snippet file is malformed or missing."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class EndpointError(NubodocError):
    """The S3 endpoint cannot be reached, or refuses the credentials."""


class UnsupportedOnTarget(NubodocError):
    """The target cannot provide what a task needs (the item is skipped, saying so)."""
