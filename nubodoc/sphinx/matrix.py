"""« Comment ce guide est testé »: the results matrix, one row per task.

``{nubodoc-results}`` shows every task as a row (id ``tache-<task>``, the
badges' link target) and, for each variant (language and tool), one column per server
with results: an icon, and its text equivalent for screen readers and on hover (the
status and date of :func:`~nubodoc.results.status.short_status`). ``nubodoc-matrix.js`` adds two
filters, by language and by outcome.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from nubodoc.catalogue import VARIANTS, discover
from nubodoc.results.status import short_status
from nubodoc.results.store import FAILED, PASSED, SKIPPED, Result
from nubodoc.sphinx.badges import ROW_ANCHOR
from nubodoc.sphinx.freshness import digest, fingerprint, note
from nubodoc.sphinx.results import store_for
from nubodoc.sphinx.state import snippets_root
from nubodoc.sphinx.typography import french

#: Outcome -> (icon, key used by the filter).
OUTCOMES = {PASSED: ("✓", "passed"), FAILED: ("✗", "failed"), SKIPPED: ("–", "skipped")}
NO_RESULT = ("?", "none")
NO_FILE = ("·", "absent")
NO_FILE_TEXT = "pas d'extrait pour cet outil"


def _cell_html(variant: str, target: str, result: Result | None, has_file: bool) -> str:
    """One cell: an icon (hidden from screen readers) and its text equivalent."""
    if not has_file:
        icon, outcome, text = *NO_FILE, french(NO_FILE_TEXT)
    else:
        icon, outcome = OUTCOMES.get(result.outcome, NO_RESULT) if result else NO_RESULT
        text = french(short_status(result))
    language = variant.split("-")[0]
    return (f'<td data-language="{language}" data-target="{escape(target)}" '
            f'data-outcome="{outcome}" title="{escape(text)}">'
            f'<span aria-hidden="true">{icon}</span>'
            f'<span class="nubodoc-sr">{escape(text)}</span></td>')


def results_matrix(root: Path) -> str:
    """The matrix of every task under *root*, as HTML: rows tasks, columns variant × server."""
    store = store_for(root)
    tasks = discover(root)
    found = {(task.name, variant): {r.target: r for r in store.current(task, variant)}
             for task in tasks for variant in task.variants()}
    targets = sorted({target for results in found.values() for target in results}) or [""]
    named = {r.target: r.server for results in found.values() for r in results.values()
             if r.server}
    servers = {target: named.get(target, target or "aucun serveur") for target in targets}
    shown = [v for v in VARIANTS if any(v.key in task.variants() for task in tasks)]
    width = len(targets)
    head = ['<tr><th scope="col" rowspan="2">Tâche</th>']
    head += [f'<th scope="colgroup" colspan="{width}" data-language="{v.language}">'
             f"{escape(v.title)}</th>" for v in shown]
    head.append("</tr><tr>")
    head += [f'<th scope="col" data-language="{v.language}" data-target="{escape(t)}">'
             f"{escape(servers[t])}</th>" for v in shown for t in targets]
    head.append("</tr>")
    rows = []
    for task in tasks:
        cells = [_cell_html(v.key, t, found.get((task.name, v.key), {}).get(t),
                            v.key in task.variants()) for v in shown for t in targets]
        rows.append(f'<tr id="{ROW_ANCHOR.format(task=escape(task.name))}">'
                    f'<th scope="row"><span class="nubodoc-matrix-task">{escape(task.name)}'
                    f"</span> {escape(french(task.title))}</th>" + "".join(cells) + "</tr>")
    caption = french("État de chaque extrait : une ligne par tâche, une colonne par outil "
                     "et serveur")
    return ('<div class="table-wrapper"><table class="nubodoc-results nubodoc-matrix">'
            f"<caption>{caption}</caption><thead>" + "".join(head) + "</thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


class ResultsMatrixDirective(SphinxDirective):
    """``{nubodoc-results}``: every task × variant × server, one row per task."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The matrix from the store; the page is read again when it would change."""
        html = results_matrix(snippets_root(self.env))
        note(self.env, digest([html]), "results-matrix")
        return [nodes.raw("", html, format="html")]


@fingerprint("results-matrix")
def _results_matrix_now(env: BuildEnvironment) -> str:
    return digest([results_matrix(snippets_root(env))])


def add_matrix_script(app: Sphinx) -> None:
    """Ship the matrix's filters with the HTML pages."""
    if app.builder.format == "html":
        app.add_js_file("nubodoc-matrix.js")


def setup_matrix(app: Sphinx) -> None:
    """Register ``{nubodoc-results}``, the matrix."""
    app.add_directive("nubodoc-results", ResultsMatrixDirective)
    app.connect("builder-inited", add_matrix_script, priority=610)
