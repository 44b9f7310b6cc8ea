"""Reading a task's declaration (``task.toml``) into a :class:`~nubodoc.catalogue.task.Task`.

The file is first validated against the schema (:mod:`nubodoc.catalogue.task_schema`): no
unknown key at any level, every value of its type. Every problem becomes a
DeclarationError naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from nubodoc.catalogue.task import (
    DECLARATION,
    DEFAULT_TIMEOUT,
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
from nubodoc.catalogue.task_schema import expect_variants, schema_problems
from nubodoc.catalogue.toml_location import line_of_path
from nubodoc.catalogue.variants import require_variants
from nubodoc.core.behaviours import Behaviour
from nubodoc.core.errors import DeclarationError


def _line_of(text: str, needle: str) -> int | None:
    """First line (1-based) of *text* that mentions *needle*, for error messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def read_utf8(path: Path) -> str:
    """The text of *path*; DeclarationError naming the line of a byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeclarationError(path, None, f"cannot be read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeclarationError(path, line, f"not UTF-8: byte 0x{data[exc.start]:02x} at "
                               f"column {column} (save the file as UTF-8)") from None


class _Reader:
    """Reads one ``task.toml``, turning every problem into a DeclarationError.

    The data is valid against the schema once the reader exists, so its methods
    only check what a schema cannot: paths, files, placeholders, combinations.
    """

    def __init__(self, path: Path, rewrite: Callable[[str], str] | None = None):
        self.path = path
        self.rewrite = rewrite or (lambda text: text)
        self.text = self.rewrite(read_utf8(path))
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found.group(1)) if found else None
            raise DeclarationError(path, line, f"invalid TOML: {exc}") from None
        problems = schema_problems(self.data, self.text)
        if problems:
            (line, first), *others = problems
            raise DeclarationError(path, line, "\n".join(
                [first, *(f"{path}:{n}: {message}" for n, message in others)]))

    def fail(self, key: str, message: str) -> DeclarationError:
        return DeclarationError(self.path, _line_of(self.text, key), message)

    def fail_at(self, keys: tuple, message: str) -> DeclarationError:
        """A DeclarationError at the line declaring *keys* (``("expect", "python")``)."""
        return DeclarationError(self.path, line_of_path(self.text, keys), message)

    def strings(self, table: dict, key: str) -> tuple[str, ...]:
        return tuple(table.get(key, ()))

    def split_path(self, path: str, key: str) -> tuple[str, str]:
        bucket, _, object_key = path.partition("/")
        if not bucket or not object_key:
            raise self.fail(path, f"'{key}' must look like 'bucket/key', got '{path}'")
        return bucket, object_key

    def content(self, entry: dict, name: str, local: bool = False) -> bytes:
        """The bytes of a seed or local file.

        From ``text``, ``file`` (in nubodoc/catalogue/seeds/) and, for local files, ``size``
        (random bytes) or ``task_file`` (a file of the task folder, shown to readers).
        """
        keys = ("text", "file", "size", "task_file") if local else ("text", "file")
        sources = [k for k in keys if k in entry]
        if len(sources) != 1:
            allowed = ", ".join(f"'{k}'" for k in keys)
            raise self.fail(name, f"'{name}' needs exactly one of {allowed}")
        if "text" in entry:
            return entry["text"].encode("utf-8")
        if "size" in entry:
            return os.urandom(entry["size"])
        if "task_file" in entry:
            source = self.path.parent / entry["task_file"]
            if not source.is_file():
                raise self.fail(entry["task_file"], f"task file {source} not found")
            return self.filled_file(source).encode("utf-8")
        filename = entry["file"]
        source = SEEDS_DIR / filename
        if not source.is_file():
            raise self.fail(filename, f"seed file '{filename}' not found in {SEEDS_DIR}")
        return source.read_bytes()

    def seed_object(self, entry: dict) -> SeedObject:
        path = entry["object"]
        bucket, key = self.split_path(path, "object")
        return SeedObject(bucket, key, self.content(entry, path))

    def local_file(self, entry: dict) -> LocalFile:
        path = entry["path"]
        if path.startswith("/") or ".." in path.split("/"):
            raise self.fail(path, f"local path '{path}' must stay inside the working directory")
        return LocalFile(path, self.content(entry, path, local=True))

    def service_account(self, folder: Path) -> ServiceAccount | None:
        table = self.data.get("service_account")
        wanted = self.data.get("credentials") == "service-account"
        if table is None:
            if wanted:
                raise self.fail("credentials", "credentials = \"service-account\" needs a "
                                "[service_account] table")
            return None
        if not wanted:
            raise self.fail("service_account", "[service_account] needs "
                            "credentials = \"service-account\"")
        policy_name = table["policy"]
        policy_path = folder / policy_name
        if not policy_path.is_file():
            raise self.fail(policy_name, f"policy file {policy_path} not found")
        policy = self.json_file(policy_path)
        return ServiceAccount(
            policy=policy,
            access_key_variable=table["access_key_variable"],
            secret_key_variable=table["secret_key_variable"],
        )

    def reader_access_keys(self, placeholders: dict) -> tuple[str, ...]:
        """The ids of ``reader_access_keys``: each a declared placeholder's value."""
        ids = []
        for name in self.strings(self.data, "reader_access_keys"):
            if name not in placeholders:
                raise self.fail(name, f"reader_access_keys names {name}, which is not under "
                                "[placeholders]: declare it there with the key's id")
            ids.append(placeholders[name])
        return tuple(ids)

    def renewal(self, placeholders: dict) -> Renewal | None:
        """The ``[renewal]`` table: the placeholders receiving fresh credentials at run time."""
        table = self.data.get("renewal")
        wanted = self.data.get("credentials") == "renewal"
        if table is None:
            if wanted:
                raise self.fail("credentials", "credentials = \"renewal\" needs a [renewal] "
                                f"table ({', '.join(RENEWAL_PARTS)})")
            return None
        if not wanted:
            raise self.fail("renewal", "[renewal] needs credentials = \"renewal\"")
        values = {}
        for key in RENEWAL_PARTS:
            value = table[key]
            if not PLACEHOLDER.fullmatch(value):
                raise self.fail(key, f"[renewal] {key} must be a placeholder like "
                                f"\"<nouvelle_cle>\", not '{value}'")
            if value in placeholders or value in values.values():
                raise self.fail(value, f"placeholder {value} is declared twice; a [renewal] "
                                "placeholder gets its value at run time only")
            values[key] = value
        return Renewal(**values, expires_after_writes=table.get("expires_after_writes"))

    def filled_file(self, path: Path) -> str:
        """The text of *path*, every placeholder declared and replaced by its test value."""
        declared = self.data.get("placeholders", {})
        text = self.rewrite(check_placeholders(path, declared, self.path))
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
        bucket = entry["bucket"]
        name = entry["file"]
        path = SEEDS_DIR / name
        if not path.is_file():
            raise self.fail(name, f"policy file '{name}' not found in {SEEDS_DIR}")
        return bucket, json.dumps(self.json_file(path))

    def checks_with_contents(self, table: dict, key: str, name: str) -> tuple:
        entries = []
        for entry in table.get(key, []):
            entries.append((entry[name], self.strings(entry, "contains")))
        return tuple(entries)

    def expectations(self, table: dict) -> Expectations:
        objects = []
        for entry in table.get("objects", []):
            path = entry["path"]
            bucket, key = self.split_path(path, "path")
            objects.append(ObjectCheck(bucket, key, self.strings(entry, "contains")))
        absent = tuple(self.split_path(p, "absent") for p in self.strings(table, "absent"))
        return Expectations(
            stdout=self.strings(table, "stdout"),
            stdout_excludes=self.strings(table, "stdout_excludes"),
            stderr=self.strings(table, "stderr"),
            objects=tuple(objects),
            absent=absent,
            fails=table.get("fails", False),
            local_files=self.checks_with_contents(table, "local_files", "path"),
            urls_serve=self.strings(table, "urls_serve"),
            bucket_policies=self.checks_with_contents(table, "bucket_policies", "bucket"),
            no_policy=self.strings(table, "no_policy"),
            anonymous_reads=tuple(self.split_path(p, "anonymous_reads")
                                  for p in self.strings(table, "anonymous_reads")),
            anonymous_refused=tuple(self.split_path(p, "anonymous_refused")
                                    for p in self.strings(table, "anonymous_refused")),
            fetched_only=self.strings(table, "fetched_only"),
            depends_on=tuple(Behaviour(name) for name in self.strings(table, "depends_on")),
        )

    def output(self) -> OutputSettings:
        """The ``[output]`` table: ``show`` (and ``reason`` when false), ``lines``."""
        table = self.data.get("output", {})
        show = table.get("show", True)
        reason = table.get("reason")
        if not show and not (reason or "").strip():
            raise self.fail("show", "[output] show = false needs reason = \"…\" (why the "
                            "output is not shown)")
        if show and reason is not None:
            raise self.fail("reason", "[output] reason is only for show = false")
        return OutputSettings(show=show, reason=reason, lines=table.get("lines"))

    def all_expectations(self) -> dict[str, Expectations]:
        """Expectations per variant: ``[expect.python-polars]`` over ``[expect.python]``
        over ``[expect]``, key by key."""
        expect = self.data.get("expect", {})
        common = {k: v for k, v in expect.items() if k not in VARIANT_BY_KEY}
        result = {}
        for variant in VARIANTS:
            language = expect.get(variant.language, {})
            specific = expect.get(variant.key, {}) if not variant.default else {}
            result[variant.key] = self.expectations({**common, **language, **specific})
        return result


