"""The layout restructuring (#18) compared: same items, same figures, and the page says so."""

from __future__ import annotations

import importlib
import json
import sys

import pytest

from nubodoc.sphinx.bench import french_number

from .conftest import REPO

BENCH = str(REPO / "bench")
RESULTS = REPO / "bench" / "layout-comparison.json"
PAGE = REPO / "docs" / "maintenir" / "index.md"
SECTION = "### Avant et après le rangement"


@pytest.fixture(scope="module")
def comparison():
    """The comparison module, imported as it imports its neighbours from bench/."""
    sys.path.insert(0, BENCH)
    try:
        yield importlib.import_module("layout_comparison")
    finally:
        sys.path.remove(BENCH)


@pytest.fixture(scope="module")
def compared() -> dict:
    assert RESULTS.is_file(), f"{RESULTS} missing: python bench/layout_comparison.py BEFORE"
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def test_ids_are_split_into_common_moved_and_the_rest(comparison):
    before = ["tests/test_a.py::test_one", "tests/test_a.py::test_two[x]",
              "tests/test_b.py::test_gone"]
    after = ["tests/test_a.py::test_one", "tests/test_c.py::test_two[x]",
             "tests/test_c.py::test_new", "tests/test_c.py::test_newer"]
    assert comparison.compare_ids(before, after) == {
        "before": 3, "after": 4, "common": 1,
        "moved": {"tests/test_a.py::test_two[x]": "tests/test_c.py::test_two[x]"},
        "only_before": ["tests/test_b.py::test_gone"], "only_after": 2,
        "only_after_by_file": {"tests/test_c.py": 2}}


def test_only_byte_identical_task_folders_are_the_same(comparison, tmp_path):
    for tree, text in (("avant", "print(1)\n"), ("apres", "print(1)\n")):
        (tmp_path / tree / "snippets" / "pareille").mkdir(parents=True)
        (tmp_path / tree / "snippets" / "pareille" / "snippet.py").write_text(text)
    for tree, text in (("avant", "print(1)\n"), ("apres", "print(2)\n")):
        (tmp_path / tree / "snippets" / "changee").mkdir(parents=True)
        (tmp_path / tree / "snippets" / "changee" / "snippet.py").write_text(text)
    (tmp_path / "apres" / "snippets" / "nouvelle").mkdir()
    assert comparison.same_tasks(tmp_path / "avant", tmp_path / "apres") == ["pareille"]


def test_every_id_of_before_is_found_after_or_explained(compared):
    ids = compared["node_ids"]
    assert ids["common"] + len(ids["moved"]) + len(ids["only_before"]) == ids["before"]
    assert ids["common"] + len(ids["moved"]) + ids["only_after"] == ids["after"]
    for node, commit in ids["only_before"].items():
        assert not commit.startswith("not found"), node


def test_both_trees_ran_the_same_items_every_round(compared):
    assert compared["same_items"], "no item common to both trees was run"
    for node in compared["same_items"]:
        task = node.split("/")[1]
        assert task in compared["same_tasks"] and node.endswith(f"{task}[python]")
    for name, figure in compared["figures"].items():
        assert figure["before"]["runs"] == figure["after"]["runs"] == compared["rounds"], name


def test_the_maintainers_page_quotes_the_comparison(compared):
    page = PAGE.read_text(encoding="utf-8")
    assert SECTION in page
    section = page.split(SECTION, 1)[1].split("\n## ", 1)[0]
    ids = compared["node_ids"]
    day = "/".join(reversed(compared["date"][:10].split("-")))
    assert day in section
    for count in (ids["before"], ids["common"], len(ids["only_before"]),
                  len(compared["same_items"])):
        assert f" {count} " in section.replace("\u00a0", " "), count
    for name in ("plugin_import", "collection", "same_items", "sandbox_start"):
        for tree in ("before", "after"):
            median = compared["figures"][name][tree]["median"]
            shown = (f"{round(median * 1000)}\u00a0ms" if median < 0.1
                     else f"{french_number(median)}\u00a0s")
            assert shown in section, (name, tree, shown)
    assert compared["commits"]["before"][:7] in section
