"""What a task is, and the catalogue: tasks under ``snippets/``, each a folder with its
declaration.

A task folder ``snippets/<name>/`` holds ``task.toml`` (what the harness seeds,
which placeholders the snippets use and what must be true after a run) and one
file per language: ``snippet.R``, ``snippet.py``, ``snippet.sh`` (mc), the defaults
(aws.s3, pandas + s3fs, mc), and one per other tool (``snippet.polars.py``…). The model
is in :mod:`nubodoc.catalogue.task`, the reading of ``task.toml`` in
:mod:`nubodoc.catalogue.declaration`, ``nubodoc new`` in :mod:`nubodoc.catalogue.authoring`.
"""

from __future__ import annotations

from pathlib import Path

from nubodoc.catalogue.declaration import load_task
from nubodoc.catalogue.task import (
    DECLARATION,
    LANGUAGE_BY_KEY,
    LANGUAGES,
    VARIANT_BY_KEY,
    VARIANTS,
    Expectations,
    Language,
    SeedObject,
    Task,
    Variant,
)
from nubodoc.core.errors import DeclarationError

__all__ = ["DECLARATION", "LANGUAGES", "LANGUAGE_BY_KEY", "Expectations", "Language",
           "SeedObject", "Task", "VARIANTS", "VARIANT_BY_KEY", "Variant", "discover",
           "load_task"]


def discover(root: Path) -> list[Task]:
    """Load every task under *root* (``snippets/``), sorted by name."""
    root = Path(root)
    if not root.is_dir():
        raise DeclarationError(root, None, "snippets folder not found")
    return [load_task(p.parent) for p in sorted(root.glob(f"*/{DECLARATION}"))]
