"""What the benchmark figures allow the guide to say, and nothing more.

A figure is a median with the min and max of its runs. Two figures differ only when
their ranges [min, max] do not overlap; otherwise the difference is *within the noise*
of the measure, and no page may call one faster than the other.
"""

from __future__ import annotations

from collections.abc import Mapping


def within_noise(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Whether the [min, max] ranges of two figures overlap."""
    return first["min"] <= second["max"] and second["min"] <= first["max"]


def clearly_faster(first: Mapping[str, float], second: Mapping[str, float]) -> bool:
    """Whether *first* was faster than *second* in every run: its max under their min."""
    return first["max"] < second["min"]


def fastest_claim(figures: Mapping[str, Mapping[str, float]], labels: Mapping[str, str],
                  compared: str) -> str:
    """A French phrase naming the fastest of *labels*' figures only where the ranges allow.

    *compared* names, in the plural, what was compared (« outils », « tailles de blocs »).
    The fastest by median is called faster only than the figures whose ranges are clear of
    its own; those within its noise are named as not distinguished from it.
    """
    measured = {key: figures[key] for key in labels if key in figures}
    if len(measured) < 2:
        return f"pas assez de mesures pour comparer les {compared}"
    best = min(measured, key=lambda key: measured[key]["median"])
    tied = [labels[key] for key in measured
            if key != best and within_noise(measured[best], measured[key])]
    slower = [labels[key] for key in measured
              if key != best and clearly_faster(measured[best], measured[key])]
    if not slower:
        return (f"aucun écart entre {compared} hors du bruit de la mesure : leurs plages, du "
                f"plus court au plus long des essais, se chevauchent")
    claim = f"{labels[best]}, plus rapide à chaque essai {_que(_listed(slower))}"
    if tied:
        claim += (f" ; {_listed(tied)} ne s'en distingue{'nt' if len(tied) > 1 else ''} "
                  f"pas (plages qui se chevauchent)")
    return claim


def _que(text: str) -> str:
    """« que » before *text*, elided before a vowel: « qu'un seul PUT »."""
    return f"qu'{text}" if text[:1].lower() in "aeiouhéèêà" else f"que {text}"


def _listed(names: list[str]) -> str:
    """« a, b et c »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


#: The settings the guide weighs: French name -> (section of the reading figures, keys of
#: the figures that differ only by that setting).
SETTINGS = {
    "le format": ("formats", ("csv_all_columns", "parquet_all_columns")),
    "les colonnes lues": ("formats", ("parquet_all_columns", "parquet_two_columns")),
    "la taille des blocs": ("downloads", ("s3fs_open_read_block_5mib",
                                          "s3fs_open_read_block_default_50mib",
                                          "s3fs_open_read_block_200mib")),
    "l'envoi en plusieurs parties": ("uploads", ("single_put", "multipart_8mib_1_threads",
                                                 "multipart_8mib_4_threads",
                                                 "multipart_32mib_1_threads",
                                                 "multipart_32mib_4_threads",
                                                 "multipart_64mib_1_threads",
                                                 "multipart_64mib_4_threads")),
}


def setting_matters(reading: Mapping, setting: str) -> bool | None:
    """Whether two figures of *setting* differ beyond the noise; None if not measured."""
    section, keys = SETTINGS[setting]
    figures = [reading[section][key] for key in keys if key in reading.get(section, {})]
    if len(figures) < 2:
        return None
    return any(not within_noise(first, second)
               for number, first in enumerate(figures) for second in figures[number + 1:])


def settings_claim(reading: Mapping) -> str:
    """French words ending a sentence: which of :data:`SETTINGS` changed the time beyond
    the noise, and which did not."""
    verdicts = {setting: setting_matters(reading, setting) for setting in SETTINGS}
    mattered = [setting for setting, verdict in verdicts.items() if verdict]
    noise = [setting for setting, verdict in verdicts.items() if verdict is False]
    if not mattered and not noise:
        return "aucune mesure pour l'instant."
    if not noise:
        return f"sur ce banc, {_listed(mattered)} ont changé la durée au-delà du bruit."
    if not mattered:
        return (f"sur ce banc, ni {' ni '.join(noise)} n'ont changé la durée au-delà du "
                f"bruit.")
    verb = "a" if len(mattered) == 1 else "ont"
    return (f"sur ce banc, {_listed(mattered)} {verb} changé la durée au-delà du bruit ; "
            f"pour {_listed(noise)}, les écarts mesurés restent dans le bruit.")
