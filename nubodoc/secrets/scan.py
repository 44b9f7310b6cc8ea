"""Find what looks like a credential in a folder: detect-secrets, set up for this guide.

The scanner is Yelp's detect-secrets (``detect_secrets.core.scan.scan_file`` under
``transient_settings``) with its JWT (MinIO's STS session tokens), basic-auth (a key in a
URL), keyword and high-entropy (base64, hex) detectors, its AWS key detector, and three
plugins of ours for what it misses (:mod:`nubodoc.secrets.detectors`): mc's ``MC_HOST_…``
URL with key, secret and token, ``mc alias set ALIAS URL KEY SECRET``, and an unquoted value
after a credential's name on a page (``aws_secret_access_key = …``).

Each HTML page is read twice: as written (a value in an attribute) and without its tags,
entities decoded, line for line (a highlighted ``secret = "…"`` is then seen as written).
The guide's placeholders pass through :data:`ALLOWLIST`, one reason per entry; a value that
the build's own targets handed out is found wherever it is, raw or URL-encoded.
"""

from __future__ import annotations

import html
import locale
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.core.scan import scan_file
from detect_secrets.settings import transient_settings

from nubodoc.secrets import detectors

HANDED_OUT = "a credential this build's target handed out"
#: Values the guide shows on purpose, as regular expressions on the value found (never a
#: line or a file), each with its reason. Keep it short: a new entry is a new kind of
#: placeholder, not a way round a detector.
ALLOWLIST = {
    r"(?i)EXAMPLE|EXEMPLE": "AWS's documented sample keys (…EXAMPLE…) and the guide's "
                            "example values (EXEMPLECLEACCES12345, secret-fictif-exemple)",
    r"(?i)XXXX": "a value written as a mask (xxxx…)",
    r"^[0-9a-f]{32}(-[0-9]{1,5})?$": "an MD5 digest: S3's ETag in the outputs shown "
                                   "(head_object, mc stat; '-<parts>' after a multipart "
                                   "upload), and Sphinx's .buildinfo; no S3 key, secret or "
                                   "token is 32 hex digits",
    r"^[A-Z][A-Z0-9_]*_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$":
        "the name of the variable that holds a credential (task.toml's access_key_variable, "
        "secret_key_variable), not its value",
}
_HEURISTICS = ("is_sequential_string", "is_potential_uuid", "is_likely_id_string",
               "is_templated_secret", "is_prefixed_with_dollar_sign", "is_indirect_reference",
               "is_lock_file", "is_not_alphanumeric_string")
_OURS = f"file://{Path(detectors.__file__).resolve()}"
SETTINGS = {
    "plugins_used": [
        {"name": "AWSKeyDetector"},
        {"name": "JwtTokenDetector"},
        {"name": "BasicAuthDetector"},
        {"name": "KeywordDetector"},
        {"name": "Base64HighEntropyString", "limit": 4.5},
        {"name": "HexHighEntropyString", "limit": 3.0},
        {"name": "McHostDetector", "path": _OURS},
        {"name": "McAliasDetector", "path": _OURS},
        {"name": "LabelledValueDetector", "path": _OURS},
    ],
    "filters_used": [
        *({"path": f"detect_secrets.filters.heuristic.{name}"} for name in _HEURISTICS),
        {"path": "detect_secrets.filters.regex.should_exclude_secret",
         "pattern": list(ALLOWLIST)},
    ],
}
#: Files made only of the pages' own words, cut and stemmed (Sphinx's search index): the
#: pages themselves are scanned whole, so these are searched for handed-out values only.
#: A stemmed fragment of a shown request id would look like a key to the entropy detectors.
DERIVED_INDEXES = {"searchindex.js"}
#: Binary files; detect-secrets also skips images, fonts, archives and style sheets.
SKIPPED_SUFFIXES = {".parquet", ".pickle", ".doctree", ".pyc"}
_TAG = re.compile(r"<[^>]*>")


class Finding(NamedTuple):
    """One line that holds what looks like a credential, and what found it (never the value)."""

    path: Path
    line: int
    detector: str


def scan(folders: Iterable[Path], known: Iterable[str] = ()) -> list[Finding]:
    """Every finding in the text files under *folders*, in file and line order.

    *known* are values handed out during the build: found anywhere, raw or URL-encoded.
    """
    _require_utf8_locale()
    forms = {form for value in set(known) for form in (value, quote(value, safe=""))}
    files = [path for folder in folders for path in sorted(Path(folder).rglob("*"))
             if path.is_file() and path.suffix.lower() not in SKIPPED_SUFFIXES]
    found: set[Finding] = set()
    with tempfile.TemporaryDirectory(prefix="nubodoc-secrets-") as views, \
            transient_settings(SETTINGS):
        get_mapping_from_secret_type_to_class.cache_clear()
        for number, path in enumerate(files):
            text = _text(path)
            if text is None:
                continue
            found.update(_handed_out(path, text, forms))
            if path.name in DERIVED_INDEXES:
                continue
            found.update(_detected(path, path))
            if path.suffix.lower() in {".html", ".htm"}:
                view = Path(views) / f"{number}{path.suffix}"
                view.write_text(_without_tags(text), encoding="utf-8")
                found.update(_detected(view, path))
    return sorted(found)


def _require_utf8_locale() -> None:
    """detect-secrets opens files in the locale's encoding: it must be UTF-8."""
    encoding = locale.getpreferredencoding(False).lower().replace("-", "")
    if encoding != "utf8":
        raise RuntimeError(f"the credential scan needs a UTF-8 locale (here {encoding}): "
                           "set LANG=C.UTF-8, or run Python with -X utf8")


def _text(path: Path) -> str | None:
    """The file's text, or None for a binary file."""
    data = path.read_bytes()
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def _handed_out(path: Path, text: str, forms: set[str]) -> Iterator[Finding]:
    """A finding for each line holding a value the build handed out."""
    for number, line in enumerate(_lines(text), start=1):
        if any(form in line for form in forms):
            yield Finding(path, number, HANDED_OUT)


def _detected(scanned: Path, shown_as: Path) -> Iterator[Finding]:
    """detect-secrets' findings in *scanned*, reported under *shown_as*."""
    for secret in scan_file(str(scanned)):
        yield Finding(shown_as, secret.line_number, secret.type)


def _without_tags(text: str) -> str:
    """*text* without its HTML tags, entities decoded, line for line."""
    return "\n".join(html.unescape(_TAG.sub("", line)).replace("\n", " ").replace("\r", " ")
                     for line in _lines(text))


def _lines(text: str) -> list[str]:
    """*text*'s lines, split as Python's text files are read (as detect-secrets reads them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
