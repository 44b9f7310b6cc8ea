"""A partitioned dataset read whole, then filtered on a partition column, by each engine.

The generated table is written once as hive-style Parquet (``DEP=06/AN=2019/…``). Then
pyarrow.dataset, polars and DuckDB each read it twice, configured as the guide's
snippets (``snippets/lire-jeu-partitionne``) configure them: every row (full scan), and
only ``DEP = '06'`` (filtered read). Every round starts cold in a fresh interpreter
(``python partitions.py ENGINE full|filtered``), as in :mod:`tools`; each read is done
once more, untimed, through a :class:`CountingRelay` to count the bytes the server sent.
Every engine must read the same rows for the same read, else the bench stops.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from outcomes import same_outcome
from pyarrow import fs
from served_bytes import CountingRelay
from timing import ratio
from tools import (
    CA,
    ENDPOINT,
    KEY,
    SECRET,
    TOKEN,
    available,
    cold_rounds,
    one_round,
    round_environment,
)

from nubodoc.core.errors import NubodocError
from nubodoc.targets import open_target

BUCKET = "utilisateur"
PREFIX = f"{BUCKET}/bench/partitionne"
ROWS = 300_000
#: The departments of the generated rows; the filtered read keeps the first one.
DEPARTMENTS = ("06", "13", "33", "35", "59", "67", "69", "75", "92", "971")
KEPT = DEPARTMENTS[0]
#: Columns of the files (the partition columns DEP and AN are in the folder names).
FILE_COLUMNS = ("DEPCOM", "TYPEQU", "NB_EQUIP", "LATITUDE", "LONGITUDE", "LIBELLE")
READS = ("full", "filtered")


def partitioned_table(rows: int = ROWS) -> pa.Table:
    """The generated table of :mod:`reading` with a department column ``DEP``."""
    from reading import generated_table

    table = generated_table(rows)
    table["DEP"] = np.array(DEPARTMENTS)[np.random.default_rng(6).integers(
        0, len(DEPARTMENTS), rows)]
    return pa.Table.from_pandas(table, preserve_index=False)


def hive_partitioning() -> ds.Partitioning:
    """``DEP=…/AN=…`` folders: the department as text (« 06 », not 6), then the year."""
    return ds.partitioning(pa.schema([("DEP", pa.string()), ("AN", pa.int64())]),
                           flavor="hive")


def _arrow_filesystem(env: Mapping[str, str] = os.environ) -> fs.S3FileSystem:
    """pyarrow's S3 client, on the server and with the credentials *env* hands a round."""
    return fs.S3FileSystem(endpoint_override=env[ENDPOINT].removeprefix("https://"),
                           access_key=env[KEY], secret_key=env[SECRET],
                           session_token=env[TOKEN] or None, region="us-east-1",
                           tls_ca_file_path=env[CA])


def _pyarrow(filtered: bool):
    dataset = ds.dataset(PREFIX, filesystem=_arrow_filesystem(), format="parquet",
                         partitioning=hive_partitioning())
    condition = ds.field("DEP") == KEPT if filtered else None
    return lambda: dataset.to_table(filter=condition, columns=["AN", "NB_EQUIP"])


def _polars(filtered: bool):
    import polars as pl

    options = {"aws_endpoint_url": os.environ[ENDPOINT],
               "aws_access_key_id": os.environ[KEY],
               "aws_secret_access_key": os.environ[SECRET],
               "aws_session_token": os.environ[TOKEN],
               "aws_region": "us-east-1", "aws_virtual_hosted_style_request": "false"}
    schema = {"DEPCOM": pl.String, "TYPEQU": pl.String, "NB_EQUIP": pl.Int64,
              "LATITUDE": pl.Float64, "LONGITUDE": pl.Float64, "LIBELLE": pl.String}
    scan = pl.scan_parquet(f"s3://{PREFIX}/**/*.parquet", schema=schema,
                           hive_partitioning=True,
                           hive_schema={"DEP": pl.String, "AN": pl.Int64},
                           storage_options=options)
    if filtered:
        scan = scan.filter(pl.col("DEP") == KEPT)
    query = scan.select("AN", "NB_EQUIP")
    return query.collect


