"""What a snippet printed, as a page may show it: no secret, no value of the test run.

A run's endpoint (``127.0.0.1:41234``), keys, session token and working folder
are random; the reader's differ. Each is put back to what the page shows: the
endpoint placeholder (the platform's address at display time), ``$AWS_ACCESS_KEY_ID``
for a key, ``.`` for the working folder. The digest of a signed request that a client
prints with a refusal (aws.s3: the string to sign) hashes the run's endpoint and time:
it is named, not shown. Secrets left over are masked.
"""

from __future__ import annotations

import os
import re
import tempfile
from urllib.parse import quote, urlsplit

from nubodoc.harness.redaction import redact

#: Stands for the S3 endpoint in stored output; pages put the platform's address instead.
ENDPOINT = "<s3_endpoint>"
#: Variables whose value is named ``$VARIABLE`` in shown output (keys, tokens, CA paths).
_NAMED = ("MC_HOST_s3", "AWS_SESSION_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
          "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE", "R_PROFILE_USER", "R_ENVIRON")
#: A kit's temporary folder: the session's root, and the folder of the kit's in it.
_TEMPORARY = re.compile(re.escape(tempfile.gettempdir())
                        + r"/nubodoc-[^\s/'\"]*(?:/nubodoc-[^\s/'\"]*)?")
#: The hex SHA-256 of the canonical request, last line of a SigV4 string to sign (after
#: its scope, ``…/aws4_request``), the line break written out (R's ``str()``) or not;
#: R may cut it short.
_REQUEST_DIGEST = re.compile(r"(aws4_request(?:\\n|\n))[0-9a-f]{8,64}")
REQUEST_DIGEST = "<empreinte de la requête>"


def replacements(variables: dict[str, str], extra_names: list[str] = ()) -> list[tuple[str, str]]:
    """(value of the test run, what the page shows) pairs, longest value first."""
    pairs: dict[str, str] = {}
    for name in (*_NAMED, *extra_names):
        value = variables.get(name)
        if value:
            for form in (value, quote(value, safe=""), quote(value)):
                pairs.setdefault(form, f"${name}")
    endpoint = variables.get("AWS_ENDPOINT_URL") or variables.get("S3_ENDPOINT")
    if endpoint:
        parts = urlsplit(endpoint)
        pairs[f"{parts.scheme}://{parts.netloc}"] = f"https://{ENDPOINT}"
        pairs[parts.netloc] = ENDPOINT
    home = variables.get("HOME")
    if home:
        for folder in {home, os.path.realpath(home)}:
            pairs[folder + "/"] = "./"
            pairs[folder] = "."
    return sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)


def clean(text: str, variables: dict[str, str], secrets: list[str],
          extra_names: list[str] = ()) -> str:
    """*text* with the run's random values put back to the page's and its secrets masked."""
    for value, shown in replacements(variables, extra_names):
        text = text.replace(value, shown)
    text = _TEMPORARY.sub("<dossier temporaire>", text)
    text = _REQUEST_DIGEST.sub(lambda found: found.group(1) + REQUEST_DIGEST, text)
    return redact(text, secrets)


def with_endpoint(text: str, endpoint: str | None) -> str:
    """Stored output with the endpoint placeholder replaced by *endpoint* (if given)."""
    return text.replace(ENDPOINT, endpoint) if endpoint else text


def truncated(text: str, lines: int) -> str:
    """The first *lines* lines of *text*, then ``…`` if there were more."""
    all_lines = text.rstrip("\n").splitlines()
    if len(all_lines) <= lines:
        return "\n".join(all_lines)
    return "\n".join([*all_lines[:lines], "…"])
