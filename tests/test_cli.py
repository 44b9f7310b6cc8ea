"""The ``nubodoc`` command: catalogue listing, static checks, a sandbox for the shell."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import boto3
import pytest

from nubodoc.cli import main

from .conftest import DOCS, SNIPPETS


def test_list_names_every_task(capsys):
    assert main(["--snippets", str(SNIPPETS), "list"]) == 0
    output = capsys.readouterr().out
    assert "lister-fichiers" in output and "r, python, mc" in output


def test_check_passes_on_the_catalogue(capsys):
    assert main(["--snippets", str(SNIPPETS), "check"]) == 0
    assert "every snippet passes its static check" in capsys.readouterr().out


def test_check_reports_a_deprecated_mc_command(tmp_path, capsys):
    folder = tmp_path / "vieille-commande"
    folder.mkdir()
    (folder / "task.toml").write_text('title = "t"\n[missing]\nr = "x"\npython = "y"\n',
                                      encoding="utf-8")
    (folder / "snippet.sh").write_text("mc policy set download s3/b\n", encoding="utf-8")
    assert main(["--snippets", str(tmp_path), "check"]) == 1
    assert "snippet.sh:1: 'mc policy' was replaced" in capsys.readouterr().out


def test_unknown_task_is_refused(capsys):
    assert main(["--snippets", str(SNIPPETS), "run", "tache-inconnue"]) == 2
    assert "unknown task 'tache-inconnue'" in capsys.readouterr().err


def test_sandbox_command_serves_until_interrupted_then_cleans_up(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "nubodoc.cli", "sandbox"], stdout=subprocess.PIPE,
        text=True, env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        variables = {}
        for line in process.stdout:
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                variables[name] = value.strip("'")
            if "R_PROFILE_USER" in variables:
                break
        client = boto3.client(
            "s3", endpoint_url=variables["AWS_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=variables["AWS_SESSION_TOKEN"],
            verify=variables["REQUESTS_CA_BUNDLE"],
        )
        assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["utilisateur"]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("argv", [["run"], ["inconnue"]])
def test_bad_usage_exits_with_2(argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def _catalogue_with_page(tmp_path, page_text):
    """A snippets folder with one new task, and a docs folder with one page."""
    snippets, docs = tmp_path / "snippets", tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(page_text, encoding="utf-8")
    assert main(["--snippets", str(snippets), "new", "ma-tache"]) == 0
    return snippets, docs


def test_new_task_skeleton_passes_every_check_and_runs(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(tmp_path, "# Page\n\n```{snippet} ma-tache\n```\n")
    folder = snippets / "ma-tache"
    assert sorted(p.name for p in folder.iterdir()) == [
        "snippet.R", "snippet.py", "snippet.sh", "task.toml"]
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 0
    assert "every snippet passes its static check" in capsys.readouterr().out
    assert main(["--snippets", str(snippets), "run", "ma-tache", "--language", "python"]) == 0
    assert "ma-tache[python] passed" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["Lire_CSV", "lire-", "lire--csv", "../dehors"])
def test_new_refuses_a_bad_name(tmp_path, capsys, name):
    assert main(["--snippets", str(tmp_path), "new", name]) == 1
    assert f"'{name}' is not a task name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_folder(tmp_path, capsys):
    (tmp_path / "lire-csv").mkdir()
    (tmp_path / "lire-csv" / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["--snippets", str(tmp_path), "new", "lire-csv"]) == 1
    assert "lire-csv already exists" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "lire-csv").iterdir()] == ["notes.txt"]


def test_check_finds_a_task_no_page_shows(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(tmp_path, "# Page sans extrait\n")
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    assert f"{snippets / 'ma-tache' / 'task.toml'}:1: no page under {docs} shows" in out


def test_check_finds_a_page_showing_an_unknown_task(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(
        tmp_path, "# Page\n\n```{snippet} ma-tache\n```\n\n:::{snippet} inconnue\n:::\n")
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 1
    assert f"{docs / 'page.md'}:6: unknown task 'inconnue'" in capsys.readouterr().out


def test_check_finds_an_undeclared_placeholder(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(tmp_path, "```{snippet} ma-tache\n```\n")
    script = snippets / "ma-tache" / "snippet.sh"
    script.write_text('mc ls "s3/<mon_bucket>/"\nmc ls "s3/<autre_bucket>/"\n',
                      encoding="utf-8")
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 1
    assert (f"{script}:2: placeholder <autre_bucket> is not declared"
            in capsys.readouterr().out)


def test_check_finds_a_language_without_file_or_reason(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(tmp_path, "```{snippet} ma-tache\n```\n")
    (snippets / "ma-tache" / "snippet.R").unlink()
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    assert f"{snippets / 'ma-tache' / 'task.toml'}:1: no snippet.R: add the file" in out


def test_check_of_the_guide_covers_every_task(capsys):
    assert main(["--snippets", str(SNIPPETS), "check", "--docs", str(DOCS)]) == 0


def test_seeded_sandbox_prints_renviron_lines_and_holds_the_guides_data(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "nubodoc.cli", "--snippets", str(SNIPPETS), "sandbox",
         "--seed", "--format", "renviron"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        variables = {}
        for line in process.stdout:
            if not line.startswith("#"):
                name, _, value = line.strip().partition("=")
                assert value.startswith('"') and value.endswith('"'), line
                variables[name] = value.strip('"')
            if "R_PROFILE_USER" in variables:
                break
        client = boto3.client(
            "s3", endpoint_url=variables["AWS_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=variables["AWS_SESSION_TOKEN"],
            verify=variables["REQUESTS_CA_BUNDLE"],
        )
        buckets = {b["Name"] for b in client.list_buckets()["Buckets"]}
        assert {"utilisateur", "projet-partage"} <= buckets
        body = client.get_object(Bucket="utilisateur", Key="BPE/2019/BPE_ENS.csv")["Body"]
        assert b"DEPCOM" in body.read()
        assert "R_PROFILE_USER" in variables
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0
    assert list(temporary.iterdir()) == []


def test_check_without_pages_says_they_were_not_checked(tmp_path, capsys):
    assert main(["--snippets", str(tmp_path / "snippets"), "new", "ma-tache"]) == 0
    assert main(["--snippets", str(tmp_path / "snippets"), "check"]) == 0
    out = capsys.readouterr().out
    assert f"pages not checked: no folder {tmp_path / 'docs'}" in out


def test_check_with_a_missing_docs_folder_fails(tmp_path, capsys):
    assert main(["--snippets", str(tmp_path / "snippets"), "new", "ma-tache"]) == 0
    missing = tmp_path / "pages"
    assert main(["--snippets", str(tmp_path / "snippets"), "check", "--docs", str(missing)]) == 1
    assert f"{missing}: no such folder" in capsys.readouterr().out


def test_new_variant_adds_a_tool_skeleton_that_runs(tmp_path, capsys):
    snippets, docs = _catalogue_with_page(tmp_path, "# Page\n\n```{snippet} ma-tache\n```\n")
    assert main(["--snippets", str(snippets), "new", "ma-tache", "--variant",
                 "python-pyarrow", "--variant", "r-paws"]) == 0
    folder = snippets / "ma-tache"
    assert (folder / "snippet.pyarrow.py").is_file() and (folder / "snippet.paws.R").is_file()
    assert main(["--snippets", str(snippets), "check", "--docs", str(docs)]) == 0
    capsys.readouterr()
    assert main(["--snippets", str(snippets), "run", "ma-tache", "--language",
                 "python-pyarrow"]) == 0
    assert "ma-tache[python-pyarrow] passed" in capsys.readouterr().out
    assert main(["--snippets", str(snippets), "new", "ma-tache", "--variant",
                 "python-pyarrow"]) == 1
    assert "snippet.pyarrow.py already exists" in capsys.readouterr().err


def test_run_skips_a_task_needing_what_the_target_lacks(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.delenv("NUBODOC_TARGET", raising=False)
    monkeypatch.delenv("NUBODOC_ENDPOINT_URL", raising=False)
    folder = tmp_path / "snippets" / "administrer"
    folder.mkdir(parents=True)
    (folder / "task.toml").write_text(
        'title = "t"\nneeds = ["admin-api"]\n[missing]\nr = "non"\nmc = "non"\n',
        encoding="utf-8")
    (folder / "snippet.py").write_text('print("administré")\n', encoding="utf-8")
    assert main(["--snippets", str(tmp_path / "snippets"), "run", "administrer"]) == 0
    assert ("administrer[python] skipped: administrer needs MinIO's admin API (mc admin), "
            "which the sandbox target") in capsys.readouterr().out
