"""The ``nubodoc`` command: catalogue listing, static checks, a sandbox for the shell."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import boto3
import pytest

from nubodoc.cli import main

from .conftest import SNIPPETS


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
            if "MC_CONFIG_DIR" in variables:
                break
        client = boto3.client(
            "s3", endpoint_url=variables["AWS_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id=variables["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=variables["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=variables["AWS_SESSION_TOKEN"],
            verify=variables["AWS_CA_BUNDLE"],
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
