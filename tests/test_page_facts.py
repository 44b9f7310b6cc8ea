"""Pages state platform facts only through the facts file's substitutions, never by hand.

Each value of ``platforms/nubonyxia.toml`` (a fact's, or one of its Onyxia versions')
written literally on a page outside ``{{ … }}`` is a fact the page states itself: it
would not follow the file, nor carry its « (non confirmé) » mark. The allowlists say why
a literal is something else.
"""

from __future__ import annotations

import re
from pathlib import Path

from nubodoc.platform.facts import load_platform_facts

from .conftest import DOCS, REPO

FACTS = REPO / "platforms" / "nubonyxia.toml"
#: A MyST substitution, the only way a page may state a fact.
SUBSTITUTION = re.compile(r"\{\{[^}]*\}\}")

#: Facts whose values are names code reads, not statements about the platform.
FACT_ALLOWED = {
    "service_variables": "variable names are what code and the reader type "
                         "(`AWS_S3_ENDPOINT`); the list itself is the fact",
}
#: Values that are also ordinary words or code, wherever they appear.
VALUE_ALLOWED = {
    "S3": "the protocol's name, on every page and in every client's name",
    "s3": "the `s3` of `s3://`, `s3:GetObject`, aws.s3; the service's alias comes from "
          "MC_HOST_s3 (fact init_mc_host), named as such",
    "Partager": "the French verb, in titles; the interface's label is {{ ui_share }}",
}
#: (page under docs/, value): why that page may write the value itself.
PAGE_ALLOWED = {
    ("maintenir/index.md", "MinIO"): "the maintainers' page names the test servers' "
                                     "software, not the platform's",
    ("reference/commandes-mc.md", "MinIO"): "the title of mc's manual, « mc, MinIO Client »",
    ("reference/commandes-mc.md", "edit"): "`mc admin accesskey edit`, a subcommand",
    ("comprendre/comment-ce-guide-est-teste.md", "MinIO"): "the test server's own default "
                                                            "region, not the platform's",
    ("comprendre/comment-ce-guide-est-teste.md", "us-east-1"): "what the harness sets, in "
                                                                "the table of its variables",
    ("maintenir/index.md", "us-east-1"): "the region Ceph's s3-tests and the test servers "
                                         "use, in the compatibility table, not the platform's",
}


def _fact_values(facts) -> dict[str, str]:
    """Each literal value of the facts file -> the name of the fact it belongs to."""
    values = {}
    for name, fact in facts.facts.items():
        if name in FACT_ALLOWED:
            continue
        evidences = [fact.evidence] if fact.evidence else list(fact.versions.values())
        for evidence in evidences:
            items = evidence.value if isinstance(evidence.value, tuple) else (evidence.value,)
            for item in items:
                values.setdefault(item, name)
    return values


def hard_coded_facts(docs: Path, facts_path: Path) -> list[str]:
    """One message (page:line) per fact value a page writes outside a substitution."""
    facts = load_platform_facts(facts_path)
    values = {value: name for value, name in _fact_values(facts).items()
              if value not in VALUE_ALLOWED}
    patterns = {value: re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")
                for value in values}
    found = []
    for page in sorted(docs.rglob("*.md")):
        relative = page.relative_to(docs).as_posix()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            text = SUBSTITUTION.sub("", line)
            for value, pattern in patterns.items():
                if (relative, value) not in PAGE_ALLOWED and pattern.search(text):
                    found.append(f"{page}:{number}: states {value!r} itself; write "
                                 f"{{{{ {values[value]} }}}} (from {facts_path.name})")
    return found


def test_no_page_states_a_fact_of_the_facts_file_by_hand():
    assert hard_coded_facts(DOCS, FACTS) == []


def test_a_hard_coded_endpoint_or_quota_is_found_at_its_line(tmp_path):
    docs = tmp_path / "docs"
    (docs / "guides").mkdir(parents=True)
    facts = load_platform_facts(FACTS)
    endpoint = facts.facts["s3_endpoint"].evidence.value
    quota = facts.facts["personal_bucket_quota"].evidence.value
    page = docs / "guides" / "page.md"
    page.write_text(f"Le serveur {{{{ s3_endpoint_code }}}}.\n\nVotre bucket a {quota}.\n"
                    f"Adresse : https://{endpoint}/\n", encoding="utf-8")
    assert hard_coded_facts(docs, FACTS) == [
        f"{page}:3: states {quota!r} itself; write {{{{ personal_bucket_quota }}}} "
        "(from nubonyxia.toml)",
        f"{page}:4: states {endpoint!r} itself; write {{{{ s3_endpoint }}}} "
        "(from nubonyxia.toml)",
    ]


def test_every_allowlisted_page_value_is_still_on_its_page():
    stale = [(page, value) for page, value in PAGE_ALLOWED
             if value not in (DOCS / page).read_text(encoding="utf-8")]
    assert stale == []
