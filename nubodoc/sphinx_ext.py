"""Sphinx extension: show a task's snippet files as synced R / Python / mc tabs.

In a MyST page::

    ```{snippet} lister-fichiers
    ```

renders a sphinx-design tab-set whose tabs (sync keys ``r``, ``python``,
``mc``, in the ``lang`` sync group: ``?lang=python`` opens a page on Python)
hold each file verbatim, then what it printed on its last current run (option
``:lines:``, default 12) and how it was verified (:mod:`nubodoc.sphinx_results`).
Where a task has files for several tools of one language (``snippet.py``,
``snippet.polars.py``…), that language's tab holds a second row of tabs, one per
tool, default first, synced in the group ``outil-<language>`` (sync key: the tool):
the choice persists across pages and visits, and a page without the chosen tool
shows the default.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from nubodoc import __version__
from nubodoc.catalogue import LANGUAGES, VARIANT_BY_KEY, Task, discover, load_task
from nubodoc.core.errors import DeclarationError
from nubodoc.core.processes import interrupt_on_sigterm
from nubodoc.core.temporary import temporary_folder
from nubodoc.harness.environment import RUN_ONLY, S3_VARIABLES, service_environment
from nubodoc.sphinx_freshness import note
from nubodoc.sphinx_gates import record_credentials
from nubodoc.sphinx_results import (
    ResultsTableDirective,
    outputs_fingerprint,
    run_missing,
    snippet_outputs,
    snippets_root,
)
from nubodoc.targets import open_target

SYNC_GROUP = "lang"
TOOL_SYNC_GROUP = "outil-{language}"


class SnippetError(SphinxError):
    """A page shows a task that does not exist or is malformed."""

    category = "nubodoc snippet error"


class SnippetDirective(SphinxDirective):
    """``{snippet} <task>``: the task's files as a tab-set, one tab per language."""

    required_arguments = 1
    has_content = False
    option_spec = {"lines": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        """Build the tab-set; fail the build, naming page and line, on a bad task."""
        name = self.arguments[0]
        app = self.env.app
        folder = snippets_root(app) / name
        source, line = self.get_source_info()
        if not folder.is_dir():
            raise SnippetError(f"{source}:{line}: unknown task '{name}' (no folder {folder})")
        try:
            task = load_task(folder)
        except DeclarationError as exc:
            raise SnippetError(f"{source}:{line}: task '{name}' is malformed: {exc}") from None
        self.env.note_dependency(str(task.declaration))
        lines = self.options.get("lines")
        outputs = snippet_outputs(app, task, lines)
        note(self.env, outputs_fingerprint(outputs), "snippet-outputs", name, lines)
        tab_set = create_component("tab-set", classes=["sd-tab-set", "nubodoc-snippet"])
        self.set_source_info(tab_set)
        for language in LANGUAGES:
            tab_set += self._tab(task, language, outputs)
        return [tab_set]

    def _tab(self, task: Task, language, outputs: dict[str, list[nodes.Node]]) -> nodes.Node:
        variants = task.variants_of(language.key)
        if not variants:
            reason = task.missing[language.key]
            body = nodes.paragraph(reason, reason, classes=["nubodoc-missing"])
            body["support_smartquotes"] = False
            children = [body]
        elif len(variants) == 1:
            children = self._code(task, variants[0], outputs)
        else:
            tools = create_component("tab-set", classes=["sd-tab-set", "nubodoc-tools"])
            group = TOOL_SYNC_GROUP.format(language=language.key)
            for key in variants:
                variant = VARIANT_BY_KEY[key]
                tools += _tab_item(variant.label, group, variant.tool,
                                   self._code(task, key, outputs))
            children = [tools]
        return _tab_item(language.label, SYNC_GROUP, language.key, children)

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


def _tab_item(label_text: str, group: str, sync_id: str,
              children: list[nodes.Node]) -> nodes.Node:
    """A sphinx-design tab: its label synced in *group* under *sync_id*, then *children*."""
    label = nodes.rubric(label_text, nodes.Text(label_text), classes=["sd-tab-label"])
    label["sync_group"], label["sync_id"] = group, sync_id
    content = create_component("tab-content", children=children, classes=["sd-tab-content"])
    return create_component("tab-item", children=[label, content], classes=["sd-tab-item"])


_EXECUTED = re.compile(r"^\s*execution_mode:\s*[\"']?(?!off\b)\w", re.MULTILINE)


def executed(app: Sphinx, docname: str) -> bool:
    """Whether myst-nb executes *docname* (global mode, or its front matter)."""
    if getattr(app.config, "nb_execution_mode", "off") not in ("off", None):
        return True
    source = Path(app.env.doc2path(docname))
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    return bool(_EXECUTED.search(text.split("\n---", 1)[0]))


def run_missing_results(app: Sphinx) -> None:
    """Before pages are compared with their dependencies: record any missing result."""
    stop_on_sigterm()
    run_missing(app, snippets_root(app))


def start_notebook_target(app: Sphinx, env, docnames: list[str]) -> None:
    """Give executed pages (myst-nb) a platform service's environment, on a seeded target.

    Started only if a page read in this build is executed. The target (sandbox, or
    ``NUBODOC_ENDPOINT_URL``) is seeded with every task's buckets and objects; its
    variables are exported for the kernels and removed, with the target, when the
    build ends.
    """
    if not app.config.nubodoc_notebook_target:
        return
    if not any(executed(app, docname) for docname in docnames):
        return
    tasks = discover(snippets_root(app))
    buckets = list(dict.fromkeys(b for task in tasks for b in task.all_buckets()))
    objects = [obj for task in tasks for obj in task.seed]
    target = open_target()
    try:
        credentials = target.prepare(buckets, objects)
        record_credentials(app, credentials)
        workdir = temporary_folder("nubodoc-docs-")
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir)
    except BaseException:
        target.close()
        raise
    exported = {name: env[name] for name in S3_VARIABLES if name in env and name not in RUN_ONLY}
    app.env_nubodoc_state = (target, workdir, {n: os.environ.get(n) for n in exported})
    os.environ.update(exported)
    atexit.register(stop_notebook_target, app, None)
    stop_on_sigterm()


