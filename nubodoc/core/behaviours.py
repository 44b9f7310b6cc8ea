"""Server behaviours a task's output may depend on: the vocabulary shared by tasks and targets.

A task names, under ``depends_on`` in ``task.toml`` (``[expect]`` or one variant's
table), the behaviours its shown output depends on; the judge checks each on every
target (:mod:`nubodoc.harness.dependencies`). A target's
:class:`~nubodoc.targets.protocol.KnownDifference` may name the behaviour it concerns:
an item depending on it is then that difference's expected failure.
"""

from __future__ import annotations

from enum import Enum


class Behaviour(Enum):
    """One behaviour of S3 a shown output depends on; the value is its name in ``task.toml``."""

    LISTING_ORDER = "listing-order"
    KEY_ENCODING = "key-encoding"
    ERROR_CODE = "error-code"

    @property
    def label(self) -> str:
        """What the behaviour is, in English, as a judge's message says it."""
        return _LABELS[self]

    @property
    def phrase(self) -> str:
        """What the output depends on, in French, as a page says it."""
        return _PHRASES[self]


_LABELS = {
    Behaviour.LISTING_ORDER: "keys listed in S3's byte order",
    Behaviour.KEY_ENCODING: "keys shown decoded, as stored (not URL-encoded)",
    Behaviour.ERROR_CODE: "the exact S3 error code",
}

_PHRASES = {
    Behaviour.LISTING_ORDER: "de l'ordre dans lequel le serveur liste les clés (celui de S3 : "
                             "l'ordre de leurs octets)",
    Behaviour.KEY_ENCODING: "du décodage des clés listées (accents et espaces affichés tels "
                            "quels, jamais encodés pour une URL)",
    Behaviour.ERROR_CODE: "du code d'erreur exact que renvoie le serveur",
}

#: Every name ``depends_on`` accepts in ``task.toml``.
BEHAVIOUR_NAMES = tuple(behaviour.value for behaviour in Behaviour)
