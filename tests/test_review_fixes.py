"""Issue 17, part 5: what the review of the guide found, each held by a check that can fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from nubodoc.platform.facts import load_platform_facts

from .conftest import DOCS, REPO, SNIPPETS


def page(relative: str) -> str:
    """The text of the guide's page *relative* to ``docs/``."""
    return (DOCS / relative).read_text(encoding="utf-8")


def paragraph_with(text: str, fragment: str) -> str:
    """The paragraph of *text* (blank-line separated) that holds *fragment*."""
    found = [block for block in re.split(r"\n\s*\n", text) if fragment in block]
    assert found, f"no paragraph holds {fragment!r}"
    return found[0]


def test_pvc_deletion_asks_for_the_edit_role_and_postgresql_limit_is_sourced():
    text = page("comprendre/espaces-de-stockage.md")
    deletion = paragraph_with(text, "{{ pvc_delete_role_code }}")
    assert "**admin**" not in deletion
    assert "values.schema.json" in deletion and "lancez les commandes" in deletion
    postgres = paragraph_with(text, "{{ postgres_instances }}")
    assert "{{ postgres_instances_source }}" in postgres
    facts = load_platform_facts(REPO / "platforms" / "nubonyxia.toml")
    assert facts.facts["pvc_delete_role"].evidence.value == "edit"
    # what the page prints for {{ postgres_instances_source }}: Nubonyxia's own page, dated
    assert facts.substitutions()["postgres_instances_source"] == (
        "dépôt `LinaIssa/DocumentationNubonyxia`, `source/firststeps.rst`, version `7f44c0b`")


