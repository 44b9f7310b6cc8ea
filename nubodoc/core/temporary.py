"""One temporary root per session, and the sweep of roots their session left behind.

Every temporary folder the kit makes (runs, CA files, SeaweedFS's data, the
confining proxy's CA, the preloaded interpreter's home) goes under one root per
process, ``$TMPDIR/nubodoc-session-<pid>-<start>-<random>/``, removed when the
process exits. A process killed outright (SIGKILL) cannot remove it: the first
session to make its own root afterwards removes every root whose owner is dead.
The owner is known by its pid and its start time (``/proc/<pid>/stat``), so that a
new process given the same pid does not keep a dead session's root alive.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

ROOT_PREFIX = "nubodoc-session-"
_ROOT_NAME = re.compile(re.escape(ROOT_PREFIX) + r"(\d+)-(\d+)-[^/]+$")
#: (process id, ``tempfile.gettempdir()``) -> that process's root there (a forked child
#: makes its own).
_roots: dict[tuple[int, str], Path] = {}
_lock = threading.Lock()


def process_start(pid: int) -> int | None:
    """When *pid* started (clock ticks after boot); None if it is gone, a zombie or unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[19])


def owner_alive(pid: int, start: int) -> bool:
    """Whether the process *pid* that started at *start* still runs (not another with its pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not Path("/proc/self/stat").exists():
        return True
    return process_start(pid) == start


def sweep_abandoned_roots(parent: Path) -> list[Path]:
    """Remove the roots in *parent* whose owner is dead; return them.

    Only roots of this user are looked at; a root whose name does not parse is left alone.
    """
    removed = []
    for root in Path(parent).glob(ROOT_PREFIX + "*"):
        match = _ROOT_NAME.match(root.name)
        try:
            mine = root.is_dir() and root.stat().st_uid == os.getuid()
        except OSError:
            continue
        if match and mine and not owner_alive(int(match[1]), int(match[2])):
            shutil.rmtree(root, ignore_errors=True)
            removed.append(root)
    return removed


def session_root() -> Path:
    """This process's root in the machine's temporary folder, made (after a sweep) on first use."""
    parent, pid = tempfile.gettempdir(), os.getpid()
    with _lock:
        root = _roots.get((pid, parent))
        if root is None or not root.is_dir():
            sweep_abandoned_roots(Path(parent))
            start = process_start(pid) or 0
            root = Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{pid}-{start}-", dir=parent))
            _roots[pid, parent] = root
            atexit.register(_remove_root, root, pid)
        return root


def temporary_folder(prefix: str) -> Path:
    """A new folder under this session's root, named *prefix* and random characters."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=session_root()))


def _remove_root(root: Path, owner: int) -> None:
    """At exit, remove *root*, unless this is a forked child of its owner."""
    if os.getpid() == owner:
        shutil.rmtree(root, ignore_errors=True)

