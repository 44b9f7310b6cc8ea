"""What a task is: its languages, seed data, credentials and expected outcomes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nubodoc.catalogue.reader_values import substitute
from nubodoc.catalogue.variants import (  # noqa: F401 (the model's names, in one place)
    LANGUAGE_BY_KEY,
    LANGUAGES,
    VARIANT_BY_KEY,
    VARIANTS,
    Language,
    Variant,
)
from nubodoc.core.behaviours import Behaviour

DECLARATION = "task.toml"
SEEDS_DIR = Path(__file__).parent / "seeds"
CREDENTIAL_KINDS = ("session", "service-account", "expired", "anonymous", "renewal")
#: The keys of a ``[renewal]`` table: the parts of the fresh credentials.
RENEWAL_PARTS = ("access_key", "secret_key", "session_token")
DEFAULT_TIMEOUT = 120.0
PLACEHOLDER = re.compile(r"<[a-z][a-z0-9_]*>")


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
class Renewal:
    """Fresh credentials a snippet loads into a session whose own have expired.

    Each field names one value the reader copies from Onyxia and types at the
    snippet's prompt, never into a file or a history; the harness types new valid
    credentials, in field order, on the snippet's standard input (and fills the
    placeholder, where a page or a snippet names it).
    """

    access_key: str
    secret_key: str
    session_token: str
    #: Expiry in the middle of the run: the session's credentials are valid at the start
    #: and expire after this many successful writes (None: expired from the start).
    expires_after_writes: int | None = None

    def placeholders(self) -> tuple[str, ...]:
        """The three placeholders, in declaration order."""
        return (self.access_key, self.secret_key, self.session_token)

    def values(self, credentials) -> dict[str, str]:
        """Placeholder -> value of *credentials*, a
        :class:`~nubodoc.core.credentials.Credentials`."""
        return {self.access_key: credentials.access_key_id,
                self.secret_key: credentials.secret_access_key,
                self.session_token: credentials.session_token or ""}

    def typed(self, credentials) -> str:
        """What the reader types at the snippet's three prompts: key, secret, token, a line each.

        A snippet reads the fresh credentials without storing them (``getpass``,
        ``read -rs``, ``rstudioapi::askForPassword()``); the harness types them.
        """
        return "".join(f"{value}\n" for value in self.values(credentials).values())

    def samples(self) -> dict[str, str]:
        """Placeholder -> a harmless stand-in, for checks made without running."""
        return {placeholder: "EXEMPLE" for placeholder in self.placeholders()}


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
    #: Fragments the standard output must not hold (a step that must do nothing).
    stdout_excludes: tuple[str, ...] = ()
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
    #: Patterns (``bucket/key``, shell-style ``*``) every object the run fetched must
    #: match, checked where the target counts requests (the sandbox): a filtered read of
    #: a partitioned dataset fetches only the partitions it needs.
    fetched_only: tuple[str, ...] = ()
    #: Behaviours of the server the shown output depends on (``depends_on``), each checked
    #: by the judge on every target (:mod:`nubodoc.harness.dependencies`).
    depends_on: tuple[Behaviour, ...] = ()


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
    """One storage task, shown in up to three languages (several tools each), tested in each."""

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
    renewal: Renewal | None = None
    expectations: dict[str, Expectations] = field(default_factory=dict)
    output: OutputSettings = OutputSettings()
    #: Capabilities of the target named under ``needs`` (:mod:`nubodoc.core.capabilities`).
    needs: tuple[str, ...] = ()
    #: What the reader installs first, shown on the page (``installs = ["rclone"]``).
    installs: tuple[str, ...] = ()
    #: Ids of permanent keys of the reader's own that exist before the run
    #: (``reader_access_keys = ["<cle_d_acces>"]``, placeholders whose values are the ids).
    reader_access_keys: tuple[str, ...] = ()

    @property
    def declaration(self) -> Path:
        """Path of the task's ``task.toml``."""
        return self.folder / DECLARATION

    def snippet_path(self, variant: str) -> Path:
        """Path of the task's file for *variant* (``python``, ``python-polars``…), maybe absent."""
        return self.folder / VARIANT_BY_KEY[variant].filename

    def languages(self) -> list[str]:
        """Keys of the languages this task has a default tool's file for (``snippet.py``…).

        Other tools' files are in :meth:`variants`.
        """
        return [lang.key for lang in LANGUAGES if self.snippet_path(lang.key).is_file()]

    def variants(self) -> list[str]:
        """Keys of every variant this task has a file for (one test item each)."""
        return [v.key for v in VARIANTS if self.snippet_path(v.key).is_file()]

    def variants_of(self, language: str) -> list[str]:
        """Keys of *language*'s variants this task has a file for, default first."""
        return [key for key in self.variants() if VARIANT_BY_KEY[key].language == language]

    def all_buckets(self) -> list[str]:
        """Every bucket the harness must create: declared ones and those of seed objects."""
        names = list(self.buckets)
        for obj in self.seed:
            if obj.bucket not in names:
                names.append(obj.bucket)
        return names

    def fill_placeholders(self, text: str, at_run_time: dict[str, str] | None = None,
                          variant: str | None = None) -> str:
        """Return *text* with each declared placeholder replaced by its test value.

        The values are quoted for *variant*'s language, as the page puts the reader's
        (:func:`~nubodoc.catalogue.reader_values.substitute`). Placeholders filled at
        run time (``[renewal]``) take their value from *at_run_time*, or a harmless
        stand-in when not given (static checks).
        """
        language = VARIANT_BY_KEY[variant].language if variant else ""
        text = substitute(text, language, self.placeholders)
        if self.renewal is not None:
            for placeholder, value in (at_run_time or self.renewal.samples()).items():
                text = text.replace(placeholder, value)
        return text
