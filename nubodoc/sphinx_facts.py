"""Sphinx directive ``platform-facts``: the maintainers' checklist of the platform's facts.

The table lists each fact of ``nubodoc_platform_facts`` (the facts file, relative to
the configuration folder), its value, its source and the date it was last checked, or
what would confirm it (:meth:`nubodoc.platform.facts.PlatformFacts.checklist`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from nubodoc import __version__
from nubodoc.platform.facts import load_platform_facts


class PlatformFactsDirective(SphinxDirective):
    """The facts file as a table, parsed as Markdown where the directive stands."""

    has_content = False

    def run(self) -> list:
        """Read the facts file (a dependency of the page) and render its checklist."""
        path = Path(self.env.app.confdir) / self.config.nubodoc_platform_facts
        self.env.note_dependency(str(path))
        facts = load_platform_facts(path)
        lines = StringList(facts.checklist().splitlines(), source=str(path))
        holder = nodes.container()
        self.state.nested_parse(lines, self.content_offset, holder)
        return holder.children


def setup(app: Sphinx) -> dict:
    """Register the directive and the facts file's setting."""
    app.add_config_value("nubodoc_platform_facts", "platforms/nubonyxia.toml", "env", [str])
    app.add_directive("platform-facts", PlatformFactsDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
