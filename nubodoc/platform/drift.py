"""The drift check: a profile's ``[region]`` against an Onyxia instance's public regions.

onyxia-api answers ``GET /api/public/regions`` with its list of regions, the first being
the default (InseeFrLab/onyxia-api ``onyxia-api/src/main/java/fr/insee/onyxia/api/
controller/pub/RegionsController.java``), each shaped as ``Region.java`` says
(``onyxia-model/src/main/java/fr/insee/onyxia/model/region/Region.java``): ``data.S3``
holds ``URL``, ``region``, ``pathStyleAccess`` (true by default), ``sts`` and
``workingDirectory``. :func:`region_differences` lists each fact the profile states
that the instance states otherwise, or not at all.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from nubodoc.core.errors import NubodocError
from nubodoc.platform.profiles import region_leaves

#: What an absent value is shown as.
ABSENT = "(absent)"
#: Onyxia's defaults for what an answer may leave out (Region.java, doc-config-s3.md).
_DEFAULTS = {"data.S3.pathStyleAccess": True}
_BOOKMARKS = "data.S3.bookmarkedDirectories"


def _problem(location: str, message: str, line: int | None = None) -> NubodocError:
    """An error naming the regions file or address (and its line when known)."""
    where = f"{location}:{line}" if line else location
    return NubodocError(f"{where}: {message}")


def read_regions(location: str) -> list[dict]:
    """The regions of an onyxia-api answer, from a file or an ``http(s)://`` address.

    The answer is a list of regions, or an object holding it under ``regions``.
    """
    try:
        if location.startswith(("http://", "https://")):
            with urllib.request.urlopen(location, timeout=30) as answer:  # noqa: S310
                text = answer.read().decode("utf-8")
        else:
            text = Path(location).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise _problem(location, f"cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise _problem(location, f"invalid JSON: {exc.msg}", exc.lineno) from None
    regions = data.get("regions") if isinstance(data, dict) else data
    if not isinstance(regions, list) or not all(isinstance(r, dict) for r in regions):
        raise _problem(location, "not a list of regions (GET /api/public/regions)")
    return regions


def pick_region(regions: list[dict], region_id: str | None, location: str) -> dict:
    """The region *region_id* of *regions*, or the first (onyxia-api's default)."""
    if not regions:
        raise _problem(location, "holds no region")
    if region_id is None:
        return regions[0]
    for region in regions:
        if region.get("id") == region_id:
            return region
    known = ", ".join(str(region.get("id")) for region in regions)
    raise _problem(location, f"no region '{region_id}' (regions: {known})")


def _comparable(path: str, value):
    """*value* as compared: URLs without a trailing slash, bookmarks by their paths."""
    if path == _BOOKMARKS and isinstance(value, list):
        return sorted(str(item.get("fullPath", "")).strip("/") for item in value)
    if path.endswith(".URL") and isinstance(value, str):
        return value.rstrip("/")
    return value


def region_differences(profile_region: dict, instance_region: dict) -> list[tuple]:
    """(dotted path, the profile's value, the instance's value) for each differing fact."""
    theirs = region_leaves(instance_region)
    differences = []
    for path, ours in region_leaves(profile_region).items():
        value = theirs.get(path, _DEFAULTS.get(path, ABSENT))
        if _comparable(path, ours) != _comparable(path, value):
            differences.append((path, ours, value))
    return differences


def _shown(value) -> str:
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return ", ".join(str(item.get("fullPath")) for item in value) or "[]"
    return value if value == ABSENT else json.dumps(value, ensure_ascii=False)


def difference_lines(name: str, differences: list[tuple]) -> list[str]:
    """One line per difference: the fact, the profile's value and the instance's."""
    return [f"region.{path}: profile {name} says {_shown(ours)}, the instance says "
            f"{_shown(theirs)}" for path, ours, theirs in differences]
