"""A table of the MinIO client's documented commands and flags, for the static check.

Written from mc's reference (``min.io/docs/minio/linux/reference/minio-mc.html``).
Checked against mc's own definitions (``github.com/minio/mc``, ``cmd/*.go``, commit
77f82e1 of 2025-11-06, after RELEASE.2025-08-13T08-35-41Z): each command's flags are
its ``cli.Flag`` list plus the shared ones (``globalFlags``, ``encFlags``/``encCFlag``,
``checksumFlag``, ``shareFlagExpire``); hidden flags are left out.
Only what the guide may teach is listed; an unlisted command is reported so
that whoever adds it checks its spelling against the reference first.
"""

from __future__ import annotations

GLOBAL_FLAGS = frozenset({
    "--config-dir", "-C", "--quiet", "-q", "--disable-pager", "--dp", "--no-color",
    "--json", "--debug", "--resolve", "--limit-upload", "--limit-download",
    "--custom-header", "-H", "--help", "-h",
})

#: Global flags followed by a value (``mc --config-dir /tmp/mc ls``), so that the value
#: is not taken for the command's name.
_GLOBAL_FLAGS_WITH_VALUE = frozenset({
    "--config-dir", "-C", "--resolve", "--limit-upload", "--limit-download",
    "--custom-header", "-H",
})

#: Flags that exist but that the guide must not teach, with the reason.
FORBIDDEN_FLAGS = {
    "--insecure": "disables TLS verification: trust the platform's CA instead "
                  "(~/.mc/certs/CAs/)",
}

_TIME_FILTERS = {"--older-than", "--newer-than"}
#: ``encFlags``: cp, mv, mirror, pipe. cat, head and stat take only ``--enc-c``.
_ENCRYPTION = {"--enc-c", "--enc-kms", "--enc-s3"}
_VERSION_ID = {"--version-id", "--vid"}
_STORAGE_CLASS = {"--storage-class", "--sc"}
_ANONYMOUS = frozenset({"--recursive", "-r"})
_ACCESSKEY_CHANGES = {"--secret-key", "--policy", "--name", "--description", "--expiry",
                      "--expiry-duration"}
_ACCESSKEY_LIST = frozenset({"--users-only", "--temp-only", "--svcacc-only", "--self",
                             "--all"})

