"""Writing the guide: a new task's skeleton, and the checks that tie tasks to pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nubodoc.catalogue.declaration import load_task
from nubodoc.catalogue.task import DECLARATION, Task
from nubodoc.catalogue.variants import LANGUAGES, VARIANT_BY_KEY, require_variants
from nubodoc.core.errors import DeclarationError, NubodocError

TASK_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: A MyST fence showing a task: ```{snippet} name (backticks or colons).
SNIPPET_FENCE = re.compile(r"^\s*(?:`{3,}|:{3,})\{snippet\}\s+(\S+)")

#: A new task's declaration; each client's file comes from its skeleton
#: (:attr:`~nubodoc.catalogue.variants.Variant.skeleton`), listing (or reading) ``<mon_bucket>``.
DECLARATION_SKELETON = '''\
title = "{title}"

# Buckets créés vides avant chaque exécution, puis les objets qu'ils contiennent.
buckets = ["utilisateur"]

[[seed]]
object = "utilisateur/exemple.txt"
text = "Bonjour\\n"

# Chaque <valeur> qu'un extrait montre au lecteur, et sa valeur pendant le test.
[placeholders]
"<mon_bucket>" = "utilisateur"

# Ce qui doit être vrai après l'exécution, dans chaque langage.
[expect]
stdout = ["exemple.txt"]
'''


def new_task(snippets: Path, name: str) -> Path:
    """Create ``snippets/<name>/`` with a task.toml skeleton and one file per language.

    The skeleton runs as it is (it lists a seeded bucket); the author rewrites it.
    """
    if not TASK_NAME.fullmatch(name):
        raise NubodocError(
            f"'{name}' is not a task name: lower-case letters, digits and single hyphens "
            "(e.g. lire-csv)")
    folder = Path(snippets) / name
    if folder.exists():
        raise NubodocError(f"{folder} already exists: choose another name or edit it")
    require_variants()
    folder.mkdir(parents=True)
    title = name.replace("-", " ").capitalize()
    (folder / DECLARATION).write_text(DECLARATION_SKELETON.replace("{title}", title),
                                      encoding="utf-8")
    for language in LANGUAGES:
        _copy_skeleton(language.key, folder)
    return folder


def add_variants(snippets: Path, name: str, variants: list[str]) -> list[Path]:
    """Add a skeleton file for each of *variants* (``python-polars``…) to task *name*.

    The task is created first (``new_task``) if it does not exist; an existing
    file is never overwritten.
    """
    folder = Path(snippets) / name
    if not folder.exists():
        new_task(snippets, name)
    created = []
    for key in variants:
        variant = VARIANT_BY_KEY.get(key)
        if variant is None or variant.default:
            known = ", ".join(k for k, v in VARIANT_BY_KEY.items() if not v.default)
            raise NubodocError(f"'{key}' is not a tool variant (known: {known})")
        path = folder / variant.filename
        if path.exists():
            raise NubodocError(f"{path} already exists: edit it")
        created.append(_copy_skeleton(key, folder))
    return created


def _copy_skeleton(key: str, folder: Path) -> Path:
    """Write variant *key*'s skeleton into task *folder*; return the new file."""
    variant = VARIANT_BY_KEY[key]
    path = folder / variant.filename
    path.write_text(variant.skeleton.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Showing:
    """A page's fence showing a task: the page, its line and the task's name."""

    page: Path
    line: int
    task: str


def showings(docs: Path) -> list[Showing]:
    """Every ``{snippet}`` fence in the pages under *docs* (``.md`` files)."""
    found = []
    for page in sorted(Path(docs).rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            match = SNIPPET_FENCE.match(line)
            if match:
                found.append(Showing(page, number, match.group(1)))
    return found


def load_all(snippets: Path) -> tuple[list[Task], list[str]]:
    """Every task that loads, and one message (file:line) per task that does not."""
    tasks, problems = [], []
    for declaration in sorted(Path(snippets).glob(f"*/{DECLARATION}")):
        try:
            tasks.append(load_task(declaration.parent))
        except DeclarationError as exc:
            problems.append(str(exc))
    return tasks, problems


def coverage_problems(snippets: Path, docs: Path) -> list[str]:
    """Tasks no page shows, and pages that show a task the catalogue lacks."""
    names = {p.parent.name for p in Path(snippets).glob(f"*/{DECLARATION}")}
    shown = showings(docs)
    problems = [f"{s.page}:{s.line}: unknown task '{s.task}' (no {Path(snippets) / s.task})"
                for s in shown if s.task not in names]
    used = {s.task for s in shown}
    for name in sorted(names - used):
        declaration = Path(snippets) / name / DECLARATION
        problems.append(f"{declaration}:1: no page under {docs} shows this task "
                        f"(add a fence ```{{snippet}} {name}``` to a page)")
    return problems
