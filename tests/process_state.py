"""Whether a process still runs, as the tests that stop things check it."""

from __future__ import annotations

from pathlib import Path


def running(pid: int) -> bool:
    """Whether *pid* is alive (a zombie waiting for its reaper has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
