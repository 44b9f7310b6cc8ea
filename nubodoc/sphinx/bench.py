"""Sphinx extension: the guide's performance figures, read from ``bench/results.json``.

``nox -s bench`` measures; this extension shows. Pages use:

- substitutions ``{{ bench_date }}``, ``{{ bench_machine }}`` and one per ratio
  (``{{ bench_parquet_deux_colonnes }}`` …), each « 0,12 fois » or « non mesuré »;
- verdicts (``{{ bench_verdict_outils }}`` …) that call a setting faster only when its
  range of times [min, max] is clear of the others' (:mod:`nubodoc.bench_claims`);
- the directive ``{nubodoc-bench} formats`` (or ``outils``, ``telechargements``,
  ``envois``, ``partitions``): a table of the measured medians with their min and max (and, for the
  formats, the megabytes the server sent).

So the advice on a page and the figures under it never drift apart: both come
from the same file, with its date and machine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from nubodoc.bench_claims import fastest_claim, settings_claim
from nubodoc.sphinx.freshness import file_fingerprint, note
from nubodoc.sphinx.state import confdir

NOT_MEASURED = "non mesuré"

#: The engines of the partitioned read, and their names on the page.
PARTITION_ENGINES = {"pyarrow": "pyarrow.dataset", "polars": "polars", "duckdb": "DuckDB",
                     "spark": "Spark"}
#: Table name -> section of ``reading`` in results.json, and (key, French label) rows.
TABLES = {
    "formats": ("formats", [
        ("csv_all_columns", "CSV, toutes les colonnes (pandas + s3fs)"),
        ("csv_two_columns", "CSV, deux colonnes (usecols)"),
        ("parquet_all_columns", "Parquet, toutes les colonnes"),
        ("parquet_two_columns", "Parquet, deux colonnes (columns)"),
    ]),
    "telechargements": ("downloads", [
        ("raw_get", "GET HTTPS brut (plafond de la machine)"),
        ("s3fs_cat", "s3fs fs.cat"),
        ("boto3_download_file", "boto3 download_file"),
        ("s3fs_open_read_block_5mib", "s3fs open().read(), blocs de 5 Mio"),
        ("s3fs_open_read_block_default_50mib", "s3fs open().read(), blocs par défaut (50 Mio)"),
        ("s3fs_open_read_block_200mib", "s3fs open().read(), blocs de 200 Mio"),
    ]),
    "outils": ("tools", [
        ("pandas_s3fs", "pandas (s3fs)"),
        ("polars", "polars"),
        ("pyarrow", "pyarrow"),
        ("duckdb", "DuckDB"),
    ]),
    "envois": ("uploads", [
        ("single_put", "un seul PUT"),
        ("multipart_8mib_1_threads", "multipart, parts de 8 Mio, 1 fil"),
        ("multipart_8mib_4_threads", "multipart, parts de 8 Mio, 4 fils"),
        ("multipart_32mib_1_threads", "multipart, parts de 32 Mio, 1 fil"),
        ("multipart_32mib_4_threads", "multipart, parts de 32 Mio, 4 fils"),
        ("multipart_64mib_1_threads", "multipart, parts de 64 Mio, 1 fil"),
        ("multipart_64mib_4_threads", "multipart, parts de 64 Mio, 4 fils"),
    ]),
    "partitions": ("partitions", [
        (f"{engine}_{read}", f"{label}, {how}")
        for engine, label in PARTITION_ENGINES.items()
        for read, how in (("full", "tout le jeu de données"),
                          ("filtered", "filtré sur DEP = 06"))
    ]),
}
#: Table name -> the part of results.json holding its figures, where not ``reading``.
TABLE_PARTS = {"partitions": "partitions"}

#: Substitution name -> (section, ratio key in that section).
RATIOS = {
    "bench_parquet_deux_colonnes": ("formats", "ratio_parquet_two_to_csv_all"),
    "bench_parquet_toutes_colonnes": ("formats", "ratio_parquet_all_to_csv_all"),
    "bench_cat": ("downloads", "ratio_s3fs_cat"),
    "bench_download_file": ("downloads", "ratio_boto3_download_file"),
    "bench_blocs_5": ("downloads", "ratio_s3fs_open_read_block_5mib"),
    "bench_blocs_50": ("downloads", "ratio_s3fs_open_read_block_default_50mib"),
    "bench_blocs_200": ("downloads", "ratio_s3fs_open_read_block_200mib"),
    "bench_multipart_8_4": ("uploads", "ratio_multipart_8mib_4_threads"),
    "bench_multipart_64_1": ("uploads", "ratio_multipart_64mib_1_threads"),
    "bench_polars": ("tools", "ratio_polars"),
    "bench_pyarrow": ("tools", "ratio_pyarrow"),
    "bench_duckdb": ("tools", "ratio_duckdb"),
}


def french_number(value: float, decimals: int = 2) -> str:
    """*value* written the French way: decimal comma, narrow no-break thousands space."""
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return text


def load_results(confdir: str) -> dict:
    """``bench/results.json`` beside ``conf.py``, or an empty dict if it was never written."""
    path = results_path(confdir)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


#: Targets whose figures the advice quotes, the real server first.
PREFERRED_TARGETS = ("seaweedfs", "sandbox")


def measured_targets(results: dict, part: str = "reading",
                     section: str = "formats") -> dict[str, dict]:
    """Target name -> its figures in *part*, for the targets where *section* was measured."""
    return {name: figures for name, figures in results.get(part, {}).items()
            if section in figures}


def quoted_figures(results: dict) -> dict:
    """The figures the advice quotes: the real server's where measured, else the sandbox's."""
    measured = measured_targets(results)
    return next((measured[name] for name in PREFERRED_TARGETS if name in measured), {})


def substitutions(results: dict) -> dict[str, str]:
    """The MyST substitutions the pages use, « non mesuré » where a figure is missing."""
    reading = quoted_figures(results)
    machine = results.get("machine", {})
    values = {name: (f"{french_number(reading[section][key])} fois"
                     if key in reading.get(section, {}) else NOT_MEASURED)
              for name, (section, key) in RATIOS.items()}
    sizes = reading.get("sizes", {})
    date = results.get("date", "")[:10]
    values["bench_date"] = ("/".join(reversed(date.split("-"))) if len(date) == 10
                            else NOT_MEASURED)
    values["bench_machine"] = (
        f"{machine['cores']} cœurs, {french_number(machine['memory_gib'], 1)} Gio, "
        f"Python {machine['python']}" if machine else NOT_MEASURED)
    values["bench_csv_mo"] = (french_number(sizes["csv_megabytes"], 0) + " Mo"
                              if sizes else NOT_MEASURED)
    values["bench_parquet_mo"] = (french_number(sizes["parquet_megabytes"], 0) + " Mo"
                                  if sizes else NOT_MEASURED)
    values["bench_lignes"] = french_number(sizes["rows"], 0) if sizes else NOT_MEASURED
    values["bench_serveur"] = reading.get("server", NOT_MEASURED)
    for name, key in SERVED.items():
        served = reading.get("formats", {}).get(key, {}).get("served_megabytes")
        values[name] = NOT_MEASURED if served is None else french_number(served, 1) + " Mo"
    for name, (section, labels, compared) in VERDICTS.items():
        values[name] = fastest_claim(reading.get(section, {}), labels, compared)
    values["bench_reglages"] = settings_claim(reading)
    return values | partition_substitutions(results)


def partition_substitutions(results: dict) -> dict[str, str]:
    """The partitioned read's figures: files, size, and each engine's filtered / full ratio
    of durations and of bytes sent by the server."""
    measured = measured_targets(results, "partitions", "partitions")
    chosen = next((measured[name] for name in PREFERRED_TARGETS if name in measured), {})
    sizes, figures = chosen.get("sizes"), chosen.get("partitions", {})
    values = {
        "bench_partitions_fichiers": french_number(sizes["files"], 0) if sizes else NOT_MEASURED,
        "bench_partitions_gardes": (french_number(sizes["files_kept"], 0) if sizes
                                    else NOT_MEASURED),
        "bench_partitions_mo": french_number(sizes["megabytes"], 0) + " Mo" if sizes
        else NOT_MEASURED,
        "bench_partitions_lignes": french_number(sizes["rows"], 0) if sizes else NOT_MEASURED,
        "bench_partitions_serveur": chosen.get("server", NOT_MEASURED),
    }
    for engine in PARTITION_ENGINES:
        full, filtered = figures.get(f"{engine}_full"), figures.get(f"{engine}_filtered")
        values[f"bench_partitions_{engine}"] = (
            f"{french_number(filtered['median'] / full['median'])} fois" if full and filtered
            else NOT_MEASURED)
        values[f"bench_partitions_octets_{engine}"] = (
            f"{french_number(filtered['served_megabytes'], 1)} Mo au lieu de "
            f"{french_number(full['served_megabytes'], 1)} Mo" if full and filtered
            else NOT_MEASURED)
        values[f"bench_partitions_processus_{engine}"] = (
            seconds_range(filtered["process"]) if filtered and "process" in filtered
            else NOT_MEASURED)
    spark = figures.get("spark_filtered", {})
    values["bench_partitions_session_spark"] = (seconds_range(spark["setup"])
                                                if "setup" in spark else NOT_MEASURED)
    return values | _get_substitutions(measured)


def seconds_range(figure: dict) -> str:
    """« 41 s (38 – 45 s) »: a median and its range, in whole seconds below 10 s excepted."""
    decimals = 0 if figure["median"] >= 10 else 1
    return (f"{french_number(figure['median'], decimals)}\u00a0s "
            f"({french_number(figure['min'], decimals)} – "
            f"{french_number(figure['max'], decimals)}\u00a0s)")


def _get_substitutions(measured: dict[str, dict]) -> dict[str, str]:
    """GET requests of each engine's reads, from the first target that counted them."""
    counted = next((results for results in measured.values()
                    if any("fetched" in figure for figure in results["partitions"].values()
                           if isinstance(figure, dict))), {})
    figures = counted.get("partitions", {})
    values = {"bench_partitions_get_serveur": counted.get("server", NOT_MEASURED)}
    for engine in PARTITION_ENGINES:
        full = figures.get(f"{engine}_full", {}).get("fetched")
        filtered = figures.get(f"{engine}_filtered", {}).get("fetched")
        values[f"bench_partitions_get_{engine}"] = (
            f"{_gets(filtered)} (lecture entière : {_gets(full)})" if full and filtered
            else NOT_MEASURED)
    return values


