"""Snippets use only what the reader has: the packages and commands of their service image.

Each language runs in an image (``[languages]`` of the platform's facts file; a variant
named there, such as ``python-spark``, runs in its own), whose
contents are listed there (``[image.*]``). A Python snippet's imports (``import x``,
``from x import y``), an R snippet's packages (``library(x)``, ``x::f``) and a shell
snippet's commands (the first word of each command) must be in that image, unless the
task declares it installs them (``installs`` in ``task.toml``) and a page showing the
task says how (a line naming ``install`` and the package). A call can need a package
its file never imports (pandas' ``read_excel`` needs openpyxl): :data:`IMPLIED_BY_CALL`
lists those. A language's default tab (``snippet.py``…) uses only what the image ships,
or what every page showing it installs first, by a command written before the snippet
(``pip install openpyxl``, ``install.packages("x")``).
"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

from nubodoc.catalogue.authoring import Showing, showings
from nubodoc.catalogue.task import VARIANT_BY_KEY, Task
from nubodoc.core.imports import absolute_imports, top_level
from nubodoc.platform.facts import PlatformFacts, Shipped

#: Import names whose distribution on PyPI has another name.
DISTRIBUTIONS = {"sklearn": "scikit-learn", "bs4": "beautifulsoup4", "yaml": "pyyaml",
                 "PIL": "pillow", "dateutil": "python-dateutil"}
#: Calls that need a package the file does not import: pandas' optional dependencies
#: (pandas.pydata.org/docs/getting_started/install.html, « Optional dependencies »;
#: ``pandas/compat/_optional.py`` @ v2.2.3). Applied to a file that imports pandas, to
#: calls on anything but another module (``pl.read_excel`` is polars', not pandas').
IMPLIED_BY_CALL = {
    "read_excel": "openpyxl", "to_excel": "openpyxl",
    "read_parquet": "pyarrow", "to_parquet": "pyarrow",
    "read_feather": "pyarrow", "to_feather": "pyarrow", "read_orc": "pyarrow",
    "read_spss": "pyreadstat", "read_hdf": "tables", "to_hdf": "tables",
    "read_xml": "lxml", "to_xml": "lxml",
}
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


def python_implied(text: str) -> list[tuple[int, str, str]]:
    """(line, call, package) of each call of :data:`IMPLIED_BY_CALL` in a text using pandas."""
    if "pandas" not in {name for _, name in python_imports(text)}:
        return []
    return _implied_by_calls(ast.parse(text))


def _module_aliases(tree: ast.AST) -> dict[str, str]:
    """Name in the file -> top-level module it is bound to, for every import."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                aliases[alias.asname or top] = top
    return aliases


def _implied_by_calls(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, call, package) of each call of :data:`IMPLIED_BY_CALL` on pandas or a data frame."""
    aliases = _module_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        package = IMPLIED_BY_CALL.get(node.func.attr)
        receiver = node.func.value
        module = aliases.get(receiver.id) if isinstance(receiver, ast.Name) else None
        if package and module in (None, "pandas"):
            found.append((node.lineno, node.func.attr, package))
    return sorted(found)


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
#: The command a page writes to install a package, by what the image lists it in.
_INSTALL_COMMANDS = {"python": r"\bpip install\b[^`\n]*\b{0}\b",
                     "r": r"install\.packages\([^)]*[\"']{0}[\"']",
                     "commands": r"install.*\b{0}\b|\b{0}\b.*install"}


def _install_pattern(kind: str, name: str) -> re.Pattern:
    """The line that says how to install *name*, a package or command of *kind*."""
    return re.compile(_INSTALL_COMMANDS[kind].format(re.escape(name)), re.IGNORECASE)


def _page_shows_install(showings: list[Showing], pattern: re.Pattern) -> bool:
    """True when a page showing the task has a line saying how to install the package."""
    pages = {showing.page for showing in showings}
    return any(pattern.search(line) for page in pages
               for line in page.read_text(encoding="utf-8").splitlines())


def _installed_before(showings: list[Showing], pattern: re.Pattern) -> bool:
    """True when every page showing the task installs the package above the snippet."""
    return bool(showings) and all(
        any(pattern.search(line) for line in
            showing.page.read_text(encoding="utf-8").splitlines()[:showing.line - 1])
        for showing in showings)


#: What to do about a missing package: in a default tab, or in another tool's.
_REMEDY = {True: "a default tab uses only what the image ships, or what every page showing "
                 "it installs above the snippet (declare installs = [\"{0}\"] in "
                 "{1.declaration} and write the install command first, or move this code "
                 "to the tool's own file)",
           False: "use what it ships, or declare installs = [\"{0}\"] in "
                  "{1.declaration} and show its installation on the page"}


def image_problems(tasks: list[Task], facts: PlatformFacts, docs: Path | None) -> list[str]:
    """One message (file:line) per package or command a snippet uses that its image lacks."""
    shown: dict[str, list[Showing]] = {}
    for showing in showings(docs) if docs and docs.is_dir() else []:
        shown.setdefault(showing.task, []).append(showing)
    problems = []
    for task in tasks:
        for key in task.variants():
            image = facts.languages.get(key) or facts.languages.get(VARIANT_BY_KEY[key].language)
            if image is None:
                continue
            problems += _variant_problems(task, key, image, facts.shipped(image),
                                          shown.get(task.name, []), facts.path)
    return problems


def _uses(language: str, text: str) -> list[tuple[int, str, str]]:
    """(line, package or command, how it is used) of a snippet's text."""
    read, _, verb = _READERS[language]
    used = [(line, name, verb) for line, name in read(text)]
    if language == "python":
        used += [(line, package, f"calls {call}(), which needs")
                 for line, call, package in python_implied(text)]
    return sorted(used)


def _variant_problems(task: Task, key: str, image: str, shipped: Shipped,
                      shown: list[Showing], facts_path: Path) -> list[str]:
    """The problems of one snippet file against its image's contents."""
    variant = VARIANT_BY_KEY[key]
    kind = _READERS[variant.language][1]
    path = task.snippet_path(key)
    text = task.fill_placeholders(path.read_text(encoding="utf-8"))
    try:
        used = _uses(variant.language, text)
    except (SyntaxError, ValueError) as exc:
        return [f"{path}: cannot be read for its imports or commands: {exc}"]
    problems = []
    for line, name, verb in used:
        if name in getattr(shipped, kind):
            continue
        pattern = _install_pattern(kind, name)
        if variant.default:
            if name not in task.installs or not _installed_before(shown, pattern):
                problems.append(f"{path}:{line}: {verb} {name}, which the {image} image lacks "
                                f"({facts_path}); {_REMEDY[True].format(name, task)}")
        elif name in task.installs and not _page_shows_install(shown, pattern):
            problems.append(f"{path}:{line}: {verb} {name}, declared in installs, but no page "
                            f"showing {task.name} says how to install it")
        elif name not in task.installs:
            problems.append(f"{path}:{line}: {verb} {name}, which the {image} image lacks "
                            f"({facts_path}); {_REMEDY[False].format(name, task)}")
    return problems
