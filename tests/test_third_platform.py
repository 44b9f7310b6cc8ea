"""A third platform is one file: a made-up profile (virtual-host addressing, no STS, personal
buckets named ``user-<name>``) builds its edition and its snippet items pass on the sandbox,
each run recorded under its own name."""

from __future__ import annotations

import json
import os
import re
import shutil

from nubodoc.catalogue import load_task
from nubodoc.platform.facts import load_platform_facts
from nubodoc.platform.shape import DEFAULT_SHAPE, platform_shape, shape_task
from nubodoc.sphinx.results import _run_missing_on

from .conftest import DOCS, REPO, SNIPPETS, sphinx_build

SOURCE = 'source = "https://s3.essai.example/documentation"\nchecked = 2026-12-04\n'
THIRD = f"""platform = "Plateforme d'essai"

[borrow]
profile = "nubonyxia"
images = true
facts = ["*"]

[region.data.S3]
URL = "https://s3.essai.example"
pathStyleAccess = false

[region.data.S3.workingDirectory]
bucketMode = "multi"
bucketNamePrefix = "user-"
bucketNamePrefixGroup = "group-"

[region_evidence."data.S3.URL"]
{SOURCE}
[region_evidence."data.S3.pathStyleAccess"]
{SOURCE}
[region_evidence."data.S3.workingDirectory.bucketMode"]
{SOURCE}
[region_evidence."data.S3.workingDirectory.bucketNamePrefix"]
{SOURCE}
[region_evidence."data.S3.workingDirectory.bucketNamePrefixGroup"]
{SOURCE}
[fact.platform]
title = "Nom de la plateforme"
value = "Plateforme d'essai"
{SOURCE}"""
TASKS = ("lister-fichiers", "lire-csv", "rendre-dossier-public")


def _platforms(root):
    folder = root / "platforms"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "platforms" / "nubonyxia.toml", folder)
    (folder / "essai.toml").write_text(THIRD, encoding="utf-8")
    return folder / "essai.toml"


def test_the_profile_states_its_own_shape(tmp_path):
    facts = load_platform_facts(_platforms(tmp_path))
    plain = facts.plain()
    assert plain["s3_endpoint"] == "s3.essai.example"
    assert plain["personal_bucket_pattern"] == "`user-<identifiant>`"
    assert plain["sts_lifetime"].startswith("sans objet : pas d'identifiants STS")
    assert plain["ui_services"] == "« Mes services »"  # borrowed
    assert {"virtual_host", "group_buckets", "platform_essai"} <= facts.tags()
    assert not facts.tags() & {"sts", "path_style"}


def test_its_tasks_use_the_reader_bucket_as_it_names_it(tmp_path):
    shape = platform_shape(_platforms(tmp_path))
    task = load_task(SNIPPETS / "rendre-dossier-public")
    shaped = shape_task(task, shape)
    assert shape.reader_bucket == "user-utilisateur"
    # No STS: the sandbox hands out static keys. Virtual-host addressing is stated, not
    # served: the sandbox listens on 127.0.0.1, whose bucket subdomains no client resolves.
    assert (shape.sts_seconds, shape.path_style) == (None, False)
    assert shaped.all_buckets() == [name.replace("utilisateur", "user-utilisateur")
                                    for name in task.all_buckets()]
    assert shaped.placeholders["<mon_bucket>"] == "user-utilisateur"
    assert "arn:aws:s3:::user-utilisateur/" in json.dumps(shaped.bucket_policies)
    assert "arn:aws:s3:::utilisateur/" not in json.dumps(
        shaped.expectations["python"].bucket_policies)
    assert shape_task(task, DEFAULT_SHAPE) is task


def test_its_edition_builds(tmp_path):
    profile = _platforms(tmp_path / "profil")
    env = {**os.environ, "NUBODOC_PLATFORM": str(profile),
           "NUBODOC_RESULTS_DIR": str(tmp_path / "results")}
    out = tmp_path / "site"
    answer = sphinx_build(DOCS, REPO, out, "-D", "nubodoc_run_snippets=0", env=env)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>Stockage sur Plateforme d(&#39;|'|’)essai</title>", index)
    service = (out / "guides" / "utiliser-depuis-un-service.html").read_text(encoding="utf-8")
    assert "s3.essai.example" in service


def test_its_snippet_items_pass_on_the_sandbox_and_are_recorded_as_its_own(pytester,
                                                                          monkeypatch):
    _platforms(pytester.path)
    for name in TASKS:
        shutil.copytree(SNIPPETS / name, pytester.path / "snippets" / name)
    results = pytester.path / "results"
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(results))
    answer = pytester.runpytest_subprocess("snippets", "--platform", "essai", "-k", "[python]",
                                           "-p", "no:cacheprovider")
    answer.assert_outcomes(passed=len(TASKS))
    recorded = json.loads((results / "essai" / "lister-fichiers.python.sandbox.json")
                          .read_text(encoding="utf-8"))
    assert recorded["outcome"] == "passed"
    assert "user-utilisateur/LISEZMOI.txt" in recorded["stdout"]
    assert not list(results.glob("*.json")), "the default platform's results are untouched"


def test_the_docs_build_runs_its_snippets_with_its_bucket(tmp_path, monkeypatch):
    _platforms(tmp_path)
    task = tmp_path / "snippets" / "lister-fichiers"
    task.mkdir(parents=True)
    shutil.copy(SNIPPETS / "lister-fichiers" / "snippet.py", task)
    declaration = (SNIPPETS / "lister-fichiers" / "task.toml").read_text(encoding="utf-8")
    (task / "task.toml").write_text(
        declaration + '\n[missing]\nr = "python seul ici"\nmc = "python seul ici"\n',
        encoding="utf-8")
    monkeypatch.setenv("NUBODOC_PLATFORM", "essai")
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(tmp_path / "results"))
    assert _run_missing_on(tmp_path / "snippets", "sandbox", required=True) == 1
    recorded = json.loads((tmp_path / "results" / "essai" / "lister-fichiers.python.sandbox.json")
                          .read_text(encoding="utf-8"))
    assert recorded["outcome"] == "passed", recorded
    assert "user-utilisateur/LISEZMOI.txt" in recorded["stdout"]
