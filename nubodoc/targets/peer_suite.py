"""Measure a target with a peer's compatibility suite: Ceph's s3-tests, by hand.

The suite (github.com/ceph/s3-tests, ``s3tests/functional/test_s3.py``) stays out of
the repository; what is ours is the guide-relevant subset of its tests
(``peer_subset.txt``, by category) and the configuration it reads (``s3tests.conf``),
written here from a started target, with long-term keys made through the target's
IAM (two service accounts allowed all of S3: the suite's main and alternate users).
Both are users of one server, as two MinIO users with the ``readwrite`` policy: they see
the same buckets, and their rights are their IAM policies', which a bucket policy
neither widens nor narrows (MinIO reads bucket policies for anonymous requests only).

``python -m nubodoc.targets.peer_suite sandbox /tmp/s3tests.conf`` starts the target,
writes the configuration and serves until interrupted (the sandbox lives in this
process); the maintainers' page says how to run the suite on it.
"""

from __future__ import annotations

import configparser
import os
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from nubodoc.core.credentials import REGION

SUBSET_FILE = Path(__file__).with_name("peer_subset.txt")
#: The suite's users: its main and alternate users, then the sections it reads but the
#: subset never uses (tenant, IAM), given the alternate user's keys.
_USERS = ("s3 main", "s3 alt")
_UNUSED_USERS = ("s3 tenant", "iam", "iam root", "iam alt root")
_ALL_OF_S3 = {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]}


def subset(path: Path = SUBSET_FILE) -> dict[str, list[str]]:
    """The subset's test names by category (``# category`` lines head each group).

    A line that is neither a heading, blank, nor a test name raises ValueError naming the
    file and the line.
    """
    categories: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            current = text.lstrip("# ").strip()
            categories.setdefault(current, [])
        elif text.startswith("test_") and text.isidentifier() and current is not None:
            categories[current].append(text)
        else:
            raise ValueError(f"{path}:{number}: expected '# category' or a test name, "
                             f"got {text!r}")
    return categories


def s3tests_configuration(target) -> configparser.ConfigParser:
    """The suite's configuration for a started *target*, with two new long-term users."""
    endpoint = urlsplit(target.endpoint_url)
    target.prepare([], [])
    config = configparser.ConfigParser(interpolation=None)
    config["DEFAULT"] = {"host": endpoint.hostname, "port": str(endpoint.port),
                         "is_secure": str(endpoint.scheme == "https"), "ssl_verify": "False"}
    config["fixtures"] = {"bucket prefix": "s3tests-{random}-"}
    for number, section in enumerate(_USERS, 1):
        keys = target.service_account(_ALL_OF_S3)
        config[section] = {"access_key": keys.access_key_id, "secret_key": keys.secret_access_key,
                           "display_name": f"s3tests-user-{number}",
                           "user_id": f"s3tests-user-{number}",
                           "email": f"s3tests-user-{number}@example.org", "api_name": REGION}
    for section in _UNUSED_USERS:
        config[section] = dict(config["s3 alt"], tenant="unused")
    return config


def write_configuration(target, path: Path) -> Path:
    """Write *target*'s ``s3tests.conf`` to *path* (readable by its owner only)."""
    path = Path(path)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
              encoding="utf-8") as stream:
        s3tests_configuration(target).write(stream)
    return path


def main(argv: list[str] | None = None) -> int:
    """Start the target named in *argv*, write its configuration, serve until interrupted."""
    from nubodoc.targets import open_target

    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 2:
        print("usage: python -m nubodoc.targets.peer_suite TARGET CONFIGURATION_FILE",
              file=sys.stderr)
        return 2
    target = open_target(os.environ, arguments[0])
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    try:
        written = write_configuration(target, Path(arguments[1]))
        print(f"{target.name} at {target.endpoint_url}: S3TEST_CONF={written}", flush=True)
        stop.wait()
    finally:
        target.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
