"""« Vos valeurs »: the reader's own names in every snippet, in the browser only.

Every HTML page gets the rules of ``nubodoc-values.json`` (kinds and placeholders; not
the test vectors) inline, so that nothing is fetched, then ``nubodoc-values-core.js``
(the checks and the quoting, held to the vectors by ``tests/test_reader_values.py``)
and ``nubodoc-values.js`` (the form, the values kept in ``localStorage``, every code
block, inline literal and download link filled in). ``nubodoc-other-tools.js`` puts a
language's other tools behind one « Autres outils » button. See
:mod:`nubodoc.catalogue.reader_values` for the same rules on the kit's side.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from nubodoc.catalogue.reader_values import rules
from nubodoc.platform.facts import load_platform_facts
from nubodoc.sphinx.reader import STATIC


def bucket_name_prefix(facts_file: Path) -> str:
    """What the platform puts before a user name to name their bucket (Onyxia's region
    ``data.S3.workingDirectory.bucketNamePrefix`` in the profile *facts_file*)."""
    region = load_platform_facts(facts_file).region
    return region.get("data", {}).get("S3", {}).get("workingDirectory", {}).get(
        "bucketNamePrefix", "")


def page_rules(prefix: str = "") -> str:
    """The script that gives the page the rules: kinds (without awkward values), placeholders,
    and the *prefix* the platform puts before a user name to name their bucket."""
    data = rules()
    kinds = {name: {key: value for key, value in kind.items() if key != "awkward"}
             for name, kind in data["kinds"].items()}
    shown = {"kinds": kinds, "placeholders": data["placeholders"], "bucket_name_prefix": prefix}
    text = json.dumps(shown, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.nubodocValuesRules = {text};"


def add_values_files(app: Sphinx) -> None:
    """Ship the rules, the checks, the form and the tools' button with every HTML page."""
    if app.builder.format != "html":
        return
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))
    facts_file = Path(app.confdir) / app.config.nubodoc_platform_facts
    prefix = bucket_name_prefix(facts_file) if facts_file.is_file() else ""
    app.add_js_file(None, body=page_rules(prefix))
    app.add_js_file("nubodoc-values-core.js")
    app.add_js_file("nubodoc-values.js")
    app.add_js_file("nubodoc-other-tools.js")
    app.add_css_file("nubodoc-reader.css")


def setup_reader_values(app: Sphinx) -> None:
    """Register the files of « Vos valeurs »."""
    app.connect("builder-inited", add_values_files, priority=610)
