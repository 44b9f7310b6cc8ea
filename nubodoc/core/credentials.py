"""S3 credentials as the platform hands them out: a value every floor may hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

REGION = "us-east-1"


@dataclass(frozen=True)
class Credentials:
    """An access key, its secret and, for temporary credentials, a session token."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expiration: datetime | None = None

    def secrets(self) -> list[str]:
        """Values that must never appear in a report or a page."""
        return [v for v in (self.secret_access_key, self.session_token, self.access_key_id) if v]
