"""A table of the MinIO client's documented commands and flags, for the static check.

Written from mc's reference (``min.io/docs/minio/linux/reference/minio-mc.html``).
Only what the guide may teach is listed; an unlisted command is reported so
that whoever adds it checks its spelling against the reference first.
"""

from __future__ import annotations

GLOBAL_FLAGS = frozenset({
    "--config-dir", "-C", "--quiet", "-q", "--disable-pager", "--dp", "--no-color",
    "--json", "--debug", "--limit-upload", "--limit-download", "--custom-header", "-H",
    "--resolve", "--help", "-h",
})

#: Flags that exist but that the guide must not teach, with the reason.
FORBIDDEN_FLAGS = {
    "--insecure": "disables TLS verification: trust the platform's CA instead "
                  "(~/.mc/certs/CAs/)",
}

_TIME_FILTERS = {"--older-than", "--newer-than"}
_ENCRYPTION = {"--enc-c", "--enc-kms", "--enc-s3"}

COMMANDS: dict[str, frozenset[str]] = {
    "alias set": frozenset({"--api", "--path"}),
    "alias list": frozenset(),
    "alias ls": frozenset(),
    "alias remove": frozenset(),
    "alias rm": frozenset(),
    "ls": frozenset({"--recursive", "-r", "--versions", "--summarize", "--incomplete", "-I",
                     "--rewind", "--storage-class", "--zip"}),
    "tree": frozenset({"--files", "-f", "--depth", "-d", "--rewind"}),
    "du": frozenset({"--depth", "-d", "--recursive", "-r", "--versions", "--rewind"}),
    "cat": frozenset({"--rewind", "--version-id", "--zip", "--tail", *_ENCRYPTION}),
    "head": frozenset({"--lines", "-n", "--rewind", "--version-id", "--zip", *_ENCRYPTION}),
    "cp": frozenset({"--recursive", "-r", "--attr", "--continue", "-c", "--disable-multipart",
                     "--preserve", "-a", "--storage-class", "--tags", "--rewind",
                     "--version-id", "--legal-hold", "--retention-mode",
                     "--retention-duration", "--zip", "--md5", "--checksum",
                     *_TIME_FILTERS, *_ENCRYPTION}),
    "mv": frozenset({"--recursive", "-r", "--attr", "--continue", "-c", "--preserve", "-a",
                     "--storage-class", "--tags", "--disable-multipart", *_TIME_FILTERS,
                     *_ENCRYPTION}),
    "rm": frozenset({"--recursive", "-r", "--force", "--dangerous", "--incomplete", "-I",
                     "--versions", "--non-current", "--rewind", "--bypass", "--dry-run",
                     "--stdin", "--version-id", *_TIME_FILTERS}),
    "mirror": frozenset({"--overwrite", "--remove", "--watch", "-w", "--exclude",
                         "--dry-run", "--preserve", "-a", "--md5", "--max-workers",
                         "--storage-class", "--attr", "--active-active", "--disable-multipart",
                         "--exclude-bucket", "--exclude-storageclass", "--skip-errors",
                         "--summary", "--retry", "--checksum", *_TIME_FILTERS,
                         *_ENCRYPTION}),
    "mb": frozenset({"--ignore-existing", "-p", "--region", "--with-lock", "-l",
                     "--with-versioning"}),
    "rb": frozenset({"--force", "--dangerous"}),
    "find": frozenset({"--name", "--path", "--regex", "--larger", "--smaller", "--maxdepth",
                       "--exec", "--print", "--ignore", "--metadata", "--tags", "--watch",
                       *_TIME_FILTERS}),
    "stat": frozenset({"--recursive", "-r", "--versions", "--version-id", "--rewind",
                       *_ENCRYPTION}),
    "diff": frozenset(),
    "pipe": frozenset({"--attr", "--storage-class", "--tags", "--concurrent", "--part-size",
                       *_ENCRYPTION}),
    "share download": frozenset({"--expire", "-E", "--recursive", "-r"}),
    "share upload": frozenset({"--expire", "-E", "--recursive", "-r", "--content-type"}),
    "share list": frozenset(),
    "anonymous set": frozenset({"--recursive", "-r"}),
    "anonymous get": frozenset({"--recursive", "-r"}),
    "anonymous get-json": frozenset(),
    "anonymous set-json": frozenset(),
    "anonymous list": frozenset({"--recursive", "-r"}),
    "anonymous links": frozenset({"--recursive", "-r"}),
    "ping": frozenset({"--count", "-c", "--interval", "-i", "--error-count", "-e",
                       "--exit", "-x"}),
    "version": frozenset(),
    "admin accesskey create": frozenset({"--access-key", "--secret-key", "--policy",
                                         "--name", "--description", "--expiry",
                                         "--expiry-duration"}),
    "admin accesskey list": frozenset({"--users", "--temp-only", "--svcacc-only", "--self",
                                       "--all"}),
    "admin accesskey ls": frozenset({"--users", "--temp-only", "--svcacc-only", "--self",
                                     "--all"}),
    "admin accesskey info": frozenset(),
    "admin accesskey edit": frozenset({"--secret-key", "--policy", "--name", "--description",
                                       "--expiry", "--expiry-duration"}),
    "admin accesskey rm": frozenset(),
    "admin accesskey remove": frozenset(),
    "admin accesskey disable": frozenset(),
    "admin accesskey enable": frozenset(),
    "admin info": frozenset(),
    "admin user info": frozenset(),
}

#: Old forms still found in tutorials, and what replaced them.
DEPRECATED: dict[str, str] = {
    "policy": "'mc policy' was replaced by 'mc anonymous'",
    "admin user svcacct": "'mc admin user svcacct' was replaced by 'mc admin accesskey'",
    "config host": "'mc config host' was replaced by 'mc alias'",
}


def command_path(words: list[str]) -> tuple[str, int]:
    """The longest known (or deprecated) command at the start of *words*, and its length."""
    positional = [w for w in words if not w.startswith("-")]
    for length in (3, 2, 1):
        candidate = " ".join(positional[:length])
        if len(positional) >= length and (candidate in COMMANDS or
                                          DEPRECATED.get(candidate)):
            return candidate, length
    return " ".join(positional[:1]), 1
