"""The same Parquet read, two columns of the generated table, with each Python tool.

pandas (through s3fs), polars, pyarrow and DuckDB read ``bench/table.parquet`` with
their own S3 clients, configured as the guide's snippets configure them. Every round of
every tool starts cold in the same way: a fresh interpreter (``python tools.py TOOL``)
imports the tool and configures its client, untimed, then times the read alone and prints
its seconds and the fingerprint of the frame read, which must be the same for every round
and every tool.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from outcomes import BenchRunFailed, frame_fingerprint, same_outcome
from timing import summary

COLUMNS = ["DEPCOM", "NB_EQUIP"]
PATH = "utilisateur/bench/table.parquet"
#: Environment variables handing a round its server and credentials.
ENDPOINT, CA, KEY, SECRET, TOKEN = (f"NUBODOC_BENCH_{name}" for name in
                                    ("ENDPOINT", "CA", "KEY", "SECRET", "TOKEN"))


def _pandas():
    import pandas as pd
    import s3fs

    fs = s3fs.S3FileSystem(key=os.environ[KEY], secret=os.environ[SECRET],
                           token=os.environ[TOKEN] or None, skip_instance_cache=True,
                           client_kwargs={"endpoint_url": os.environ[ENDPOINT],
                                          "verify": os.environ[CA]})
    return lambda: pd.read_parquet(PATH, filesystem=fs, columns=COLUMNS)


def _polars():
    import polars as pl

    options = {"aws_endpoint_url": os.environ[ENDPOINT],
               "aws_access_key_id": os.environ[KEY],
               "aws_secret_access_key": os.environ[SECRET],
               "aws_session_token": os.environ[TOKEN],
               "aws_region": "us-east-1", "aws_virtual_hosted_style_request": "false"}
    return lambda: pl.read_parquet(f"s3://{PATH}", columns=COLUMNS, storage_options=options)


def _pyarrow():
    import pyarrow.parquet as pq
    from pyarrow import fs

    s3 = fs.S3FileSystem(endpoint_override=os.environ[ENDPOINT].removeprefix("https://"),
                         access_key=os.environ[KEY], secret_key=os.environ[SECRET],
                         session_token=os.environ[TOKEN] or None, region="us-east-1",
                         tls_ca_file_path=os.environ[CA])
    return lambda: pq.read_table(PATH, filesystem=s3, columns=COLUMNS)


def _duckdb():
    import duckdb

    from nubodoc.runners.python import httpfs_extension

    con = duckdb.connect()
    con.sql(f"INSTALL '{httpfs_extension()[0]}'; LOAD httpfs;")
    con.sql(f"SET ca_cert_file = '{os.environ[CA]}'")
    con.sql(f"""CREATE SECRET banc (TYPE s3,
        ENDPOINT '{os.environ[ENDPOINT].removeprefix("https://")}',
        KEY_ID '{os.environ[KEY]}', SECRET '{os.environ[SECRET]}',
        SESSION_TOKEN '{os.environ[TOKEN]}', REGION 'us-east-1', URL_STYLE 'path')""")
    query = f"SELECT {', '.join(COLUMNS)} FROM 's3://{PATH}'"
    return lambda: con.sql(query).fetch_arrow_table()


#: Tool name -> the function that configures its client and returns the read to time.
READERS = {"pandas_s3fs": _pandas, "polars": _polars, "pyarrow": _pyarrow, "duckdb": _duckdb}


def available(name: str) -> bool:
    """Whether *name*'s library (and, for DuckDB, its httpfs extension) is installed."""
    if name == "duckdb":
        from nubodoc.runners.python import httpfs_extension

        return httpfs_extension() is not None
    module = {"pandas_s3fs": "s3fs"}.get(name, name)
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def one_run(command: list[str], env: dict[str, str]) -> dict:
    """What one round in a fresh interpreter printed (``seconds``, ``outcome``, and any
    other figure), plus ``wall_seconds``: the whole process, from its start to its exit.

    Raises unless it exits 0 and prints its seconds and outcome.
    """
    started = time.perf_counter()
    answer = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600,
                            check=False)
    wall = time.perf_counter() - started
    if answer.returncode != 0:
        raise BenchRunFailed(f"timed round failed (exit status {answer.returncode}): "
                             f"{' '.join(command)}\n{answer.stderr[-2000:]}")
    try:
        printed = json.loads(answer.stdout.strip().splitlines()[-1])
        return {**printed, "seconds": float(printed["seconds"]),
                "outcome": printed["outcome"], "wall_seconds": wall}
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        raise BenchRunFailed(f"timed round printed no figure ({exc}): {' '.join(command)}\n"
                             f"{answer.stdout[-2000:]}") from exc


def one_round(command: list[str], env: dict[str, str]) -> tuple[float, object]:
    """Seconds and outcome of one round in a fresh interpreter; raises unless it exits 0."""
    run = one_run(command, env)
    return run["seconds"], run["outcome"]


def cold_rounds(command: list[str], env: dict[str, str], rounds: int, what: str) -> dict:
    """*rounds* fresh runs of *command*: the summary of the seconds each printed, the one
    outcome they all had, and the summary of each whole process (``process``: interpreter,
    imports, client set-up, read and exit), and of ``setup_seconds`` where printed."""
    runs = [one_run(command, env) for _ in range(rounds)]
    figure = {**summary([run["seconds"] for run in runs]),
              "outcome": same_outcome({f"round {number + 1}": run["outcome"]
                                       for number, run in enumerate(runs)}, what),
              "process": summary([run["wall_seconds"] for run in runs])}
    if all("setup_seconds" in run for run in runs):
        figure["setup"] = summary([run["setup_seconds"] for run in runs])
    return figure


def round_environment(target, credentials, home: str) -> dict[str, str]:
    """The environment of a fresh round: its own *home*, the server, its CA and credentials."""
    return {**os.environ, "HOME": home, "TMPDIR": home,
            "SSL_CERT_FILE": str(target.ca_bundle), "AWS_CA_BUNDLE": str(target.ca_bundle),
            ENDPOINT: target.endpoint_url, CA: str(target.ca_bundle),
            KEY: credentials.access_key_id, SECRET: credentials.secret_access_key,
            TOKEN: credentials.session_token or ""}


def tools(target, credentials, rounds: int) -> dict:
    """Two columns of the Parquet table read by each tool: medians, and ratios to pandas.

    Raises :class:`BenchRunFailed` when a round fails or the tools read different frames.
    """
    results = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-tools-") as home:
        env = round_environment(target, credentials, home)
        for name in READERS:
            if available(name):
                results[name] = cold_rounds([sys.executable, __file__, name], env, rounds,
                                            f"{name} reading {PATH}")
    same_outcome({name: figure["outcome"] for name, figure in results.items()},
                 f"the tools reading {PATH}")
    pandas = results["pandas_s3fs"]["median"]
    results.update({f"ratio_{name}": figure["median"] / pandas
                    for name, figure in list(results.items()) if name != "pandas_s3fs"})
    return results


def main(name: str) -> None:
    """One round: configure *name*'s client, time its read, print seconds and fingerprint."""
    read = READERS[name]()
    started = time.perf_counter()
    frame = read()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "outcome": frame_fingerprint(frame)}))


if __name__ == "__main__":
    main(sys.argv[1])
