"""What the extension keeps during a build: one object on Sphinx's BuildEnvironment.

The bottom floor of :mod:`nubodoc.sphinx`: every component reads and writes its state
here, through :func:`build_state`, never on Sphinx's ``app``. Two kinds of state:

- kept with the pickled environment, from one build to the next: the folder of
  ``conf.py`` and, per page, the fingerprints of what it showed
  (:mod:`nubodoc.sphinx.freshness`), purged with the page and merged back from
  parallel reads;
- for this build only, never pickled: the secrets the build's targets handed out
  (looked for in the written site), the target started for executed pages, and the
  spelling checker.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_ATTRIBUTE = "nubodoc_state"
#: The parts of the state that are written to disk with the environment.
_KEPT = ("confdir", "fingerprints")


@dataclass
class BuildState:
    """The extension's state on one BuildEnvironment."""

    #: The folder of ``conf.py`` (the source folder when there is none).
    confdir: Path | None = None
    #: Docname -> {(kind, *arguments): fingerprint when the page was read}.
    fingerprints: dict[str, dict[tuple[Hashable, ...], str]] = field(default_factory=dict)
    #: Secret values the build's targets handed out: in memory only.
    handed_out: set[str] = field(default_factory=set)
    #: The target started for executed pages, while it runs.
    notebook_target: Any = None
    #: The spelling checker, made on first use.
    spelling_checker: Any = None

    def __getstate__(self) -> dict[str, Any]:
        """Only what a later build needs is pickled: never a secret, a server, a checker."""
        return {name: getattr(self, name) for name in _KEPT}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the kept parts; the rest starts empty."""
        self.__init__(**state)


def build_state(env: BuildEnvironment) -> BuildState:
    """The extension's state on *env*, made on first use."""
    state = getattr(env, _ATTRIBUTE, None)
    if state is None:
        state = BuildState()
        setattr(env, _ATTRIBUTE, state)
    return state


def confdir(env: BuildEnvironment) -> Path:
    """The folder of ``conf.py`` (bench results and snippets are found from it)."""
    return build_state(env).confdir or Path(env.srcdir)


def snippets_root(env: BuildEnvironment) -> Path:
    """The snippets folder, ``nubodoc_snippets_dir`` relative to ``conf.py``."""
    return (confdir(env) / env.config.nubodoc_snippets_dir).resolve()


def remember_confdir(app: Sphinx) -> None:
    """Before anything reads it: where ``conf.py`` is (an environment does not say)."""
    build_state(app.env).confdir = Path(app.confdir or app.srcdir)


def purge_page(_app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget what a page showed before it is read again or removed."""
    build_state(env).fingerprints.pop(docname, None)


def merge_pages(_app: Sphinx, env: BuildEnvironment, docnames: set[str],
                other: BuildEnvironment) -> None:
    """Bring back what the pages read in a parallel process showed."""
    theirs = build_state(other).fingerprints
    mine = build_state(env).fingerprints
    for docname in docnames & theirs.keys():
        mine[docname] = theirs[docname]


def setup_state(app: Sphinx) -> None:
    """Keep the state through purges and parallel reads; note ``conf.py``'s folder first."""
    app.connect("builder-inited", remember_confdir, priority=100)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