def _gets(fetched: dict) -> str:
    return (f"{french_number(fetched['requests'], 0)}\u00a0GET sur "
            f"{french_number(fetched['objects'], 0)}\u00a0fichier"
            f"{'s' if fetched['objects'] > 1 else ''}")


#: Substitution name -> the format read whose megabytes sent by the server it gives.
SERVED = {"bench_octets_csv": "csv_all_columns",
          "bench_octets_csv_deux_colonnes": "csv_two_columns",
          "bench_octets_parquet_toutes_colonnes": "parquet_all_columns",
          "bench_octets_parquet_deux_colonnes": "parquet_two_columns"}


#: Block sizes and upload settings, as the advice names the fastest of them.
BLOCK_LABELS = {
    "s3fs_open_read_block_5mib": "5 Mio",
    "s3fs_open_read_block_default_50mib": "50 Mio (la valeur par défaut)",
    "s3fs_open_read_block_200mib": "200 Mio",
}
TOOL_LABELS = dict(TABLES["outils"][1])
UPLOAD_LABELS = {
    "single_put": "un seul PUT",
    **{f"multipart_{size}mib_{threads}_threads":
       f"parties de {size} Mio sur {threads} fil{'s' if threads > 1 else ''}"
       for size in (8, 32, 64) for threads in (1, 4)},
}
#: Verdict substitution -> (section, labels of the figures compared, what they are).
VERDICTS = {
    "bench_verdict_formats": ("formats", dict(TABLES["formats"][1]), "façons de lire la table"),
    "bench_verdict_outils": ("tools", TOOL_LABELS, "outils"),
    "bench_verdict_blocs": ("downloads", BLOCK_LABELS, "tailles de blocs"),
    "bench_verdict_envois": ("uploads", UPLOAD_LABELS, "façons d'envoyer"),
}


