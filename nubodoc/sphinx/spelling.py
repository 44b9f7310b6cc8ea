"""Build gate: the guide's prose is spelled correctly, in French.

Each page's text is checked, as the HTML is written, with sphinxcontrib-spelling's
checker (PyEnchant and Debian's Hunspell French dictionary, ``hunspell-fr``), plus
the project's word list (``nubodoc_spelling_words``, ``docs/mots.txt``): S3 terms,
tool names, identifiers. Code is not prose: text inside literals, code blocks, raw
HTML, math, comments and superscripts (1ᵉʳ), calls written in prose, file and host
names are skipped, and so is the text of an element of class ``nubodoc-no-spelling``
(a task's name in the results table; a hand-written tab label can ask for it with
``:class-label: nubodoc-no-spelling``). The languages' and tools' names (R, Python,
mc, polars…) are words. An unknown word is a build warning
``page.md:12: unknown word « xxx »`` that ``-W`` turns into an error.
"""

from __future__ import annotations

import re
from pathlib import Path

import enchant
from docutils import nodes
from enchant.tokenize import EmailFilter, URLFilter
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinxcontrib.spelling.checker import SpellingChecker
from sphinxcontrib.spelling.filters import AcronymFilter

from nubodoc.catalogue import LANGUAGES, VARIANTS
from nubodoc.sphinx.state import build_state

logger = logging.getLogger(__name__)

#: Nodes whose text is code or markup, not prose.
NOT_PROSE = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block,
             nodes.comment, nodes.substitution_definition, nodes.target, nodes.doctest_block,
             nodes.option_string, nodes.image, nodes.superscript, nodes.subscript)
#: The class of an element whose text is names, not prose (a tab's language, a task).
NO_SPELLING = "nubodoc-no-spelling"
#: Words French writes elided before an apostrophe: l'équipe, d'Onyxia, jusqu'au. The
#: dictionary knows only the bare word: the article is blanked, « Onyxia » is checked.
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
            "quoiqu", "quelqu")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
#: What is blanked before checking (same length, so offsets and lines stay right):
#: file and host names (snippet.py, quay.io, minio.example.fr) and calls written in
#: prose (fs.put("a", recursive=True)), names and code, not words; whatever is written
#: without a space around a digit (versions, sizes, identifiers: S3, 2026, 50Go,
#: us-east-1, minio/mc#4734); elided articles.
NOT_WORDS = re.compile(
    r"\b[\w.]+\([^()]*\)|\b\w[\w-]*(?:\.\w[\w-]*)+\b|\S*\d\S*"
    r"|(?<![\w'])(?:" + "|".join(ELISIONS) + r")'(?=\w)", re.IGNORECASE)


def kit_words() -> frozenset[str]:
    """Names the kit itself writes on pages: its languages and registered clients (R, mc,
    polars), and the words of its runners' messages (« duckdb-extension-httpfs »)."""
    return frozenset(
        word for name in [*(lang.label for lang in LANGUAGES), *(v.label for v in VARIANTS),
                          *(v.tool for v in VARIANTS), "httpfs"]
        for word in re.findall(r"\w+", name))


def word_list(env: BuildEnvironment) -> Path | None:
    """The project's word list, relative to the source folder, if it exists."""
    name = env.config.nubodoc_spelling_words
    path = Path(env.srcdir) / name if name else None
    return path if path is not None and path.is_file() else None


def checker_for(env: BuildEnvironment) -> SpellingChecker:
    """The build's checker, made on first use (the dictionary takes a moment to load).

    Only public filters: enchant's and sphinxcontrib-spelling's; what else is not a word
    is blanked from the text first (:data:`NOT_WORDS`).
    """
    state = build_state(env)
    if state.spelling_checker is None:
        words = word_list(env)
        state.spelling_checker = SpellingChecker(
            lang=env.config.nubodoc_spelling_lang, suggest=False,
            word_list_filename=str(words) if words else None,
            filters=[EmailFilter, URLFilter, AcronymFilter])
    return state.spelling_checker


def is_prose(node: nodes.Node) -> bool:
    """A text node outside code and markup."""
    if not isinstance(node, nodes.Text):
        return False
    parent = node.parent
    while parent is not None:
        if isinstance(parent, NOT_PROSE) or NO_SPELLING in parent.get("classes", ()):
            return False
        parent = parent.parent
    return True


def misspellings(checker: SpellingChecker, doctree: nodes.Node):
    """Yield (source, line, word) for each unknown word of *doctree*'s prose.

    A text node's line is its block's first line plus the line breaks of the text
    before it in that block (inline markup splits a paragraph into several nodes).
    """
    seen: dict[int, int] = {}
    known = kit_words()
    for node in doctree.findall(nodes.Text):
        block = _block(node)
        text = node.astext()
        before = seen.get(id(block), 0)
        seen[id(block)] = before + text.count("\n")
        if block is None or not is_prose(node):
            continue
        for word, _suggestions, _context, offset in checker.check(_prose(text)):
            if word not in known:
                yield block.source, block.line + before + offset, word


def _prose(text: str) -> str:
    """*text* with one apostrophe, and what is not a word blanked (same length)."""
    text = text.translate(APOSTROPHES)
    return NOT_WORDS.sub(lambda match: " " * len(match.group()), text)


def _block(node: nodes.Node) -> nodes.Element | None:
    """The nearest block (not inline) ancestor that knows its source file and line."""
    node = node.parent
    while node is not None and (isinstance(node, nodes.Inline)
                                or not (node.source and node.line)):
        node = node.parent
    return node


def require_dictionary(app: Sphinx, config: Config) -> None:
    """Fail early, saying what to install, when the dictionary is missing."""
    if not config.nubodoc_spelling:
        return
    language = config.nubodoc_spelling_lang
    if not enchant.dict_exists(language):
        raise ConfigError(
            f"the spelling gate has no '{language}' dictionary: install it "
            "(Debian: apt-get install hunspell-fr libenchant-2-2), or build without the "
            "gate: -D nubodoc_spelling=0")


def check_spelling(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Warn, naming page and line, for each unknown word of the page being written."""
    if not app.config.nubodoc_spelling or app.builder.format != "html":
        return
    words = Path(app.srcdir).name + "/" + app.config.nubodoc_spelling_words
    for source, line, word in misspellings(checker_for(app.env), doctree):
        logger.warning("unknown word « %s » (spelling: fix it, or add it to %s)", word,
                       words, location=f"{source}:{line}",
                       type="nubodoc", subtype="spelling")


def setup_spelling(app: Sphinx) -> None:
    """Check for the dictionary at start, then each page as it is written."""
    app.connect("config-inited", require_dictionary)
    app.connect("doctree-resolved", check_spelling)