def _duckdb(filtered: bool):
    import duckdb

    from nubodoc.runners.python import httpfs_extension

    con = duckdb.connect()
    con.sql(f"INSTALL '{httpfs_extension()[0]}'; LOAD httpfs;")
    con.sql(f"SET ca_cert_file = '{os.environ[CA]}'")
    con.sql(f"""CREATE SECRET banc (TYPE s3,
        ENDPOINT '{os.environ[ENDPOINT].removeprefix("https://")}',
        KEY_ID '{os.environ[KEY]}', SECRET '{os.environ[SECRET]}',
        SESSION_TOKEN '{os.environ[TOKEN]}', REGION 'us-east-1', URL_STYLE 'path')""")
    where = f"WHERE DEP = '{KEPT}'" if filtered else ""
    query = (f"SELECT AN, NB_EQUIP FROM read_parquet('s3://{PREFIX}/*/*/*.parquet', "
             f"hive_partitioning = true, hive_types = {{'DEP': VARCHAR, 'AN': BIGINT}}) "
             f"{where}")
    return lambda: con.sql(query).fetch_arrow_table()


#: Engine name -> the function that configures its client and returns the read to time.
ENGINES = {"pyarrow": _pyarrow, "polars": _polars, "duckdb": _duckdb}


def partition_fingerprint(frame) -> dict[str, int]:
    """Rows and the sums of ``AN`` and ``NB_EQUIP`` of *frame* (pyarrow or polars)."""
    if not isinstance(frame, pa.Table):
        frame = frame.to_arrow()
    return {"rows": frame.num_rows,
            "AN": int(pc.sum(frame["AN"]).as_py() or 0),
            "NB_EQUIP": int(pc.sum(frame["NB_EQUIP"]).as_py() or 0)}


def _write_dataset(env: Mapping[str, str], table: pa.Table) -> dict:
    """Write *table* partitioned by DEP and AN on the server of *env*; its files and size."""
    filesystem = _arrow_filesystem(env)
    ds.write_dataset(table, PREFIX, filesystem=filesystem, format="parquet",
                     partitioning=hive_partitioning(), existing_data_behavior="delete_matching")
    files = [info for info in filesystem.get_file_info(fs.FileSelector(PREFIX, recursive=True))
             if info.is_file]
    return {"rows": table.num_rows, "files": len(files),
            "megabytes": round(sum(info.size for info in files) / 1e6, 1),
            "files_kept": sum(f"/DEP={KEPT}/" in info.path for info in files)}


def _on_target(target, rounds: int) -> dict:
    """Each engine's full and filtered reads on one started target."""
    credentials = target.prepare([BUCKET], [])
    figures = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-partitions-") as home, \
            CountingRelay(target.endpoint_url) as relay:
        env = round_environment(target, credentials, home)
        results = {"sizes": _write_dataset(env, partitioned_table()),
                   "server": target.server_label}
        relayed = {**env, ENDPOINT: relay.endpoint_url}
        for engine in ENGINES:
            if not available(engine):
                continue
            for read in READS:
                command = [sys.executable, __file__, engine, read]
                figure = cold_rounds(command, env, rounds, f"{engine} {read} read of {PREFIX}")
                figure["served_megabytes"] = relay.counted(
                    lambda command=command: one_round(command, relayed)) / 1e6
                figures[f"{engine}_{read}"] = figure
    for read in READS:
        same_outcome({name: figure["outcome"] for name, figure in figures.items()
                      if name.endswith(f"_{read}")}, f"the engines' {read} reads of {PREFIX}")
    figures.update({f"ratio_{engine}": ratio(figures[f"{engine}_filtered"],
                                             figures[f"{engine}_full"])
                    for engine in ENGINES if f"{engine}_full" in figures})
    results["partitions"] = figures
    return results


def partitions(rounds: int, targets=("sandbox", "seaweedfs")) -> dict:
    """Full scan against filtered read, per engine, on each target that can start here."""
    results = {}
    for name in targets:
        try:
            target = open_target(name=name)
        except NubodocError as exc:
            results[name] = {"not_measured": str(exc)}
            continue
        try:
            results[name] = _on_target(target, rounds)
        finally:
            target.close()
    return results


def main(engine: str, read: str) -> None:
    """One round: configure *engine*'s client, time its *read*, print seconds and outcome."""
    call = ENGINES[engine](read == "filtered")
    started = time.perf_counter()
    frame = call()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "outcome": partition_fingerprint(frame)}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
