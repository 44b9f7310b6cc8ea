"""Processes that do not outlive the harness, and a harness that cleans up when killed."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In the child, before exec: receive SIGKILL when the parent dies (Linux only).

    Strictly, when the parent *thread* that started the child ends: start such
    children from a thread that lives as long as they should.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


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
