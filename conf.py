"""Sphinx configuration of the storage guide (sources in docs/), one build per platform.

Everything specific to a platform is in its profile, ``platforms/<name>.toml``, each fact
with its source; ``NUBODOC_PLATFORM`` names the profile (``nubonyxia`` by default). Pages
use its values through MyST substitutions, ``{{ s3_endpoint }}`` for instance (not inside
code blocks), and its tags in ``{only}`` blocks (nubodoc/platform/profiles.py).
"""

import os
from pathlib import Path

from nubodoc.platform.facts import load_platform_facts
from nubodoc.platform.profiles import profile_path, selected_profile

# --- The platform ------------------------------------------------------------------------
# Every fact the pages state about the platform is in its profile, with its source
# (nubodoc/platform/facts.py). Keys are the substitution names used in the pages.
_facts = load_platform_facts(profile_path(Path(__file__).parent, selected_profile()))
nubodoc_platform_facts = os.path.relpath(_facts.path, Path(__file__).parent)
nubodoc_platform = _facts.plain()
myst_substitutions = _facts.page_substitutions(Path(__file__).parent / "platforms") | {
    "profile_file": f"`{nubodoc_platform_facts}`"}

project = f"Guide du stockage {_facts.platform}"
author = "L'équipe nubodoc"
copyright = "2026, l'équipe nubodoc"
language = "fr"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "nubodoc.sphinx",
]

exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"Stockage sur {_facts.platform}"
html_static_path = ["docs/_static"]
html_favicon = "docs/_static/favicon.svg"
html_show_sourcelink = False
html_show_sphinx = False
# Furo's few interface strings in French (docs/_locale/fr/LC_MESSAGES/sphinx.po)
locale_dirs = ["_locale"]

nubodoc_snippets_dir = "snippets"
# Besides the configured target (the sandbox by default), snippets without a current
# result are run on these servers where they can start: SeaweedFS is a real S3 server.
nubodoc_also_run_on = ["seaweedfs"]
# Only code gets a copy button: what a snippet printed (« Sortie ») is not code to copy.
copybutton_selector = "div:not(.nubodoc-output) > div.highlight pre"
# Pages are not executed unless they ask for it (front matter ``mystnb: execution_mode``).
nb_execution_mode = "off"


def setup(app):
    """The profile's tags, for the pages' ``{only}`` blocks (conf.py is also read by runpy)."""
    for tag in sorted(_facts.tags()):
        app.tags.add(tag)
