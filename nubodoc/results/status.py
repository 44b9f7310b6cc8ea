"""One short sentence, in French, saying how a tab's code was verified: from the store only."""

from __future__ import annotations

from nubodoc.results.store import FAILED, PASSED, SKIPPED, Result

NO_RESULT = "Pas de résultat enregistré pour ce code : rien ne dit qu'il a été exécuté."


def _date(result: Result) -> str:
    return result.when.strftime("%d/%m/%Y")


def _versions(result: Result) -> str:
    return ", ".join(f"{name} {version}" for name, version in result.versions.items())


def status_line(result: Result | None, also_passed: list[Result] = ()) -> str:
    """« Exécuté le 29/11/2026 sur … — Python 3.11.2, s3fs 2026.9.0 », or what is true.

    *also_passed* are current passing runs of the same file on other servers: they
    are named too.
    """
    if result is None:
        return NO_RESULT
    server = result.server or "un serveur S3"
    if result.outcome == PASSED:
        others = [other.server for other in also_passed
                  if other.server and other.server != result.server]
        if others:
            server = ", ".join([server, *others[:-1]]) + f" et {others[-1]}"
        versions = _versions(result)
        return (f"Exécuté le {_date(result)} sur {server}"
                + (f" — {versions}" if versions else ""))
    if result.outcome == FAILED:
        return f"Échec de la dernière exécution, le {_date(result)}, sur {server}"
    if result.outcome == SKIPPED and result.server:
        return f"Non exécuté sur {result.server}, qui ne le permet pas ({_date(result)})"
    checked_by = result.checked_by or "le code n'a pas été vérifié"
    return f"Non exécuté ici : {checked_by} ({_date(result)})"
