"""The static check of mc commands: old forms and unknown flags flagged, current forms accepted.

The table (``nubodoc/runners/mc_reference.py``) was checked against mc's own flag
definitions; these tests pin what the guide relies on.
"""

from __future__ import annotations

import shlex

import pytest

from nubodoc.runners.mc import check_invocation, mc_invocations
from nubodoc.runners.mc_reference import COMMANDS, DEPRECATED, GLOBAL_FLAGS, command_path

from .conftest import SNIPPETS


def problems(line: str) -> list[str]:
    """Problems the static check finds in one ``mc …`` command line."""
    words = shlex.split(line)
    assert words[0] == "mc"
    return check_invocation(words[1:])


@pytest.mark.parametrize(("line", "replacement"), [
    ("mc policy set download s3/bucket/public", "mc anonymous"),
    ("mc policy s3/bucket", "mc anonymous"),
    ("mc admin user svcacct add s3 utilisateur --policy policy.json",
     "mc admin accesskey"),
    ("mc admin user svcacct ls s3 utilisateur", "mc admin accesskey"),
    ("mc config host add s3 https://minio.example.org CLE SECRET", "mc alias"),
    ("mc admin policy add s3 lecture policy.json", "mc admin policy create"),
    ("mc admin policy set s3 lecture user=utilisateur", "mc admin policy attach"),
])
def test_old_forms_are_flagged_with_their_replacement(line, replacement):
    found = problems(line)
    assert len(found) == 1
    assert replacement in found[0]


def test_insecure_is_refused_wherever_it_appears():
    for line in ("mc ls --insecure s3/bucket", "mc --insecure cp a s3/bucket/a",
                 "mc alias set x https://minio.example.org CLE SECRET --insecure"):
        found = problems(line)
        assert len(found) == 1 and "--insecure" in found[0], line
        assert "CA" in found[0]


@pytest.mark.parametrize(("line", "flag"), [
    ("mc ls --recursiv s3/bucket", "--recursiv"),
    ("mc cp --continue a s3/bucket/a", "--continue"),       # removed from mc in 2024
    ("mc mv -c a s3/bucket/a", "-c"),
    ("mc head --enc-kms cle s3/bucket/a", "--enc-kms"),    # head takes --enc-c only
    ("mc share download --expiry 2h s3/bucket/a", "--expiry"),
    ("mc admin accesskey ls s3/ --users", "--users"),       # the flag is --users-only
    ("mc rm --recursive --yes s3/bucket/dossier/", "--yes"),
])
def test_unknown_flags_are_flagged(line, flag):
    assert problems(line) == [f"'mc {command_path(shlex.split(line)[1:])[0]}' has no "
                              f"flag '{flag}'"]


def test_unknown_commands_are_flagged():
    assert problems("mc lss s3/bucket") == [
        "'mc lss' is not in the table of documented mc commands"]
    # 'mc version' manages bucket versioning: alone, it is not a command of the table
    assert problems("mc version") == [
        "'mc version' is not in the table of documented mc commands"]