def stop_on_sigterm(*_args) -> None:
    """Make SIGTERM stop the build as Ctrl-C does, so that atexit cleans up.

    Called again after each page is read: executing a notebook (nbclient) puts
    SIGTERM back to its default, which would kill the build without cleanup.
    """
    interrupt_on_sigterm()


def stop_notebook_target(app: Sphinx, exception: Exception | None) -> None:
    """Stop the target started for executed pages and restore the environment."""
    state = getattr(app, "env_nubodoc_state", None)
    if state is None:
        return
    target, workdir, previous = state
    try:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        target.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        app.env_nubodoc_state = None
        atexit.unregister(stop_notebook_target)


def setup(app: Sphinx) -> dict:
    """Register the directive, its configuration values and the executed pages' target."""
    app.setup_extension("sphinx_design")
    app.setup_extension("nubodoc.sphinx_reader")
    app.setup_extension("nubodoc.sphinx_gates")
    app.setup_extension("nubodoc.sphinx_freshness")
    app.add_config_value("nubodoc_snippets_dir", "snippets", "env", [str])
    app.add_config_value("nubodoc_notebook_target", True, "", [bool])
    app.add_config_value("nubodoc_run_snippets", True, "", [bool])
    app.add_config_value("nubodoc_also_run_on", [], "", [list])
    app.add_config_value("nubodoc_platform", {}, "env", [dict])
    app.add_directive("snippet", SnippetDirective)
    app.add_directive("nubodoc-results", ResultsTableDirective)
    app.connect("builder-inited", run_missing_results)
    app.connect("env-before-read-docs", start_notebook_target)
    app.connect("build-finished", stop_notebook_target)
    app.connect("doctree-read", stop_on_sigterm)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
