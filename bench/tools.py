"""The same Parquet read, two columns of the generated table, with each Python tool.

pandas (through s3fs), polars, pyarrow and DuckDB read ``bench/table.parquet`` with
their own S3 clients, configured as the guide's snippets configure them.
"""

from __future__ import annotations

import os
from unittest import mock

import pandas as pd
from timing import measure

from nubodoc.runners.python import httpfs_extension

COLUMNS = ["DEPCOM", "NB_EQUIP"]
PATH = "utilisateur/bench/table.parquet"


def _polars(target, credentials):
    import polars as pl

    options = {"aws_endpoint_url": target.endpoint_url,
               "aws_access_key_id": credentials.access_key_id,
               "aws_secret_access_key": credentials.secret_access_key,
               "aws_session_token": credentials.session_token or "",
               "aws_region": "us-east-1", "aws_virtual_hosted_style_request": "false"}
    return lambda: pl.read_parquet(f"s3://{PATH}", columns=COLUMNS, storage_options=options)


def _pyarrow(target, credentials):
    import pyarrow.parquet as pq
    from pyarrow import fs

    s3 = fs.S3FileSystem(endpoint_override=target.endpoint_url.removeprefix("https://"),
                         access_key=credentials.access_key_id,
                         secret_key=credentials.secret_access_key,
                         session_token=credentials.session_token, region="us-east-1",
                         tls_ca_file_path=str(target.ca_bundle))
    return lambda: pq.read_table(PATH, filesystem=s3, columns=COLUMNS)


def _duckdb(target, credentials):
    import duckdb

    extension = httpfs_extension()
    if extension is None:
        return None
    con = duckdb.connect()
    con.sql(f"INSTALL '{extension[0]}'; LOAD httpfs;")
    con.sql(f"SET ca_cert_file = '{target.ca_bundle}'")
    con.sql(f"""CREATE SECRET banc (TYPE s3,
        ENDPOINT '{target.endpoint_url.removeprefix("https://")}',
        KEY_ID '{credentials.access_key_id}', SECRET '{credentials.secret_access_key}',
        SESSION_TOKEN '{credentials.session_token or ""}', REGION 'us-east-1',
        URL_STYLE 'path')""")
    query = f"SELECT {', '.join(COLUMNS)} FROM 's3://{PATH}'"
    return lambda: con.sql(query).fetch_arrow_table()


def tools(target, credentials, fs, rounds: int) -> dict:
    """Two columns of the Parquet table read by each tool: medians, and ratios to pandas."""
    readers = {"pandas_s3fs": lambda: pd.read_parquet(PATH, filesystem=fs, columns=COLUMNS)}
    results = {}
    with mock.patch.dict(os.environ, {"SSL_CERT_FILE": str(target.ca_bundle),
                                      "AWS_CA_BUNDLE": str(target.ca_bundle)}):
        for name, build in (("polars", _polars), ("pyarrow", _pyarrow), ("duckdb", _duckdb)):
            try:
                reader = build(target, credentials)
            except ImportError:
                reader = None
            if reader is not None:
                readers[name] = reader
        for name, reader in readers.items():
            results[name] = measure(lambda r=reader: (r(), None)[1], rounds)
    pandas = results["pandas_s3fs"]["median"]
    results.update({f"ratio_{name}": figure["median"] / pandas
                    for name, figure in list(results.items()) if name != "pandas_s3fs"})
    return results
