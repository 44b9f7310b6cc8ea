"""Build gates: the docs build fails, naming file and line, on what must never ship.

* a misspelled French word (:mod:`nubodoc.sphinx_spelling`);
* a broken internal link or anchor: Sphinx and MyST warn (``-n -W`` make it an error);
  a configuration that would silence those warnings is refused;
* anything in the written site or in ``snippets/`` that looks like a real key, secret
  or session token, and any credential the build's own targets handed out.

What "looks real" means (placeholders such as ``EXEMPLECLEACCES12345`` or AWS's
documented sample key, which ends in ``EXAMPLE``, pass):

* an access key ID: ``AKIA`` or ``ASIA`` (and AWS's other key prefixes) then 16
  characters of AWS's alphabet (A-Z, 2-7); or, right after a word containing
  "access key" (``AWS_ACCESS_KEY_ID=…``), 16 to 40 upper-case letters and digits, both
  present (MinIO's keys);
* a secret: 30 or more base64 or URL-safe characters, mixing upper case, lower case
  and digits, right after a word containing "secret" and a ``=``, ``:`` or a space
  (``AWS_SECRET_ACCESS_KEY=…``);
* a session token: 100 or more such characters right after "token";

none of them containing EXAMPLE, EXEMPLE or XXXX. HTML is read without its tags, so
that a highlighted ``secret = "…"`` is seen as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from nubodoc.credentials import Credentials

logger = logging.getLogger(__name__)

ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA)[A-Z2-7]{16}\b")
_AFTER = r"[\w-]*[\"']?(?:\s*[:=]\s*|\s+)[\"']?"
LABELLED_KEY = re.compile(r"(?i:access[_-]?key)" + _AFTER + r"([A-Z0-9]{16,40})\b")
SECRET = re.compile(r"(?i:secret)" + _AFTER + r"([A-Za-z0-9/+_-]{30,}={0,2})")
SESSION_TOKEN = re.compile(r"(?i:token)" + _AFTER + r"([A-Za-z0-9/+_%-]{100,}={0,2})")
PLACEHOLDER = re.compile(r"EXAMPLE|EXEMPLE|XXXX", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
#: Warnings that report broken links and anchors: never to be suppressed.
LINK_WARNINGS = ("myst.xref_missing", "ref.doc", "ref.ref", "ref.any", "myst.header")
#: Shorter values (test keys, "minio") would be found everywhere: never handed out.
MIN_SECRET_LENGTH = 8
SCANNED_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf",
                  ".eot", ".pdf", ".parquet", ".pickle", ".doctree", ".zip", ".gz"}


def record_credentials(app: Sphinx | None, credentials: Credentials | None) -> None:
    """Remember *credentials*, handed out by a target during this build, to look for them."""
    if app is None or credentials is None:
        return
    handed_out(app).update(s for s in credentials.secrets() if len(s) >= MIN_SECRET_LENGTH)


def handed_out(app: Sphinx) -> set[str]:
    """The secret values this build's targets handed out (kept in memory only)."""
    if not hasattr(app, "nubodoc_handed_out"):
        app.nubodoc_handed_out = set()
    return app.nubodoc_handed_out


def looks_real(value: str, lower_case: bool = True) -> bool:
    """A random-looking value, not a placeholder (EXAMPLE, EXEMPLE, XXXX).

    Random-looking: an AWS key ID, or a mix of upper case, digits and (unless
    *lower_case* is False, for key IDs) lower case.
    """
    if PLACEHOLDER.search(value):
        return False
    return ACCESS_KEY.fullmatch(value) is not None or (
        any(c.isupper() for c in value) and any(c.isdigit() for c in value)
        and (not lower_case or any(c.islower() for c in value)))


def findings(text: str, known: Iterable[str] = ()) -> Iterator[tuple[int, str]]:
    """Yield (line, what) for each credential-looking value of *text* (1-based lines)."""
    forms = {form for value in known for form in (value, quote(value, safe=""))}
    for number, line in enumerate(text.splitlines(), start=1):
        for form in forms:
            if form in line:
                yield number, "a credential this build's target handed out"
        plain = html.unescape(TAG.sub("", line))
        for match in ACCESS_KEY.finditer(plain):
            if looks_real(match.group()):
                yield number, f"an access key ID ({match.group()[:4]}…)"
        for match in LABELLED_KEY.finditer(plain):
            if not ACCESS_KEY.fullmatch(match.group(1)) and looks_real(match.group(1), False):
                yield number, "an access key ID"
        for pattern, what in ((SECRET, "a secret key"), (SESSION_TOKEN, "a session token")):
            for match in pattern.finditer(plain):
                if looks_real(match.group(1)):
                    yield number, what


def scan(folders: Iterable[Path], known: Iterable[str] = ()) -> list[tuple[Path, int, str]]:
    """Every finding in the text files under *folders*, as (path, line, what)."""
    known = sorted(set(known))
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() in SCANNED_BINARY:
                continue
            data = path.read_bytes()
            if b"\0" in data:
                continue
            text = data.decode("utf-8", errors="replace")
            found += [(path, line, what) for line, what in findings(text, known)]
    return found


def check_written_site(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a build: fail if the site or the snippets hold what looks like a credential.

    Each finding is a warning naming file and line (never the value); the build fails
    even without ``-W``.
    """
    if exception is not None:
        return
    from nubodoc.sphinx_ext import snippets_root

    folders = [Path(app.outdir)]
    snippets = snippets_root(app)
    if snippets.is_dir():
        folders.append(snippets)
    found = scan(folders, handed_out(app))
    for path, line, what in found:
        logger.warning("what looks like a credential: %s (remove it, or write an obvious "
                       "placeholder such as EXEMPLECLEACCES12345)", what,
                       location=f"{path}:{line}", type="nubodoc", subtype="credential")
    if found:
        app.statuscode = 1


def refuse_silenced_links(app: Sphinx, config: Config) -> None:
    """Refuse a ``suppress_warnings`` that would let a broken link or anchor pass."""
    silenced = [entry for entry in config.suppress_warnings
                if any(warning == entry or warning.startswith(entry + ".")
                       for warning in LINK_WARNINGS)]
    if silenced:
        raise ConfigError(f"suppress_warnings would let broken links pass: {silenced}")


def setup(app: Sphinx) -> dict:
    """Register the gates: spelling, links, credentials."""
    app.setup_extension("nubodoc.sphinx_spelling")
    app.connect("config-inited", refuse_silenced_links)
    app.connect("build-finished", check_written_site, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
