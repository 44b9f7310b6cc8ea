"""detect-secrets plugins for the credential forms of an Onyxia platform that its own miss.

detect-secrets loads this file by its path (``{"name": ..., "path": "file://…"}`` in
:mod:`nubodoc.secrets.scan`'s settings); its filters (``<placeholder>``, ``$VARIABLE``, the
allowlist) apply to what these plugins find as to the library's own.

These forms carry bare values, which may be a variable's name in code (``secret = secret``)
or a word in prose (« mc alias set enregistre les clés »): a value counts when it looks like
a credential (:func:`looks_like_credential`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.keyword import AFFIX_REGEX, CLOSING, DENYLIST

#: Characters of keys, secrets (base64, URL-safe base64), JWTs and URL-encoded tokens.
CREDENTIAL = re.compile(r"[A-Za-z0-9/+=_.%-]{16,}")
_QUOTED = r"[\"'`]?({value})[\"'`]?".format(value=CREDENTIAL.pattern.replace("{16,}", "+"))
_URL_PART = r"[^\s/?#\[\]@:]+"
#: The library's keywords, and the two the S3 variables add (``AWS_SESSION_TOKEN``,
#: ``AWS_ACCESS_KEY_ID``).
LABELS = "|".join((*DENYLIST, "token", "access_?key"))


def looks_like_credential(value: str) -> bool:
    """16 or more characters of a credential's alphabet, mixing at least two of lower case,
    upper case and digits (``TRAITEMENT_SECRET_ACCESS_KEY`` or ``nouvelle_cle`` do not)."""
    kinds = (str.islower, str.isupper, str.isdigit)
    return (CREDENTIAL.fullmatch(value) is not None
            and sum(any(kind(c) for c in value) for kind in kinds) >= 2)


class _CredentialShapedDetector(RegexBasedDetector):
    """Yield the groups of the denylist's matches that look like a credential."""

    def analyze_string(self, string: str) -> Iterator[str]:
        """Each value found that looks like a credential."""
        for value in super().analyze_string(string):
            if looks_like_credential(value):
                yield value


class McHostDetector(_CredentialShapedDetector):
    """mc's ``MC_HOST_<alias>=https://KEY:SECRET:TOKEN@host``: the library's basic-auth
    detector stops at the second colon."""

    secret_type = "URL with key, secret and session token (MC_HOST)"
    denylist = (re.compile(rf"://{_URL_PART}:({_URL_PART}):([^\s/?#\[\]@]+)@"),)


class McAliasDetector(_CredentialShapedDetector):
    """``mc alias set ALIAS URL KEY SECRET`` (and the older ``mc config host add``): the key
    and the secret are bare arguments, with no keyword before them."""

    secret_type = "mc alias with key and secret"
    denylist = (re.compile(r"\bmc\s+(?:alias\s+set|config\s+host\s+add)\s+\S+\s+\S+\s+"
                           rf"{_QUOTED}\s+{_QUOTED}"),)


class LabelledValueDetector(_CredentialShapedDetector):
    """A value after a credential's name and ``=`` or ``:``, quoted or not, in any file: the
    library's keyword detector reads unquoted values only in configuration files, and has no
    ``token`` nor ``access_key`` (a page shows ``aws_secret_access_key = …`` in a block)."""

    secret_type = "Value after a credential's name"
    denylist = (re.compile(rf"(?:{LABELS}){AFFIX_REGEX}(?:{CLOSING})?\s*(?:={{1,3}}|:)\s*"
                           rf"{_QUOTED}", re.IGNORECASE),)
