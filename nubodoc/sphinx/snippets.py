"""The ``{snippet}`` directive: a task's snippet files as synced R / Python / mc tabs.

In a MyST page::

    ```{snippet} lister-fichiers
    ```

renders a sphinx-design tab-set whose tabs (sync keys ``r``, ``python``,
``mc``, in the ``lang`` sync group: ``?lang=python`` opens a page on Python)
hold each file verbatim, then what it printed on its last current run (option
``:lines:``, default 12) and how it was verified (:mod:`nubodoc.sphinx.results`).
Under the tabs, a task whose output depends on a behaviour of the server (``depends_on``)
gets a sentence per behaviour: which tools' output, and on which servers it was verified.
Where a task has files for several tools of one language (``snippet.py``,
``snippet.polars.py``…), that language's tab holds a second row of tabs, one per
tool, default first, synced in the group ``outil-<language>`` (sync key: the tool):
the choice persists across pages and visits, and a page without the chosen tool
shows the default.

The tabs are sphinx-design's own directives: their markup is written as text, in the
page's syntax (MyST or reStructuredText), parsed in place, and each tab's content is
then the nodes built here (code verbatim, output, status).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from nubodoc.catalogue import LANGUAGES, VARIANT_BY_KEY, Task, load_task
from nubodoc.core.errors import DeclarationError
from nubodoc.sphinx.freshness import note
from nubodoc.sphinx.results import dependency_notes, outputs_fingerprint, snippet_outputs
from nubodoc.sphinx.state import snippets_root

SYNC_GROUP = "lang"
TOOL_SYNC_GROUP = "outil-{language}"
#: The class of each tab's content, where the nodes built here go.
TAB_CONTENT = "nubodoc-tab-content"
_PLACEHOLDER = "nubodoc-placeholder"


class SnippetError(SphinxError):
    """A page shows a task that does not exist or is malformed."""

    category = "nubodoc snippet error"


def tab_set_markup(rst: bool, css_class: str, group: str, tabs: list[tuple[str, str]]) -> str:
    """sphinx-design's ``tab-set`` of *tabs* (label, sync key) synced in *group*.

    In reStructuredText if *rst*, else in MyST; each tab holds a placeholder paragraph.
    """
    if rst:
        items = [f"   .. tab-item:: {label}\n      :sync: {key}\n"
                 f"      :class-content: {TAB_CONTENT}\n\n      {_PLACEHOLDER}\n"
                 for label, key in tabs]
        return f".. tab-set::\n   :sync-group: {group}\n   :class: {css_class}\n\n" + \
            "\n".join(items)
    items = [f"```{{tab-item}} {label}\n:sync: {key}\n:class-content: {TAB_CONTENT}\n\n"
             f"{_PLACEHOLDER}\n```\n" for label, key in tabs]
    return (f"````{{tab-set}}\n:sync-group: {group}\n:class: {css_class}\n\n"
            + "\n".join(items) + "````\n")


class SnippetDirective(SphinxDirective):
    """``{snippet} <task>``: the task's files as a tab-set, one tab per language."""

    required_arguments = 1
    has_content = False
    option_spec = {"lines": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        """Build the tab-set; fail the build, naming page and line, on a bad task."""
        name = self.arguments[0]
        folder = snippets_root(self.env) / name
        source, line = self.get_source_info()
        if not folder.is_dir():
            raise SnippetError(f"{source}:{line}: unknown task '{name}' (no folder {folder})")
        try:
            task = load_task(folder)
        except DeclarationError as exc:
            raise SnippetError(f"{source}:{line}: task '{name}' is malformed: {exc}") from None
        self.env.note_dependency(str(task.declaration))
        lines = self.options.get("lines")
        outputs = snippet_outputs(self.env, task, lines)
        note(self.env, outputs_fingerprint(outputs), "snippet-outputs", name, lines)
        tab_set = self._tab_set("nubodoc-snippet", SYNC_GROUP,
                                [(language.label, language.key) for language in LANGUAGES],
                                [self._tab(task, language, outputs) for language in LANGUAGES])
        return tab_set + dependency_notes(self.env, task)

    def _tab_set(self, css_class: str, group: str, tabs: list[tuple[str, str]],
                 contents: list[list[nodes.Node]]) -> list[nodes.Node]:
        """A sphinx-design tab-set parsed from its markup, each tab holding its *contents*."""
        markup = tab_set_markup(isinstance(self.state, RSTState), css_class, group, tabs)
        parsed = self.parse_text_to_nodes(markup, offset=self.content_offset)
        slots = [node for tree in parsed for node in tree.findall(nodes.Element)
                 if TAB_CONTENT in node.get("classes", ())]
        for slot, children in zip(slots, contents, strict=True):
            slot["classes"].remove(TAB_CONTENT)
            slot.children = []
            slot.extend(children)
        return parsed

    def _tab(self, task: Task, language, outputs: dict[str, list[nodes.Node]]) -> list[nodes.Node]:
        """What one language's tab holds: its file, a row of tools, or why there is none."""
        variants = task.variants_of(language.key)
        if not variants:
            reason = task.missing[language.key]
            body = nodes.paragraph(reason, reason, classes=["nubodoc-missing"])
            body["support_smartquotes"] = False
            return [body]
        if len(variants) == 1:
            return self._code(task, variants[0], outputs)
        tools = [VARIANT_BY_KEY[key] for key in variants]
        return self._tab_set("nubodoc-tools", TOOL_SYNC_GROUP.format(language=language.key),
                             [(variant.label, variant.tool) for variant in tools],
                             [self._code(task, key, outputs) for key in variants])

    def _code(self, task: Task, variant: str,
              outputs: dict[str, list[nodes.Node]]) -> list[nodes.Node]:
        """One tool's file, verbatim, then its output and status line."""
        path = task.snippet_path(variant)
        self.env.note_dependency(str(path))
        code = path.read_text(encoding="utf-8")
        body = nodes.literal_block(code, code, language=VARIANT_BY_KEY[variant].highlight,
                                   source=str(path))
        body["highlight_args"] = {}
        return [body, *outputs[variant]]


def setup_snippets(app: Sphinx) -> None:
    """Register the ``{snippet}`` directive."""
    app.add_directive("snippet", SnippetDirective)
