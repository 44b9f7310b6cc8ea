"""Keep secrets out of anything the kit prints: test reports, logs, built pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

MASK = "[masqué]"
_MIN_SECRET_LENGTH = 8


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Return *text* with every secret (and every URL userinfo part) masked.

    A secret is also found URL-encoded, as in a presigned URL's query.
    """
    forms = {form for s in secrets if s for form in (s, quote(s, safe=""), quote(s))}
    for secret in sorted(forms, key=len, reverse=True):
        if len(secret) >= _MIN_SECRET_LENGTH:
            text = text.replace(secret, MASK)
    return re.sub(r"(https?://)[^\s/@]+:[^\s/@]+@", rf"\1{MASK}@", text)
