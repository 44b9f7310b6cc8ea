"""The Sphinx extension of the guide: ``extensions = [..., "nubodoc.sphinx"]`` in conf.py.

One component per module, each registered by its ``setup_<component>(app)``; this
package's :func:`setup` wires them, lowest floor first. Imports only go down:

- ``state`` (what a build keeps, on the BuildEnvironment), ``config`` (the ``nubodoc_*``
  values), ``typography`` (French spacing in prose);
- ``freshness`` (a page is read again when what it shows changes), ``spelling`` (the
  French spelling gate), ``gates`` (links and credentials);
- ``badges`` (each tab's proof at a glance), ``results`` (run what has no current
  result, outputs and the results table);
- ``matrix`` (the results matrix, over ``results``' table), ``snippets`` (the
  ``{snippet}`` directive), ``notebooks`` (a target for executed
  pages), ``bench`` (the performance figures), ``facts`` (the maintainers' checklist of
  the platform's facts);
- ``reader`` (scripts, download links, typography, the theme's strings in French),
  ``reader_values`` (« Vos valeurs »: the reader's names in every snippet).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from nubodoc import __version__
from nubodoc.sphinx.badges import setup_badges
from nubodoc.sphinx.bench import setup_bench
from nubodoc.sphinx.config import setup_config
from nubodoc.sphinx.facts import setup_facts
from nubodoc.sphinx.freshness import setup_freshness
from nubodoc.sphinx.gates import setup_gates
from nubodoc.sphinx.matrix import setup_matrix
from nubodoc.sphinx.notebooks import setup_notebooks
from nubodoc.sphinx.reader import setup_reader
from nubodoc.sphinx.reader_values import setup_reader_values
from nubodoc.sphinx.results import setup_results
from nubodoc.sphinx.snippets import setup_snippets
from nubodoc.sphinx.spelling import setup_spelling
from nubodoc.sphinx.state import setup_state


def setup(app: Sphinx) -> dict:
    """Register every component of the extension (and sphinx-design, whose tabs it uses)."""
    app.setup_extension("sphinx_design")
    setup_config(app)
    setup_state(app)
    setup_freshness(app)
    setup_spelling(app)
    setup_gates(app)
    setup_results(app)
    setup_badges(app)
    setup_matrix(app)
    setup_snippets(app)
    setup_notebooks(app)
    setup_bench(app)
    setup_facts(app)
    setup_reader(app)
    setup_reader_values(app)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True,
            "parallel_write_safe": True}
