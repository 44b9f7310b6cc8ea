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
from pathlib import Path

import boto3
import numpy as np
import pandas as pd
import s3fs
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from timing import measure, ratio
from tools import tools

from nubodoc.errors import NubodocError
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


def _filesystem(target, credentials, **options) -> s3fs.S3FileSystem:
    return s3fs.S3FileSystem(
        key=credentials.access_key_id, secret=credentials.secret_access_key,
        token=credentials.session_token, skip_instance_cache=True,
        client_kwargs={"endpoint_url": target.endpoint_url, "verify": str(target.ca_bundle)},
        **options)


def _timed(call) -> None:
    """Run *call* for its time alone, dropping what it returns."""
    call()


def _formats(fs, rounds: int) -> dict:
    path = f"{BUCKET}/bench/table"
    two = ["DEPCOM", "NB_EQUIP"]
    csv_all = measure(lambda: _timed(lambda: pd.read_csv(fs.open(f"{path}.csv", "rb"))),
                      rounds)
    csv_two = measure(lambda: _timed(
        lambda: pd.read_csv(fs.open(f"{path}.csv", "rb"), usecols=two)), rounds)
    parquet_all = measure(lambda: _timed(
        lambda: pd.read_parquet(f"{path}.parquet", filesystem=fs)), rounds)
    parquet_two = measure(lambda: _timed(
        lambda: pd.read_parquet(f"{path}.parquet", filesystem=fs, columns=two)), rounds)
    return {"csv_all_columns": csv_all, "csv_two_columns": csv_two,
            "parquet_all_columns": parquet_all, "parquet_two_columns": parquet_two,
            "ratio_parquet_two_to_csv_all": ratio(parquet_two, csv_all),
            "ratio_parquet_all_to_csv_all": ratio(parquet_all, csv_all)}


def _raw_get(target, url: str) -> None:
    context = ssl.create_default_context(cafile=str(target.ca_bundle))
    with urllib.request.urlopen(url, context=context, timeout=300) as answer:
        while answer.read(8 * MIB):
            pass


def _downloads(target, credentials, rounds: int) -> dict:
    key = "bench/table.csv"
    client = target.admin_client()
    signer = boto3.client("s3", endpoint_url=target.endpoint_url, region_name="us-east-1",
                          aws_access_key_id=credentials.access_key_id,
                          aws_secret_access_key=credentials.secret_access_key,
                          aws_session_token=credentials.session_token,
                          config=Config(signature_version="s3v4"))
    url = signer.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key},
                                        ExpiresIn=3600)
    raw = measure(lambda: _raw_get(target, url), rounds)
    results = {"raw_get": raw}
    for label, block in (("block_5mib", 5 * MIB), ("block_default_50mib", None),
                         ("block_200mib", 200 * MIB)):
        options = {"default_block_size": block} if block else {}
        fs = _filesystem(target, credentials, **options)
        figure = measure(lambda fs=fs: _timed(fs.open(f"{BUCKET}/{key}", "rb").read), rounds)
        results[f"s3fs_open_read_{label}"] = figure
        results[f"ratio_s3fs_open_read_{label}"] = ratio(figure, raw)
    fs = _filesystem(target, credentials)
    cat = measure(lambda: _timed(lambda: fs.cat(f"{BUCKET}/{key}")), rounds)
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-") as folder:
        target = str(Path(folder) / "table.csv")
        download = measure(lambda: client.download_file(BUCKET, key, target), rounds)
    results.update({"s3fs_cat": cat, "boto3_download_file": download,
                    "ratio_s3fs_cat": ratio(cat, raw),
                    "ratio_boto3_download_file": ratio(download, raw)})
    return results


def _uploads(target, local: Path, rounds: int) -> dict:
    client = target.admin_client()
    single = measure(lambda: _timed(lambda: client.put_object(
        Bucket=BUCKET, Key="bench/envoi-simple", Body=local.read_bytes())), rounds)
    results = {"single_put": single}
    for part_mib in (8, 32, 64):
        for threads in (1, 4):
            config = TransferConfig(multipart_threshold=part_mib * MIB,
                                    multipart_chunksize=part_mib * MIB,
                                    max_concurrency=threads, use_threads=threads > 1)
            figure = measure(lambda c=config: client.upload_file(
                str(local), BUCKET, "bench/envoi-multipart", Config=c), rounds)
            results[f"multipart_{part_mib}mib_{threads}_threads"] = figure
            results[f"ratio_multipart_{part_mib}mib_{threads}_threads"] = ratio(figure, single)
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
        fs = _filesystem(target, credentials)
        sizes = {"csv_megabytes": round(local.stat().st_size / 1e6, 1),
                 "parquet_megabytes": round(len(parquet.getvalue()) / 1e6, 1),
                 "rows": len(table)}
        started = time.perf_counter()
        results = {"sizes": sizes, "formats": _formats(fs, rounds),
                   "tools": tools(target, credentials, fs, rounds),
                   "downloads": _downloads(target, credentials, rounds),
                   "uploads": _uploads(target, local, rounds)}
        results["seconds"] = time.perf_counter() - started
        results["server"] = target.server_label
    return results
