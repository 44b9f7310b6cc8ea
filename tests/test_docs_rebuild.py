"""Incremental docs builds: a rebuild reads again exactly the pages whose shown content changed.

A small site of six pages, built twice in-process into a temporary folder; each test
compares the pages Sphinx read on the second build with those that show what changed.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from nubodoc.catalogue import load_task
from nubodoc.results.store import PASSED, Result, ResultStore, inputs_hash

from .conftest import sphinx_deprecations_as_errors

TASK = (
    'title = "{title}"\n\n[missing]\nr = "Pas d\'extrait R ici."\n'
    'mc = "Pas d\'extrait mc ici."\n\n[expect]\nstdout = ["{word}"]\n'
)
PAGES = {
    "index.md": "# Accueil\n\n```{toctree}\nune\ndeux\nles-deux\ntableau\nvite\nsans\n```\n",
    "une.md": "# Une\n\n```{snippet} note-une\n```\n",
    "deux.md": "# Deux\n\n```{snippet} note-deux\n```\n",
    "les-deux.md": "# Les deux\n\n```{snippet} note-une\n```\n\n```{snippet} note-deux\n```\n",
    "tableau.md": "# Tableau\n\n```{nubodoc-results}\n```\n",
    "vite.md": "# Vite\n\nMesuré le {{ bench_date }}.\n\n```{nubodoc-bench} formats\n```\n",
    "sans.md": "# Sans\n\nRien de mesuré ni d'exécuté.\n",
}


class Site:
    """The small site, its snippets and results store, and the pages each build read."""

    def __init__(self, root: Path, run_snippets: bool):
        self.root = root
        self.docs = root / "docs"
        self.snippets = root / "snippets"
        self.store = ResultStore(root / "results")
        self.docs.mkdir()
        for name, text in PAGES.items():
            (self.docs / name).write_text(text, encoding="utf-8")
        for name, word in (("note-une", "une"), ("note-deux", "deux")):
            self.add_task(name, word)
        (root / "conf.py").write_text(
            'extensions = ["myst_parser", "nubodoc.sphinx"]\n'
            'myst_enable_extensions = ["substitution"]\nnubodoc_snippets_dir = "snippets"\n'
            f"nubodoc_notebook_target = False\nnubodoc_run_snippets = {run_snippets}\n"
            "nubodoc_spelling = False\n"
            'exclude_patterns = ["_build"]\n', encoding="utf-8")

    def add_task(self, name: str, word: str) -> None:
        """A Python-only task printing *word*."""
        folder = self.snippets / name
        folder.mkdir(parents=True)
        (folder / "task.toml").write_text(TASK.format(title=f"Note {word}", word=word),
                                          encoding="utf-8")
        (folder / "snippet.py").write_text(f'print("{word}")\n', encoding="utf-8")

    def build(self, parallel: int = 0) -> set[str]:
        """Build into ``out/``, warnings being errors; the docnames read on the way.

        Sphinx's deprecations raise; *parallel* processes read the pages (``-j``).
        """
        read: list[str] = []
        warnings = io.StringIO()
        with patch_docutils(self.root), docutils_namespace(), sphinx_deprecations_as_errors():
            app = Sphinx(self.docs, self.root, self.root / "out", self.root / "out" / ".doctrees",
                         "html", status=io.StringIO(), warning=warnings, warningiserror=True,
                         parallel=parallel)
            app.connect("env-before-read-docs", lambda _app, _env, names: read.extend(names))
            app.build()
        assert app.statuscode == 0 and not warnings.getvalue(), warnings.getvalue()
        return set(read)

    def html(self, page: str) -> BeautifulSoup:
        text = (self.root / "out" / f"{page}.html").read_text(encoding="utf-8")
        return BeautifulSoup(text, "html.parser")

    def record(self, name: str, stdout: str, **changes) -> Result:
        """Store a passing sandbox result of *name*'s Python file, current for its files now."""
        task = load_task(self.snippets / name)
        result = Result(task=name, language="python", target="sandbox", outcome=PASSED,
                        inputs=inputs_hash(task, "python"), date="2026-11-29T10:00:00+00:00",
                        server="le bac à sable S3 du guide", stdout=stdout, seconds=0.5)
        result = replace(result, **changes)
        assert self.store.save(result)
        return result

    def write_figures(self, date: str) -> None:
        (self.root / "bench").mkdir(exist_ok=True)
        (self.root / "bench" / "results.json").write_text(json.dumps({"date": date}),
                                                          encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    """The site with hand-written results: nothing is run."""
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(tmp_path / "results"))
    return Site(tmp_path, run_snippets=False)


