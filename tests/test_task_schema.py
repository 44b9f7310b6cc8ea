"""task.toml is validated against one schema: every planted mistake fails its own task only.

Each mistake is reported with file, line and what was expected, by ``load_task``, by the
pytest plugin (the task's items fail, another task of the same session passes) and by
``nubodoc check``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from nubodoc.catalogue import Expectations, discover, load_task
from nubodoc.catalogue.task_schema import EXPECT_CHECKS
from nubodoc.catalogue.toml_location import line_of_path
from nubodoc.cli import main
from nubodoc.core.errors import DeclarationError

from .conftest import SNIPPETS

TITLE = 'title = "ok"\n'
MISSING = '[missing]\nr = "x"\nmc = "y"\n'


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A planted mistake: the declaration's middle part, and where and what is reported."""

    name: str
    toml: str | bytes
    line: int
    message: str
    file: str = "task.toml"
    snippet: bytes = b"print(1)\n"


MISTAKES = [
    Mistake("top-unknown", 'titel = "x"\n', 2,
            "unknown key 'titel' (expected one of: bucket_policies, buckets, credentials"),
    Mistake("expect-unknown", '[expect]\nstdot = ["x"]\n', 3,
            "[expect] unknown key 'stdot' (expected one of: absent, anonymous_reads"),
    Mistake("variant-key-unknown", '[expect.python]\nstdot = ["x"]\n', 3,
            "[expect.python] unknown key 'stdot' (expected one of: absent,"),
    Mistake("variant-unknown", '[expect.pyton]\nstdout = ["x"]\n', 2,
            "[expect] unknown key 'pyton' (expected one of: absent,"),
    Mistake("nested-unknown", '[[expect.objects]]\npath = "b/k"\ncontans = ["x"]\n', 4,
            "[[expect.objects]] #1 unknown key 'contans' (expected one of: contains, path)"),
    Mistake("output-unknown", "[output]\nline = 3\n", 3,
            "[output] unknown key 'line' (expected one of: lines, reason, show)"),
    Mistake("local-unknown", '[[local]]\npath = "a"\ntext = "x"\nmode = "644"\n', 5,
            "[[local]] #1 unknown key 'mode' (expected one of: file, path, size, task_file, "
            "text)"),
    Mistake("missing-unknown", '[missing]\nr = "x"\nmc = "y"\nrust = "z"\n', 5,
            "[missing] unknown key 'rust' (expected one of: mc, python, r)"),
    Mistake("second-seed", '[[seed]]\nobject = "b/a"\ntext = "x"\n'
            '[[seed]]\nobjet = "b/k"\ntext = "y"\n', 5,
            "[[seed]] #2 missing required key 'object'"),
    Mistake("timeout-string", 'timeout = "60"\n', 2,
            "timeout must be a number, not string '60'"),
    Mistake("timeout-date", "timeout = 1979-05-27\n", 2, "timeout must be a number, not date"),
    Mistake("stdout-item", '[expect]\nstdout = ["a", 3]\n', 3,
            "[expect] stdout[1] must be a string, not integer 3"),
    Mistake("objects-strings", '[expect]\nobjects = ["b/k"]\n', 3,
            "[expect] objects[0] must be a table, not string 'b/k'"),
    Mistake("language-not-table", '[expect]\npython = "x"\n', 3,
            "[expect] python must be a table, not string 'x'"),
    Mistake("fails-string", '[expect.python]\nfails = "yes"\n', 3,
            "[expect.python] fails must be a boolean, not string 'yes'"),
    Mistake("negative-size", '[[local]]\npath = "a.bin"\nsize = -1\n', 4,
            "[[local]] #1 size must be at least 0, not -1"),
    Mistake("zero-timeout", "timeout = 0\n", 2, "timeout must be more than 0, not 0"),
    Mistake("zero-lines", "[output]\nlines = 0\n", 3, "[output] lines must be at least 1, not 0"),
    Mistake("bad-credentials", 'credentials = "root"\n', 2,
            "credentials must be one of 'session', 'service-account'"),
    Mistake("placeholder-name", '[placeholders]\n"BUCKET" = "x"\n', 3,
            "[placeholders] key 'BUCKET' must look like '<nom>'"),
    Mistake("placeholder-value", '[placeholders]\n"<b>" = 3\n', 3,
            "[placeholders] <b> must be a string, not integer 3"),
    Mistake("tool-without-file", '[expect.python-polars]\nstdout = ["x"]\n', 2,
            "[expect.python-polars] is for a variant this task has no file for "
            "(no snippet.polars.py)"),
    Mistake("language-without-file", '[expect.r]\nstdout = ["x"]\n', 2,
            "[expect.r] is for a variant this task has no file for (no snippet.R)"),
    Mistake("unknown-behaviour", '[expect]\ndepends_on = ["ordre-des-cles"]\n', 3,
            "[expect] depends_on[0] must be one of 'listing-order', 'key-encoding', "
            "'error-code', not 'ordre-des-cles'"),
    Mistake("variant-unknown-behaviour",
            '[expect]\ndepends_on = ["listing-order"]\n[expect.python]\n'
            'depends_on = ["error-code", "listing_order"]\n', 5,
            "[expect.python] depends_on[1] must be one of 'listing-order'"),
    Mistake("invalid-toml", "[expect\n", 2, "invalid TOML"),
    Mistake("not-utf8", b"# caf\xe9\n", 2, "not UTF-8: byte 0xe9 at column 6"),
    Mistake("snippet-not-utf8", "", 2, "not UTF-8: byte 0xe9 at column 11",
            file="snippet.py", snippet=b"import os\nprint('caf\xe9')\n"),
]


