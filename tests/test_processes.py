"""Children are started without ``preexec_fn``, each in its own process group, and the server
started to die with the harness does."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time

from nubodoc.core.processes import dying_with_parent
from nubodoc.runners import RUNNERS

from .conftest import REPO
from .process_state import running

GROUP = "import os\nprint(os.getpid(), os.getpgid(0), os.getsid(0))\n"


def test_no_preexec_fn_in_the_kit():
    """A ``preexec_fn`` runs Python between fork and exec: unsafe once threads run."""
    found = []
    for path in sorted((REPO / "nubodoc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.keyword) and node.arg == "preexec_fn":
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == []


def test_a_runner_child_leads_its_own_process_group(tmp_path):
    script = tmp_path / "groupe.py"
    script.write_text(GROUP, encoding="utf-8")
    answer = RUNNERS["python"].run(script, {"PATH": os.environ["PATH"]}, tmp_path, 30,
                                   shown_as=script)
    assert answer.returncode == 0, answer.stderr
    pid, group, _ = (int(word) for word in answer.stdout.split())
    assert group == pid != os.getpgid(0)


def test_a_child_dying_with_its_parent_keeps_its_pid_and_own_group():
    answer = subprocess.run(dying_with_parent([sys.executable, "-c", GROUP]),
                            capture_output=True, text=True, timeout=30, start_new_session=True)
    assert answer.returncode == 0, answer.stderr
    pid, group, session = (int(word) for word in answer.stdout.split())
    assert pid == group == session


def test_a_child_dying_with_its_parent_is_killed_with_it():
    parent_script = ("import subprocess, sys, time\n"
                     "from nubodoc.core.processes import dying_with_parent\n"
                     "child = subprocess.Popen(dying_with_parent(['sleep', '120']), "
                     "start_new_session=True)\nprint(child.pid, flush=True)\ntime.sleep(120)\n")
    parent = subprocess.Popen([sys.executable, "-c", parent_script], stdout=subprocess.PIPE,
                              text=True)
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.5)
        assert running(child)
        parent.kill()
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while running(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(child), "the child outlived the parent killed with SIGKILL"
    finally:
        parent.stdout.close()
        if running(child):
            os.kill(child, signal.SIGKILL)


def test_a_child_whose_parent_is_not_the_one_named_does_not_start(tmp_path):
    """The parent named is gone (this process is not it): the command never runs."""
    marker = tmp_path / "lancé"
    command = dying_with_parent(["touch", str(marker)])
    command[command.index(str(os.getpid()))] = "1"
    answer = subprocess.run(command, capture_output=True, timeout=30)
    assert answer.returncode == 1
    assert not marker.exists()
