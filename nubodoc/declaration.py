"""Reading a task's declaration (``task.toml``) into a :class:`~nubodoc.task.Task`.

Every problem becomes a DeclarationError naming the file and, where it can be
found, the line.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from nubodoc.capabilities import CAPABILITY_NAMES
from nubodoc.errors import DeclarationError
from nubodoc.task import (
    CREDENTIAL_KINDS,
    DECLARATION,
    DEFAULT_TIMEOUT,
    LANGUAGE_BY_KEY,
    LANGUAGES,
    PLACEHOLDER,
    RENEWAL_PARTS,
    SEEDS_DIR,
    VARIANT_BY_KEY,
    VARIANTS,
    Expectations,
    LocalFile,
    ObjectCheck,
    OutputSettings,
    Renewal,
    SeedObject,
    ServiceAccount,
    Task,
)


def _line_of(text: str, needle: str) -> int | None:
    """First line (1-based) of *text* that mentions *needle*, for error messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


class _Reader:
    """Reads one ``task.toml``, turning every problem into a DeclarationError."""

    def __init__(self, path: Path):
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found.group(1)) if found else None
            raise DeclarationError(path, line, f"invalid TOML: {exc}") from None

    def fail(self, key: str, message: str) -> DeclarationError:
        return DeclarationError(self.path, _line_of(self.text, key), message)

    def get(self, table: dict, key: str, kind: type | tuple, default=None, required=False):
        if key not in table:
            if required:
                raise self.fail(key, f"missing required key '{key}'")
            return default
        value = table[key]
        if not isinstance(value, kind):
            kinds = kind if isinstance(kind, tuple) else (kind,)
            names = " or ".join(k.__name__ for k in kinds)
            raise self.fail(key, f"'{key}' must be a {names}, not {type(value).__name__}")
        return value

    def strings(self, table: dict, key: str) -> tuple[str, ...]:
        values = self.get(table, key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(key, f"'{key}' must be a list of strings")
        return tuple(values)

    def split_path(self, path: str, key: str) -> tuple[str, str]:
        bucket, _, object_key = path.partition("/")
        if not bucket or not object_key:
            raise self.fail(path, f"'{key}' must look like 'bucket/key', got '{path}'")
        return bucket, object_key

    def content(self, entry: dict, name: str, local: bool = False) -> bytes:
        """The bytes of a seed or local file.

        From ``text``, ``file`` (in nubodoc/seeds/) and, for local files, ``size``
        (random bytes) or ``task_file`` (a file of the task folder, shown to readers).
        """
        keys = ("text", "file", "size", "task_file") if local else ("text", "file")
        sources = [k for k in keys if k in entry]
        if len(sources) != 1:
            allowed = ", ".join(f"'{k}'" for k in keys)
            raise self.fail(name, f"'{name}' needs exactly one of {allowed}")
        if "text" in entry:
            return self.get(entry, "text", str).encode("utf-8")
        if "size" in entry:
            return os.urandom(self.get(entry, "size", int))
        if "task_file" in entry:
            source = self.path.parent / self.get(entry, "task_file", str)
            if not source.is_file():
                raise self.fail(entry["task_file"], f"task file {source} not found")
            return self.filled_file(source).encode("utf-8")
        filename = self.get(entry, "file", str)
        source = SEEDS_DIR / filename
        if not source.is_file():
            raise self.fail(filename, f"seed file '{filename}' not found in {SEEDS_DIR}")
        return source.read_bytes()

    def seed_object(self, entry: dict) -> SeedObject:
        if not isinstance(entry, dict):
            raise self.fail("seed", "each [[seed]] entry must be a table")
        path = self.get(entry, "object", str, required=True)
        bucket, key = self.split_path(path, "object")
        return SeedObject(bucket, key, self.content(entry, path))

    def local_file(self, entry: dict) -> LocalFile:
        if not isinstance(entry, dict):
            raise self.fail("local", "each [[local]] entry must be a table")
        path = self.get(entry, "path", str, required=True)
        if path.startswith("/") or ".." in path.split("/"):
            raise self.fail(path, f"local path '{path}' must stay inside the working directory")
        return LocalFile(path, self.content(entry, path, local=True))

    def service_account(self, folder: Path) -> ServiceAccount | None:
        table = self.get(self.data, "service_account", dict)
        wanted = self.data.get("credentials") == "service-account"
        if table is None:
            if wanted:
                raise self.fail("credentials", "credentials = \"service-account\" needs a "
                                "[service_account] table")
            return None
        if not wanted:
            raise self.fail("service_account", "[service_account] needs "
                            "credentials = \"service-account\"")
        policy_name = self.get(table, "policy", str, required=True)
        policy_path = folder / policy_name
        if not policy_path.is_file():
            raise self.fail(policy_name, f"policy file {policy_path} not found")
        policy = self.json_file(policy_path)
        return ServiceAccount(
            policy=policy,
            access_key_variable=self.get(table, "access_key_variable", str, required=True),
            secret_key_variable=self.get(table, "secret_key_variable", str, required=True),
        )

    def renewal(self, placeholders: dict) -> Renewal | None:
        """The ``[renewal]`` table: the placeholders receiving fresh credentials at run time."""
        table = self.get(self.data, "renewal", dict)
        wanted = self.data.get("credentials") == "renewal"
        if table is None:
            if wanted:
                raise self.fail("credentials", "credentials = \"renewal\" needs a [renewal] "
                                f"table ({', '.join(RENEWAL_PARTS)})")
            return None
        if not wanted:
            raise self.fail("renewal", "[renewal] needs credentials = \"renewal\"")
        for key in table:
            if key not in RENEWAL_PARTS:
                raise self.fail(key, f"unknown key '{key}' in [renewal] (known: "
                                f"{', '.join(RENEWAL_PARTS)})")
        values = {}
        for key in RENEWAL_PARTS:
            value = self.get(table, key, str, required=True)
            if not PLACEHOLDER.fullmatch(value):
                raise self.fail(key, f"[renewal] {key} must be a placeholder like "
                                f"\"<nouvelle_cle>\", not '{value}'")
            if value in placeholders or value in values.values():
                raise self.fail(value, f"placeholder {value} is declared twice; a [renewal] "
                                "placeholder gets its value at run time only")
            values[key] = value
        return Renewal(**values)

    def filled_file(self, path: Path) -> str:
        """The text of *path*, every placeholder declared and replaced by its test value."""
        declared = self.data.get("placeholders", {})
        text = check_placeholders(path, declared, self.path)
        for placeholder, value in declared.items():
            text = text.replace(placeholder, value)
        return text

    def json_file(self, path: Path) -> dict:
        """A JSON document of the task folder, its placeholders filled in."""
        text = self.filled_file(path)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DeclarationError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None

    def bucket_policy(self, entry: dict) -> tuple[str, str]:
        if not isinstance(entry, dict):
            raise self.fail("bucket_policies", "each [[bucket_policies]] entry must be a table")
        bucket = self.get(entry, "bucket", str, required=True)
        name = self.get(entry, "file", str, required=True)
        path = SEEDS_DIR / name
        if not path.is_file():
            raise self.fail(name, f"policy file '{name}' not found in {SEEDS_DIR}")
        return bucket, json.dumps(self.json_file(path))

    def checks_with_contents(self, table: dict, key: str, name: str) -> tuple:
        entries = []
        for entry in self.get(table, key, list, []):
            entries.append((self.get(entry, name, str, required=True),
                            self.strings(entry, "contains")))
        return tuple(entries)

    def expectations(self, table: dict) -> Expectations:
        objects = []
        for entry in self.get(table, "objects", list, []):
            path = self.get(entry, "path", str, required=True)
            bucket, key = self.split_path(path, "path")
            objects.append(ObjectCheck(bucket, key, self.strings(entry, "contains")))
        absent = tuple(self.split_path(p, "absent") for p in self.strings(table, "absent"))
        return Expectations(
            stdout=self.strings(table, "stdout"),
            stdout_excludes=self.strings(table, "stdout_excludes"),
            stderr=self.strings(table, "stderr"),
            objects=tuple(objects),
            absent=absent,
            fails=self.get(table, "fails", bool, False),
            local_files=self.checks_with_contents(table, "local_files", "path"),
            urls_serve=self.strings(table, "urls_serve"),
            bucket_policies=self.checks_with_contents(table, "bucket_policies", "bucket"),
            no_policy=self.strings(table, "no_policy"),
            anonymous_reads=tuple(self.split_path(p, "anonymous_reads")
                                  for p in self.strings(table, "anonymous_reads")),
            anonymous_refused=tuple(self.split_path(p, "anonymous_refused")
                                    for p in self.strings(table, "anonymous_refused")),
        )

    def output(self) -> OutputSettings:
        """The ``[output]`` table: ``show`` (and ``reason`` when false), ``lines``."""
        table = self.get(self.data, "output", dict, {})
        for key in table:
            if key not in ("show", "reason", "lines"):
                raise self.fail(key, f"unknown key '{key}' in [output] (known: lines, reason, "
                                "show)")
        show = self.get(table, "show", bool, True)
        reason = self.get(table, "reason", str)
        if not show and not (reason or "").strip():
            raise self.fail("show", "[output] show = false needs reason = \"…\" (why the "
                            "output is not shown)")
        if show and reason is not None:
            raise self.fail("reason", "[output] reason is only for show = false")
        lines = self.get(table, "lines", int)
        if lines is not None and (isinstance(lines, bool) or lines < 1):
            raise self.fail("lines", "[output] lines must be a positive integer")
        return OutputSettings(show=show, reason=reason, lines=lines)

    def all_expectations(self) -> dict[str, Expectations]:
        """Expectations per variant: ``[expect.python-polars]`` over ``[expect.python]``
        over ``[expect]``, key by key."""
        expect = self.get(self.data, "expect", dict, {})
        common = {k: v for k, v in expect.items() if k not in VARIANT_BY_KEY}
        result = {}
        for variant in VARIANTS:
            language = self.get(expect, variant.language, dict, {})
            specific = self.get(expect, variant.key, dict, {}) if not variant.default else {}
            result[variant.key] = self.expectations({**common, **language, **specific})
        return result


def load_task(folder: Path) -> Task:
    """Read and validate the task in *folder*; raise DeclarationError naming file and line."""
    folder = Path(folder)
    path = folder / DECLARATION
    if not path.is_file():
        raise DeclarationError(path, None, "task folder has no task.toml")
    reader = _Reader(path)
    data = reader.data
    known = {"title", "buckets", "seed", "placeholders", "credentials", "timeout",
             "missing", "expect", "local", "service_account", "bucket_policies",
             "output", "renewal", "needs"}
    for key in data:
        if key not in known:
            raise reader.fail(key, f"unknown key '{key}' (known: {', '.join(sorted(known))})")
    placeholders = reader.get(data, "placeholders", dict, {})
    for name, value in placeholders.items():
        if not PLACEHOLDER.fullmatch(name) or not isinstance(value, str):
            raise reader.fail(name, f"placeholder '{name}' must look like '<nom>' = \"valeur\"")
    credentials = reader.get(data, "credentials", str, "session")
    if credentials not in CREDENTIAL_KINDS:
        raise reader.fail("credentials", f"credentials must be one of {CREDENTIAL_KINDS}")
    needs = reader.strings(data, "needs")
    for name in needs:
        if name not in CAPABILITY_NAMES:
            raise reader.fail("needs", f"needs: unknown capability '{name}' "
                                       f"(known: {', '.join(CAPABILITY_NAMES)})")
    missing = reader.get(data, "missing", dict, {})
    for language in missing:
        if language not in LANGUAGE_BY_KEY:
            raise reader.fail(language, f"unknown language '{language}' in [missing]")
    task = Task(
        name=folder.name,
        folder=folder,
        title=reader.get(data, "title", str, required=True),
        buckets=reader.strings(data, "buckets"),
        seed=tuple(reader.seed_object(e) for e in reader.get(data, "seed", list, [])),
        placeholders=dict(placeholders),
        credentials=credentials,
        timeout=float(reader.get(data, "timeout", (int, float), DEFAULT_TIMEOUT)),
        missing=dict(missing),
        local=tuple(reader.local_file(e) for e in reader.get(data, "local", list, [])),
        service_account=reader.service_account(folder),
        renewal=reader.renewal(placeholders),
        bucket_policies=tuple(reader.bucket_policy(e)
                              for e in reader.get(data, "bucket_policies", list, [])),
        expectations=reader.all_expectations(),
        output=reader.output(),
        needs=needs,
    )
    _check_files(task, reader)
    return task


def _check_files(task: Task, reader: _Reader) -> None:
    """Every language has a file (of any tool) or a stated reason; placeholders are declared."""
    for language in LANGUAGES:
        files = [VARIANT_BY_KEY[key].filename for key in task.variants_of(language.key)]
        if files and language.key in task.missing:
            raise reader.fail(language.key,
                              f"{files[0]} exists but [missing] says why not")
        if not files and language.key not in task.missing:
            raise DeclarationError(
                task.declaration, _line_of(reader.text, "[missing]") or 1,
                f"no {language.filename}: add the file or say why under [missing] "
                f"({language.key} = \"…\")",
            )
    declared = dict(task.placeholders)
    if task.renewal is not None:
        declared.update(task.renewal.samples())
    for key in task.variants():
        check_placeholders(task.snippet_path(key), declared, task.declaration)


def check_placeholders(path: Path, declared: dict, declaration: Path) -> str:
    """The text of *path*; DeclarationError at its first placeholder not in *declared*."""
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group() not in declared:
                raise DeclarationError(
                    path, number,
                    f"placeholder {match.group()} is not declared in {declaration.name} "
                    "under [placeholders] (or [renewal])",
                )
    return text
