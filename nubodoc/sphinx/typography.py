"""French typography in a page's prose, applied when Sphinx reads the page.

Only text nodes outside code are touched (literals, code blocks, raw HTML, maths,
URLs shown as link text stay as written):

- a non-breaking space before « : », a narrow one before « ; ! ? », inside « »;
- no space before a comma or a period;
- thousands separated by a narrow non-breaking space in figures of five digits
  or more (years such as 2019 stay whole);
- « Mio », « Go », « h »… tied to their number.

Own code, no library: french-typo rewrites HTML strings (``&nbsp;`` entities, ``<sup>``
tags), not the characters of docutils text nodes; smartypants and typogrify are English.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.transforms import Transform

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = f"[ {NBSP}{NNBSP}]"

# Punctuation is treated only where it ends a word: before a space, the end of the
# text, or closing punctuation. So « 10:30 », « https:// », « ?lang=r » stay as is.
_AFTER = r"(?=$|[\s»)\]\"'”.,])"
_WORD_END = r"(?<=[\w)\]»”*%])"
_BEFORE_COLON = re.compile(rf"(?:{_SPACES}+|{_WORD_END})(:){_AFTER}")
_BEFORE_HIGH = re.compile(rf"(?:{_SPACES}+|{_WORD_END})([;!?]+){_AFTER}")
_LEADING = re.compile(rf"^([:;!?]){_AFTER}")
_OPEN_QUOTE = re.compile(rf"«{_SPACES}*")
_CLOSE_QUOTE = re.compile(rf"{_SPACES}*»")
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\w) +([,.])(?=\s|$)")
_BIG_NUMBER = re.compile(r"(?<![\w.,/:#\-\u202f])(\d{5,})(?![\w/:\-]|[.,]\d)")
_UNIT = re.compile(
    rf"(?<![\w.,/:\-])(\d(?:[\d{NNBSP}.,]*\d)?){_SPACES}+"
    r"(Kio|Mio|Gio|Tio|Ko|Mo|Go|To|octets|h|min|s|ms|%)(?![\w])"
)

# Where text is not prose.
SKIPPED = (nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.raw, nodes.math,
           nodes.math_block, nodes.comment, nodes.system_message, nodes.option_string,
           nodes.target)


def _group_thousands(match: re.Match) -> str:
    digits = match.group(1)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


def french(text: str, after_inline: bool = False) -> str:
    """*text* with French spacing; *after_inline*: it follows inline markup (`code` :)."""
    if not text:
        return text
    if after_inline and _LEADING.match(text):
        text = (NBSP if text[0] == ":" else NNBSP) + text
    text = _BEFORE_COLON.sub(NBSP + r"\1", text)
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    text = _SPACE_BEFORE_COMMA.sub(r"\1", text)
    text = _BIG_NUMBER.sub(_group_thousands, text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return text


def _is_prose(node: nodes.Text) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIPPED):
            return False
        if isinstance(parent, nodes.reference) and parent.get("refuri", "") == node.astext():
            return False
        parent = parent.parent
    return True


class FrenchTypography(Transform):
    """Apply :func:`french` to every text node of prose in the document."""

    default_priority = 790  # after docutils' SmartQuotes (750)

    def apply(self, **kwargs) -> None:
        """Replace each prose text node by its French-spaced version."""
        config = getattr(getattr(self.document.settings, "env", None), "config", None)
        if not getattr(config, "nubodoc_french_typography", True):
            return
        for node in list(self.document.findall(nodes.Text)):
            if node.parent is None or not _is_prose(node):
                continue
            after_inline = node.parent.index(node) > 0
            fixed = french(str(node), after_inline)
            if fixed != str(node):
                node.parent.replace(node, nodes.Text(fixed))
