"""Sphinx configuration of the Nubonyxia storage guide (sources in docs/)."""

project = "Guide du stockage Nubonyxia"
author = "L'équipe nubodoc"
copyright = "2026, l'équipe nubodoc"
language = "fr"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "nubodoc.sphinx_ext",
]

exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Stockage sur Nubonyxia"
html_static_path = []
html_show_sourcelink = False

nubodoc_snippets_dir = "snippets"
nb_execution_mode = "off"
