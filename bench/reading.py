"""The guide's performance advice, measured: reading and writing a few hundred MB on S3.

Against each target on loopback (the ceiling is this machine, not a network):
CSV against Parquet, all columns against two; s3fs's block size; ``fs.cat`` and
boto3's ``download_file`` against a raw HTTPS GET of the same object; multipart
uploads with several part sizes and concurrencies against one PUT.
"""

from __future__ import annotations

import io
import ssl
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path

import boto3
import numpy as np
import pandas as pd
import s3fs
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from outcomes import frame_fingerprint, same_outcome
from served_bytes import CountingRelay
from timing import measure_cold, ratio
from tools import tools

from nubodoc.core.errors import NubodocError
from nubodoc.targets import open_target

BUCKET = "utilisateur"
ROWS = 4_000_000
MIB = 1024 * 1024


def generated_table(rows: int = ROWS) -> pd.DataFrame:
    """A table like the guide's examples: codes, labels and figures (about 200 MB as CSV)."""
    generator = np.random.default_rng(2026)
    return pd.DataFrame({
        "DEPCOM": generator.integers(1000, 97000, rows).astype(str),
        "TYPEQU": np.array(["A101", "B203", "C104", "D201", "F303"])[
            generator.integers(0, 5, rows)],
        "AN": generator.integers(2015, 2025, rows),
        "NB_EQUIP": generator.integers(0, 50, rows),
        "LATITUDE": generator.uniform(41.0, 51.0, rows),
        "LONGITUDE": generator.uniform(-5.0, 9.0, rows),
        "LIBELLE": np.array(["école", "pharmacie", "gymnase", "bureau de poste",
                             "médiathèque"])[generator.integers(0, 5, rows)],
    })


def _filesystem(target, credentials, endpoint_url: str | None = None,
                **options) -> s3fs.S3FileSystem:
    """A fresh s3fs client for *target* (or the relay at *endpoint_url* in front of it)."""
    return s3fs.S3FileSystem(
        key=credentials.access_key_id, secret=credentials.secret_access_key,
        token=credentials.session_token, skip_instance_cache=True,
        client_kwargs={"endpoint_url": endpoint_url or target.endpoint_url,
                       "verify": str(target.ca_bundle)},
        **options)


def _formats(target, credentials, rounds: int) -> dict:
    """CSV against Parquet, all columns against two, each round with a fresh s3fs client.

    Each read is done once more, untimed, through a :class:`CountingRelay`: the bytes the
    server sent for it go beside its times (``served_megabytes``).
    """
    path = f"{BUCKET}/bench/table"
    two = ["DEPCOM", "NB_EQUIP"]

    def csv(columns):
        def read(fs):
            with fs.open(f"{path}.csv", "rb") as file:
                return pd.read_csv(file, usecols=columns)
        return read

    def parquet(columns):
        return lambda fs: pd.read_parquet(f"{path}.parquet", filesystem=fs, columns=columns)

    reads = {"csv_all_columns": csv(None), "csv_two_columns": csv(two),
             "parquet_all_columns": parquet(None), "parquet_two_columns": parquet(two)}
    results = {}
    with CountingRelay(target.endpoint_url) as relay:
        for name, read in reads.items():
            figure = measure_cold(
                lambda read=read: partial(read, _filesystem(target, credentials)), rounds,
                frame_fingerprint, f"{name} of {path}")
            relayed = _filesystem(target, credentials, endpoint_url=relay.endpoint_url)
            figure["served_megabytes"] = relay.counted(partial(read, relayed)) / 1e6
            results[name] = figure
    for columns in ("all_columns", "two_columns"):
        same_outcome({name: results[f"{name}_{columns}"]["outcome"]
                      for name in ("csv", "parquet")}, f"CSV and Parquet, {columns}")
    results.update({
        "ratio_parquet_two_to_csv_all": ratio(results["parquet_two_columns"],
                                              results["csv_all_columns"]),
        "ratio_parquet_all_to_csv_all": ratio(results["parquet_all_columns"],
                                              results["csv_all_columns"])})
    return results


def _raw_get(target, url: str) -> int:
    """Bytes of a plain HTTPS GET of *url*."""
    context = ssl.create_default_context(cafile=str(target.ca_bundle))
    size = 0
    with urllib.request.urlopen(url, context=context, timeout=300) as answer:
        while chunk := answer.read(8 * MIB):
            size += len(chunk)
    return size


