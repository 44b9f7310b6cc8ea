"""A platform's shape for the snippet items: the reader's bucket as its profile names it.

Tasks (``snippets/<task>/task.toml``) name the reader's bucket after the reader,
``utilisateur`` (:data:`READER`): what a platform that names personal buckets after
their owner (``bucketNamePrefix = ""``, Nubonyxia and SSP Cloud) calls it. A profile
whose ``region.data.S3.workingDirectory`` sets another prefix (``user-``) gets its
tasks with that bucket renamed everywhere a run uses it (:func:`shape_task`): the
buckets made and seeded, the placeholders' values, the policies, the expectations.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from nubodoc.catalogue.task import Task
from nubodoc.platform.facts import load_platform_facts
from nubodoc.platform.profiles import DEFAULT_PROFILE, working_directory

#: The reader's user name, which tasks use as the name of the reader's bucket.
READER = "utilisateur"


@dataclass(frozen=True)
class PlatformShape:
    """What of a platform's profile the snippet items run under."""

    #: The profile's name (``sspcloud``).
    name: str
    #: The reader's personal bucket, as the platform names it.
    reader_bucket: str


#: The shape of tasks as written: the reader's bucket named after the reader.
DEFAULT_SHAPE = PlatformShape(DEFAULT_PROFILE, READER)


@functools.cache
def _shape_of(path: Path, modified: float) -> PlatformShape:
    facts = load_platform_facts(path)
    prefix = working_directory(facts.region).get("bucketNamePrefix", "")
    return PlatformShape(facts.name, f"{prefix}{READER}")


def platform_shape(path: Path) -> PlatformShape:
    """The shape of the platform whose profile is *path* (read once while unchanged)."""
    return _shape_of(path, path.stat().st_mtime)


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
