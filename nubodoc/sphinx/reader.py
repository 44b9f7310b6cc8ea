"""What the reader gets from the built page, beyond the text.

- ``nubodoc-tabs.js``: the language (sync group ``lang``, hand-written language tabs
  included) in the URL, ``?lang=r``, written back on each switch, and no jump when
  tab-sets above change height (after a switch of language or of tool);
- ``nubodoc-a11y.js``: wide code blocks and tables reachable with the keyboard;
- ``nubodoc-copy.js``: the copy button copies a code block exactly, final newline
  included (sphinx-copybutton removes it, and has no setting to keep it);
- each snippet tab links to its file, served with the site under
  ``_snippets/<task>/``;
- French typography in prose (:mod:`nubodoc.sphinx.typography`), and Furo's few English
  strings in French.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from nubodoc.catalogue import LANGUAGES, VARIANTS
from nubodoc.sphinx.snippets import SYNC_GROUP
from nubodoc.sphinx.state import snippets_root
from nubodoc.sphinx.typography import FrenchTypography

STATIC = Path(__file__).parent / "static"
SNIPPETS_URL = "_snippets"
DOWNLOAD_LABEL = "Télécharger {name}"


def add_static_files(app: Sphinx) -> None:
    """Ship nubodoc-tabs.js (before design-tabs.js) and keep copied text exact."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_js_file("nubodoc-tabs.js", priority=200, **{
        "data-nubodoc-group": SYNC_GROUP,
        "data-nubodoc-keys": " ".join(language.key for language in LANGUAGES),
    })
    app.add_js_file("nubodoc-a11y.js")
    # sphinx-copybutton drops the final newline; this puts it back in the copy event.
    app.add_js_file("nubodoc-copy.js")


def language_tabs_in_lang_group(app: Sphinx, doctree: nodes.document) -> None:
    """Hand-written tabs synced on a language key (``:sync: r``) join the ``lang`` group.

    sphinx-design puts a tab-set's tabs in the ``tab`` group unless the page says
    otherwise; the guide's language tabs all share the snippets' group instead.
    """
    keys = {language.key for language in LANGUAGES}
    for node in doctree.findall(nodes.Element):
        if node.get("sync_group") == "tab" and node.get("sync_id") in keys:
            node["sync_group"] = SYNC_GROUP


def link_snippet_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under each snippet tab's code, a link to download its file."""
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    for tab_set in doctree.findall(nodes.container):
        if "nubodoc-snippet" not in tab_set.get("classes", []):
            continue
        for block in list(tab_set.findall(nodes.literal_block)):
            source = block.get("source")
            if not source or block.parent is None:
                continue
            path = Path(source)
            url = relative_uri(page, f"{SNIPPETS_URL}/{path.parent.name}/{path.name}")
            text = DOWNLOAD_LABEL.format(name=path.name)
            link = nodes.reference(text, text, refuri=url, classes=["nubodoc-download"])
            paragraph = nodes.paragraph("", "", link, classes=["nubodoc-download"])
            block.parent.insert(block.parent.index(block) + 1, paragraph)


# Furo writes these few strings in English, outside its message catalogue (the guide is
# in French); Sphinx's toctree captions are headings without a level (axe-core:
# aria-required-attr).
THEME_FIXES = {
    'role="heading">': 'role="heading" aria-level="2">',
    'aria-label="Toggle site navigation sidebar"':
        'aria-label="Afficher ou masquer la navigation"',
    'aria-label="Toggle table of contents sidebar"':
        'aria-label="Afficher ou masquer le sommaire de la page"',
    'aria-label="Toggle Light / Dark / Auto color theme"':
        'aria-label="Changer de thème\u00a0: clair, sombre ou automatique"',
    "<title>Contents</title>": "<title>Sommaire</title>",
    "<title>Expand</title>": "<title>Déplier</title>",
    "<title>Light mode</title>": "<title>Thème clair</title>",
    "<title>Dark mode</title>": "<title>Thème sombre</title>",
    "<title>Auto light/dark, in light mode</title>":
        "<title>Thème automatique, actuellement clair</title>",
    "<title>Auto light/dark, in dark mode</title>":
        "<title>Thème automatique, actuellement sombre</title>",
}


def fix_theme_html(app: Sphinx, exception: Exception | None) -> None:
    """Apply :data:`THEME_FIXES` to every page written (French strings, heading levels)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        translated = html
        for theme_text, fixed in THEME_FIXES.items():
            translated = translated.replace(theme_text, fixed)
        if translated != html:
            page.write_text(translated, encoding="utf-8")


def copy_snippet_files(app: Sphinx, exception: Exception | None) -> None:
    """Serve every snippet file with the site, at ``_snippets/<task>/<file>``."""
    if exception is not None or app.builder.format != "html":
        return
    root = snippets_root(app.env)
    target = Path(app.outdir) / SNIPPETS_URL
    shutil.rmtree(target, ignore_errors=True)
    for variant in VARIANTS:
        for path in sorted(root.glob(f"*/{variant.filename}")):
            (target / path.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / path.parent.name / path.name)


def setup_reader(app: Sphinx) -> None:
    """Register the static files, the download links and the typography transform."""
    app.connect("builder-inited", add_static_files, priority=600)
    app.connect("doctree-read", language_tabs_in_lang_group)
    app.connect("doctree-resolved", link_snippet_files)
    app.connect("build-finished", copy_snippet_files, priority=400)
    app.connect("build-finished", fix_theme_html, priority=400)
    app.add_transform(FrenchTypography)
