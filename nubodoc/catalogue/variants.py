"""The languages a task is shown in, and the registry of the clients (variants) each shows.

A client is declared once, by its runner module (:func:`nubodoc.runners.add_client`),
which registers its record here: the catalogue reads ``task.toml`` and finds a task's
files through this registry without importing the runners, a floor above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nubodoc.core.errors import NubodocError


@dataclass(frozen=True)
class Language:
    """A language a task can be shown in: its key (the tab's sync id) and file."""

    key: str
    label: str
    filename: str
    highlight: str


LANGUAGES = (
    Language("r", "R", "snippet.R", "r"),
    Language("python", "Python", "snippet.py", "python"),
    Language("mc", "Terminal", "snippet.sh", "bash"),
)
LANGUAGE_BY_KEY = {language.key: language for language in LANGUAGES}


@dataclass(frozen=True)
class Variant:
    """One client a language tab can show: the language's default tool or another one.

    The default variant's key is the language's (``python``, file ``snippet.py``);
    the others are ``<language>-<tool>`` (``python-polars``, file ``snippet.polars.py``).
    *skeleton* is the file ``nubodoc new`` copies into a new task for this client.
    """

    key: str
    language: str
    tool: str
    label: str
    filename: str
    skeleton: Path

    @property
    def default(self) -> bool:
        """True for the language's default tool (its plain ``snippet.*`` file)."""
        return self.key == self.language

    @property
    def highlight(self) -> str:
        """The Pygments lexer of the file."""
        return LANGUAGE_BY_KEY[self.language].highlight

    @property
    def title(self) -> str:
        """``Python · polars``: the language and the tool, for tables and messages."""
        return f"{LANGUAGE_BY_KEY[self.language].label} · {self.label}"


#: Every client registered, in the order of the tool row: languages in LANGUAGES' order,
#: each language's default first, then its other tools as registered.
VARIANTS: list[Variant] = []
VARIANT_BY_KEY: dict[str, Variant] = {}


def _tool_row_rank(variant: Variant) -> tuple[int, bool]:
    return [language.key for language in LANGUAGES].index(variant.language), not variant.default


def register_variant(language: str, tool: str, label: str, filename: str,
                     skeleton: Path) -> Variant:
    """Record a client of *language* (``python``) named *tool*, shown in *filename*.

    Its key is the language's when *filename* is the language's default file, else
    ``<language>-<tool>``. A key or a file name registered twice is an error.
    """
    if language not in LANGUAGE_BY_KEY:
        raise NubodocError(f"client {tool!r}: unknown language {language!r} "
                           f"(known: {', '.join(LANGUAGE_BY_KEY)})")
    default = filename == LANGUAGE_BY_KEY[language].filename
    key = language if default else f"{language}-{tool}"
    clash = [v.key for v in VARIANTS if key == v.key or filename == v.filename]
    if clash:
        raise NubodocError(f"client {key!r} ({filename}): already registered as {clash[0]!r}")
    variant = Variant(key, language, tool, label, filename, Path(skeleton))
    VARIANTS.append(variant)
    VARIANTS.sort(key=_tool_row_rank)
    VARIANT_BY_KEY[key] = variant
    return variant


def require_variants() -> None:
    """Raise unless clients are registered (importing :mod:`nubodoc.runners` does it)."""
    if not VARIANTS:
        raise NubodocError("no client registered: import nubodoc.runners first (each runner "
                           "module registers its clients)")
