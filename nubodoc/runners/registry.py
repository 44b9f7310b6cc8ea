"""Where a client is declared, once: its variant record, its runner and its skeleton.

A runner module calls :func:`add_client` for each client it runs; the record goes to the
catalogue's registry (:mod:`nubodoc.catalogue.variants`), the runner to :data:`RUNNERS`.
"""

from __future__ import annotations

from pathlib import Path

from nubodoc.catalogue.variants import Variant, register_variant
from nubodoc.runners.base import Runner

#: The new-file skeletons of the built-in clients, one per file name.
SKELETONS = Path(__file__).parent / "skeletons"

#: Keyed like :data:`nubodoc.catalogue.variants.VARIANT_BY_KEY`: ``python``,
#: ``python-polars``, ``mc-aws``…
RUNNERS: dict[str, Runner] = {}


def add_client(language: str, tool: str, label: str, filename: str, runner: Runner,
               skeleton: Path | None = None) -> Variant:
    """Declare a client: *tool* of *language*, shown in *filename*, run by *runner*.

    *label* names it on the tool row; *skeleton* is the file ``nubodoc new`` starts a
    task's file from (default: ``skeletons/<filename>`` beside this module). The runner
    takes the variant's key as its ``language``.
    """
    variant = register_variant(language, tool, label, filename,
                               skeleton if skeleton is not None else SKELETONS / filename)
    runner.language = variant.key
    RUNNERS[variant.key] = runner
    return variant
