"""A platform's shape for the snippet items: the reader's bucket as its profile names it.

Tasks (``snippets/<task>/task.toml``) name the reader's bucket after the reader,
``utilisateur`` (:data:`READER`): what a platform that names personal buckets after
their owner (``bucketNamePrefix = ""``, Nubonyxia and SSP Cloud) calls it. A profile
whose ``region.data.S3.workingDirectory`` sets another prefix (``user-``) gets its
tasks with that bucket renamed everywhere a run uses it (:func:`shape_task`): the
buckets made and seeded, the placeholders' values, the policies, the expectations.

Beyond the bucket name, a shape holds what a target serving that platform hands out
(the sandbox's :meth:`~nubodoc.targets.sandbox.Sandbox.take_shape`): temporary
credentials of the profile's lifetime (``sts.durationSeconds``), or static keys when
the profile has no STS; a folder every user may read in every bucket (SSP Cloud's
``diffusion/``, :func:`other_user_policy`); the addressing style. The sandbox serves on
``127.0.0.1``, whose bucket subdomains no client resolves: it stays path-style whatever
the profile says (moto itself answers virtual-host requests on a dotted host name).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from nubodoc.catalogue.task import Task
from nubodoc.platform.facts import load_platform_facts
from nubodoc.platform.profiles import (
    DEFAULT_PROFILE,
    profile_path,
    selected_profile,
    sts_seconds,
    working_directory,
)

#: The reader's user name, which tasks use as the name of the reader's bucket.
READER = "utilisateur"
#: Temporary credentials' lifetime where no profile says otherwise (Nubonyxia's).
DEFAULT_STS_SECONDS = 24 * 3600
#: A folder name in backquotes, as the ``public_folder`` fact writes it (``diffusion/``).
_FOLDER = re.compile(r"`([\w.-]+/)`")


@dataclass(frozen=True)
class PlatformShape:
    """What of a platform's profile the snippet items run under."""

    #: The profile's name (``sspcloud``).
    name: str
    #: The reader's personal bucket, as the platform names it.
    reader_bucket: str
    #: The lifetime of the reader's temporary credentials; None: no STS, static keys.
    sts_seconds: int | None = DEFAULT_STS_SECONDS
    #: A folder every user may read in every bucket (``diffusion/``), or None.
    public_folder: str | None = None
    #: Whether buckets are addressed by path (``pathStyleAccess``).
    path_style: bool = True


#: The shape of tasks as written: the reader's bucket named after the reader.
DEFAULT_SHAPE = PlatformShape(DEFAULT_PROFILE, READER)


def _public_folder(facts) -> str | None:
    """The folder of the confirmed ``public_folder`` fact, from its backquoted name."""
    fact = facts.facts.get("public_folder")
    if fact is None or fact.evidence is None or fact.evidence.unconfirmed:
        return None
    found = _FOLDER.search(str(fact.evidence.value))
    return found.group(1) if found else None


@functools.cache
def _shape_of(path: Path, modified: float) -> PlatformShape:
    facts = load_platform_facts(path)
    prefix = working_directory(facts.region).get("bucketNamePrefix", "")
    return PlatformShape(
        facts.name, f"{prefix}{READER}", sts_seconds=sts_seconds(facts.region),
        public_folder=_public_folder(facts),
        path_style=bool(facts.region.get("data", {}).get("S3", {}).get("pathStyleAccess", True)))


def platform_shape(path: Path) -> PlatformShape:
    """The shape of the platform whose profile is *path* (read once while unchanged)."""
    return _shape_of(path, path.stat().st_mtime)


def selected_shape(snippets_root: Path) -> PlatformShape:
    """The selected profile's shape (``NUBODOC_PLATFORM``), from ``platforms/`` beside the
    snippets folder *snippets_root*; the default shape where there is no such file."""
    path = profile_path(Path(snippets_root).parent, selected_profile())
    return platform_shape(path) if path.is_file() else DEFAULT_SHAPE


def _renamer(new: str):
    """Replace :data:`READER` as a bucket name (not inside another word or file name)."""
    pattern = re.compile(rf"(?<![\w-]){READER}(?![\w-])")
    return lambda text: pattern.sub(new, text)


def _renamed(value, rename):
    if isinstance(value, str):
        return rename(value)
    if isinstance(value, tuple):
        return tuple(_renamed(item, rename) for item in value)
    if isinstance(value, list):
        return [_renamed(item, rename) for item in value]
    if isinstance(value, dict):
        return {_renamed(key, rename): _renamed(item, rename) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _renamed(getattr(value, f.name), rename)
                   for f in dataclasses.fields(value) if f.init and f.name != "name"}
        return dataclasses.replace(value, **changes)
    return value


def shape_task(task: Task, shape: PlatformShape) -> Task:
    """*task* as it runs on *shape*'s platform: the reader's bucket renamed where it differs."""
    if shape.reader_bucket == READER:
        return task
    return _renamed(task, _renamer(shape.reader_bucket))


def other_user_policy(shape: PlatformShape, bucket: str) -> dict:
    """The rights of another user of *shape*'s platform, whose personal bucket is *bucket*.

    All of their own bucket; and, where the platform has a public folder, reading
    (``s3:GetObject``) that folder in every bucket, as SSP Cloud's users read each
    other's ``diffusion/``. Nothing else of the reader's bucket.
    """
    statements = [{"Effect": "Allow", "Action": "s3:*",
                   "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]
    if shape.public_folder:
        statements.append({"Effect": "Allow", "Action": "s3:GetObject",
                           "Resource": f"arn:aws:s3:::*/{shape.public_folder}*"})
    return {"Version": "2012-10-17", "Statement": statements}
