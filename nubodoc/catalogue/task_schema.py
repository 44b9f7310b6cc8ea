"""The schema of ``task.toml``: every key a declaration may hold, and its type.

This is the one place the keys are listed: :mod:`nubodoc.catalogue.declaration` validates a
file against :func:`task_schema` before reading it, so a misspelt key (``stdot``,
``[expect.pyton]``) or a value of the wrong type is reported, never ignored. No table
accepts a key it does not list. :func:`schema_problems` turns each violation into a
message naming the line and what was expected.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from nubodoc.catalogue.task import CREDENTIAL_KINDS, PLACEHOLDER, RENEWAL_PARTS
from nubodoc.catalogue.toml_location import line_of_path
from nubodoc.catalogue.variants import LANGUAGES, VARIANTS
from nubodoc.core.behaviours import BEHAVIOUR_NAMES
from nubodoc.core.capabilities import CAPABILITY_NAMES

#: The largest random local file a task may ask for (``[[local]] size``), 1 GiB.
MAX_LOCAL_SIZE = 2**30


def object_with(properties: dict, required: tuple[str, ...] = ()) -> dict:
    """A table holding only *properties*, *required* among them."""
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False}


def _tables(properties: dict, required: tuple[str, ...] = ()) -> dict:
    """An array of tables (``[[name]]``), each holding only *properties*."""
    return {"type": "array", "items": object_with(properties, required)}


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
_CHECK_WITH_CONTENTS = {"contains": STRINGS}

#: The checks of ``[expect]`` (and of each ``[expect.<variant>]``): one per field of
#: :class:`~nubodoc.catalogue.task.Expectations`.
EXPECT_CHECKS = {
    "stdout": STRINGS,
    "stdout_excludes": STRINGS,
    "stderr": STRINGS,
    "objects": _tables({"path": STRING, **_CHECK_WITH_CONTENTS}, ("path",)),
    "absent": STRINGS,
    "fails": {"type": "boolean"},
    "local_files": _tables({"path": STRING, **_CHECK_WITH_CONTENTS}, ("path",)),
    "urls_serve": STRINGS,
    "bucket_policies": _tables({"bucket": STRING, **_CHECK_WITH_CONTENTS}, ("bucket",)),
    "no_policy": STRINGS,
    "anonymous_reads": STRINGS,
    "anonymous_refused": STRINGS,
    "fetched_only": STRINGS,
    "depends_on": {"type": "array", "items": {"enum": list(BEHAVIOUR_NAMES)}},
}

_SOURCES = {"text": STRING, "file": STRING}


def expect_variants() -> tuple[str, ...]:
    """The keys of ``[expect]`` naming a language (all its tools) or one registered tool."""
    return tuple(dict.fromkeys([language.key for language in LANGUAGES]
                               + [variant.key for variant in VARIANTS if not variant.default]))


def task_schema() -> dict:
    """The JSON schema of ``task.toml``, with a ``[expect.<key>]`` per registered client."""
    return _schema(expect_variants())


def _schema(expect_keys: tuple[str, ...]) -> dict:
    return object_with({
        "title": STRING,
        "buckets": STRINGS,
        "seed": _tables({"object": STRING, **_SOURCES}, ("object",)),
        "placeholders": {"type": "object", "additionalProperties": STRING,
                         "propertyNames": {"pattern": f"^{PLACEHOLDER.pattern}$"}},
        "credentials": {"enum": list(CREDENTIAL_KINDS)},
        "needs": {"type": "array", "items": {"enum": list(CAPABILITY_NAMES)}},
        "timeout": {"type": "number", "exclusiveMinimum": 0},
        "missing": object_with({language.key: STRING for language in LANGUAGES}),
        "expect": object_with({**EXPECT_CHECKS,
                          **{key: object_with(EXPECT_CHECKS) for key in expect_keys}}),
        "local": _tables({"path": STRING, **_SOURCES, "task_file": STRING,
                          "size": {"type": "integer", "minimum": 0, "maximum": MAX_LOCAL_SIZE}},
                         ("path",)),
        "service_account": object_with({"policy": STRING, "access_key_variable": STRING,
                                   "secret_key_variable": STRING},
                                  ("policy", "access_key_variable", "secret_key_variable")),
        "bucket_policies": _tables({"bucket": STRING, "file": STRING}, ("bucket", "file")),
        "output": object_with({"show": {"type": "boolean"}, "reason": STRING,
                          "lines": {"type": "integer", "minimum": 1}}),
        "renewal": object_with({**{part: STRING for part in RENEWAL_PARTS},
                           "expires_after_writes": {"type": "integer", "minimum": 1}},
                          RENEWAL_PARTS),
        "installs": STRINGS,
        "reader_access_keys": STRINGS,
    }, ("title",))


@functools.cache
def _validator(expect_keys: tuple[str, ...]) -> Draft202012Validator:
    return Draft202012Validator(_schema(expect_keys))

#: How a TOML value's kind is named in messages (by its Python type).
_TOML_KINDS = {"str": "string", "int": "integer", "float": "float", "bool": "boolean",
               "list": "array", "dict": "table"}
_BOUNDS = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most"}
_SCHEMA_KINDS = {"object": "a table", "array": "an array", "string": "a string",
                 "integer": "an integer", "number": "a number", "boolean": "a boolean"}


def where(path: tuple) -> str:
    """How a table is shown: ``[expect.python]``, ``[[seed]] #2``, nothing for the top level."""
    keys = ".".join(str(key) for key in path if not isinstance(key, int))
    if not keys:
        return ""
    if isinstance(path[-1], int):
        return f"[[{keys}]] #{path[-1] + 1}"
    return f"[{keys}]"


