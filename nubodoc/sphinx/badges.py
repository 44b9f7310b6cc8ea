"""Each tab's proof at a glance: a compact badge under its code, from the results store.

The badge holds an icon for the outcome (hidden from screen readers, the text says it),
the status sentence's first part (« Exécuté le 04/12/2026 sur le bac à sable S3 et
SeaweedFS 4.48 »), « ancien » when the run is older than :data:`OLD_AFTER`, and links to
the task's row on « Comment ce guide est testé »; the client versions show on hover or
focus (and are the link's description). The sentence is
:func:`nubodoc.results.status.status_line`'s, cut at its « — ».
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from nubodoc.results.status import status_line
from nubodoc.results.store import FAILED, PASSED, Result
from nubodoc.sphinx.typography import french

#: A result older than this is shown as old.
OLD_AFTER = timedelta(days=180)
#: The page that holds the results matrix, and the anchor of a task's row.
RESULTS_PAGE = "comprendre/comment-ce-guide-est-teste"
ROW_ANCHOR = "tache-{task}"
_RESULTS_URI = "@@nubodoc-results-page@@"
_ICONS = {PASSED: ("✓", "passed"), FAILED: ("✗", "failed")}


def badge(task: str, result: Result | None, also_passed: list[Result] = (),
          now: datetime | None = None, stale_since: datetime | None = None) -> nodes.raw:
    """The badge of one variant's last *result* (None: no result), as an HTML node;
    *stale_since*: when a committed result of it went stale, said after the status."""
    sentence, _, versions = french(status_line(result, also_passed, stale_since)).partition(
        " — ")
    icon, outcome = _ICONS.get(result.outcome if result else None, ("–", "other"))
    old = result is not None and (now or datetime.now(result.when.tzinfo)) - result.when \
        > OLD_AFTER
    classes = f"nubodoc-status nubodoc-badge nubodoc-badge-{outcome}" + \
        (" nubodoc-badge-old" if old else "")
    identifier = f"nubodoc-versions-{task}-{result.language if result else 'aucun'}"
    described = f' aria-describedby="{escape(identifier)}"' if versions else ""
    html = (f'<p class="{classes}"><a class="nubodoc-badge-link" '
            f'href="{_RESULTS_URI}#{ROW_ANCHOR.format(task=escape(task))}"{described}>'
            f'<span class="nubodoc-badge-icon" aria-hidden="true">{icon}</span> '
            f'{escape(sentence)}'
            + (' <span class="nubodoc-badge-age">(ancien)</span>' if old else "")
            + "</a>"
            + (f' <span class="nubodoc-badge-versions" id="{escape(identifier)}">'
               f"{escape(versions)}</span>" if versions else "")
            + "</p>")
    return nodes.raw("", html, format="html")


def link_badges(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point each badge at the results page, relative to the page it is on."""
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    target = relative_uri(page, app.builder.get_target_uri(RESULTS_PAGE))
    for node in list(doctree.findall(nodes.raw)):
        if _RESULTS_URI in node.astext():
            text = node.astext().replace(_RESULTS_URI, target)
            node.replace_self(nodes.raw("", text, format="html"))


def setup_badges(app: Sphinx) -> None:
    """Resolve the badges' links once pages are resolved."""
    app.connect("doctree-resolved", link_badges)
