"""Issue 17, parts 5 and 6: what tests/test_review_fixes.py leaves out, each a check."""

from __future__ import annotations

import re

from nubodoc.catalogue.task import LANGUAGE_BY_KEY
from nubodoc.platform.facts import load_platform_facts

from .conftest import DOCS, REPO, SNIPPETS


def page(relative: str) -> str:
    """The text of the guide's page *relative* to ``docs/``."""
    return (DOCS / relative).read_text(encoding="utf-8")


def test_the_terminal_tab_is_called_terminal_everywhere():
    assert LANGUAGE_BY_KEY["mc"].label == "Terminal"
    called_mc = [f"{path.relative_to(DOCS)}: {match.group()}" for path in DOCS.rglob("*.md")
                 for match in re.finditer(r"onglets? (?:« )?mc\b", path.read_text("utf-8"))]
    assert called_mc == []


def test_readme_and_maintainers_page_say_the_same_of_the_run_prefix():
    readme = next(line for line in (REPO / "README.md").read_text("utf-8").splitlines()
                  if line.startswith("| `NUBODOC_RUN_PREFIX`"))
    maintainers = next(line for line in page("maintenir/index.md").splitlines()
                       if line.startswith("| `NUBODOC_RUN_PREFIX`"))
    for row in (readme, maintainers):
        assert "`nubodoc-run-…/`" in row and "empty" not in row and "vide" not in row


def test_storage_limits_page_states_each_missing_topic_from_the_facts_file():
    text = page("guides/limites-du-stockage.md")
    facts = load_platform_facts(REPO / "platforms" / "nubonyxia.toml").facts
    for name in ("quota_error", "quota_enforcement", "versioning", "allowed_data",
                 "group_buckets"):
        assert f"{{{{ {name} }}}}" in text, name
    for client in ("aws.s3", "boto3", "s3fs", "mc"):
        assert client in text.split("## Quand le quota est plein")[1].split("\n## ")[0]
    assert all(facts[name].evidence.unconfirmed
               for name in ("versioning", "allowed_data", "group_buckets"))


def test_statisticians_formats_each_have_a_task_on_their_page():
    text = page("guides/formats-statistiques.md")
    shown = re.findall(r"^```\{snippet\} (\S+)", text, re.MULTILINE)
    assert shown == ["csv-compresse", "classeur-excel", "sauver-rds", "lire-table-sas"]
    rds = (SNIPPETS / "sauver-rds" / "snippet.R").read_text("utf-8")
    assert "s3saveRDS(" in rds and "s3readRDS(" in rds
    sas = (SNIPPETS / "lire-table-sas" / "snippet.py").read_text("utf-8")
    assert 'pd.read_sas(fichier, format="sas7bdat"' in sas
    assert "haven::read_sas" in (SNIPPETS / "lire-table-sas" / "snippet.R").read_text("utf-8")
