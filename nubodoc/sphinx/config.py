"""The extension's configuration values (``conf.py``), declared in one place.

``rebuild="env"``: changing the value reads every page again; ``""``: it changes what
the build does (run snippets, start a target, check spelling), not what a page holds.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Name -> (default, rebuild, types, description).
CONFIG_VALUES = {
    "nubodoc_snippets_dir": ("snippets", "env", (str,),
                             "the snippets folder, relative to conf.py"),
    "nubodoc_platform": ({}, "env", (dict,),
                         "the platform's facts; s3_endpoint is shown in outputs"),
    "nubodoc_platform_facts": ("platforms/nubonyxia.toml", "env", (str,),
                               "the platform's facts file, relative to conf.py"),
    "nubodoc_run_snippets": (True, "", (bool,),
                             "run the snippet files that have no current result"),
    "nubodoc_also_run_on": ([], "", (list,),
                            "targets the snippets also run on, where they can start"),
    "nubodoc_notebook_target": (True, "", (bool,),
                                "start a seeded target for pages myst-nb executes"),
    "nubodoc_french_typography": (True, "env", (bool,),
                                  "French spacing in prose (nubodoc.sphinx.typography)"),
    "nubodoc_spelling": (True, "", (bool,), "the French spelling gate"),
    "nubodoc_spelling_lang": ("fr_FR", "", (str,), "the spelling gate's dictionary"),
    "nubodoc_spelling_words": ("mots.txt", "", (str,),
                               "the project's word list, relative to the source folder"),
}


def setup_config(app: Sphinx) -> None:
    """Declare every ``nubodoc_*`` configuration value."""
    for name, (default, rebuild, types, description) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types, description=description)
