"""Keep secrets out of anything the kit prints: test reports, logs, built pages."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[masqué]"
_MIN_SECRET_LENGTH = 8


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Return *text* with every secret (and every URL userinfo part) masked."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) >= _MIN_SECRET_LENGTH:
            text = text.replace(secret, MASK)
    return re.sub(r"(https?://)[^\s/@]+:[^\s/@]+@", rf"\1{MASK}@", text)
