"""Sphinx extension: show a task's snippet files as synced R / Python / mc tabs.

In a MyST page::

    ```{snippet} lister-fichiers
    ```

renders a sphinx-design tab-set whose tabs (sync keys ``r``, ``python``,
``mc``, in the default ``tab`` sync group) hold each file verbatim.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from nubodoc import __version__
from nubodoc.catalogue import LANGUAGES, Task, load_task
from nubodoc.errors import DeclarationError

SYNC_GROUP = "tab"


class SnippetError(SphinxError):
    """A page shows a task that does not exist or is malformed."""

    category = "nubodoc snippet error"


def snippets_root(app: Sphinx) -> Path:
    """The snippets folder, ``nubodoc_snippets_dir`` relative to ``conf.py``."""
    return (Path(app.confdir) / app.config.nubodoc_snippets_dir).resolve()


class SnippetDirective(SphinxDirective):
    """``{snippet} <task>``: the task's files as a tab-set, one tab per language."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Build the tab-set; fail the build, naming page and line, on a bad task."""
        name = self.arguments[0]
        folder = snippets_root(self.env.app) / name
        source, line = self.get_source_info()
        if not folder.is_dir():
            raise SnippetError(f"{source}:{line}: unknown task '{name}' (no folder {folder})")
        try:
            task = load_task(folder)
        except DeclarationError as exc:
            raise SnippetError(f"{source}:{line}: task '{name}' is malformed: {exc}") from None
        self.env.note_dependency(str(task.declaration))
        tab_set = create_component("tab-set", classes=["sd-tab-set", "nubodoc-snippet"])
        self.set_source_info(tab_set)
        for language in LANGUAGES:
            tab_set += self._tab(task, language)
        return [tab_set]

    def _tab(self, task: Task, language) -> nodes.Node:
        label = nodes.rubric(language.label, nodes.Text(language.label),
                             classes=["sd-tab-label"])
        label["sync_group"], label["sync_id"] = SYNC_GROUP, language.key
        path = task.snippet_path(language.key)
        if path.is_file():
            self.env.note_dependency(str(path))
            code = path.read_text(encoding="utf-8")
            body = nodes.literal_block(code, code, language=language.highlight,
                                       source=str(path))
            body["highlight_args"] = {}
        else:
            reason = task.missing[language.key]
            body = nodes.paragraph(reason, reason, classes=["nubodoc-missing"])
        content = create_component("tab-content", children=[body], classes=["sd-tab-content"])
        return create_component("tab-item", children=[label, content],
                                classes=["sd-tab-item"])


def setup(app: Sphinx) -> dict:
    """Register the directive and its configuration values."""
    app.setup_extension("sphinx_design")
    app.add_config_value("nubodoc_snippets_dir", "snippets", "env", [str])
    app.add_directive("snippet", SnippetDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
