"""What a task is: its languages, seed data, credentials and expected outcomes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DECLARATION = "task.toml"
SEEDS_DIR = Path(__file__).parent / "seeds"
CREDENTIAL_KINDS = ("session", "service-account", "expired", "anonymous")
DEFAULT_TIMEOUT = 120.0
PLACEHOLDER = re.compile(r"<[a-z][a-z0-9_]*>")


@dataclass(frozen=True)
class Language:
    """A language a task can be shown in: its key (the tab's sync id) and file."""

    key: str
    label: str
    filename: str
    highlight: str


LANGUAGES = (
    Language("r", "R", "snippet.R", "r"),
    Language("python", "Python", "snippet.py", "python"),
    Language("mc", "mc", "snippet.sh", "bash"),
)
LANGUAGE_BY_KEY = {language.key: language for language in LANGUAGES}


@dataclass(frozen=True)
class SeedObject:
    """An object the harness writes before a run: ``bucket/key`` and its bytes."""

    bucket: str
    key: str
    body: bytes


@dataclass(frozen=True)
class LocalFile:
    """A file the harness puts in the snippet's working directory before the run."""

    path: str
    body: bytes


@dataclass(frozen=True)
class ServiceAccount:
    """Permanent keys the harness creates for a task, and where the snippet finds them."""

    policy: dict
    access_key_variable: str
    secret_key_variable: str

    def buckets(self) -> list[str]:
        """Buckets the policy names (the reader's own credentials are denied on them)."""
        names = []
        for statement in self.policy.get("Statement", []):
            resources = statement.get("Resource", [])
            for resource in [resources] if isinstance(resources, str) else resources:
                name = resource.removeprefix("arn:aws:s3:::").split("/")[0]
                if name and name != "*" and name not in names:
                    names.append(name)
        return names


@dataclass(frozen=True)
class ObjectCheck:
    """An object that must exist after a run, with fragments its content must hold."""

    bucket: str
    key: str
    contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expectations:
    """What a run of one language must show: output fragments, objects, exit status."""

    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()
    objects: tuple[ObjectCheck, ...] = ()
    absent: tuple[tuple[str, str], ...] = ()
    fails: bool = False
    local_files: tuple[tuple[str, tuple[str, ...]], ...] = ()
    urls_serve: tuple[str, ...] = ()
    bucket_policies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    no_policy: tuple[str, ...] = ()
    anonymous_reads: tuple[tuple[str, str], ...] = ()
    anonymous_refused: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OutputSettings:
    """How the guide shows what a task's code printed: ``[output]`` in ``task.toml``."""

    show: bool = True
    #: Why the output is not shown (required when ``show`` is false).
    reason: str | None = None
    #: Lines shown before an ellipsis (None: the page's or the extension's default).
    lines: int | None = None


@dataclass(frozen=True)
class Task:
    """One storage task, shown in up to three languages and tested in each."""

    name: str
    folder: Path
    title: str
    buckets: tuple[str, ...]
    seed: tuple[SeedObject, ...]
    placeholders: dict[str, str]
    credentials: str
    timeout: float
    missing: dict[str, str]
    local: tuple[LocalFile, ...] = ()
    bucket_policies: tuple[tuple[str, str], ...] = ()
    service_account: ServiceAccount | None = None
    expectations: dict[str, Expectations] = field(default_factory=dict)
    output: OutputSettings = OutputSettings()

    @property
    def declaration(self) -> Path:
        """Path of the task's ``task.toml``."""
        return self.folder / DECLARATION

    def snippet_path(self, language: str) -> Path:
        """Path of the task's file for *language* (which may not exist)."""
        return self.folder / LANGUAGE_BY_KEY[language].filename

    def languages(self) -> list[str]:
        """Keys of the languages this task has a snippet file for."""
        return [lang.key for lang in LANGUAGES if self.snippet_path(lang.key).is_file()]

    def all_buckets(self) -> list[str]:
        """Every bucket the harness must create: declared ones and those of seed objects."""
        names = list(self.buckets)
        for obj in self.seed:
            if obj.bucket not in names:
                names.append(obj.bucket)
        return names

    def fill_placeholders(self, text: str) -> str:
        """Return *text* with each declared placeholder replaced by its test value."""
        for placeholder, value in self.placeholders.items():
            text = text.replace(placeholder, value)
        return text
