"""Sandbox start (to its first authenticated request) against plain moto, and reset."""

from __future__ import annotations

import time

import boto3
from moto.server import ThreadedMotoServer
from overhead import REPO
from timing import measure, ratio

from nubodoc.catalogue import load_task
from nubodoc.targets.clients import s3_client
from nubodoc.targets.sandbox import Sandbox


def sandbox_start() -> float:
    """Seconds from nothing to the first authenticated request answered by the sandbox."""
    started = time.perf_counter()
    sandbox = Sandbox()
    sandbox.start()
    credentials = sandbox.prepare([], [])
    s3_client(sandbox.endpoint_url, credentials, sandbox.ca_bundle).list_buckets()
    seconds = time.perf_counter() - started
    sandbox.close()
    return seconds


def moto_start() -> float:
    """The same for moto's own ``ThreadedMotoServer`` (plain HTTP, no authentication).

    A sandbox in the same process does not change that: it enforces authentication
    on its own requests only (nubodoc/targets/sandbox/accounts.py).
    """
    started = time.perf_counter()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1",
                 aws_access_key_id="a", aws_secret_access_key="b").list_buckets()
    seconds = time.perf_counter() - started
    server.stop()
    return seconds


def sandbox_costs(rounds: int) -> dict:
    """Start against plain moto (target <= 1.5), and one reset + reseed between items.

    Each is started once unmeasured first, so that neither pays the imports.
    """
    moto_start()
    plain = measure(moto_start, rounds)
    sandbox_start()
    ours = measure(sandbox_start, rounds)
    task = load_task(REPO / "snippets" / "lire-csv")
    with Sandbox() as sandbox:
        sandbox.prepare([], [])
        reset = measure(lambda: sandbox.prepare(task.all_buckets(), list(task.seed)) and None,
                        rounds * 4)
    return {"sandbox_start": ours, "moto_start": plain, "ratio_start": ratio(ours, plain),
            "reset_reseed": reset}