def figure_cell(figure: dict) -> str:
    """« 0,37 s (0,36 – 0,47 s) », and the megabytes the server sent where counted."""
    cell = (f"{french_number(figure['median'])}\u00a0s ({french_number(figure['min'])} – "
            f"{french_number(figure['max'])}\u00a0s)")
    if "served_megabytes" in figure:
        cell += f", {french_number(figure['served_megabytes'], 1)}\u00a0Mo reçus"
    if "fetched" in figure:
        cell += f", {_gets(figure['fetched'])}"
    return cell


#: ``{{ bench_date }}``, ``{{bench_machine}}``…: a figure's substitution, as MyST writes it.
_FIGURE = re.compile(r"\{\{\s*(" + "|".join(map(re.escape, substitutions({})))
                     + r")\s*\}\}")


def fill_figures(app: Sphinx, docname: str, source: list[str]) -> None:
    """Write the figures into a page that uses their substitutions, as MyST would, and
    have the page read again when ``bench/results.json`` changes.

    Written into the page's source (Sphinx's ``source-read``), not given to MyST in
    ``myst_substitutions``: new figures would change the configuration, and Sphinx reads
    every page again when it changes.
    """
    if not _FIGURE.search(source[0]):
        return
    path = str(results_path(app.confdir))
    note(app.env, file_fingerprint(app, path), "file", path)
    figures = substitutions(load_results(app.confdir))
    source[0] = _FIGURE.sub(lambda match: figures[match.group(1)], source[0])


