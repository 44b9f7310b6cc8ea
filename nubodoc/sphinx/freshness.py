"""Sphinx extension: a page is read again when what it shows changes, and only then.

Sphinx reads a page again when a file it noted (``env.note_dependency``) is newer
than the page's last reading. That suits the files people edit (a snippet, a
``task.toml``), not what the build writes or what may not exist yet: a results
file the build rewrites, a folder (never a file, so its page would be read at
every build), a missing file (same). For those, a page records a fingerprint of
what it showed (:func:`note`); before pages are compared with their files,
:func:`outdated_pages` computes every fingerprint again and names the pages
whose fingerprint changed.

A fingerprint has a kind, registered with :func:`fingerprint`, and arguments
(strings, numbers: they are kept in the pickled environment, with the pages'
fingerprints, in :class:`nubodoc.sphinx.state.BuildState`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from nubodoc.core.errors import NubodocError
from nubodoc.sphinx.state import build_state

logger = logging.getLogger(__name__)

#: Kind -> function of (env, *arguments) giving the fingerprint now.
KINDS: dict[str, Callable[..., str]] = {}
ABSENT = "absent"


def fingerprint(kind: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Register the decorated function as the way to compute fingerprints of *kind*."""

    def register(function: Callable[..., str]) -> Callable[..., str]:
        KINDS[kind] = function
        return function

    return register


def digest(parts: Iterable[str]) -> str:
    """A SHA-256 of *parts*, in order."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return hashed.hexdigest()


@fingerprint("file")
def file_fingerprint(_env: BuildEnvironment | None, path: str) -> str:
    """A hash of the file's bytes, or ``absent``: a rewrite with the same bytes is no change."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ABSENT


def note(env: BuildEnvironment, value: str, kind: str, *arguments: Hashable) -> None:
    """Record that the page being read shows *kind* of *arguments*, whose fingerprint is *value*.

    *value* is what the kind's function gives now; the caller computes it, usually from
    what it shows.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown fingerprint kind {kind!r} (known: {', '.join(KINDS)})")
    build_state(env).fingerprints.setdefault(env.docname, {})[(kind, *arguments)] = value


def _now(env: BuildEnvironment, key: tuple[Hashable, ...]) -> str | None:
    """The fingerprint of *key* now; None (the page is read again) if it cannot be computed."""
    function = KINDS.get(key[0])
    if function is None:
        return None
    try:
        return function(env, *key[1:])
    except (OSError, ValueError, NubodocError) as exc:
        logger.debug("[build target] fingerprint %r cannot be computed: %s", key, exc)
        return None


def outdated_pages(_app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    """The pages not already to read whose recorded fingerprints differ from today's."""
    already = added | changed | removed
    now: dict[tuple[Hashable, ...], str | None] = {}
    outdated = []
    for docname, fingerprints in build_state(env).fingerprints.items():
        if docname in already or docname not in env.found_docs:
            continue
        for key, value in fingerprints.items():
            if key not in now:
                now[key] = _now(env, key)
            if now[key] != value:
                logger.debug("[build target] changed: %r shows %r, which changed", docname, key)
                outdated.append(docname)
                break
    return outdated


def setup_freshness(app: Sphinx) -> None:
    """Compare the pages' fingerprints with today's before each build."""
    app.connect("env-get-outdated", outdated_pages)
