"""Results committed with the guide: runs this build cannot make (R, mc, MinIO), kept with
their provenance.

One JSON file per platform, target, task and variant,
``recorded/<platform>/<target>/<task>/<variant>.json`` beside ``snippets/``, in the store's
format (:class:`~nubodoc.results.store.Result`): where it ran (``origin``, ``server``), when
(``date``), the client and R versions (``versions``), and the hash of every file it depends
on (``inputs``, ``files``). A committed result whose hash no longer matches is stale: the
store never returns it as current, and :func:`stale_results` says since when.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import MISSING, asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from nubodoc.catalogue import VARIANT_BY_KEY, Task
from nubodoc.platform.profiles import selected_profile
from nubodoc.results.store import (
    FAILED,
    ORIGINS,
    PASSED,
    Result,
    file_hashes,
    input_files,
    inputs_hash,
)

RECORDED_DIR = "recorded"
#: How long a committed result may stay stale before ``nubodoc check`` fails.
STALE_DAYS = 30
_REQUIRED = {f.name for f in fields(Result)
             if f.default is MISSING and f.default_factory is MISSING}
#: Paths of a machine: a home, a temporary folder, a user's folder on macOS.
_MACHINE_PATHS = (r"/home/[^\s/\"']+", r"/root\b", r"/Users/[^\s/\"']+", r"/var/folders/",
                  r"/tmp/", re.escape(tempfile.gettempdir()) + "/")


def recorded_dir(snippets_root: Path) -> Path:
    """The committed results folder: ``recorded/`` beside the snippets folder."""
    return Path(snippets_root).resolve().parent / RECORDED_DIR


class CommittedResults:
    """The committed results of one platform, read by the store beside its own."""

    def __init__(self, folder: Path, platform: str | None = None):
        self.folder = Path(folder)
        self.platform = platform or Path(selected_profile()).stem

    def path(self, task: str, language: str, target: str) -> Path:
        """The file holding the committed result of *task* in *language* on *target*."""
        return self.folder / self.platform / target / task / f"{language}.json"

    def results(self, task: str, language: str) -> list[Result]:
        """Every readable committed result of *task* in *language*, current or stale."""
        found = []
        for path in sorted(self.folder.glob(f"{self.platform}/*/{task}/{language}.json")):
            result, _ = read(path)
            if result is not None:
                found.append(result)
        return found

    def write(self, result: Result) -> Path:
        """Write *result* to its file (folders created); return the file."""
        path = self.path(result.task, result.language, result.target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(result), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        return path


def read(path: Path) -> tuple[Result | None, str | None]:
    """The result in *path*, or None and why it is malformed (naming the file and line)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return None, f"{path}:{exc.lineno}: not JSON: {exc.msg}"
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path}:1: unreadable: {exc}"
    if not isinstance(data, dict):
        return None, f"{path}:1: not a result (a JSON object is expected)"
    missing = sorted(_REQUIRED - set(data))
    unknown = sorted(set(data) - {f.name for f in fields(Result)})
    if missing or unknown:
        return None, f"{path}:1: not a result (missing {missing}, unknown {unknown})"
    result = Result(**data)
    expected = (path.parent.parent.name, path.parent.name, path.stem)
    if (result.target, result.task, result.language) != expected:
        return None, (f"{path}:1: holds {result.task}[{result.language}] on {result.target}, "
                      f"not what its path says")
    if result.origin not in ORIGINS or result.outcome != PASSED:
        return None, f"{path}:1: origin {result.origin!r}, outcome {result.outcome!r}: " \
                     f"a committed result is a passing run of origin {', '.join(ORIGINS)}"
    try:
        result.when  # noqa: B018 - a date that does not parse is malformed
    except (TypeError, ValueError):
        return None, f"{path}:1: date {result.date!r} is not an ISO date"
    return result, None


def machine_paths(path: Path, folders: tuple[Path, ...] = ()) -> list[str]:
    """A problem for each line of *path* holding a path of the machine it was made on.

    A home, a temporary folder, and each of *folders* (the repository, the user's home).
    """
    pattern = re.compile("(?<![\\w$.])(?:" + "|".join(
        [*_MACHINE_PATHS, *(re.escape(str(folder)) for folder in folders)]) + ")")
    text = path.read_text(encoding="utf-8", errors="replace")
    return [f"{path}:{number}: a path of the machine ({match.group(0)!r}): record masked "
            "output only" for number, line in enumerate(text.splitlines(), start=1)
            for match in [pattern.search(line)] if match]