def _downloads(target, credentials, rounds: int) -> dict:
    """One whole object downloaded in several ways; each must get every byte of it."""
    key = "bench/table.csv"
    signer = boto3.client("s3", endpoint_url=target.endpoint_url, region_name="us-east-1",
                          aws_access_key_id=credentials.access_key_id,
                          aws_secret_access_key=credentials.secret_access_key,
                          aws_session_token=credentials.session_token,
                          config=Config(signature_version="s3v4"))
    url = signer.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key},
                                        ExpiresIn=3600)
    what = f"downloading {BUCKET}/{key}"
    raw = measure_cold(lambda: partial(_raw_get, target, url), rounds, int, what)
    results = {"raw_get": raw}
    for label, block in (("block_5mib", 5 * MIB), ("block_default_50mib", None),
                         ("block_200mib", 200 * MIB)):
        options = {"default_block_size": block} if block else {}

        def open_read(options=options):
            fs = _filesystem(target, credentials, **options)
            return lambda: fs.open(f"{BUCKET}/{key}", "rb").read()

        results[f"s3fs_open_read_{label}"] = measure_cold(open_read, rounds, len, what)
    results["s3fs_cat"] = measure_cold(
        lambda: partial(_filesystem(target, credentials).cat, f"{BUCKET}/{key}"), rounds, len,
        what)
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-") as folder:
        local = Path(folder) / "table.csv"
        results["boto3_download_file"] = measure_cold(
            lambda: partial(target.admin_client().download_file, BUCKET, key, str(local)),
            rounds, lambda _: local.stat().st_size, what)
    same_outcome({name: figure["outcome"] for name, figure in results.items()}, what)
    results.update({f"ratio_{name}": ratio(figure, raw) for name, figure in list(results.items())
                    if name != "raw_get"})
    return results


def _uploads(target, local: Path, rounds: int) -> dict:
    """One PUT against multipart uploads; each round's object must have the file's size."""
    checker = target.admin_client()

    def stored_size(key: str):
        return lambda _: checker.head_object(Bucket=BUCKET, Key=key)["ContentLength"]

    what = f"uploading {local.name}"
    single = measure_cold(lambda: lambda: target.admin_client().put_object(
        Bucket=BUCKET, Key="bench/envoi-simple", Body=local.read_bytes()), rounds,
        stored_size("bench/envoi-simple"), what)
    results = {"single_put": single}
    for part_mib in (8, 32, 64):
        for threads in (1, 4):
            config = TransferConfig(multipart_threshold=part_mib * MIB,
                                    multipart_chunksize=part_mib * MIB,
                                    max_concurrency=threads, use_threads=threads > 1)
            figure = measure_cold(lambda c=config: partial(
                target.admin_client().upload_file, str(local), BUCKET, "bench/envoi-multipart",
                Config=c), rounds, stored_size("bench/envoi-multipart"), what)
            results[f"multipart_{part_mib}mib_{threads}_threads"] = figure
            results[f"ratio_multipart_{part_mib}mib_{threads}_threads"] = ratio(figure, single)
    same_outcome({name: figure["outcome"] for name, figure in results.items()
                  if not name.startswith("ratio_")} | {"local file": local.stat().st_size}, what)
    return results


def reading_and_writing(rounds: int, targets=("sandbox", "seaweedfs")) -> dict:
    """Every figure of « Lire et écrire vite », on each target that can start here."""
    table = generated_table()
    results = {}
    for name in targets:
        try:
            target = open_target(name=name)
        except NubodocError as exc:
            results[name] = {"not_measured": str(exc)}
            continue
        try:
            results[name] = _on_target(target, table, rounds)
        finally:
            target.close()
    return results


def _on_target(target, table: pd.DataFrame, rounds: int) -> dict:
    """The figures on one started target ."""
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-") as folder:
        credentials = target.prepare([BUCKET], [])
        local = Path(folder) / "table.csv"
        table.to_csv(local, index=False)
        parquet = io.BytesIO()
        table.to_parquet(parquet, index=False)
        client = target.admin_client()
        client.upload_file(str(local), BUCKET, "bench/table.csv")
        client.put_object(Bucket=BUCKET, Key="bench/table.parquet", Body=parquet.getvalue())
        sizes = {"csv_megabytes": round(local.stat().st_size / 1e6, 1),
                 "parquet_megabytes": round(len(parquet.getvalue()) / 1e6, 1),
                 "rows": len(table)}
        started = time.perf_counter()
        results = {"sizes": sizes, "formats": _formats(target, credentials, rounds),
                   "tools": tools(target, credentials, rounds),
                   "downloads": _downloads(target, credentials, rounds),
                   "uploads": _uploads(target, local, rounds)}
        results["seconds"] = time.perf_counter() - started
        results["server"] = target.server_label
    return results
