"""Sphinx directive ``platform-facts``: the maintainers' checklist of the platform's facts.

The table lists each fact of ``nubodoc_platform_facts`` (the facts file, relative to
the configuration folder), its value, its source and the date it was last checked, or
what would confirm it (:meth:`nubodoc.platform.facts.PlatformFacts.checklist`).
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from nubodoc.platform.facts import load_platform_facts
from nubodoc.sphinx.state import confdir


class PlatformFactsDirective(SphinxDirective):
    """The facts file as a table, parsed as Markdown where the directive stands."""

    has_content = False

    def run(self) -> list:
        """Read the facts file (a dependency of the page) and render its checklist."""
        path = confdir(self.env) / self.config.nubodoc_platform_facts
        self.env.note_dependency(str(path))
        facts = load_platform_facts(path)
        lines = StringList(facts.checklist().splitlines(), source=str(path))
        holder = nodes.container()
        self.state.nested_parse(lines, self.content_offset, holder)
        return holder.children


def setup_facts(app: Sphinx) -> None:
    """Register the directive (its setting is declared in :mod:`nubodoc.sphinx.config`)."""
    app.add_directive("platform-facts", PlatformFactsDirective)
