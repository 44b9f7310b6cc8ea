"""Where a key or table of a TOML document is written: its line, for error messages.

:mod:`tomllib` gives values but no positions. :func:`line_of_path` scans the text
for table headers (``[a.b]``, ``[[a.b]]``) and key lines (``k = …``, ``a.b = …``) and
returns the line that best declares a path such as
``("expect", "python", "stdot")`` or ``("seed", 1, "object")`` (the second ``[[seed]]``).
"""

from __future__ import annotations

import re

_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"\s*{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*\s*"
_HEADER = re.compile(rf"^\s*(\[\[?)({_DOTTED})\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^({_DOTTED})=")
_PART = re.compile(_KEY_PART)


def _parts(dotted: str) -> tuple[str, ...]:
    """The keys of a dotted key, quotes removed: ``expect."python"`` -> (expect, python)."""
    keys = []
    for token in _PART.findall(dotted):
        if token[0] == '"':
            token = token[1:-1].encode().decode("unicode_escape")
        elif token[0] == "'":
            token = token[1:-1]
        keys.append(token)
    return tuple(keys)


def declared_paths(text: str) -> list[tuple[int, tuple]]:
    """Each line that opens a table or sets a key, with the full path it declares.

    An array of tables' path holds its index: the second ``[[seed]]`` is ``("seed", 1)``.
    Lines inside multi-line strings are ignored.
    """
    found: list[tuple[int, tuple]] = []
    table: tuple = ()
    counts: dict[tuple, int] = {}
    in_string = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            keys = _parts(header.group(2))
            if header.group(1) == "[[":
                base = (*_with_indexes(keys[:-1], counts), keys[-1])
                counts[base] = counts.get(base, -1) + 1
                table = (*base, counts[base])
            else:
                table = _with_indexes(keys, counts)
            found.append((number, table))
        else:
            key = _KEY_LINE.match(line)
            if key:
                found.append((number, (*table, *_parts(key.group(1)))))
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2:
                in_string = quotes
    return found


def _with_indexes(keys: tuple, counts: dict[tuple, int]) -> tuple:
    """*keys* with the current index after each array of tables it passes through."""
    path: tuple = ()
    for key in keys:
        path = (*path, key)
        if path in counts:
            path = (*path, counts[path])
    return path


def line_of_path(text: str, path: tuple | list) -> int:
    """The line that best declares *path*: the first with the longest common leading part.

    A line declaring a leading part of *path* (its table) wins over one that only
    shares it (a sibling table); a table declared only through its subtables
    (``[expect.python]`` for ``[expect]``) is found at the first of them; 1 when no
    line shares anything with *path*.
    """
    path = tuple(path)
    best_line, best_score = 1, (0, False)
    for number, declared in declared_paths(text):
        common = 0
        while common < min(len(path), len(declared)) and path[common] == declared[common]:
            common += 1
        score = (common, common == len(declared))
        if common and score > best_score:
            best_line, best_score = number, score
    return best_line
