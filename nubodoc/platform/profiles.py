"""Platform profiles: which facts file a build uses, its Onyxia region part, its edition tags.

A profile is a facts file, ``platforms/<name>.toml`` (:mod:`nubodoc.platform.facts`).
Where it states what Onyxia's own region configuration states, it says it with Onyxia's
names and shapes, in a ``[region]`` table as onyxia-api serves it at
``GET /api/public/regions`` (``region.data.S3``: ``URL``, ``region``, ``pathStyleAccess``,
``sts.durationSeconds``, ``workingDirectory`` with ``bucketMode``, ``bucketNamePrefix``,
``bucketNamePrefixGroup``, ``bookmarkedDirectories``), so that a platform team fills it
from the values it deploys. Each leaf of ``[region]`` has its evidence in
``[region_evidence."<dotted.path>"]``. This module holds the pure functions on that part:
the leaves, the facts the pages derive from them (:data:`REGION_FACTS`), and the Sphinx
tags an edition's pages are conditioned on (:func:`edition_tags`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

#: The environment variable naming the profile a build or a run uses.
PROFILE_VARIABLE = "NUBODOC_PLATFORM"
#: The profile used when :data:`PROFILE_VARIABLE` is unset.
DEFAULT_PROFILE = "nubonyxia"

_S3 = "data.S3"
_WORKING = f"{_S3}.workingDirectory"
#: Lists compared as one value (their items have no evidence of their own).
_WHOLE = {f"{_S3}.bookmarkedDirectories"}


def selected_profile(environ: dict | None = None) -> str:
    """The profile's name: :data:`PROFILE_VARIABLE`, or :data:`DEFAULT_PROFILE`."""
    environ = os.environ if environ is None else environ
    return environ.get(PROFILE_VARIABLE) or DEFAULT_PROFILE


def profile_path(root: Path | str, name: str) -> Path:
    """The facts file of profile *name* under the folder *root* (where ``conf.py`` is).

    *name* may also be a profile's file itself (``/elsewhere/myplatform.toml``).
    """
    if name.endswith(".toml"):
        return Path(root) / name
    return Path(root) / "platforms" / f"{name}.toml"


def region_leaves(region: dict, prefix: str = "") -> dict[str, object]:
    """Each leaf of *region* by its dotted path (``data.S3.URL``); bookmark lists whole."""
    leaves = {}
    for key, value in region.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in _WHOLE:
            leaves |= region_leaves(value, f"{path}.")
        else:
            leaves[path] = value
    return leaves


def duration_text(seconds: int) -> str:
    """A token lifetime in French: ``24 heures`` up to two days, ``7 jours`` beyond."""
    hours, days = seconds / 3600, seconds / 86400
    if hours <= 48 or not days.is_integer():
        shown = int(hours) if hours.is_integer() else round(hours, 1)
        return f"{shown} heure" if shown == 1 else f"{shown} heures"
    return f"{int(days)} jours"


def _host(leaves: dict) -> str:
    return urlsplit(str(leaves[f"{_S3}.URL"])).netloc


def _lifetime(leaves: dict) -> str:
    seconds = leaves.get(f"{_S3}.sts.durationSeconds")
    return duration_text(int(seconds)) if seconds else "sans objet : pas d'identifiants STS"


def _addressing(leaves: dict) -> str:
    if leaves.get(f"{_S3}.pathStyleAccess", True):
        return "par chemin (https://<hôte>/<bucket>/<objet>)"
    return "par hôte virtuel (https://<bucket>.<hôte>/<objet>)"


def _bucket(prefix_key: str, who: str):
    return lambda leaves: f"`{leaves.get(prefix_key, '')}<{who}>`"


#: Facts the pages state that Onyxia's region configuration holds: name -> (title, the
#: leaf it comes from, how its text is made from the leaves).
REGION_FACTS = {
    "s3_endpoint": ("Adresse du serveur S3 (sans https://)", f"{_S3}.URL", _host),
    "sts_lifetime": ("Durée de vie des identifiants temporaires (jeton STS)",
                     f"{_S3}.sts.durationSeconds", _lifetime),
    "s3_addressing": ("Adressage des buckets", f"{_S3}.pathStyleAccess", _addressing),
    "personal_bucket_pattern": ("Nom du bucket personnel", f"{_WORKING}.bucketNamePrefix",
                                _bucket(f"{_WORKING}.bucketNamePrefix", "identifiant")),
    "group_bucket_pattern": ("Nom d'un bucket de projet", f"{_WORKING}.bucketNamePrefixGroup",
                             _bucket(f"{_WORKING}.bucketNamePrefixGroup", "projet")),
}


def region_fact_values(region: dict) -> dict[str, tuple[str, str, str]]:
    """name -> (title, leaf path, text) for each of :data:`REGION_FACTS` *region* allows.

    A fact needs its leaf, except the STS lifetime, which says there is none.
    """
    leaves = region_leaves(region)
    if f"{_S3}.URL" not in leaves:
        return {}
    values = {}
    for name, (title, leaf, make) in REGION_FACTS.items():
        if leaf in leaves or name == "sts_lifetime":
            values[name] = (f"{title} — region.{leaf}", leaf, make(leaves))
    return values


def working_directory(region: dict) -> dict:
    """``region.data.S3.workingDirectory``, empty when the profile has none."""
    return region.get("data", {}).get("S3", {}).get("workingDirectory", {})


def sts_seconds(region: dict) -> int | None:
    """``sts.durationSeconds``: the temporary credentials' lifetime, None without STS."""
    sts = region.get("data", {}).get("S3", {}).get("sts")
    return int(sts["durationSeconds"]) if sts and "durationSeconds" in sts else None


#: Facts whose confirmed presence tags an edition: fact name -> tag. A folder every user
#: can read (``diffusion/`` on SSP Cloud); shared buckets with keys of their own; a CA of
#: the platform's own, which the reader fetches.
FACT_TAGS = {"public_folder": "public_folder", "shared_bucket_keys": "shared_bucket_keys",
             "tls_ca_url": "private_ca"}


def edition_tags(name: str, region: dict, confirmed: set[str]) -> set[str]:
    """The Sphinx tags the pages' ``{only}`` blocks test, from profile *name*'s facts.

    ``platform_<name>``; ``sts`` when the platform hands out temporary credentials;
    ``path_style`` or ``virtual_host``; ``group_buckets`` when buckets are made per
    project; ``fact_<name>`` for each fact the profile confirms (*confirmed*, fact
    names), and the tags :data:`FACT_TAGS` gives some of them.
    """
    tags = {f"platform_{name}"}
    s3 = region.get("data", {}).get("S3", {})
    if sts_seconds(region):
        tags.add("sts")
    tags.add("path_style" if s3.get("pathStyleAccess", True) else "virtual_host")
    if working_directory(region).get("bucketNamePrefixGroup"):
        tags.add("group_buckets")
    tags |= {f"fact_{fact}" for fact in confirmed}
    tags |= {tag for fact, tag in FACT_TAGS.items() if fact in confirmed}
    return tags
