"""The reader's own values in place of a snippet's placeholders: rules, and substitution.

What each kind of placeholder accepts, how a typed value is normalised, and the awkward
valid values the suite runs every snippet with are data, and so are the cautions an
accepted value may bring (a tool of the guide it does not suit), in ``nubodoc-values.json``
(shipped with the guide's static files): the page's script (``nubodoc-values.js``) and
this module read the same file, and both are held to the test vectors it carries.

A value is put in a snippet quoted for where it lands: in a shell word, a space or a
parenthesis is escaped with a backslash (nothing inside single quotes, ``$ ` " \\``
inside double quotes, nothing in a comment); in an R or Python string, a backslash or
a quote is escaped. Accepted values never hold what a string literal would need
escaped (quotes, backslashes, ``{`` ``}``, ``%``, ``$``), so in R and Python they land
as typed.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

RULES_FILE = Path(__file__).parents[1] / "sphinx" / "static" / "nubodoc-values.json"
PLACEHOLDER = re.compile(r"<[a-z][a-z0-9_]*>")
#: Characters a shell word holds unescaped (accented letters included).
_SHELL_PLAIN = re.compile(r"[A-Za-z0-9À-ÖØ-öø-ÿ_./:@%+=,-]")
_SHELL_IN_DOUBLE_QUOTES = frozenset('$`"\\')
_STRING_SPECIAL = frozenset("\\\"'")


@dataclass(frozen=True)
class Refusal:
    """Why a typed value is refused, in French (the rule's message)."""

    message: str
    rule: int


@functools.cache
def rules() -> dict:
    """The rules, placeholders and test vectors of ``nubodoc-values.json``."""
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def normalise(kind: str, value: str) -> str:
    """*value* as a *kind* of placeholder keeps it (spaces trimmed, final slashes dropped)."""
    for step in rules()["kinds"][kind]["normalise"]:
        if step == "trim":
            value = value.strip()
        elif step == "trailing-slash":
            value = value.rstrip("/")
    return value


def check(kind: str, value: str) -> str | Refusal:
    """The normalised *value*, or the first rule of *kind* it breaks."""
    value = normalise(kind, value)
    for number, rule in enumerate(rules()["kinds"][kind]["rules"]):
        if "must_match" in rule and not re.search(rule["must_match"], value):
            return Refusal(rule["message"], number)
        if "must_not_match" in rule and re.search(rule["must_not_match"], value):
            return Refusal(rule["message"], number)
    return value


@dataclass(frozen=True)
class Caution:
    """What an accepted value does not suit, in French (the caution's message)."""

    message: str
    number: int


def cautions(kind: str, value: str) -> list[Caution]:
    """The cautions of *kind* the normalised *value* brings, in their order."""
    value = normalise(kind, value)
    return [Caution(caution["message"], number)
            for number, caution in enumerate(rules()["kinds"][kind]["cautions"])
            if re.search(caution["when_matches"], value)]


def kind_of(placeholder: str) -> str | None:
    """The kind of *placeholder* (``bucket``, ``folder``…), None for an unknown one."""
    entry = rules()["placeholders"].get(placeholder)
    return entry["kind"] if entry else None


def _shell_contexts(text: str) -> list[str]:
    """For each character of shell *text*: ``plain``, ``single``, ``double`` or ``comment``."""
    contexts, state, escaped = [], "plain", False
    for index, char in enumerate(text):
        contexts.append(state)
        if escaped:
            escaped = False
        elif state == "plain":
            if char == "\\":
                escaped = True
            elif char in "'\"":
                state = "single" if char == "'" else "double"
            elif char == "#" and (index == 0 or text[index - 1].isspace()):
                state = "comment"
        elif state == "single" and char == "'":
            state = "plain"
        elif state == "double":
            if char == "\\":
                escaped = True
            elif char == '"':
                state = "plain"
        elif state == "comment" and char == "\n":
            state = "plain"
    return contexts


def quote(value: str, language: str, context: str = "plain") -> str:
    """*value* written so that it stays one value in *language* code at *context*."""
    if language == "mc":
        if context == "single":
            return value.replace("'", "'\\''")
        if context == "double":
            return "".join("\\" + c if c in _SHELL_IN_DOUBLE_QUOTES else c for c in value)
        if context == "comment":
            return value
        return "".join(c if _SHELL_PLAIN.fullmatch(c) else "\\" + c for c in value)
    if language in ("r", "python"):
        return "".join("\\" + c if c in _STRING_SPECIAL else c for c in value)
    return value


def substitute(text: str, language: str, values: dict[str, str]) -> str:
    """*text* (R, Python or shell: *language* ``r``, ``python``, ``mc``; else prose) with *values*.

    Each placeholder of *values* is replaced by its value quoted for where it lands;
    other placeholders are left as they are.
    """
    contexts = _shell_contexts(text) if language == "mc" else None
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.group() not in values:
            continue
        context = contexts[match.start()] if contexts else "plain"
        pieces += [text[last:match.start()], quote(values[match.group()], language, context)]
        last = match.end()
    return "".join(pieces) + text[last:]
