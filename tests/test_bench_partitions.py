"""« Lire et écrire vite », partitioned read: the figures shown and the bytes they claim."""

from __future__ import annotations

import importlib
import json
import re
import sys

import pytest

from nubodoc.sphinx.bench import (
    NOT_MEASURED,
    TABLES,
    load_results,
    measured_targets,
    partition_substitutions,
    substitutions,
)

from .conftest import REPO

BENCH = str(REPO / "bench")
PAGE = REPO / "docs" / "guides" / "lire-ecrire-vite.md"
ENGINES = ("pyarrow", "polars", "duckdb")


def figure(median: float, served: float) -> dict:
    return {"median": median, "min": median * 0.9, "max": median * 1.2, "runs": 3,
            "served_megabytes": served}


def partition_results(**figures) -> dict:
    return {"date": "2026-12-04", "machine": {"cores": 2, "memory_gib": 8, "python": "3.11",
                                               "libraries": {}},
            "partitions": {"sandbox": {
                "server": "moto", "partitions": figures,
                "sizes": {"rows": 1000, "files": 100, "megabytes": 30.0, "files_kept": 10}}}}


@pytest.fixture(scope="module")
def bench():
    """The benchmark modules, imported as ``bench/measure.py`` imports them."""
    sys.path.insert(0, BENCH)
    try:
        yield {name: importlib.import_module(name) for name in ("measure", "partitions",
                                                                 "report")}
    finally:
        sys.path.remove(BENCH)


def test_partitions_is_a_part_of_the_bench(bench):
    assert "partitions" in bench["measure"].PARTS
    assert TABLES["partitions"][0] == "partitions"


def test_the_filtered_read_fetched_only_its_partitions():
    measured = measured_targets(load_results(str(REPO)), "partitions", "partitions")
    assert measured, "bench/results.json holds no partitioned figures: --only partitions"
    for target, results in measured.items():
        sizes, figures = results["sizes"], results["partitions"]
        share = sizes["files_kept"] / sizes["files"]
        for engine in ENGINES:
            full = figures[f"{engine}_full"]["served_megabytes"]
            filtered = figures[f"{engine}_filtered"]["served_megabytes"]
            assert filtered < full * (share + 0.1), (target, engine, filtered, full)
            assert figures[f"{engine}_full"]["outcome"]["rows"] == sizes["rows"]
            assert 0 < figures[f"{engine}_filtered"]["outcome"]["rows"] < sizes["rows"]


def test_the_page_shows_the_partitioned_figures():
    page = PAGE.read_text(encoding="utf-8")
    assert "```{nubodoc-bench} partitions" in page
    used = set(re.findall(r"\{\{\s*(bench_partitions_\w+)\s*\}\}", page))
    assert {f"bench_partitions_{engine}" for engine in ENGINES} <= used
    assert {f"bench_partitions_octets_{engine}" for engine in ENGINES} <= used
    assert used <= substitutions({}).keys()
    values = substitutions(load_results(str(REPO)))
    assert all(values[name] != NOT_MEASURED for name in used), values


def test_partition_figures_are_written_the_french_way():
    values = partition_substitutions(partition_results(
        pyarrow_full=figure(2.0, 30.25), pyarrow_filtered=figure(0.5, 3.04)))
    assert values["bench_partitions_pyarrow"] == "0,25 fois"
    assert values["bench_partitions_octets_pyarrow"] == "3,0 Mo au lieu de 30,2 Mo"
    assert values["bench_partitions_fichiers"] == "100"
    assert values["bench_partitions_polars"] == NOT_MEASURED
    assert partition_substitutions({})["bench_partitions_mo"] == NOT_MEASURED


def test_the_report_lists_the_partitioned_reads(bench):
    report = bench["report"].markdown(partition_results(
        pyarrow_full=figure(2.0, 30.0), ratio_pyarrow=0.25))
    assert "| partitions, sandbox, dataset | 1000 rows, 100 files, 30.0 MB; 10 files in " \
           "the filter |" in report
    assert ("| partitions, sandbox, partitions: pyarrow full | 2.000 s (min 1.800 s, max "
            "2.400 s, 3 runs); 30.0 MB sent by the server |") in report
    assert "ratio" not in report


def test_engines_fingerprint_the_same_rows_alike(bench):
    import polars as pl
    import pyarrow as pa

    rows = {"AN": [2019, 2020], "NB_EQUIP": [3, 4]}
    fingerprint = bench["partitions"].partition_fingerprint
    assert (fingerprint(pa.table(rows)) == fingerprint(pl.DataFrame(rows))
            == {"rows": 2, "AN": 4039, "NB_EQUIP": 7})


def test_the_dataset_has_every_department_and_year(bench):
    table = bench["partitions"].partitioned_table(2000)
    assert set(table["DEP"].to_pylist()) == set(bench["partitions"].DEPARTMENTS)
    assert json.dumps(sorted(set(table["AN"].to_pylist()))) == json.dumps(
        list(range(2015, 2025)))


def test_the_directive_shows_each_engines_reads(tmp_path):
    from .conftest import sphinx_build
    from .test_docs_build import small_site

    docs, _ = small_site(tmp_path, "# Titre\n\n```{nubodoc-bench} partitions\n```\n")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "results.json").write_text(json.dumps(partition_results(
        pyarrow_full=figure(2.0, 30.0), pyarrow_filtered=figure(0.5, 3.0))), encoding="utf-8")
    answer = sphinx_build(docs, tmp_path, tmp_path / "out", "-D", "nubodoc_run_snippets=0",
                          "-D", "nubodoc_spelling=0")
    assert answer.returncode == 0, answer.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert html.count("filtré sur DEP = 06") == 3
    assert "0,50\u00a0s (0,45 – 0,60\u00a0s), 3,0\u00a0Mo reçus" in html
    assert "Durée médiane (min – max), moto" in html
    assert "Ces mesures n'ont pas encore été faites" not in html
