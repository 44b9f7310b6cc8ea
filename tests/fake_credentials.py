"""Random credentials of the forms the platform hands out, made at test time so that none is
written in the repository."""

from __future__ import annotations

import base64
import json
import secrets
import string
import time

AWS_ALPHABET = string.ascii_uppercase + "234567"


def fake_access_key() -> str:
    """A random key ID of AWS's form (AKIA and 16 characters of A-Z, 2-7)."""
    return "AKIA" + "".join(secrets.choice(AWS_ALPHABET) for _ in range(16))


def fake_minio_key() -> str:
    """A random 20-character access key as MinIO makes them (upper case and digits)."""
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(20))


def fake_secret() -> str:
    """A random 40-character secret, URL-safe base64."""
    return secrets.token_urlsafe(30)


def fake_lower_case_secret() -> str:
    """A random 40-character secret in lower case and digits."""
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(40))


def fake_sts_token() -> str:
    """A random session token as MinIO's STS hands out: a signed JWT, header.payload.signature."""
    def part(claims: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    payload = {"accessKey": fake_minio_key(), "exp": int(time.time()) + 3600,
               "parent": secrets.token_hex(8), "sessionPolicy": secrets.token_urlsafe(24)}
    return ".".join((part({"alg": "HS512", "typ": "JWT"}), part(payload),
                     secrets.token_urlsafe(64)))
