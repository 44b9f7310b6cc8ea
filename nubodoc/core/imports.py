"""The modules a Python source imports, read from its syntax tree (the kit's one walk)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator


def absolute_imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Each absolute import anywhere in *tree* (functions included): its node and the
    dotted module it names (``a.b`` for ``import a.b`` and for ``from a.b import c``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node, node.module


def top_level(module: str) -> str | None:
    """The top-level package of dotted *module*, or None for the standard library's."""
    top = module.partition(".")[0]
    return None if top in sys.stdlib_module_names else top
