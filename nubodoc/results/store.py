"""The results store: what each snippet printed on its last run, and how it was verified.

Every run of a snippet item (pytest, ``nubodoc run``, the docs build) goes through
:func:`nubodoc.harness.recording.run_and_record`, which writes one JSON file per (task,
variant, target name) into ``NUBODOC_RESULTS_DIR`` (default ``<repo>/.nubodoc/results/``). A result
carries a hash of every file it depends on; once a file changes the result is
stale, and nothing shows it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from nubodoc.catalogue import DECLARATION, VARIANTS, Task
from nubodoc.platform.profiles import DEFAULT_PROFILE, selected_profile

RESULTS_VARIABLE = "NUBODOC_RESULTS_DIR"
#: Where a result was obtained: by this build (or this machine's tests), on a maintainer's
#: machine, or by the platform's CI (the last two are committed, :mod:`.recorded`).
BUILD, MAINTAINER, PLATFORM_CI = "build", "maintainer", "ci"
ORIGINS = (BUILD, MAINTAINER, PLATFORM_CI)
#: Outcomes, from the strongest claim to the weakest.
PASSED, PARSED, STATIC, SKIPPED, FAILED = "passed", "parsed", "static", "skipped", "failed"
NOT_RUN = (PARSED, STATIC, SKIPPED)


@dataclass(frozen=True)
class Result:
    """One run of one task's file in one variant against one target."""

    task: str
    #: The variant's key: ``python``, ``python-polars``, ``mc-rclone``… (the field keeps
    #: its name: for a language's default tool, the key is the language's).
    language: str
    target: str
    outcome: str
    inputs: str
    date: str
    #: What the server is, in French (known when the target was used).
    server: str | None = None
    #: Why the file was not run, or the failure report (secrets masked).
    reason: str | None = None
    #: For a file not run: what checked it, in French (« commandes vérifiées d'après … »).
    checked_by: str | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float | None = None
    versions: dict[str, str] = field(default_factory=dict)
    #: One of :data:`ORIGINS`.
    origin: str = BUILD
    #: The hash of every file the run depended on, by its path in the task's folder.
    files: dict[str, str] = field(default_factory=dict)

    @property
    def when(self) -> datetime:
        """The date of the run."""
        return datetime.fromisoformat(self.date)


def input_files(task: Task, language: str) -> list[Path]:
    """The files a run of *task* in *language* depends on, in the task's folder.

    The snippet file, ``task.toml`` and the task folder's other files (policies, task files).
    """
    files = [task.snippet_path(language), task.declaration]
    snippet_files = {variant.filename for variant in VARIANTS}
    files += sorted(p for p in task.folder.rglob("*") if p.is_file()
                    and p.name not in snippet_files and p.name != DECLARATION
                    and "__pycache__" not in p.parts)
    return [path for path in files if path.is_file()]


def file_hashes(task: Task, language: str) -> dict[str, str]:
    """The SHA-256 of each of :func:`input_files`, by its path in the task's folder."""
    return {path.relative_to(task.folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in input_files(task, language)}


def inputs_hash(task: Task, language: str) -> str:
    """A hash of everything a run of *task* in *language* depends on.

    :func:`input_files`, the seed objects' bytes and the bucket policies from
    ``nubodoc/catalogue/seeds``.
    """
    digest = hashlib.sha256(language.encode())
    for path in input_files(task, language):
        digest.update(path.relative_to(task.folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for obj in task.seed:
        digest.update(f"{obj.bucket}/{obj.key}\0".encode() + obj.body + b"\0")
    for bucket, policy in task.bucket_policies:
        digest.update(f"{bucket}\0{policy}\0".encode())
    return digest.hexdigest()


def results_dir(snippets_root: Path) -> Path:
    """``NUBODOC_RESULTS_DIR``, else ``.nubodoc/results/`` beside the snippets folder.

    The default platform's results are there; another platform's (``NUBODOC_PLATFORM``)
    in a folder of its own name inside it.
    """
    configured = os.environ.get(RESULTS_VARIABLE, "").strip()
    folder = (Path(configured) if configured
              else Path(snippets_root).resolve().parent / ".nubodoc" / "results")
    platform = Path(selected_profile()).stem
    return folder if platform == DEFAULT_PROFILE else folder / platform


class ResultStore:
    """The results of one folder: one JSON file per task, variant and target name.

    *committed*, the results committed with the guide (:class:`.recorded.CommittedResults`),
    are read too: a local current result that ran wins over a committed one of the same
    target; a committed current result wins over a local one that did not run.
    """

    def __init__(self, folder: Path, committed=None):
        self.folder = Path(folder)
        self.committed = committed

    def path(self, task: str, language: str, target: str) -> Path:
        """The file holding the result of *task* in *language* on *target*."""
        return self.folder / f"{task}.{language}.{target}.json"

    def load(self, task: str, language: str, target: str) -> Result | None:
        """The stored result, or None (no file, or a file this version cannot read)."""
        try:
            data = json.loads(self.path(task, language, target).read_text(encoding="utf-8"))
            return Result(**data)
        except (OSError, ValueError, TypeError):
            return None

    def save(self, result: Result) -> bool:
        """Write *result* atomically; False if it was kept out.

        A file that could not run (parsed, static, skipped) does not replace a
        current ``passed`` result of the same target; a failure always replaces.
        """
        previous = self.load(result.task, result.language, result.target)
        if (result.outcome in NOT_RUN and previous is not None
                and previous.outcome == PASSED and previous.inputs == result.inputs):
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(asdict(result), stream, ensure_ascii=False, indent=1)
            os.replace(temporary, self.path(result.task, result.language, result.target))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return True

    def current(self, task: Task, language: str, target: str | None = None) -> list[Result]:
        """Results of *task* in *language* whose hash matches the files now, newest first.

        Only *target*'s when given; stale results are never returned.
        """
        inputs = inputs_hash(task, language)
        pattern = f"{task.name}.{language}.{target or '*'}.json"
        found: dict[str, Result] = {}
        for path in self.folder.glob(pattern):
            result = self.load(task.name, language, path.name.split(".")[2])
            if result is not None and result.inputs == inputs:
                found[result.target] = result
        committed = self.committed.results(task.name, language) if self.committed else []
        for result in committed:
            mine = found.get(result.target)
            if (result.inputs == inputs and (target is None or result.target == target)
                    and (mine is None or mine.outcome in NOT_RUN)):
                found[result.target] = result
        return sorted(found.values(), key=lambda r: r.date, reverse=True)

    def best(self, task: Task, language: str) -> Result | None:
        """The current result a page shows: a passing run first, the newest otherwise."""
        results = self.current(task, language)
        passed = [r for r in results if r.outcome == PASSED]
        return (passed or results or [None])[0]


def now() -> str:
    """The current time, as results store it."""
    return datetime.now(UTC).isoformat(timespec="seconds")
