"""Shared helpers of the kit's own tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SNIPPETS = REPO / "snippets"
DOCS = REPO / "docs"


@pytest.fixture
def task_copy(tmp_path: Path):
    """Copy a task of the catalogue into a temporary snippets folder; return its folder."""

    def copy(name: str) -> Path:
        destination = tmp_path / "snippets" / name
        shutil.copytree(SNIPPETS / name, destination)
        return destination

    return copy


pytest_plugins = ["pytester"]
