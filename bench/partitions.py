"""A partitioned dataset read whole, then filtered on a partition column, by each engine.

The generated table is written once as hive-style Parquet (``DEP=06/AN=2019/…``). Then
pyarrow.dataset, polars, DuckDB and Spark each read it twice, configured as the guide's
snippets (``snippets/lire-jeu-partitionne``, ``snippets/lire-ecrire-spark``) configure
them: every row (full scan), and only ``DEP = '06'`` (filtered read). Every round starts
cold in a fresh interpreter (``python partitions.py ENGINE full|filtered``), as in
:mod:`tools`: the read alone is timed, and the whole process too (for Spark, its Java
virtual machine and session). Each read is done once more, untimed, through a
:class:`CountingRelay` to count the bytes the server sent; where the target records
requests (the sandbox), the GETs of each object are counted too, and a filtered read
that fetched a file outside its partition stops the bench. Every engine must read the
same rows for the same read, else the bench stops.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from outcomes import BenchRunFailed, same_outcome
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
from nubodoc.harness.environment import service_environment
from nubodoc.runners import RUNNERS
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


def _spark(filtered: bool):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.getOrCreate()
    atexit.register(spark.stop)
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")

    def read():
        frame = spark.read.parquet(f"s3a://{PREFIX}")
        if filtered:
            frame = frame.where(F.col("DEP") == KEPT)
        return frame.select(F.col("AN").cast("long"), "NB_EQUIP").toArrow()

    return read


#: Engine name -> the function that configures its client and returns the read to time.
ENGINES = {"pyarrow": _pyarrow, "polars": _polars, "duckdb": _duckdb, "spark": _spark}
#: Engine -> the runner whose service configuration its rounds get (Spark's
#: ``core-site.xml``, ``spark-defaults.conf`` and truststore).
RUNNER_OF = {"spark": "python-spark"}


def unavailable_reason(engine: str) -> str | None:
    """Why *engine* cannot run here (Spark: its runner's reason), or None if it can."""
    if engine in RUNNER_OF:
        return RUNNERS[RUNNER_OF[engine]].unavailable_reason()
    return None if available(engine) else f"{engine} is not installed"


def engine_environment(engine: str, env: dict[str, str], target, credentials,
                       endpoint_url: str, folder: Path) -> dict[str, str]:
    """*env* for *engine*'s rounds on *endpoint_url*, plus its runner's configuration of a
    service (written in *folder*), for the engines that read it."""
    if engine not in RUNNER_OF:
        return env
    folder.mkdir(parents=True, exist_ok=True)
    service = service_environment(endpoint_url, credentials, target.ca_bundle, folder, env)
    return RUNNERS[RUNNER_OF[engine]].prepare_environment(service)


def fetched_objects(gets: Mapping[str, int]) -> dict[str, int]:
    """What a read fetched, from the GETs per object (``bucket/key`` -> count): objects,
    GET requests, the fewest and most GETs of one object, and how many objects it fetched
    outside the filter's partition (``DEP=06``)."""
    return {"objects": len(gets), "requests": sum(gets.values()),
            "per_object_min": min(gets.values(), default=0),
            "per_object_max": max(gets.values(), default=0),
            "outside_filter": len(_outside_filter(gets))}


def _outside_filter(gets: Mapping[str, int]) -> list[str]:
    return sorted(path for path in gets if f"/DEP={KEPT}/" not in path)


def check_fetched(gets: Mapping[str, int], read: str, sizes: dict, what: str) -> None:
    """Raise unless a full read fetched every file, and a filtered one every file of the
    kept partition and nothing else."""
    expected = sizes["files"] if read == "full" else sizes["files_kept"]
    outside = _outside_filter(gets) if read == "filtered" else []
    if len(gets) != expected or outside:
        raise BenchRunFailed(f"{what} fetched {len(gets)} objects (expected {expected}); "
                             f"outside the filter: {', '.join(outside) or 'none'}")


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


def _counted_read(command: list[str], env: dict[str, str], relay: CountingRelay,
                  log) -> tuple[float, dict | None]:
    """Megabytes the server sent during one more (untimed) round through *relay*, and the
    GETs per object, where the target records requests (*log*, else None)."""
    if log is not None:
        log.clear()
    served = relay.counted(lambda: one_round(command, env)) / 1e6
    return served, (log.object_gets() if log is not None else None)


def _on_target(target, rounds: int) -> dict:
    """Each engine's full and filtered reads on one started target."""
    credentials = target.prepare([BUCKET], [])
    log = getattr(target, "requests", None)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-partitions-") as home, \
            CountingRelay(target.endpoint_url) as relay:
        env = round_environment(target, credentials, home)
        results = {"sizes": _write_dataset(env, partitioned_table()),
                   "server": target.server_label}
        unavailable = {engine: reason for engine in ENGINES
                       if (reason := unavailable_reason(engine)) is not None}
        if unavailable:
            results["not_measured_engines"] = unavailable
            print(f"partitions on {target.server_label}, not measured: {unavailable}",
                  file=sys.stderr)
        for engine in (engine for engine in ENGINES if engine not in unavailable):
            direct = engine_environment(engine, env, target, credentials,
                                        target.endpoint_url, Path(home, engine))
            relayed = engine_environment(engine, {**env, ENDPOINT: relay.endpoint_url},
                                         target, credentials, relay.endpoint_url,
                                         Path(home, f"{engine}-relayed"))
            for read in READS:
                command = [sys.executable, __file__, engine, read]
                what = f"{engine} {read} read of {PREFIX}"
                figure = cold_rounds(command, direct, rounds, what)
                figure["served_megabytes"], gets = _counted_read(command, relayed, relay, log)
                if gets is not None:
                    check_fetched(gets, read, results["sizes"], what)
                    figure["fetched"] = fetched_objects(gets)
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
    """One round: configure *engine*'s client, time its *read*, print the seconds of both
    and the outcome."""
    started = time.perf_counter()
    call = ENGINES[engine](read == "filtered")
    configured = time.perf_counter()
    frame = call()
    seconds = time.perf_counter() - configured
    print(json.dumps({"seconds": seconds, "setup_seconds": configured - started,
                      "outcome": partition_fingerprint(frame)}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
