"""``python parent_death.py PARENT_PID COMMAND...``: exec COMMAND, killed when PARENT_PID dies.

The process asks Linux for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``,
kept across ``exec`` for an ordinary executable), then becomes COMMAND: same pid,
same process group. It replaces a ``preexec_fn``, which is unsafe in a parent
that runs threads. If PARENT_PID is already gone, it exits with status 1 without
running COMMAND. Run by path, standard library only: it needs no package installed
(:func:`nubodoc.core.processes.dying_with_parent`).
"""

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main(arguments):
    """Set the parent-death signal, check the parent is still there, exec the command."""
    parent, command = int(arguments[0]), arguments[1:]
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit(1)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
