"""Temporary folders: one root per session, swept once its owner is dead, even SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from nubodoc.core.temporary import (
    ROOT_PREFIX,
    process_start,
    session_root,
    sweep_abandoned_roots,
    temporary_folder,
)

from .process_state import running

#: A session of the kit: the sandbox started, its CA's path printed, then it waits.
SESSION = ("import os, sys, time\nfrom nubodoc.targets import open_target\n"
           "target = open_target(name='sandbox')\nprint(target.ca_bundle, flush=True)\n"
           "sys.stdin.read()\ntarget.close()\n")


def start_session(temporary: Path) -> tuple[subprocess.Popen, Path]:
    """A session in another process, its temporary folder *temporary*; its CA file."""
    env = {**os.environ, "TMPDIR": str(temporary)}
    for name in ("NUBODOC_TARGET", "NUBODOC_ENDPOINT_URL"):
        env.pop(name, None)
    session = subprocess.Popen([sys.executable, "-c", SESSION], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    return session, Path(session.stdout.readline().strip())


def test_a_killed_session_leaves_a_root_the_next_session_sweeps(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    killed, killed_ca = start_session(temporary)
    live, live_ca = start_session(temporary)
    try:
        assert killed_ca.is_file() and live_ca.is_file()
        killed.kill()
        killed.wait(timeout=30)
        assert killed_ca.is_file(), "SIGKILL gives no chance to clean up"
        next_session, _ = start_session(temporary)
        next_session.communicate("", timeout=60)
        assert next_session.returncode == 0
        assert not killed_ca.exists()
        assert live_ca.is_file(), "a live session's folders were removed"
    finally:
        live.communicate("", timeout=60)
        killed.stdout.close()
    assert live.returncode == 0
    assert list(temporary.iterdir()) == []


def test_a_root_is_kept_only_while_its_owner_runs(tmp_path):
    own_start = process_start(os.getpid())
    parent_start = process_start(os.getppid())
    alive = tmp_path / f"{ROOT_PREFIX}{os.getppid()}-{parent_start}-abc"
    reused_pid = tmp_path / f"{ROOT_PREFIX}{os.getpid()}-{own_start + 1}-abc"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = tmp_path / f"{ROOT_PREFIX}{ended.stdout.strip()}-1-abc"
    not_a_root = tmp_path / f"{ROOT_PREFIX}autre"
    for folder in (alive, reused_pid, dead, not_a_root):
        (folder / "dedans").mkdir(parents=True)
    assert not running(int(ended.stdout))
    assert sorted(sweep_abandoned_roots(tmp_path)) == sorted([reused_pid, dead])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, not_a_root.name])


def test_every_temporary_folder_goes_under_the_session_root(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root = session_root()
    assert root.parent == tmp_path
    assert root.name.startswith(f"{ROOT_PREFIX}{os.getpid()}-{process_start(os.getpid())}-")
    first, second = temporary_folder("nubodoc-essai-"), temporary_folder("nubodoc-essai-")
    assert first.parent == second.parent == root and first != second
    assert session_root() == root


def test_a_root_left_by_a_process_killed_in_its_session_is_named_after_it(tmp_path):
    script = ("import os, time\nfrom nubodoc.core.temporary import temporary_folder\n"
              "print(temporary_folder('nubodoc-essai-'), flush=True)\ntime.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "TMPDIR": str(tmp_path)})
    folder = Path(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert folder.parent.name.startswith(f"{ROOT_PREFIX}{child.pid}-")
    assert sweep_abandoned_roots(tmp_path) == [folder.parent]
    assert list(tmp_path.iterdir()) == []
