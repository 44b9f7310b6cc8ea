"""A docs build stopped by SIGTERM or Ctrl-C, mid-snippet, leaves nothing running or behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from .process_state import running

SNIPPET = (
    "import os\nimport time\n\n"
    "with open(os.environ['NUBODOC_TEST_MARKER'], 'w') as marker:\n"
    "    marker.write(str(os.getpid()))\n"
    "time.sleep(120)\nprint('fini')\n"
)
TASK = ('title = "Longue tâche"\ntimeout = 300\n\n[missing]\nr = "Pas d\'extrait R ici."\n'
        'mc = "Pas d\'extrait mc ici."\n\n[expect]\nstdout = ["fini"]\n')


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopped_build_kills_the_snippet_and_removes_its_files(tmp_path, stop):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Longue\n\n```{snippet} longue\n```\n",
                                                encoding="utf-8")
    (tmp_path / "snippets" / "longue").mkdir(parents=True)
    (tmp_path / "snippets" / "longue" / "task.toml").write_text(TASK, encoding="utf-8")
    (tmp_path / "snippets" / "longue" / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "nubodoc.sphinx"]\n'
        'nubodoc_snippets_dir = "snippets"\nnubodoc_notebook_target = False\n'
        "nubodoc_run_snippets = True\nnubodoc_spelling = False\n", encoding="utf-8")
    temporary, marker = tmp_path / "tmp", tmp_path / "marker"
    temporary.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(tmp_path),
         str(tmp_path / "docs"), str(tmp_path / "out")],
        env={**os.environ, "TMPDIR": str(temporary), "NUBODOC_TEST_MARKER": str(marker),
             "NUBODOC_RESULTS_DIR": str(tmp_path / "results"), "NUBODOC_TARGET": "sandbox"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    snippet = None
    try:
        for _ in range(1200):
            if marker.exists() and marker.read_text() or build.poll() is not None:
                break
            time.sleep(0.05)
        assert build.poll() is None, build.communicate()[0]
        snippet = int(marker.read_text())
        build.send_signal(stop)
        output = build.communicate(timeout=60)[0]
        assert build.returncode != 0, output
        assert not running(snippet)
    finally:
        build.kill()
        build.wait()
        if snippet is not None and running(snippet):
            os.kill(snippet, signal.SIGKILL)
    assert sorted(path.name for path in temporary.iterdir()) == []
