"""« Lire et écrire vite »: its advice follows from the figures it shows."""

from __future__ import annotations

import json
import re
import sys

import pytest

from nubodoc.bench_claims import fastest_claim, settings_claim, within_noise
from nubodoc.sphinx.bench import (
    BLOCK_LABELS,
    NOT_MEASURED,
    TOOL_LABELS,
    UPLOAD_LABELS,
    figure_cell,
    french_number,
    load_results,
    quoted_figures,
    substitutions,
)

from .conftest import REPO

RESULTS = REPO / "bench" / "results.json"
PAGE = REPO / "docs" / "guides" / "lire-ecrire-vite.md"
SPEED_WORDS = re.compile(r"plus (?:rapide|vite)|le meilleur|la meilleure", re.IGNORECASE)


def figure(median: float, low: float, high: float) -> dict:
    return {"median": median, "min": low, "max": high, "runs": 3}


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


def test_verdicts_follow_the_ranges(quoted):
    values = substitutions(load_results(str(REPO)))
    for name, section, labels in (("bench_verdict_envois", "uploads", UPLOAD_LABELS),
                                  ("bench_verdict_blocs", "downloads", BLOCK_LABELS),
                                  ("bench_verdict_outils", "tools", TOOL_LABELS)):
        figures = [quoted[section][key] for key in labels]
        best = min(figures, key=lambda found: found["median"])
        all_overlap = all(within_noise(best, other) for other in figures)
        assert ("plus rapide" in values[name]) is not all_overlap, (name, values[name])


def test_no_speed_claim_overlapping_ranges():
    labels = {"a": "pandas", "b": "polars", "c": "DuckDB"}
    overlapping = {"a": figure(1.0, 0.8, 1.3), "b": figure(0.9, 0.7, 1.1),
                   "c": figure(1.2, 1.0, 1.5)}
    claim = fastest_claim(overlapping, labels, "outils")
    assert not SPEED_WORDS.search(claim)
    assert "bruit" in claim
    apart = {**overlapping, "c": figure(2.0, 1.8, 2.4)}
    claim = fastest_claim(apart, labels, "outils")
    assert claim == ("polars, plus rapide à chaque essai que DuckDB ; pandas ne s'en "
                     "distingue pas (plages qui se chevauchent)")


def test_settings_within_noise_are_not_said_to_matter():
    reading = {
        "formats": {"csv_all_columns": figure(5.0, 4.8, 5.5),
                    "parquet_all_columns": figure(1.0, 0.9, 1.2),
                    "parquet_two_columns": figure(0.4, 0.3, 0.5)},
        "downloads": {key: figure(1.0, 0.8, 1.2) for key in BLOCK_LABELS},
        "uploads": {key: figure(2.0, 1.9, 2.3) for key in UPLOAD_LABELS},
    }
    assert settings_claim(reading) == (
        "sur ce banc, le format et les colonnes lues ont changé la durée au-delà du bruit ; "
        "pour la taille des blocs et l'envoi en plusieurs parties, les écarts mesurés "
        "restent dans le bruit.")


def test_the_page_claims_speed_only_through_the_verdicts():
    page = PAGE.read_text(encoding="utf-8")
    text = re.sub(r"\{\{[^}]*\}\}", "", page)
    assert not SPEED_WORDS.search(text), SPEED_WORDS.search(text)
    assert not re.search(r"(?i)quatre réglages comptent", page)
    known = substitutions({})
    used = set(re.findall(r"\{\{\s*(bench_\w+)\s*\}\}", page))
    assert used <= known.keys(), used - known.keys()
    assert "{{ bench_reglages }}" in page
    large_files = (REPO / "docs" / "guides" / "gros-fichiers.md").read_text(encoding="utf-8")
    assert not SPEED_WORDS.search(re.sub(r"\{\{[^}]*\}\}", "", large_files))


def test_columns_downloaded_are_backed_by_bytes_counted():
    page = PAGE.read_text(encoding="utf-8")
    for paragraph in page.split("\n\n"):
        if re.search(r"(?i)ne (?:télécharge|demander?) que|télécharge[a-z]* moins",
                     paragraph):
            assert "{{ bench_octets_" in paragraph, paragraph


def test_the_page_and_the_report_show_min_and_max():
    cell = figure_cell({**figure(0.37, 0.36, 0.47), "served_megabytes": 12.34})
    assert cell == "0,37\u00a0s (0,36 – 0,47\u00a0s), 12,3\u00a0Mo reçus"
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from report import markdown
    finally:
        sys.path.remove(str(REPO / "bench"))
    results = {"date": "2026-12-04", "machine": {"cores": 2, "memory_gib": 8, "python": "3.11",
                                                 "libraries": {}},
               "reading": {"sandbox": {"formats": {
                   "csv_all_columns": {**figure(2.5, 2.25, 3.75), "served_megabytes": 210.0},
                   "ratio_parquet_all_to_csv_all": 0.4}}}}
    report = markdown(results)
    assert ("| reading, sandbox, formats: csv all columns | 2.500 s (min 2.250 s, max 3.750 s, "
            "3 runs); 210.0 MB sent by the server |") in report


def test_tool_advice_holds(quoted):
    tools = [figure["median"] for name, figure in quoted["tools"].items()
             if not name.startswith("ratio_")]
    formats = (median(quoted, "formats", "csv_all_columns")
               / median(quoted, "formats", "parquet_two_columns"))
    assert len(tools) == 4, "pandas, polars, pyarrow and DuckDB were all measured"
    page = PAGE.read_text(encoding="utf-8")
    if max(tools) / min(tools) < formats / 2:
        assert "du même ordre que celui entre formats" not in page
    else:
        assert "compte moins que le choix du format" not in page


def test_parquet_bytes_are_as_the_page_says(quoted):
    page = PAGE.read_text(encoding="utf-8")
    formats = quoted["formats"]
    share = (formats["parquet_two_columns"]["served_megabytes"]
             / formats["parquet_all_columns"]["served_megabytes"])
    assert ("arrive pourtant presque en entier" in page) is (share > 0.75)
    assert (formats["csv_two_columns"]["served_megabytes"]
            >= formats["csv_all_columns"]["served_megabytes"] * 0.99)


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
