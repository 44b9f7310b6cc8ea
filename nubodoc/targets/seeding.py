"""Emptying and seeding buckets through the S3 API: one way, shared by every target.

The sandbox seeds moto's backend in-process instead (no HTTP round trip per object);
every other target, and the confined run folder, go through these functions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError


def remove_objects(client, bucket: str, prefix: str = "") -> int:
    """Delete every object of *bucket* whose key starts with *prefix*; their count."""
    removed = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])
                if o["Key"].startswith(prefix)]
        if keys:
            client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            removed += len(keys)
    return removed


def empty_bucket(client, bucket: str) -> None:
    """Remove *bucket*'s policy and every object in it."""
    with contextlib.suppress(ClientError):
        client.delete_bucket_policy(Bucket=bucket)
    remove_objects(client, bucket)


def write_objects(client, objects: Iterable[tuple[str, str, bytes]], threads: int = 1) -> None:
    """Write each (bucket, key, body), on *threads* threads."""
    def put(item: tuple[str, str, bytes]) -> None:
        bucket, key, body = item
        client.put_object(Bucket=bucket, Key=key, Body=body)

    with ThreadPoolExecutor(max(threads, 1)) as pool:
        list(pool.map(put, objects))


def seed_buckets(client, buckets: list[str], objects: list, remove_others: bool = False,
                 threads: int = 1) -> None:
    """Create *buckets* (emptying those that exist), remove the others if *remove_others*,
    and write the seed *objects* (each with ``bucket``, ``key`` and ``body``)."""
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    for bucket in existing:
        if bucket in buckets or remove_others:
            empty_bucket(client, bucket)
        if bucket not in buckets and remove_others:
            client.delete_bucket(Bucket=bucket)
    for bucket in buckets:
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)
    write_objects(client, ((o.bucket, o.key, o.body) for o in objects), threads)