ALL_PAGES = {name.removesuffix(".md") for name in PAGES}


def test_a_rebuild_with_nothing_changed_reads_no_page(site):
    site.record("note-une", "une\n")
    site.write_figures("2026-11-29T10:00:00+00:00")
    assert site.build() == ALL_PAGES
    assert site.build() == set()
    assert site.build() == set()


def test_no_results_and_no_figures_yet_read_no_page_again(site):
    assert site.build() == ALL_PAGES
    assert site.build() == set()


def test_a_new_result_reads_again_the_pages_showing_it_and_the_table(site):
    site.build()
    site.record("note-une", "une\n")
    assert site.build() == {"une", "les-deux", "tableau"}
    shown = site.html("une").select_one("div.nubodoc-output pre").get_text()
    assert shown.strip() == "une"


def test_a_result_with_other_output_reads_again_the_pages_showing_it(site):
    site.record("note-une", "une\n")
    site.build()
    site.record("note-une", "une autre sortie\n")
    assert site.build() == {"une", "les-deux"}
    assert "une autre sortie" in site.html("les-deux").get_text()


def test_a_result_rewritten_with_the_same_shown_content_reads_no_page(site):
    site.record("note-une", "une\n")
    site.build()
    site.record("note-une", "une\n", seconds=0.7)
    assert site.build() == set()
    site.record("note-une", "une\n", versions={"python": "3.11"})
    assert site.build() == {"une", "les-deux"}, "the status line names the versions"
    assert site.build() == set()


def test_an_edited_snippet_reads_again_the_pages_showing_it_and_the_table(site):
    site.record("note-une", "une\n")
    site.build()
    snippet = site.snippets / "note-une" / "snippet.py"
    snippet.write_text('print("une, modifiée")\n', encoding="utf-8")
    assert site.build() == {"une", "les-deux", "tableau"}
    assert "une, modifiée" in site.html("une").get_text()
    assert site.html("une").select_one("div.nubodoc-output pre") is None, "stale output shown"


def test_a_new_variant_file_reads_again_the_pages_showing_its_task(site):
    site.build()
    (site.snippets / "note-deux" / "snippet.boto3.py").write_text('print("deux")\n',
                                                                 encoding="utf-8")
    assert site.build() == {"deux", "les-deux", "tableau"}
    assert site.html("deux").select("div.nubodoc-tools")


def test_a_new_task_reads_again_only_the_results_table(site):
    site.build()
    site.add_task("note-trois", "trois")
    assert site.build() == {"tableau"}
    assert "note-trois" in site.html("tableau").get_text()


def test_new_figures_read_again_only_the_page_showing_them(site):
    site.build()
    assert "non mesuré" in site.html("vite").get_text()
    site.write_figures("2026-12-01T10:00:00+00:00")
    assert site.build() == {"vite"}
    assert "01/12/2026" in site.html("vite").get_text()
    site.write_figures("2026-12-01T10:00:00+00:00")
    assert site.build() == set(), "the same figures written again are no change"
    site.write_figures("2026-12-02T10:00:00+00:00")
    assert site.build() == {"vite"}
    assert "02/12/2026" in site.html("vite").get_text()


def test_pages_read_in_parallel_are_read_again_when_what_they_show_changes(site):
    """What each page showed comes back from the reading processes (env-merge-info)."""
    assert site.build(parallel=2) == ALL_PAGES
    assert site.build(parallel=2) == set()
    site.record("note-une", "une\n")
    assert site.build(parallel=2) == {"une", "les-deux", "tableau"}
    assert site.html("une").select_one("div.nubodoc-output pre").get_text().strip() == "une"


def test_a_snippet_run_in_the_build_reads_again_only_the_pages_showing_it(tmp_path,
                                                                         monkeypatch):
    """With the sandbox: editing a file runs it again; the other task's pages stay as read."""
    for name in ("NUBODOC_TARGET", "NUBODOC_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(tmp_path / "results"))
    site = Site(tmp_path, run_snippets=True)
    assert site.build() == ALL_PAGES
    assert site.html("une").select_one("div.nubodoc-output pre").get_text().strip() == "une"
    assert site.build() == set()
    snippet = site.snippets / "note-une" / "snippet.py"
    snippet.write_text('print("une, modifiée")\n', encoding="utf-8")
    read = site.build()
    # The table shows each run's status and day: read again only if the day changed.
    assert read - {"tableau"} == {"une", "les-deux"}
    shown = site.html("les-deux").select("div.nubodoc-output pre")
    assert [pre.get_text().strip() for pre in shown] == ["une, modifiée", "deux"]
    assert site.build() == set()
