"""The badge under each tab: outcome icon, date and servers, versions on focus, old runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from bs4 import BeautifulSoup

from nubodoc.results.store import FAILED, PASSED, SKIPPED, Result
from nubodoc.sphinx.badges import OLD_AFTER, badge

NOW = datetime(2026, 12, 4, 12, 0)


def result(outcome: str, age: timedelta = timedelta(days=1), server: str = "SeaweedFS 4.48",
           target: str = "seaweedfs") -> Result:
    return Result(task="lire-csv", language="python", target=target, outcome=outcome,
                  inputs="x", date=(NOW - age).isoformat(), server=server,
                  versions={"pandas": "3.1.1", "s3fs": "2026.9.0"})


def parsed(node) -> BeautifulSoup:
    return BeautifulSoup(node.astext(), "html.parser").p


def test_a_passed_run_shows_icon_date_servers_and_versions_on_focus():
    other = result(PASSED, server="le bac à sable S3", target="sandbox")
    shown = parsed(badge("lire-csv", result(PASSED), [other], now=NOW))
    link = shown.select_one("a.nubodoc-badge-link")
    assert "nubodoc-badge-passed" in shown["class"] and "nubodoc-badge-old" not in shown["class"]
    assert link.select_one("[aria-hidden=true]").get_text() == "✓"
    assert link.get_text() == "✓ Exécuté le 03/12/2026 sur SeaweedFS 4.48 et le bac à sable S3"
    assert link["href"].endswith("#tache-lire-csv")
    versions = shown.select_one("#" + link["aria-describedby"])
    assert versions.get_text() == "pandas 3.1.1, s3fs 2026.9.0"


def test_an_old_run_is_marked_old():
    shown = parsed(badge("lire-csv", result(PASSED, OLD_AFTER + timedelta(days=1)), now=NOW))
    assert "nubodoc-badge-old" in shown["class"]
    assert "(ancien)" in shown.get_text()


def test_failed_skipped_and_missing_runs_say_so_with_their_own_icon():
    failed = parsed(badge("lire-csv", result(FAILED), now=NOW))
    assert "nubodoc-badge-failed" in failed["class"] and failed.get_text().startswith("✗ Échec")
    skipped = parsed(badge("lire-csv", result(SKIPPED), now=NOW))
    assert skipped.get_text().startswith("– Non exécuté sur SeaweedFS 4.48")
    missing = parsed(badge("lire-csv", None, now=NOW))
    assert missing.get_text().startswith("– Pas de résultat enregistré")
    assert not missing.select_one("a").has_attr("aria-describedby")
