"""Whether a process still runs, and what it left in a temporary folder, as the tests check."""

from __future__ import annotations

import os
from pathlib import Path

from nubodoc.core.temporary import ROOT_PREFIX


def running(pid: int) -> bool:
    """Whether *pid* is alive (a zombie waiting for its reaper has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def leftovers(folder: Path) -> list[Path]:
    """What is in *folder*, this process's session root (removed when it exits) looked into."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(f"{ROOT_PREFIX}{os.getpid()}-"):
            found += sorted(path.iterdir())
        else:
            found.append(path)
    return found
