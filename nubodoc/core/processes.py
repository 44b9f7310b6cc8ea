"""Processes that do not outlive the harness, and a harness that cleans up when killed."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

_PARENT_DEATH = Path(__file__).with_name("parent_death.py")


def dying_with_parent(command: list[str]) -> list[str]:
    """*command*, started so that it receives SIGKILL when this process dies (Linux).

    A launcher sets ``PR_SET_PDEATHSIG`` and execs *command* (same pid): no
    ``preexec_fn``, which may deadlock a child forked while other threads run.
    Strictly, the signal comes when the parent *thread* that started the child
    ends: start such children from a thread that lives as long as they should.
    Elsewhere than Linux, *command* runs without it.
    """
    return [sys.executable, "-I", "-S", str(_PARENT_DEATH), str(os.getpid()), *command]


def kill_group(pid: int) -> None:
    """SIGKILL the process group *pid* leads (a child started in a new session), if any."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def interrupt_on_sigterm() -> bool:
    """Make SIGTERM (a CI timeout, ``kill``) interrupt as Ctrl-C does, so cleanup runs.

    Only from the main thread, and only where SIGTERM still has its default action;
    True when the handler was installed.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        return False
    signal.signal(signal.SIGTERM, _interrupt)
    return True


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum}")
