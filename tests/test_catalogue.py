"""The catalogue: malformed declarations are reported with file and line; pages and tasks agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nubodoc.catalogue import LANGUAGES, discover, load_task
from nubodoc.core.capabilities import task_needs
from nubodoc.core.errors import DeclarationError

from .conftest import DOCS, SNIPPETS

SHOWN = re.compile(r"^(?:```|:::)\{snippet\}\s+(\S+)", re.MULTILINE)


def shown_tasks() -> dict[str, list[Path]]:
    """Task name -> pages that show it."""
    pages: dict[str, list[Path]] = {}
    for page in DOCS.rglob("*.md"):
        for name in SHOWN.findall(page.read_text(encoding="utf-8")):
            pages.setdefault(name, []).append(page)
    return pages


def test_every_task_loads_and_is_shown_on_a_page():
    tasks = discover(SNIPPETS)
    assert tasks, "the catalogue is empty"
    shown = shown_tasks()
    unseen = [task.name for task in tasks if task.name not in shown]
    assert not unseen, f"tasks shown on no page: {unseen}"


def test_every_shown_task_exists():
    names = {task.name for task in discover(SNIPPETS)}
    unknown = {name: [str(p) for p in pages] for name, pages in shown_tasks().items()
               if name not in names}
    assert not unknown, f"pages show tasks that do not exist: {unknown}"


def test_every_language_has_a_file_or_a_reason():
    for task in discover(SNIPPETS):
        for language in LANGUAGES:
            assert task.variants_of(language.key) or task.missing.get(language.key)


def test_a_tools_expectations_fall_back_to_its_language_then_to_all(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "t"\n' + MISSING + (
        '[expect]\nstdout = ["commun"]\nstderr = ["avertissement"]\n'
        '[expect.python]\nstdout = ["python"]\n'
        '[expect.python-polars]\nstdout = ["polars"]\n'),
        {"snippet.py": "print(1)\n", "snippet.polars.py": "print(2)\n",
         "snippet.duckdb.py": "print(3)\n"})
    task = load_task(folder)
    assert task.variants() == ["python", "python-polars", "python-duckdb"]
    assert task.expectations["python-polars"].stdout == ("polars",)
    assert task.expectations["python-duckdb"].stdout == ("python",)
    assert task.expectations["python-polars"].stderr == ("avertissement",)
    assert task.expectations["mc-rclone"].stdout == ("commun",)


def test_a_tool_file_alone_stands_for_its_language(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "t"\n[missing]\nr = "x"\n',
                       {"snippet.py": "print(1)\n", "snippet.rclone.sh": "rclone lsf s3:\n"})
    assert load_task(folder).variants_of("mc") == ["mc-rclone"]
    folder = make_task(tmp_path / "u", 'title = "t"\n' + MISSING,
                       {"snippet.py": "print(1)\n", "snippet.aws.sh": "aws s3 ls\n"})
    with pytest.raises(DeclarationError, match="snippet.aws.sh exists but"):
        load_task(folder)


def make_task(folder: Path, toml: str, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "task.toml").write_text(toml, encoding="utf-8")
    for name, text in (files or {"snippet.py": "print(1)\n"}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


MISSING = '[missing]\nr = "x"\nmc = "y"\n'


def test_invalid_toml_names_file_and_line(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\nbuckets = [\n' + MISSING)
    with pytest.raises(DeclarationError, match=r"task\.toml:3: invalid TOML"):
        load_task(folder)


def test_missing_title_is_reported(tmp_path):
    folder = make_task(tmp_path / "t", MISSING)
    with pytest.raises(DeclarationError, match="missing required key 'title'"):
        load_task(folder)


def test_unknown_key_is_reported_with_its_line(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\nseeds = []\n' + MISSING)
    with pytest.raises(DeclarationError, match=r"task\.toml:2: unknown key 'seeds'"):
        load_task(folder)


def test_unknown_capability_in_needs_is_reported_with_its_line(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\nneeds = ["mc-admin"]\n' + MISSING)
    with pytest.raises(DeclarationError, match=r"task\.toml:2: needs\[0\] must be one of "
                                               r"'admin-api', .*not 'mc-admin'"):
        load_task(folder)


def test_a_task_needs_what_it_names_and_what_its_declaration_implies():
    def needs(name: str) -> set[str]:
        return {capability.value for capability in task_needs(load_task(SNIPPETS / name))}

    assert needs("lister-fichiers") == set()
    assert needs("creer-cle-permanente") == {"admin-api"}
    assert needs("identifiants-expires") == {"expiring-credentials"}
    assert needs("utiliser-cle-permanente") == {"service-accounts"}
    assert needs("rendre-dossier-public") == {"bucket-policies", "anonymous-access"}


def test_undeclared_placeholder_names_snippet_line(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\n' + MISSING,
                       {"snippet.py": "import os\n\nBUCKET = \"<mon_bucket>\"\n"})
    with pytest.raises(DeclarationError, match=r"snippet\.py:3: placeholder <mon_bucket>"):
        load_task(folder)


def test_language_without_file_or_reason_is_reported(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\n[missing]\nr = "x"\n')
    with pytest.raises(DeclarationError, match=r"no snippet\.sh"):
        load_task(folder)


def test_missing_seed_file_is_reported_with_its_line(tmp_path):
    toml = 'title = "ok"\n[[seed]]\nobject = "b/k"\nfile = "absent.csv"\n' + MISSING
    with pytest.raises(DeclarationError, match=r"task\.toml:4: seed file 'absent.csv'"):
        load_task(make_task(tmp_path / "t", toml))


def test_r_assignment_is_not_a_placeholder(tmp_path):
    folder = make_task(tmp_path / "t", 'title = "ok"\n[missing]\npython = "x"\nmc = "y"\n',
                       {"snippet.R": "x <- 1\nif (x<2) print(x)\n"})
    assert load_task(folder).languages() == ["r"]