COMMANDS: dict[str, frozenset[str]] = {
    # Aliases: set (s), list (ls), remove (rm), import (i), export (e)
    "alias set": frozenset({"--api", "--path"}),
    "alias s": frozenset({"--api", "--path"}),
    "alias list": frozenset(),
    "alias ls": frozenset(),
    "alias remove": frozenset(),
    "alias rm": frozenset(),
    "alias import": frozenset(),
    "alias export": frozenset(),
    # Browsing and reading
    "ls": frozenset({"--rewind", "--versions", "--recursive", "-r", "--incomplete", "-I",
                     "--summarize", "--zip", *_STORAGE_CLASS}),
    "tree": frozenset({"--files", "-f", "--depth", "-d", "--rewind"}),
    "du": frozenset({"--depth", "-d", "--recursive", "-r", "--rewind", "--versions"}),
    "cat": frozenset({"--rewind", "--zip", "--offset", "--tail", "--part-number", "--enc-c",
                      *_VERSION_ID}),
    "head": frozenset({"--lines", "-n", "--rewind", "--zip", "--enc-c", *_VERSION_ID}),
    "find": frozenset({"--exec", "--ignore", "--versions", "--name", "--path", "--print",
                       "--regex", "--larger", "--smaller", "--maxdepth", "--watch",
                       "--metadata", "--tags", *_TIME_FILTERS}),
    "stat": frozenset({"--rewind", "--versions", "--recursive", "-r", "--verbose", "-v",
                       "--no-list", "--enc-c", *_VERSION_ID}),
    "diff": frozenset(),
    # Copying, moving, deleting
    "cp": frozenset({"--rewind", "--recursive", "-r", "--attr", "--preserve", "-a",
                     "--disable-multipart", "--tags", "--retention-mode",
                     "--retention-duration", "--legal-hold", "--zip", "--max-workers",
                     "--checksum", *_VERSION_ID, *_STORAGE_CLASS, *_TIME_FILTERS,
                     *_ENCRYPTION}),
    "mv": frozenset({"--recursive", "-r", "--attr", "--preserve", "-a",
                     "--disable-multipart", "--tags", "--checksum", *_STORAGE_CLASS,
                     *_TIME_FILTERS, *_ENCRYPTION}),
    "rm": frozenset({"--versions", "--recursive", "-r", "--force", "--dangerous", "--rewind",
                     "--incomplete", "-I", "--dry-run", "--stdin", "--bypass",
                     "--non-current", *_VERSION_ID, *_TIME_FILTERS}),
    "mirror": frozenset({"--overwrite", "--dry-run", "--watch", "-w", "--remove", "--region",
                         "--preserve", "-a", "--active-active", "--disable-multipart",
                         "--exclude", "--exclude-bucket", "--exclude-storageclass", "--attr",
                         "--monitoring-address", "--retry", "--summary", "--skip-errors",
                         "--max-workers", "--checksum", *_STORAGE_CLASS, *_TIME_FILTERS,
                         *_ENCRYPTION}),
    "pipe": frozenset({"--attr", "--tags", "--concurrent", "--part-size", "--checksum",
                       *_STORAGE_CLASS, *_ENCRYPTION}),
    # Buckets
    "mb": frozenset({"--region", "--ignore-existing", "-p", "--with-lock", "-l",
                     "--with-versioning"}),
    "rb": frozenset({"--force", "--dangerous"}),
    # Sharing: presigned URLs (share download --expire: 168h by default, 7 days at most)
    "share download": frozenset({"--recursive", "-r", "--expire", "-E", *_VERSION_ID}),
    "share upload": frozenset({"--recursive", "-r", "--expire", "-E", "--content-type",
                               "-T"}),
    "share list": frozenset(),
    "share ls": frozenset(),
    # Anonymous access (bucket policies); permissions: none, private, download, upload,
    # public. The flags belong to the 'anonymous' command itself.
    "anonymous set": _ANONYMOUS,
    "anonymous set-json": _ANONYMOUS,
    "anonymous get": _ANONYMOUS,
    "anonymous get-json": _ANONYMOUS,
    "anonymous list": _ANONYMOUS,
    "anonymous links": _ANONYMOUS,
    # Bucket versioning ('mc version' manages versioning; mc's own version: 'mc --version')
    "version info": frozenset(),
    "version enable": frozenset({"--excluded-prefixes", "--exclude-folders"}),
    "version suspend": frozenset(),
    "ping": frozenset({"--count", "-c", "--error-count", "-e", "--exit", "-x", "--interval",
                       "-i", "--distributed", "-a", "--node"}),
    # Access keys (since mc RELEASE.2024-10-08T09-37-26Z). --expiry takes a date
    # (2026-12-31, 2026-12-31T23:59, RFC 3339); --expiry-duration a Go duration
    # (720h: no 'd' unit).
    "admin accesskey create": frozenset({"--access-key", *_ACCESSKEY_CHANGES}),
    "admin accesskey edit": frozenset(_ACCESSKEY_CHANGES),
    "admin accesskey list": _ACCESSKEY_LIST,
    "admin accesskey ls": _ACCESSKEY_LIST,
    "admin accesskey info": frozenset(),
    "admin accesskey remove": frozenset(),
    "admin accesskey rm": frozenset(),
    "admin accesskey disable": frozenset(),
    "admin accesskey enable": frozenset(),
    "admin info": frozenset({"--offline"}),
    "admin user info": frozenset(),
}

#: Old forms still found in tutorials, and what replaced them.
DEPRECATED: dict[str, str] = {
    "policy": "'mc policy' was replaced by 'mc anonymous' (it now only prints "
              "\"Please use 'mc anonymous'\")",
    "admin user svcacct": "'mc admin user svcacct' was replaced by 'mc admin accesskey' "
                          "(mc RELEASE.2024-10-08T09-37-26Z)",
    "config host": "'mc config host' was replaced by 'mc alias' ('mc config' no longer "
                   "exists)",
    "admin policy add": "'mc admin policy add' was replaced by 'mc admin policy create'",
    "admin policy set": "'mc admin policy set' was replaced by 'mc admin policy attach'",
    "admin policy unset": "'mc admin policy unset' was replaced by "
                          "'mc admin policy detach'",
    "admin policy update": "'mc admin policy update' was replaced by "
                           "'mc admin policy attach'",
    "session": "'mc session' was removed (resume a copy with 'mc mirror' instead)",
}


def _positional(words: list[str]) -> list[str]:
    """The words that are not flags, skipping the value of a global flag that takes one."""
    positional = []
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        if word.startswith("-") and word != "-":
            skip_next = word in _GLOBAL_FLAGS_WITH_VALUE and not positional
            continue
        positional.append(word)
    return positional


def command_path(words: list[str]) -> tuple[str, int]:
    """The longest known (or deprecated) command at the start of *words*, and its length."""
    positional = _positional(words)
    for length in (3, 2, 1):
        candidate = " ".join(positional[:length])
        if len(positional) >= length and (candidate in COMMANDS or
                                          DEPRECATED.get(candidate)):
            return candidate, length
    return " ".join(positional[:1]), 1