def without_hashes(path: Path) -> str:
    """*path*'s text, line for line, its own SHA-256 hashes (``inputs``, ``files``) named:
    what a credential scan reads (a hash is not a secret, but looks like one)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
        hashes = {data["inputs"], *data.get("files", {}).values()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return text
    for value in hashes:
        if isinstance(value, str) and re.fullmatch("[0-9a-f]{64}", value):
            text = text.replace(value, "sha256")
    return text


@dataclass(frozen=True)
class Stale:
    """A committed result whose files changed since it ran, and since when."""

    result: Result
    since: datetime
    changed: tuple[str, ...]


def stale_since(task: Task, result: Result) -> Stale | None:
    """Whether *result* of *task* is stale, and since the change of which files, when.

    The date of a changed file is its last commit's, or its modification time when git
    does not know it or it is modified; without a changed file (a seed), the newest input's.
    """
    if result.inputs == inputs_hash(task, result.language):
        return None
    now_hashes = file_hashes(task, result.language)
    changed = tuple(sorted(name for name in {*now_hashes, *result.files}
                           if now_hashes.get(name) != result.files.get(name)))
    paths = [task.folder / name for name in changed if (task.folder / name).is_file()]
    paths = paths or input_files(task, result.language)
    dates = [_changed_on(path) for path in paths]
    return Stale(result, max(dates) if dates else result.when, changed)


def _changed_on(path: Path) -> datetime:
    """When *path* last changed: its last commit, or its modification time if uncommitted."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(path.parent), *args, "--", path.name],
                                  capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    committed = git("log", "-1", "--format=%cI")
    if committed and not git("status", "--porcelain"):
        return datetime.fromisoformat(committed)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def stale_results(committed: CommittedResults, tasks: list[Task]) -> list[Stale]:
    """Every stale committed result of *tasks*, oldest staleness first."""
    found = [stale for task in tasks for language in task.variants()
             for result in committed.results(task.name, language)
             if (stale := stale_since(task, result)) is not None]
    return sorted(found, key=lambda stale: stale.since)


def latest_stale(committed: CommittedResults | None, task: Task, language: str) -> Stale | None:
    """The most recently made stale committed result of *task* in *language*, if any."""
    if committed is None:
        return None
    found = [stale for result in committed.results(task.name, language)
             if (stale := stale_since(task, result)) is not None]
    return max(found, key=lambda stale: stale.result.date, default=None)


def recordable(result: Result, task: Task, origin: str) -> Result:
    """*result* as committed: of *origin*, with the hash of each file it depends on.

    Raises ValueError for a failure, a run that did not happen, or an unknown variant.
    """
    if result.outcome == FAILED:
        raise ValueError(f"{result.task}[{result.language}] on {result.target} failed: "
                         "a run with a failure is not recorded")
    if result.outcome != PASSED or result.language not in VARIANT_BY_KEY:
        raise ValueError(f"{result.task}[{result.language}] on {result.target}: "
                         f"{result.outcome}, not run")
    return Result(**{**asdict(result), "origin": origin,
                     "files": file_hashes(task, result.language)})


def committed_problems(committed: CommittedResults, tasks: list[Task], stale_days: int,
                       machine_folders: tuple[Path, ...] = ()) -> tuple[list[str], list[str]]:
    """(one line per stale committed result, the problems) of the committed folder.

    A problem: a malformed file or one of no known task and variant, a path of the
    machine, a result stale for more than *stale_days* days.
    """
    by_name = {task.name: task for task in tasks}
    problems: list[str] = []
    folder = committed.folder / committed.platform
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        result, malformed = read(path) if path.suffix == ".json" else (
            None, f"{path}:1: not a result file (<target>/<task>/<variant>.json)")
        if malformed is None and (result.task not in by_name
                                  or result.language not in by_name[result.task].variants()):
            malformed = f"{path}:1: no task {result.task} with a {result.language} file"
        problems += [malformed] if malformed else []
        problems += machine_paths(path, machine_folders)
    listed = []
    for stale in stale_results(committed, tasks):
        days = (datetime.now(UTC) - stale.since).days
        result = stale.result
        line = (f"{committed.path(result.task, result.language, result.target)}: stale for "
                f"{days} day(s), since {', '.join(stale.changed) or 'its seed'} changed "
                f"({stale.since:%Y-%m-%d}): run it again and record it (nubodoc record)")
        listed.append(line)
        if days > stale_days:
            problems.append(f"{line}; stale for more than {stale_days} days")
    return listed, problems