def results_path(confdir: str) -> Path:
    """``bench/results.json`` beside ``conf.py``."""
    return Path(confdir) / "bench" / "results.json"


class BenchTableDirective(SphinxDirective):
    """``{nubodoc-bench} formats``: the medians of one part of the measurements."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """A two-column table, or a paragraph saying the figures were not measured."""
        name = self.arguments[0]
        if name not in TABLES:
            raise self.error(f"unknown benchmark table '{name}' (known: {', '.join(TABLES)})")
        folder = confdir(self.env)
        path = str(results_path(folder))
        note(self.env, file_fingerprint(None, path), "file", path)
        section, rows = TABLES[name]
        measured = measured_targets(load_results(folder), TABLE_PARTS.get(name, "reading"),
                                    section)
        if not measured:
            text = "Ces mesures n'ont pas encore été faites (nox -s bench)."
            return [nodes.paragraph(text, text)]
        table = nodes.table(classes=["nubodoc-bench"])
        group = nodes.tgroup(cols=1 + len(measured))
        table += group
        group += [nodes.colspec(colwidth=3)] + [nodes.colspec(colwidth=1) for _ in measured]
        head = nodes.thead()
        head += self._row("Méthode", *(f"Durée médiane (min – max), {figures['server']}"
                                      for figures in measured.values()))
        body = nodes.tbody()
        for key, label in rows:
            cells = [figure_cell(figures[section][key]) if key in figures[section]
                     else NOT_MEASURED for figures in measured.values()]
            body += self._row(label, *cells)
        group += [head, body]
        return [table]

    @staticmethod
    def _row(*cells: str) -> nodes.row:
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text, text)
            row += entry
        return row


def setup_bench(app: Sphinx) -> None:
    """Register the substitutions, the pages that use them, and the table directive."""
    app.connect("source-read", fill_figures)
    app.add_directive("nubodoc-bench", BenchTableDirective)