def plant(snippets, mistake: Mistake):
    """A task folder under *snippets* holding *mistake*, with a snippet.py; return it.

    The declaration is the title, the mistake, then [missing] (unless the mistake has it).
    """
    folder = snippets / mistake.name
    folder.mkdir(parents=True)
    middle = mistake.toml if isinstance(mistake.toml, bytes) else mistake.toml.encode()
    end = b"" if b"[missing]" in middle else MISSING.encode()
    (folder / "task.toml").write_bytes(TITLE.encode() + middle + end)
    (folder / "snippet.py").write_bytes(mistake.snippet)
    return folder


def where(mistake: Mistake) -> str:
    """``<task>/<file>:<line>: <message>``, as the report must show it."""
    return f"{mistake.name}/{mistake.file}:{mistake.line}: {mistake.message}"


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_each_mistake_is_reported_with_file_line_and_what_was_expected(tmp_path, mistake):
    folder = plant(tmp_path, mistake)
    with pytest.raises(DeclarationError) as caught:
        load_task(folder)
    assert where(mistake) in str(caught.value)
    assert caught.value.line == mistake.line


def test_every_problem_of_a_file_is_reported_in_line_order(tmp_path):
    folder = plant(tmp_path, next(m for m in MISTAKES if m.name == "second-seed"))
    message = str(pytest.raises(DeclarationError, load_task, folder).value)
    assert "task.toml:5: [[seed]] #2 missing required key 'object'\n" in message
    assert message.endswith("task.toml:6: [[seed]] #2 unknown key 'objet' (expected one of: "
                            "file, object, text)")


def fnmatch_escaped(text: str) -> str:
    """*text* as a literal inside an fnmatch pattern."""
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def test_broken_tasks_fail_their_own_items_and_the_session_goes_on(pytester):
    snippets = pytester.path / "snippets"
    shutil.copytree(SNIPPETS / "lister-fichiers", snippets / "lister-fichiers",
                    ignore=shutil.ignore_patterns("snippet.*.*"))
    for mistake in MISTAKES:
        plant(snippets, mistake)
    result = pytester.runpytest_subprocess("snippets", "-m", "python", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=len(MISTAKES), deselected=2)
    result.stdout.fnmatch_lines_random(
        [f"*snippets/{fnmatch_escaped(where(mistake))}*" for mistake in MISTAKES])
    for mistake in MISTAKES:
        assert f"FAILED snippets/{mistake.name}/task.toml::{mistake.name}[python]" \
            in result.stdout.str()


def test_check_reports_every_broken_task_and_goes_on(tmp_path, capsys):
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS / "lister-fichiers", snippets / "lister-fichiers")
    for mistake in MISTAKES[:3]:
        plant(snippets, mistake)
    assert main(["--snippets", str(snippets), "check"]) == 1
    out = capsys.readouterr().out
    for mistake in MISTAKES[:3]:
        assert where(mistake) in out


def test_every_task_of_the_catalogue_validates():
    assert len(discover(SNIPPETS)) == len(list(SNIPPETS.glob("*/task.toml")))


def test_the_schema_has_one_check_per_expectation():
    assert set(EXPECT_CHECKS) == {f.name for f in dataclasses.fields(Expectations)}


TOML = '''\
title = "x"
text = """
[expect]
stdot = 1
"""
[expect."python"]
stdout = [
  "a",
]
[[seed]]
object = "a"
[[seed]]
object = "b"
[[expect.objects]]
path = "p"
expect.python.fails = true
'''


@pytest.mark.parametrize(("path", "line"), [
    ((), 1),
    (("title",), 1),
    (("expect",), 6),
    (("expect", "stdot"), 6),
    (("expect", "python", "stdout", 1), 7),
    (("seed", 0, "object"), 11),
    (("seed", 1), 12),
    (("seed", 1, "object"), 13),
    (("expect", "objects", 0, "path"), 15),
    (("expect", "objects", 0, "expect", "python", "fails"), 16),
])
def test_line_of_a_key_or_table(path, line):
    assert line_of_path(TOML, path) == line


def test_an_unforeseen_error_while_reading_is_a_declaration_error(tmp_path, monkeypatch):
    def exhausted(size):
        raise MemoryError(f"cannot allocate {size} bytes")

    monkeypatch.setattr("nubodoc.catalogue.declaration.os.urandom", exhausted)
    folder = plant(tmp_path, Mistake("huge", '[[local]]\npath = "a.bin"\nsize = 1000\n', 0, ""))
    with pytest.raises(DeclarationError, match=r"huge/task\.toml: cannot be read: MemoryError: "
                                               r"cannot allocate 1000 bytes"):
        load_task(folder)
