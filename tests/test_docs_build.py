"""The built guide shows each snippet file byte for byte, in synced R / Python / mc tabs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nubodoc.catalogue import LANGUAGES, load_task

from .conftest import DOCS, REPO, SNIPPETS
from .test_catalogue import SHOWN

CREDENTIAL_PATTERN = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")


def sphinx_build(source: Path, confdir: Path, out: Path, *extra: str):
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-c", str(confdir), *extra, str(source), str(out)],
        capture_output=True, text=True, timeout=900,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    answer = sphinx_build(DOCS, REPO, out)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    return out


def snippet_tab_sets(html: Path):
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.nubodoc-snippet")


def test_every_tab_is_its_file_byte_for_byte(site):
    checked = 0
    for page in DOCS.rglob("*.md"):
        names = SHOWN.findall(page.read_text(encoding="utf-8"))
        if not names:
            continue
        html = site / page.relative_to(DOCS).with_suffix(".html")
        tab_sets = snippet_tab_sets(html)
        assert len(tab_sets) == len(names), html
        for name, tab_set in zip(names, tab_sets, strict=True):
            task = load_task(SNIPPETS / name)
            labels = tab_set.select("label.sd-tab-label")
            assert [label["data-sync-id"] for label in labels] == [lang.key for lang in LANGUAGES]
            assert {label["data-sync-group"] for label in labels} == {"tab"}
            contents = tab_set.select("div.sd-tab-content")
            for language, content in zip(LANGUAGES, contents, strict=True):
                path = task.snippet_path(language.key)
                if path.is_file():
                    shown = content.select_one("pre").get_text()
                    assert shown == path.read_text(encoding="utf-8"), path
                    checked += 1
                else:
                    assert task.missing[language.key] in content.get_text()
    assert checked >= 3


def test_no_credential_in_the_built_site(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".ipynb", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not CREDENTIAL_PATTERN.search(text), path


def small_site(tmp_path: Path, page: str) -> tuple[Path, Path]:
    """A one-page site using the extension, with a copy of one task."""
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "lister-fichiers", snippets / "lister-fichiers")
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_nb", "nubodoc.sphinx_ext"]\n'
        'nubodoc_snippets_dir = "snippets"\nnubodoc_notebook_target = False\n'
        'nb_execution_mode = "off"\nexclude_patterns = ["snippets", "_build"]\n',
        encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(page, encoding="utf-8")
    return docs, snippets


def test_unknown_task_fails_the_build_naming_page_and_line(tmp_path):
    docs, _ = small_site(tmp_path, "# Titre\n\n```{snippet} tache-inconnue\n```\n")
    answer = sphinx_build(docs, tmp_path, tmp_path / "out")
    assert answer.returncode != 0
    assert re.search(r"index\.md:3: unknown task 'tache-inconnue'", answer.stderr), answer.stderr


def test_editing_a_snippet_rebuilds_the_page(tmp_path):
    docs, snippets = small_site(tmp_path, "# Titre\n\n```{snippet} lister-fichiers\n```\n")
    out = tmp_path / "out"
    assert sphinx_build(docs, tmp_path, out).returncode == 0
    snippet = snippets / "lister-fichiers" / "snippet.py"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "# ligne ajoutée\n",
                       encoding="utf-8")
    assert sphinx_build(docs, tmp_path, out).returncode == 0
    assert "# ligne ajoutée" in (out / "index.html").read_text(encoding="utf-8")
