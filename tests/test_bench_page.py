"""« Lire et écrire vite »: its advice follows from the figures it shows."""

from __future__ import annotations

import json

import pytest

from nubodoc.sphinx.bench import (
    BLOCK_LABELS,
    NOT_MEASURED,
    UPLOAD_LABELS,
    french_number,
    load_results,
    quoted_figures,
    substitutions,
)

from .conftest import REPO

RESULTS = REPO / "bench" / "results.json"


@pytest.fixture(scope="module")
def quoted() -> dict:
    if not RESULTS.is_file():
        pytest.skip(f"{RESULTS} not written yet: run nox -s bench")
    figures = quoted_figures(load_results(str(REPO)))
    assert figures, f"{RESULTS} holds no reading figures"
    return figures


def median(figures: dict, section: str, key: str) -> float:
    return figures[section][key]["median"]


def test_parquet_advice_holds(quoted):
    csv_all = median(quoted, "formats", "csv_all_columns")
    assert median(quoted, "formats", "parquet_two_columns") < csv_all
    assert median(quoted, "formats", "parquet_all_columns") < csv_all
    assert quoted["sizes"]["parquet_megabytes"] < quoted["sizes"]["csv_megabytes"]


def test_block_sizes_matter_less_than_formats(quoted):
    blocks = [median(quoted, "downloads", key) for key in BLOCK_LABELS]
    formats = (median(quoted, "formats", "csv_all_columns")
               / median(quoted, "formats", "parquet_two_columns"))
    assert max(blocks) / min(blocks) < formats


def test_upload_advice_claims_speed_only_where_measured(quoted):
    page = (REPO / "docs" / "guides" / "lire-ecrire-vite.md").read_text(encoding="utf-8")
    uploads = page.split("## Envoyer en plusieurs parties", 1)[1]
    single = median(quoted, "uploads", "single_put")
    fastest = min(median(quoted, "uploads", key) for key in UPLOAD_LABELS if key != "single_put")
    if fastest >= single:
        assert "plus vite" not in uploads.replace("vont plus vite sur le", "")
        assert "plus rapide" not in uploads.replace("plus rapide de ce banc", "")
    shown = substitutions(load_results(str(REPO)))["bench_meilleur_envoi"]
    best = min(UPLOAD_LABELS, key=lambda key: median(quoted, "uploads", key))
    assert shown == UPLOAD_LABELS[best]


def test_tool_advice_holds(quoted):
    tools = [figure["median"] for name, figure in quoted["tools"].items()
             if not name.startswith("ratio_")]
    formats = (median(quoted, "formats", "csv_all_columns")
               / median(quoted, "formats", "parquet_two_columns"))
    assert len(tools) == 4, "pandas, polars, pyarrow and DuckDB were all measured"
    assert max(tools) / min(tools) < formats


def test_figures_are_written_the_french_way():
    assert french_number(0.398) == "0,40"
    assert french_number(4_000_000, 0) == "4\u202f000\u202f000"


def test_the_date_is_written_the_french_way(tmp_path):
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "results.json").write_text(
        json.dumps({"date": "2026-11-29T14:50:15+00:00"}))
    assert substitutions(load_results(str(tmp_path)))["bench_date"] == "29/11/2026"


def test_missing_figures_say_so(tmp_path):
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "results.json").write_text(json.dumps({"date": "2026-11-29"}))
    values = substitutions(load_results(str(tmp_path)))
    assert values["bench_parquet_deux_colonnes"] == NOT_MEASURED
    assert values["bench_machine"] == NOT_MEASURED
    assert substitutions(load_results(str(tmp_path / "absent")))["bench_date"] == NOT_MEASURED
