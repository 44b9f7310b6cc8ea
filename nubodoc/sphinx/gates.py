"""Build gates: the docs build fails, naming file and line, on what must never ship.

* a misspelled French word (:mod:`nubodoc.sphinx.spelling`);
* a broken internal link or anchor: Sphinx and MyST warn (``-n -W`` make it an error);
  a configuration that would silence those warnings is refused;
* anything in the written site (pages, their ``_sources`` copies, the search index) or in
  ``snippets/`` that looks like a key, secret or session token, found by detect-secrets
  (:mod:`nubodoc.secrets.scan`), and any credential the build's own targets handed out.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from nubodoc.core.credentials import Credentials
from nubodoc.secrets.scan import Finding, scan
from nubodoc.sphinx.state import build_state, snippets_root

__all__ = ["Finding", "check_written_site", "handed_out", "record_credentials", "scan"]

logger = logging.getLogger(__name__)

#: Warnings that report broken links and anchors: never to be suppressed.
LINK_WARNINGS = ("myst.xref_missing", "ref.doc", "ref.ref", "ref.any", "myst.header")
#: Shorter values (test keys, "minio") would be found everywhere: never handed out.
MIN_SECRET_LENGTH = 8


def record_credentials(env: BuildEnvironment, credentials: Credentials | None) -> None:
    """Remember *credentials*, handed out by a target during this build, to look for them."""
    if credentials is None:
        return
    handed_out(env).update(s for s in credentials.secrets() if len(s) >= MIN_SECRET_LENGTH)


def handed_out(env: BuildEnvironment) -> set[str]:
    """The secret values this build's targets handed out (kept in memory only)."""
    return build_state(env).handed_out


def check_written_site(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a build: fail if the site or the snippets hold what looks like a credential.

    Each line found is a warning naming file, line and detectors (never the value); the
    build fails even without ``-W``.
    """
    if exception is not None:
        return
    folders = [Path(app.outdir)]
    snippets = snippets_root(app.env)
    if snippets.is_dir():
        folders.append(snippets)
    found = scan(folders, handed_out(app.env))
    for (path, line), same_line in groupby(found, key=lambda finding: finding[:2]):
        detectors = ", ".join(finding.detector for finding in same_line)
        logger.warning("what looks like a credential (%s): remove it, or write an obvious "
                       "placeholder such as EXEMPLECLEACCES12345 or $AWS_SECRET_ACCESS_KEY",
                       detectors, location=f"{path}:{line}", type="nubodoc",
                       subtype="credential")
    if found:
        app.statuscode = 1


def refuse_silenced_links(app: Sphinx, config: Config) -> None:
    """Refuse a ``suppress_warnings`` that would let a broken link or anchor pass."""
    silenced = [entry for entry in config.suppress_warnings
                if any(warning == entry or warning.startswith(entry + ".")
                       for warning in LINK_WARNINGS)]
    if silenced:
        raise ConfigError(f"suppress_warnings would let broken links pass: {silenced}")


def setup_gates(app: Sphinx) -> None:
    """Register the link and credential gates (the spelling gate is its own component)."""
    app.connect("config-inited", refuse_silenced_links)
    app.connect("build-finished", check_written_site, priority=900)
