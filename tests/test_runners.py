"""Static checks of each runner name the file and line; runs have a time limit."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from nubodoc.runners import RUNNERS, SnippetTimeout
from nubodoc.runners.mc import mc_invocations

needs_r = pytest.mark.skipif(shutil.which("Rscript") is None,
                             reason="Rscript not installed (.ci/run installs r-base-core)")


def script(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@needs_r
def test_r_parse_error_names_file_and_line(tmp_path):
    path = script(tmp_path, "snippet.R", 'library(aws.s3)\n\nx <- get_bucket_df("b", region = ""\n'
                  "print(x)\n")
    problems = RUNNERS["r"].static_problems(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:4: R cannot parse this file")


@needs_r
def test_valid_r_parses(tmp_path):
    path = script(tmp_path, "snippet.R", 'x <- c(1, 2)\nprint(sum(x))\n')
    assert RUNNERS["r"].static_problems(path) == []


def test_python_syntax_error_names_line(tmp_path):
    path = script(tmp_path, "snippet.py", "import os\n\nwith open('x') as f:\nprint(f)\n")
    problems = RUNNERS["python"].static_problems(path)
    assert problems and problems[0].startswith(f"{path}:4:")


def test_bash_syntax_error_is_reported(tmp_path):
    path = script(tmp_path, "snippet.sh", "mc ls s3/b\nif true; then\n")
    problems = RUNNERS["mc"].static_problems(path)
    assert any("syntax error" in p for p in problems)


def test_mc_file_without_mc_is_reported(tmp_path):
    path = script(tmp_path, "snippet.sh", "ls -l\n")
    assert RUNNERS["mc"].static_problems(path) == [f"{path}:1: no mc command found"]


def test_mc_invocations_follow_continuations_and_pipes():
    text = "# commentaire\nmc ls \\\n  --recursive s3/b | head\nmc cat s3/b/k && echo fini\n"
    assert mc_invocations(text) == [(2, ["ls", "--recursive", "s3/b"]), (4, ["cat", "s3/b/k"])]


def test_timeout_kills_the_whole_process_group(tmp_path):
    path = script(tmp_path, "snippet.py",
                  "import pathlib\nimport subprocess\nimport time\n\n"
                  "child = subprocess.Popen(['sleep', '60'])\n"
                  "pathlib.Path('child.pid').write_text(str(child.pid))\ntime.sleep(60)\n")
    started = time.monotonic()
    with pytest.raises(SnippetTimeout, match=r"snippet\.py: still running after 5 s"):
        RUNNERS["python"].run(path, {"PATH": "/usr/bin:/bin"}, tmp_path, 5, shown_as=path)
    assert time.monotonic() - started < 50, "the run was not stopped at its timeout"
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while is_running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(child), "the snippet's child outlived the timeout"


def is_running(pid: int) -> bool:
    """True if *pid* exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_every_variant_has_a_runner_of_its_key():
    from nubodoc.catalogue.task import VARIANT_BY_KEY

    assert set(RUNNERS) == set(VARIANT_BY_KEY)
    assert all(runner.language == key for key, runner in RUNNERS.items())


def test_every_client_has_a_skeleton_its_runner_accepts():
    from nubodoc.catalogue.task import VARIANT_BY_KEY

    for key, variant in VARIANT_BY_KEY.items():
        assert variant.skeleton.name == variant.filename, key
        assert RUNNERS[key].static_problems(variant.skeleton) == [], key


def test_shell_tool_file_must_call_its_client(tmp_path):
    path = script(tmp_path, "snippet.rclone.sh", "# rclone ls s3:b\necho rclone\n")
    assert RUNNERS["mc-rclone"].static_problems(path) == [
        f"{path}:1: no rclone command found"]
    path = script(tmp_path, "snippet.aws.sh", 'aws s3 ls "s3://b/" \\\n  --endpoint-url x\n')
    assert RUNNERS["mc-aws"].static_problems(path) == []


def test_shell_tool_bash_syntax_error_is_reported(tmp_path):
    path = script(tmp_path, "snippet.aws.sh", 'if true; then\naws s3 ls\n')
    problems = RUNNERS["mc-aws"].static_problems(path)
    assert problems and "syntax error" in problems[0]


def test_a_missing_client_is_named_with_how_to_install_it():
    from nubodoc.runners.python import PythonRunner
    from nubodoc.runners.shell_tool import ShellToolRunner

    reason = PythonRunner(("x",), ("module_qui_n_existe_pas",)).unavailable_reason()
    assert "module_qui_n_existe_pas is not installed" in reason
    tool = ShellToolRunner("client-qui-n-existe-pas", "installez-le")
    assert "'client-qui-n-existe-pas' not on PATH (installez-le)" in tool.unavailable_reason()


def test_duckdb_finds_httpfs_where_install_looks_first(tmp_path):
    pytest.importorskip("duckdb_extension_httpfs", reason="the clients extra is not installed")
    import duckdb

    runner = RUNNERS["python-duckdb"]
    assert runner.unavailable_reason() is None
    env = runner.prepare_environment({"HOME": str(tmp_path)})
    platform = duckdb.sql("PRAGMA platform").fetchone()[0]
    extension = (tmp_path / ".duckdb" / "extensions" / f"v{duckdb.__version__}" / platform
                 / "httpfs.duckdb_extension")
    assert extension.is_file() and env["HOME"] == str(tmp_path)
    code = "import duckdb; c = duckdb.connect(); c.sql('INSTALL httpfs; LOAD httpfs'); print('ok')"
    answer = RUNNERS["python-duckdb"].run(
        script(tmp_path, "snippet.duckdb.py", code), {"HOME": str(tmp_path), "PATH": "/usr/bin"},
        tmp_path, 60, shown_as=Path("snippet.duckdb.py"))
    assert answer.stdout.strip() == "ok", answer.stderr
