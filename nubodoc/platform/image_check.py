"""Snippets use only what the reader has: the packages and commands of their service image.

Each language runs in an image (``[languages]`` of the platform's facts file), whose
contents are listed there (``[image.*]``). A Python snippet's imports (``import x``,
``from x import y``), an R snippet's packages (``library(x)``, ``x::f``) and a shell
snippet's commands (the first word of each command) must be in that image, unless the
task declares it installs them (``installs`` in ``task.toml``) and a page showing the
task says how (a line naming ``install`` and the package). A language's default tab
(``snippet.py``…) uses only what the image ships.
"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

from nubodoc.catalogue.authoring import showings
from nubodoc.catalogue.task import VARIANT_BY_KEY, Task
from nubodoc.core.imports import absolute_imports, top_level
from nubodoc.platform.facts import PlatformFacts, Shipped

#: Import names whose distribution on PyPI has another name.
DISTRIBUTIONS = {"sklearn": "scikit-learn", "bs4": "beautifulsoup4", "yaml": "pyyaml",
                 "PIL": "pillow", "dateutil": "python-dateutil"}
#: Shell keywords and builtins: never a program an image must ship.
SHELL_BUILTINS = frozenset({
    "!", "{", "}", "[[", "]]", ".", ":", "[", "alias", "break", "case", "cd", "command",
    "continue", "declare", "do", "done", "elif", "else", "esac", "eval", "exec", "exit",
    "export", "false", "fi", "for", "function", "if", "in", "local", "printf", "pwd",
    "read", "readonly", "return", "set", "shift", "source", "then", "time", "trap", "true",
    "type", "ulimit", "umask", "unalias", "unset", "until", "wait", "while", "echo", "test"
})
#: Tokens after which the shell expects a command.
_COMMAND_STARTS = frozenset({"|", "||", "&&", ";", "&", "(", "then", "do", "else", "elif",
                             "if", "while", "until", "{", "!", "time"})
_REDIRECTIONS = frozenset({">", ">>", "<", "<<", "<<<", ">&", "<&", "&>", ">|"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
#: A quoted shell word, masked before lexing so that a quoted « ; » or « | » is no operator.
_SHELL_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"")
#: An R string ("…", '…') or comment, removed before looking for packages.
_R_NOISE = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*')
_R_PACKAGE = re.compile(r"\b(?:library|require|requireNamespace)\(\s*([A-Za-z][\w.]*)"
                        r"|\b([A-Za-z][\w.]*):::?")


def python_imports(text: str) -> list[tuple[int, str]]:
    """(line, distribution) of each top-level module a Python text imports, stdlib left out."""
    return [(node.lineno, DISTRIBUTIONS.get(top, top))
            for node, module in absolute_imports(ast.parse(text))
            if (top := top_level(module)) is not None]


def r_packages(text: str) -> list[tuple[int, str]]:
    """(line, package) of each ``library(x)``, ``require(x)`` or ``x::f`` of an R text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _R_PACKAGE.finditer(_R_NOISE.sub('""', line)):
            found.append((number, match.group(1) or match.group(2)))
    return found


def _logical_lines(text: str):
    """(first line number, text) of each shell line, backslash continuations joined."""
    pending, start = "", 0
    for number, line in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def shell_commands(text: str) -> list[tuple[int, str]]:
    """(line, program) of each command a shell text runs, builtins and keywords left out."""
    found = []
    for number, line in _logical_lines(text):
        lexer = shlex.shlex(_SHELL_QUOTED.sub("quoted", line), posix=True,
                            punctuation_chars=True)
        lexer.commenters = "#"
        lexer.whitespace_split = True
        expect_command, skip_next = True, False
        for token in lexer:
            if skip_next:
                skip_next = False
            elif token in _REDIRECTIONS:
                skip_next = True
            elif token in _COMMAND_STARTS:
                expect_command = True
            elif expect_command and not _ASSIGNMENT.match(token):
                expect_command = False
                if token not in SHELL_BUILTINS and not token.startswith("$"):
                    found.append((number, token))
    return found


#: How each language's file is read for what it uses, and what it is checked against.
_READERS = {"python": (python_imports, "python", "imports"),
            "r": (r_packages, "r", "uses the R package"),
            "mc": (shell_commands, "commands", "runs")}


def _page_shows_install(pages: list[Path], name: str) -> bool:
    """True when a page has a line saying how to install *name*."""
    pattern = re.compile(rf"install.*\b{re.escape(name)}\b|\b{re.escape(name)}\b.*install",
                         re.IGNORECASE)
    return any(pattern.search(line) for page in pages
               for line in page.read_text(encoding="utf-8").splitlines())


#: What to do about a missing package: in a default tab, or in another tool's.
_REMEDY = {True: "a default tab uses only what the image ships (move this code to the "
                 "tool's own file)",
           False: "use what it ships, or declare installs = [\"{0}\"] in "
                  "{1.declaration} and show its installation on the page"}


def image_problems(tasks: list[Task], facts: PlatformFacts, docs: Path | None) -> list[str]:
    """One message (file:line) per package or command a snippet uses that its image lacks."""
    pages: dict[str, list[Path]] = {}
    for showing in showings(docs) if docs and docs.is_dir() else []:
        pages.setdefault(showing.task, []).append(showing.page)
    problems = []
    for task in tasks:
        for key in task.variants():
            language = VARIANT_BY_KEY[key].language
            image = facts.languages.get(language)
            if image is None:
                continue
            problems += _variant_problems(task, key, image, facts.shipped(image),
                                          pages.get(task.name, []), facts.path)
    return problems


def _variant_problems(task: Task, key: str, image: str, shipped: Shipped, pages: list[Path],
                      facts_path: Path) -> list[str]:
    """The problems of one snippet file against its image's contents."""
    variant = VARIANT_BY_KEY[key]
    read, kind, verb = _READERS[variant.language]
    installs = () if variant.default else task.installs
    path = task.snippet_path(key)
    text = task.fill_placeholders(path.read_text(encoding="utf-8"))
    try:
        used = read(text)
    except (SyntaxError, ValueError) as exc:
        return [f"{path}: cannot be read for its imports or commands: {exc}"]
    problems = []
    for line, name in used:
        if name in getattr(shipped, kind):
            continue
        if name in installs and _page_shows_install(pages, name):
            continue
        if name in installs:
            problems.append(f"{path}:{line}: {verb} {name}, declared in installs, but no page "
                            f"showing {task.name} says how to install it")
        else:
            problems.append(f"{path}:{line}: {verb} {name}, which the {image} image lacks "
                            f"({facts_path}); {_REMEDY[variant.default].format(name, task)}")
    return problems