def _kind(value) -> str:
    return _TOML_KINDS.get(type(value).__name__, type(value).__name__)


def _key_and_table(path: tuple) -> tuple[str, tuple]:
    """The key a value is set by (``stdout[1]`` for an array's item) and its table's path."""
    table, name = path[:-1], str(path[-1])
    if isinstance(path[-1], int) and table and not isinstance(table[-1], int):
        table, name = table[:-1], f"{table[-1]}[{path[-1]}]"
    return name, table


def _expected(error: ValidationError) -> str:
    """What a value that broke a type, enum or bound rule must be, and what it is."""
    value = error.instance
    if error.validator == "type":
        expected = _SCHEMA_KINDS.get(error.validator_value, error.validator_value)
        return f"must be {expected}, not {_kind(value)} {value!r}"
    if error.validator == "enum":
        allowed = ", ".join(f"'{v}'" for v in error.validator_value)
        return f"must be one of {allowed}, not {value!r}"
    if error.validator in _BOUNDS:
        return f"must be {_BOUNDS[error.validator]} {error.validator_value}, not {value!r}"
    return error.message


def _problems(error: ValidationError) -> Iterator[tuple[tuple, str]]:
    """The path to locate and the message of each problem *error* stands for."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(error.schema["properties"]))
        for key in error.instance:
            if key not in error.schema["properties"]:
                yield (*path, key), (f"{where(path)} unknown key '{key}' "
                                     f"(expected one of: {known})").lstrip()
    elif error.validator == "required":
        missing = ", ".join(f"'{key}'" for key in error.validator_value
                            if key not in error.instance)
        yield path, f"{where(path)} missing required key {missing}".lstrip()
    elif "propertyNames" in error.relative_schema_path:
        yield (*path, error.instance), (
            f"{where(path)} key {error.instance!r} must look like '<nom>' (lower-case "
            "letters, digits and _ between < and >)").lstrip()
    elif not path:
        yield path, f"the file {_expected(error)}"
    else:
        name, table = _key_and_table(path)
        yield path, f"{where(table)} {name} {_expected(error)}".lstrip()


def schema_problems(data: dict, text: str) -> list[tuple[int, str]]:
    """Every violation of :func:`task_schema` in *data* (read from *text*), as (line, message).

    Sorted by line; each message says where (``[expect.python]``) and what was expected.
    """
    return schema_problems_with(_validator(expect_variants()), data, text)


def schema_problems_with(validator: Draft202012Validator, data: dict, text: str,
                         hint: Callable[[tuple, str], str | None] | None = None,
                         ) -> list[tuple[int, str]]:
    """Every violation of *validator*'s schema in *data* (read from *text*), as (line, message).

    *hint*, given an error's path and rule, may return a clearer message for it.
    """
    problems = set()
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        message = hint(path, error.validator) if hint else None
        if message:
            problems.add((line_of_path(text, path), message))
            continue
        problems |= {(line_of_path(text, where), message) for where, message in _problems(error)}
    return sorted(problems)
