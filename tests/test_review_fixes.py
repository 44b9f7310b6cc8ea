"""Issue 17, part 5: what the review of the guide found, each held by a check that can fail."""

from __future__ import annotations

import re

from .conftest import DOCS


def page(relative: str) -> str:
    """The text of the guide's page *relative* to ``docs/``."""
    return (DOCS / relative).read_text(encoding="utf-8")


def paragraph_with(text: str, fragment: str) -> str:
    """The paragraph of *text* (blank-line separated) that holds *fragment*."""
    found = [block for block in re.split(r"\n\s*\n", text) if fragment in block]
    assert found, f"no paragraph holds {fragment!r}"
    return found[0]


def test_pvc_deletion_asks_for_the_edit_role_and_postgresql_limit_is_sourced():
    text = paragraph_with(page("comprendre/espaces-de-stockage.md"), "une instance PostgreSQL")
    assert "**edit**" in text and "**admin**" not in text
    assert "LinaIssa/DocumentationNubonyxia" in text
    assert "values.schema.json" in text and "lancez les commandes" in text