@pytest.mark.parametrize("line", [
    # alias
    'mc alias set anonyme https://minio.example.org "" ""',
    "mc alias set --api S3v4 partage https://minio.example.org CLE SECRET",
    "mc alias list s3",
    "mc alias ls",
    "mc alias remove partage",
    "mc alias rm partage",
    # listing and reading
    "mc ls --recursive s3/bucket/BPE/",
    "mc ls -r --summarize s3/bucket",
    "mc tree s3/bucket",
    "mc tree --files --depth 2 s3/bucket",
    "mc du s3/bucket/dossier/",
    "mc du --depth 1 s3/bucket",
    "mc cat s3/bucket/a.txt",
    "mc head -n 5 s3/bucket/a.csv",
    "mc head --lines 5 s3/bucket/a.csv",
    'mc find s3/bucket --name "*.csv"',
    "mc find s3/bucket --name '*.parquet' --larger 10MiB",
    "mc stat s3/bucket/a.csv",
    "mc diff ./dossier s3/bucket/dossier",
    # copying, moving, deleting
    "mc cp a.csv s3/bucket/a.csv",
    "mc cp -r ./dossier/ s3/bucket/dossier/",
    "mc cp --recursive s3/bucket/dossier/ ./dossier/",
    "mc mirror ./dossier s3/bucket/sauvegarde",
    "mc mirror --overwrite --remove ./dossier s3/bucket/sauvegarde",
    "mc mirror --dry-run --remove ./dossier s3/bucket/sauvegarde",
    "mc mv s3/bucket/a.csv s3/bucket/archive/a.csv",
    "mc mv --recursive s3/bucket/a/ s3/bucket/b/",
    "mc rm s3/bucket/a.csv",
    "mc rm -r --force s3/bucket/dossier/",
    "mc rm --recursive --force --dry-run s3/bucket/dossier/",
    # buckets
    "mc mb s3/essai",
    "mc mb --ignore-existing s3/essai",
    "mc rb s3/essai",
    "mc rb --force s3/essai",
    # sharing and anonymous access
    "mc share download s3/bucket/a.csv",
    "mc share download --expire 2h s3/bucket/a.csv",
    "mc share download -E 30m s3/bucket/a.csv",
    "mc share download --recursive --expire 168h s3/bucket/dossier/",
    "mc share upload --expire 1h s3/bucket/depot/a.csv",
    "mc share list download",
    "mc anonymous set download s3/bucket/public/",
    "mc anonymous set none s3/bucket/public/",
    "mc anonymous set-json anonyme.json s3/bucket",
    "mc anonymous get s3/bucket/public/",
    "mc anonymous get-json s3/bucket",
    "mc anonymous list s3/bucket",
    "mc anonymous links --recursive s3/bucket/public/",
    # access keys
    "mc admin accesskey create s3/ --policy policy.json --name traitement "
    "--description 'Chaîne nocturne' --expiry 2026-12-31",
    "mc admin accesskey create s3/ --expiry-duration 720h",
    "mc admin accesskey ls s3/",
    "mc admin accesskey list s3/ --svcacc-only",
    "mc admin accesskey info s3/ CLE",
    "mc admin accesskey edit s3/ CLE --expiry 2027-06-30",
    "mc admin accesskey edit s3/ CLE --policy policy.json",
    "mc admin accesskey disable s3/ CLE",
    "mc admin accesskey enable s3/ CLE",
    "mc admin accesskey rm s3/ CLE",
    "mc admin accesskey remove s3/ CLE",
    # global flags, before or after the command
    "mc --json ls s3/bucket",
    "mc --config-dir /tmp/mc ls s3/bucket",
    "mc ls --quiet --no-color s3/bucket",
    "mc --help",
])
def test_current_forms_are_accepted(line):
    if line == "mc --help":
        # 'mc --help' alone names no command: the table has nothing to say about it
        assert command_path(["--help"]) == ("", 1)
        return
    assert problems(line) == [], line


def test_every_mc_command_of_the_catalogue_passes():
    """Each mc invocation of every snippet.sh: the forms the guide actually teaches."""
    scripts = sorted(SNIPPETS.glob("*/snippet.sh"))
    assert scripts, "no snippet.sh in the catalogue"
    for script in scripts:
        for number, words in mc_invocations(script.read_text(encoding="utf-8")):
            assert check_invocation(words) == [], f"{script}:{number}: mc {' '.join(words)}"


def test_table_spells_flags_as_mc_does():
    """Long flags start with '--', one-letter aliases with '-'; no flag is both global and
    specific to a command (a global flag is accepted everywhere anyway)."""
    for command, flags in COMMANDS.items():
        for flag in flags:
            name = flag.lstrip("-")
            expected = "-" if len(name) == 1 else "--"
            assert flag == expected + name, (command, flag)
            assert flag not in GLOBAL_FLAGS, (command, flag)
    assert not set(DEPRECATED) & set(COMMANDS)


def test_value_of_a_global_flag_is_not_taken_for_the_command():
    assert command_path(["--config-dir", "/tmp/mc", "ls", "s3/bucket"]) == ("ls", 1)
    assert command_path(["share", "download", "--expire", "2h", "s3/b/k"]) == (
        "share download", 2)
