"""Child processes that do not outlive the harness."""

from __future__ import annotations

import contextlib
import ctypes
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In the child, before exec: receive SIGKILL when the parent dies (Linux only).

    Strictly, when the parent *thread* that started the child ends: start such
    children from a thread that lives as long as they should.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
