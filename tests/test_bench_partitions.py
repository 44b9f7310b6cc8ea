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
    figure_cell,
    load_results,
    measured_targets,
    partition_substitutions,
    substitutions,
)

from .conftest import REPO

BENCH = str(REPO / "bench")
PAGE = REPO / "docs" / "guides" / "lire-ecrire-vite.md"
ENGINES = ("pyarrow", "polars", "duckdb", "spark")


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


def test_the_sandbox_counted_the_gets_of_the_kept_files_only():
    measured = measured_targets(load_results(str(REPO)), "partitions", "partitions")
    assert "sandbox" in measured, "the sandbox, which counts GETs, was not measured"
    sizes, figures = measured["sandbox"]["sizes"], measured["sandbox"]["partitions"]
    for engine in ENGINES:
        full, filtered = (figures[f"{engine}_{read}"]["fetched"] for read in ("full", "filtered"))
        assert full["objects"] == sizes["files"], (engine, full)
        assert filtered["objects"] == sizes["files_kept"], (engine, filtered)
        assert filtered["outside_filter"] == 0, (engine, filtered)
        assert 1 <= filtered["per_object_min"] <= filtered["per_object_max"]
        assert filtered["requests"] < full["requests"], (engine, filtered, full)
    per_file = {figures[f"{engine}_filtered"]["fetched"]["per_object_max"] for engine in ENGINES}
    assert min(per_file) == 1 < max(per_file), "the page says the tools differ in GETs per file"


def test_a_filtered_read_fetching_another_partition_stops_the_bench(bench):
    partitions = bench["partitions"]
    sizes = {"files": 3, "files_kept": 1}
    kept = f"{partitions.PREFIX}/DEP=06/AN=2019/part-0.parquet"
    other = f"{partitions.PREFIX}/DEP=75/AN=2019/part-0.parquet"
    partitions.check_fetched({kept: 2}, "filtered", sizes, "a read")
    with pytest.raises(partitions.BenchRunFailed, match="DEP=75/AN=2019"):
        partitions.check_fetched({kept: 2, other: 1}, "filtered", sizes, "a read")
    with pytest.raises(partitions.BenchRunFailed, match="fetched 1 objects .expected 3"):
        partitions.check_fetched({kept: 1}, "full", sizes, "a read")
    assert partitions.fetched_objects({kept: 2, other: 1}) == {
        "objects": 2, "requests": 3, "per_object_min": 1, "per_object_max": 2,
        "outside_filter": 1}


def test_spark_start_up_outweighs_a_small_read_as_the_page_says():
    measured = measured_targets(load_results(str(REPO)), "partitions", "partitions")
    page = PAGE.read_text(encoding="utf-8")
    assert "{{ bench_partitions_processus_spark }}" in page
    assert "{{ bench_partitions_session_spark }}" in page
    for target, results in measured.items():
        figures = results["partitions"]
        spark = figures["spark_filtered"]
        assert spark["setup"]["min"] > spark["max"], target
        for engine in ENGINES[:-1]:
            other = figures[f"{engine}_filtered"]["process"]["max"]
            assert spark["setup"]["min"] > other, (target, engine)


def test_the_page_shows_the_partitioned_figures():
    page = PAGE.read_text(encoding="utf-8")
    assert "```{nubodoc-bench} partitions" in page
    used = set(re.findall(r"\{\{\s*(bench_partitions_\w+)\s*\}\}", page))
    assert {f"bench_partitions_{engine}" for engine in ENGINES} <= used
    assert {f"bench_partitions_octets_{engine}" for engine in ENGINES} <= used
    assert {f"bench_partitions_get_{engine}" for engine in ENGINES} <= used
    assert {f"bench_partitions_processus_{engine}" for engine in ENGINES} <= used
    assert "Spark n'y figure pas" not in page
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


def test_gets_and_start_up_are_written_the_french_way():
    fetched = {"objects": 10, "requests": 20, "per_object_min": 2, "per_object_max": 2,
               "outside_filter": 0}
    spark = {**figure(16.0, 1.1), "process": figure(41.3, 0), "setup": figure(22.9, 0),
             "fetched": fetched}
    values = partition_substitutions(partition_results(
        spark_full={**figure(15.0, 9.0), "fetched": {**fetched, "objects": 100,
                                                     "requests": 1044}},
        spark_filtered=spark))
    assert values["bench_partitions_get_spark"] == (
        "20\u00a0GET sur 10\u00a0fichiers (lecture entière : 1\u202f044\u00a0GET sur "
        "100\u00a0fichiers)")
    assert values["bench_partitions_get_serveur"] == "moto"
    assert values["bench_partitions_processus_spark"] == "41\u00a0s (37 – 50\u00a0s)"
    assert values["bench_partitions_session_spark"] == "23\u00a0s (21 – 27\u00a0s)"
    assert values["bench_partitions_processus_pyarrow"] == NOT_MEASURED
    assert figure_cell(spark).endswith("1,1\u00a0Mo reçus, 20\u00a0GET sur 10\u00a0fichiers")


def test_the_report_lists_the_partitioned_reads(bench):
    report = bench["report"].markdown(partition_results(
        pyarrow_full=figure(2.0, 30.0), ratio_pyarrow=0.25))
    assert "| partitions, sandbox, dataset | 1000 rows, 100 files, 30.0 MB; 10 files in " \
           "the filter |" in report
    assert ("| partitions, sandbox, partitions: pyarrow full | 2.000 s (min 1.800 s, max "
            "2.400 s, 3 runs); 30.0 MB sent by the server |") in report
    assert "ratio" not in report
    counted = {**figure(0.5, 3.0), "process": figure(1.0, 0),
               "fetched": {"objects": 10, "requests": 97, "per_object_min": 9,
                           "per_object_max": 11, "outside_filter": 0}}
    report = bench["report"].markdown(partition_results(pyarrow_filtered=counted))
    assert ("| partitions, sandbox, partitions: pyarrow filtered | 0.500 s (min 0.450 s, max "
            "0.600 s, 3 runs); 3.0 MB sent by the server; 97 GETs of 10 objects (0 outside "
            "DEP=06); whole process 1.000 s (min 0.900 s, max 1.200 s) |") in report


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
    assert html.count("filtré sur DEP = 06") == 4
    assert "0,50\u00a0s (0,45 – 0,60\u00a0s), 3,0\u00a0Mo reçus" in html
    assert "Durée médiane (min – max), moto" in html
    assert "Ces mesures n'ont pas encore été faites" not in html


def test_an_engine_that_cannot_run_is_reported_with_its_reason(bench, monkeypatch):
    partitions = bench["partitions"]
    spark = partitions.RUNNERS["python-spark"]
    monkeypatch.setattr(spark, "unavailable_reason", lambda env=None: "Java is not installed")
    assert partitions.unavailable_reason("spark") == "Java is not installed"
    assert partitions.unavailable_reason("polars") is None
    results = partition_results(pyarrow_full=figure(2.0, 30.0))
    results["partitions"]["sandbox"]["not_measured_engines"] = {"spark": "Java is not installed"}
    report = bench["report"].markdown(results)
    assert "| partitions, sandbox, spark | not measured: Java is not installed |" in report