def load_task(folder: Path, rewrite: Callable[[str], str] | None = None) -> Task:
    """Read and validate the task in *folder*; raise DeclarationError naming file and line.

    Whatever goes wrong while reading it is a DeclarationError, so that a caller
    can report the task as broken and go on with the others. *rewrite*, if given,
    changes the text of ``task.toml`` and of the JSON files it names before they are read
    (the awkward values' run).
    """
    require_variants()
    folder = Path(folder)
    path = folder / DECLARATION
    if not path.is_file():
        raise DeclarationError(path, None, "task folder has no task.toml")
    try:
        return _load(folder, _Reader(path, rewrite))
    except DeclarationError:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken task must not stop the others
        raise DeclarationError(path, None, f"cannot be read: {type(exc).__name__}: {exc}") \
            from exc


def _load(folder: Path, reader: _Reader) -> Task:
    """The task *reader* holds (its data already valid against the schema)."""
    data = reader.data
    placeholders = data.get("placeholders", {})
    needs = tuple(data.get("needs", ()))
    task = Task(
        name=folder.name,
        folder=folder,
        title=data["title"],
        buckets=reader.strings(data, "buckets"),
        seed=tuple(reader.seed_object(e) for e in data.get("seed", [])),
        placeholders=dict(placeholders),
        credentials=data.get("credentials", "session"),
        timeout=float(data.get("timeout", DEFAULT_TIMEOUT)),
        missing=dict(data.get("missing", {})),
        local=tuple(reader.local_file(e) for e in data.get("local", [])),
        service_account=reader.service_account(folder),
        renewal=reader.renewal(placeholders),
        bucket_policies=tuple(reader.bucket_policy(e)
                              for e in data.get("bucket_policies", [])),
        expectations=reader.all_expectations(),
        output=reader.output(),
        needs=needs,
        installs=reader.strings(data, "installs"),
        reader_access_keys=reader.reader_access_keys(placeholders),
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
    for key in reader.data.get("expect", {}):
        if key in expect_variants() and not _has_file(task, key):
            raise reader.fail_at(
                ("expect", key), f"[expect.{key}] is for a variant this task has no file "
                f"for (no {VARIANT_BY_KEY[key].filename}): add the file or remove the table")
    declared = dict(task.placeholders)
    if task.renewal is not None:
        declared.update(task.renewal.samples())
    for key in task.variants():
        check_placeholders(task.snippet_path(key), declared, task.declaration)


def _has_file(task: Task, key: str) -> bool:
    """True when *task* has a file for variant *key*, or for any tool of language *key*."""
    return bool(task.variants_of(key)) or task.snippet_path(key).is_file()


def check_placeholders(path: Path, declared: dict, declaration: Path) -> str:
    """The text of *path*; DeclarationError at its first placeholder not in *declared*."""
    text = read_utf8(path)
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group() not in declared:
                raise DeclarationError(
                    path, number,
                    f"placeholder {match.group()} is not declared in {declaration.name} "
                    "under [placeholders] (or [renewal])",
                )
    return text
