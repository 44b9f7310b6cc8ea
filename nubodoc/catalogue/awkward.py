"""A task as a reader with awkward but valid values would run it.

Each placeholder whose kind has awkward values (``nubodoc-values.json``: a 63-character
bucket with dots and digits, a folder with accents, spaces and a trailing slash typed by
mistake…) gets one, normalised as the page normalises it; its test value is replaced
by it throughout ``task.toml`` (seed objects, buckets, expectations, policies), so that
the harness seeds the bucket the value names, and the snippet receives it through
:func:`~nubodoc.catalogue.reader_values.substitute`, as the page shows it.
"""

from __future__ import annotations

import re

from nubodoc.catalogue.declaration import load_task
from nubodoc.catalogue.reader_values import kind_of, normalise, rules
from nubodoc.catalogue.task import Task

#: The suffix of an awkward item's variant: ``lire-csv[python@awkward]``.
AWKWARD = "awkward"
#: A test value is replaced where it stands as a whole name, not inside a longer one.
_NAME_EDGE = r"A-Za-z0-9_.-"


def awkward_values(task: Task) -> dict[str, str]:
    """Test value -> awkward value, for each placeholder of *task* whose kind has some.

    Placeholders of one kind take its awkward values in turn; two placeholders that
    share a test value share the awkward value.
    """
    used: dict[str, int] = {}
    replacements: dict[str, str] = {}
    for placeholder, test_value in task.placeholders.items():
        kind = kind_of(placeholder)
        choices = rules()["kinds"][kind]["awkward"] if kind else []
        if not choices or test_value in replacements:
            continue
        replacements[test_value] = normalise(kind, choices[used.get(kind, 0) % len(choices)])
        used[kind] = used.get(kind, 0) + 1
    return replacements


def awkward_task(task: Task) -> Task:
    """*task* read again with :func:`awkward_values` in place of its test values."""
    replacements = awkward_values(task)
    if not replacements:
        return task
    pattern = re.compile(f"(?<![{_NAME_EDGE}])("
                         + "|".join(re.escape(value) for value in replacements)
                         + f")(?![{_NAME_EDGE}])")

    def rewrite(text: str) -> str:
        return pattern.sub(lambda match: replacements[match.group(1)], text)

    return load_task(task.folder, rewrite)
