"""How a tab's code was verified, from the store only: as data (:class:`Status`), for a
badge, and as one short French sentence (:func:`sentence`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_date

from nubodoc.results.store import BUILD, FAILED, MAINTAINER, PASSED, SKIPPED, Result

NO_RESULT = "Pas de résultat enregistré pour ce code : rien ne dit qu'il a été exécuté."
#: Where a committed result was obtained, as the sentence says it.
ORIGIN_WORDS = {MAINTAINER: "sur le poste d'un mainteneur", "ci": "par la CI de la plateforme"}


@dataclass(frozen=True)
class Status:
    """What the store says of one tab's code: the shown result's outcome and provenance."""

    #: ``passed``, ``failed``, ``parsed``, ``static``, ``skipped``, or None (no result).
    outcome: str | None
    when: datetime | None = None
    #: ``build``, ``maintainer`` or ``ci`` (:data:`~nubodoc.results.store.ORIGINS`).
    origin: str = BUILD
    #: Every server the code passed on, the shown result's first.
    servers: tuple[str, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)
    #: What checked a file not run, or why a server refused it.
    checked_by: str | None = None
    refused_by_server: bool = False
    #: When the files of a committed result changed, if one is stale.
    stale_since: datetime | None = None


def status_of(result: Result | None, also_passed: list[Result] = (),
              stale_since: datetime | None = None) -> Status:
    """The :class:`Status` of *result*; *also_passed* are current passing runs of the same
    file on other servers, named too; *stale_since*: a stale committed result's date."""
    if result is None:
        return Status(None, stale_since=stale_since)
    servers = [result.server or "un serveur S3"]
    if result.outcome == PASSED:
        servers += [other.server for other in also_passed
                    if other.server and other.server not in servers
                    and other.origin == result.origin]
    return Status(result.outcome, result.when, result.origin, tuple(servers),
                  dict(result.versions), result.checked_by,
                  result.outcome == SKIPPED and result.server is not None, stale_since)


def _date(when: datetime) -> str:
    return when.strftime("%d/%m/%Y")


def _long_date(when: datetime) -> str:
    """« 5 décembre 2026 »."""
    return format_date(when, format="long", locale="fr")


def _listed(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" et {names[-1]}"


def sentence(status: Status) -> str:
    """« Exécuté le 29/11/2026 sur … — Python 3.11.2, s3fs 2026.9.0 », or what is true."""
    text = _main_sentence(status)
    if status.stale_since is not None:
        text += (" ; résultat enregistré périmé depuis la modification du "
                 f"{_long_date(status.stale_since)}")
    return text


def _main_sentence(status: Status) -> str:
    if status.outcome is None:
        return NO_RESULT
    versions = ", ".join(f"{name} {version}" for name, version in status.versions.items())
    if status.outcome == PASSED and status.origin in ORIGIN_WORDS:
        where = ORIGIN_WORDS[status.origin] + (f" ({versions})" if versions else "")
        return f"Exécuté le {_long_date(status.when)} {where}, sur {_listed(status.servers)}"
    if status.outcome == PASSED:
        return (f"Exécuté le {_date(status.when)} sur {_listed(status.servers)}"
                + (f" — {versions}" if versions else ""))
    if status.outcome == FAILED:
        return f"Échec de la dernière exécution, le {_date(status.when)}, sur {status.servers[0]}"
    if status.refused_by_server:
        return f"Non exécuté sur {status.servers[0]}, qui ne le permet pas ({_date(status.when)})"
    checked_by = status.checked_by or "le code n'a pas été vérifié"
    return f"Non exécuté ici : {checked_by} ({_date(status.when)})"


def status_line(result: Result | None, also_passed: list[Result] = (),
                stale_since: datetime | None = None) -> str:
    """The sentence of :func:`status_of` (*result*, *also_passed*, *stale_since*)."""
    return sentence(status_of(result, also_passed, stale_since))


#: A run's outcome in a few words, for one cell of the results matrix.
_OUTCOME_WORDS = {
    PASSED: "exécuté, réussi",
    FAILED: "exécuté, en échec",
    SKIPPED: "non exécuté",
}


def short_status(result: Result | None) -> str:
    """« exécuté, réussi (04/12/2026) », or that there is no result: one matrix cell's text."""
    if result is None:
        return "aucun résultat à jour"
    if result.outcome == FAILED and result.seconds is None:
        words = "en échec"
    elif result.outcome in _OUTCOME_WORDS:
        words = _OUTCOME_WORDS[result.outcome]
    else:
        words = f"non exécuté : {result.checked_by or 'non vérifié'}"
    return f"{words} ({_date(result.when)})"