ARROW_VARIABLES = ("AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                   "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION")


def arrow_check(snippet: str) -> str:
    """The lines of an arrow snippet that come before ``s3_bucket()``, ``library()`` left out."""
    before = snippet.split("bucket <- s3_bucket(")[0]
    return "\n".join(line for line in before.splitlines() if not line.startswith("library("))


def run_r(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``Rscript --vanilla -e code`` in *env* (no S3 variable but those given)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(["Rscript", "--vanilla", "-e", code], env={**base, **env},
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript not installed")
@pytest.mark.parametrize("task", sorted(p.parent.name for p in SNIPPETS.glob("*/snippet.arrow.R")))
def test_arrow_snippets_stop_naming_an_unset_variable(task):
    snippet = (SNIPPETS / task / "snippet.arrow.R").read_text(encoding="utf-8")
    assert 'Sys.getenv("AWS_ACCESS_KEY_ID")' in snippet
    check = arrow_check(snippet)
    all_set = {name: "valeur" for name in ARROW_VARIABLES}
    assert run_r(check, all_set).returncode == 0
    without_token = run_r(check, {**all_set, "AWS_SESSION_TOKEN": ""})
    assert without_token.returncode != 0
    assert "Absentes de l'environnement : AWS_SESSION_TOKEN" in without_token.stderr


def test_configurer_client_says_what_get_bucket_df_lists():
    snippet = (SNIPPETS / "configurer-client" / "snippet.R").read_text(encoding="utf-8")
    comment = snippet.split("print(get_bucket_df")[0].splitlines()[-1]
    assert "Premier niveau" not in comment and "sous-dossiers compris" in comment


@pytest.mark.parametrize(("task", "variables"), [
    ("utiliser-bucket-partage", ("PARTAGE_ACCESS_KEY_ID", "PARTAGE_SECRET_ACCESS_KEY")),
    ("utiliser-cle-permanente", ("TRAITEMENT_ACCESS_KEY_ID", "TRAITEMENT_SECRET_ACCESS_KEY")),
])
def test_mc_alias_set_stops_on_an_empty_key_variable(task, variables, tmp_path):
    snippet = SNIPPETS / task / "snippet.sh"
    for empty in variables:
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_S3_ENDPOINT": "x",
               **{name: "" if name == empty else "valeur" for name in variables}}
        done = subprocess.run(["bash", str(snippet)], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode != 0
        assert f"{empty}: variable absente" in done.stderr
        assert "mc" not in done.stderr.split(f"{empty}: variable absente")[1], done.stderr


def test_no_snippet_prints_an_alias_with_its_secret_key():
    assert not [path for path in SNIPPETS.glob("*/*.sh")
                if re.search(r"^\s*mc alias (list|ls)\b", path.read_text(encoding="utf-8"),
                             re.MULTILINE)]


def commands(path) -> list[str]:
    """The command lines of a shell snippet, continuation lines joined, comments left out."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def verb(command: str) -> list[str]:
    """The command's first three words that are not options: ``aws s3 sync``, ``mc rm s3/…``."""
    return [word for word in command.split() if not word.startswith("-")][:3]


def test_a_dry_run_can_be_copied_without_the_real_run():
    together = []
    for path in SNIPPETS.glob("*/*.sh"):
        lines = commands(path)
        for line in lines:
            if "--dry-run" in line or "--dryrun" in line:
                together += [f"{path}: {other}" for other in lines
                             if verb(other) == verb(line) and "dry" not in other]
    assert not together


def test_r_deletes_are_checked_and_quote_aws_s3_own_403_message():
    """aws.s3 0.3.22 (``R/s3HTTP.R``) answers a refused DELETE with a message, not an error."""
    unchecked = []
    for path in SNIPPETS.glob("*/snippet.R"):
        text = path.read_text(encoding="utf-8")
        checked = "Client error: (403) Forbidden" in text and "stop(" in text
        if re.search(r"\bdelete_(object|bucket_policy)\(", text) and not checked:
            unchecked.append(path.parent.name)
    assert not unchecked


def test_s3fs_top_level_endpoint_url_is_given_with_its_first_version():
    text = paragraph_with(page("guides/configurer-client.md"), "AWS_ENDPOINT_URL")
    assert "2023.3.0" in text and 'client_kwargs={"endpoint_url"' in text
    assert "fonctionne avec toutes les versions" not in text


def test_sharing_a_link_from_r_and_the_aws_cli_is_shown():
    folder = SNIPPETS / "partager-lien"
    assert "generate_presigned_url(" in (folder / "snippet.paws.R").read_text(encoding="utf-8")
    assert "aws s3 presign" in (folder / "snippet.aws.sh").read_text(encoding="utf-8")
    assert "ne sait pas fabriquer" not in page("guides/partager-un-lien.md")


def test_the_home_page_and_the_tutorial_give_the_same_duration():
    durations = [re.findall(r"\b(dix|quinze|vingt) minutes", page(name))
                 for name in ("index.md", "tutoriel/premiers-pas.md")]
    assert durations[0] and durations[0] == durations[1]


def test_try_page_names_only_buckets_the_sandbox_seeds_and_says_to_stop_it_first():
    text = page("guides/essayer-les-exemples.md")
    seeded = set(re.findall(r'(?:object = |buckets = \[)"([a-z0-9-]+)[/"]',
                            "".join(p.read_text(encoding="utf-8")
                                    for p in SNIPPETS.glob("*/task.toml"))))
    named = set(re.findall(r"`([a-z][a-z0-9-]+)`", paragraph_with(text, "bac à sable du guide")))
    assert named and named <= seeded
    assert text.count("nubodoc sandbox --seed") >= 2 and "arrêtez d'abord" in text
    assert "demandez-la à l'équipe" in text


def test_the_access_key_id_and_the_access_key_are_not_one_term():
    glossary = page("reference/glossaire.md")
    assert "« identifiant de clé »" in glossary
    renewal = page("guides/utiliser-depuis-un-service.md")
    assert "une {term}`clé d'accès`, une clé secrète" not in renewal
    prompts = (SNIPPETS / "renouveler-identifiants" / "snippet.py").read_text(encoding="utf-8")
    assert "identifiant de clé" in prompts and "clé d'accès" not in prompts


def test_one_verb_for_putting_a_file_on_s3():
    """Onyxia 11's file explorer says « Téléverser »: the guide's reader actions say it too."""
    other_verbs = re.compile(r"vous déposez|Déposer le fichier|(?<!glisser-)déposer des fichiers"
                             r"|[Ee]nvoyez-le|dépose ou vérifie|comment le déposer")
    found = [f"{path.relative_to(DOCS)}: {match.group()}" for path in DOCS.rglob("*.md")
             for match in other_verbs.finditer(path.read_text(encoding="utf-8"))]
    assert not found


def test_guides_are_grouped_by_need_and_troubleshooting_leads_its_group():
    captions = re.findall(r"^:caption: Guides\u00a0: (.+)$", page("index.md"), re.MULTILINE)
    assert captions == ["lire et écrire", "partager", "identifiants et dépannage", "outils"]
    group = page("index.md").split("identifiants et dépannage")[1].split("```")[0]
    assert group.split()[0] == "guides/utiliser-depuis-un-service"
