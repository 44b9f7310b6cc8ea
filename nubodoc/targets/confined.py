"""A real endpoint seen through the confining proxy: the run writes only under its prefix.

``NUBODOC_RUN_PREFIX=<bucket>/<prefix>`` names the place; each run (each pytest-xdist
worker) gets its own root ``<prefix>/nubodoc-run-<time>-<worker>-<random>/`` in it,
where task buckets are mapped. Snippets and the judge reach the proxy on
``https://127.0.0.1:<port>`` with keys only the harness knows; the proxy re-signs
with the real keys. close() removes everything under the root.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from werkzeug.serving import make_server

from nubodoc.core.capabilities import Capability, CapabilityNotOffered
from nubodoc.core.credentials import Credentials
from nubodoc.core.temporary import temporary_folder
from nubodoc.platform.shape import PlatformShape
from nubodoc.targets.certificates import ThrowawayCA
from nubodoc.targets.clients import s3_client
from nubodoc.targets.protocol import Behaviour, KnownDifference
from nubodoc.targets.proxy.confining_proxy import UNSUPPORTED, Confinement, ConfiningProxy, Upstream
from nubodoc.targets.proxy.prefix_credentials import Wall
from nubodoc.targets.sandbox.https_server import HOST, _QuietRequestHandler
from nubodoc.targets.seeding import remove_objects, write_objects

RUN_FOLDER = "nubodoc-run-"
#: A run folder older than this was left by a run that was killed: the next run removes it.
STALE_AFTER = timedelta(days=1)


def run_root(prefix: str) -> str:
    """A root unique to this run and this pytest-xdist worker, under *prefix*."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return f"{prefix}/{RUN_FOLDER}{stamp}-{worker}-{secrets.token_hex(4)}"


def stale_run_folders(client, bucket: str, prefix: str, now: datetime) -> list[str]:
    """The run folders under *prefix* whose time stamp is older than :data:`STALE_AFTER`."""
    answer = client.list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/{RUN_FOLDER}",
                                    Delimiter="/")
    stale = []
    for entry in answer.get("CommonPrefixes", []):
        stamp = entry["Prefix"][len(prefix) + 1 + len(RUN_FOLDER):].partition("-")[0]
        try:
            started = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            continue
        if now - started > STALE_AFTER:
            stale.append(entry["Prefix"])
    return stale


class ConfinedEndpoint:
    """The ``external`` target: a real endpoint, confined to ``<bucket>/<prefix>``."""

    name = "external"
    #: None: bucket policies, anonymous access, expiring credentials, service accounts
    #: and MinIO's admin API act beyond the run prefix; only a server the suite owns
    #: may be given them.
    capabilities: frozenset[Capability] = frozenset()

    def __init__(self, endpoint_url: str, wall: Wall, ca_bundle: Path | None,
                 bucket: str, prefix: str):
        self.upstream_url = endpoint_url.rstrip("/")
        self.server_label = f"le serveur S3 {urlsplit(self.upstream_url).hostname}"
        #: What keeps the run inside its prefix: the proxy, and the server where it can.
        self.wall = wall
        self._real = s3_client(self.upstream_url, wall.credentials, ca_bundle)
        self.bucket = bucket
        self.root = run_root(prefix)
        print(wall.describe(f"s3://{bucket}/{prefix}/"), file=sys.stderr)
        self._sweep(prefix)
        self._own = Credentials(f"NUBODOC{secrets.token_hex(6).upper()}",
                                secrets.token_urlsafe(30), secrets.token_urlsafe(40))
        self._upstream = Upstream(self.upstream_url, wall.credentials, ca_bundle)
        self.proxy = ConfiningProxy(Confinement(bucket, self.root), self._upstream, self._own)
        self._workdir = temporary_folder("nubodoc-proxy-")
        self.ca_bundle = self._workdir / "proxy-ca.pem"
        atexit.register(self.close)
        context = ThrowawayCA("confining proxy", self.ca_bundle).server_context()
        self._server = make_server(HOST, 0, self.proxy, threaded=True, ssl_context=context,
                                   request_handler=_QuietRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="nubodoc-confining-proxy", daemon=True)
        self._thread.start()
        self.endpoint_url = f"https://{HOST}:{self._server.server_port}"

    def admin_client(self):
        """A boto3 client of the proxy with the harness's keys (confined like the snippets)."""
        return s3_client(self.endpoint_url, self._own, self.ca_bundle)

    def prepare(self, buckets: list[str], objects: list,
                denied_buckets: list[str] = ()) -> Credentials:
        """Empty the run root, make *buckets* (virtual), write the seed objects under the root.

        *denied_buckets* cannot be enforced: the proxy has one set of keys.
        """
        self._remove_root()
        confinement = self.proxy.confinement
        confinement.buckets.clear()
        for bucket in buckets:
            confinement.bucket_prefix(bucket)
            confinement.buckets[bucket] = datetime.now(UTC)
        write_objects(self._real, ((self.bucket, confinement.key(o.bucket, o.key), o.body)
                                   for o in objects))
        return self._own

    def service_account(self, policy: dict) -> Credentials:
        """Not available: creating keys needs MinIO's admin API."""
        raise CapabilityNotOffered(self, Capability.SERVICE_ACCOUNTS, UNSUPPORTED)

    def expired_credentials(self) -> Credentials:
        """Not available: a real endpoint's credentials expire on their own schedule."""
        raise CapabilityNotOffered(self, Capability.EXPIRING_CREDENTIALS, UNSUPPORTED)

    def take_shape(self, shape: PlatformShape) -> None:
        """Keep *shape* (buckets are named by the task, shaped before :meth:`prepare`); an
        external endpoint's credentials are the ones it was given."""
        self.shape = shape

    def expected_failure(self, task: str, language: str | None) -> KnownDifference | None:
        """None: an endpoint we do not own is judged as MinIO would be."""
        return None

    def behaviour_difference(self, behaviour: Behaviour) -> KnownDifference | None:
        """None: an endpoint we do not own is judged as MinIO would be."""
        return None

    def _remove_root(self) -> None:
        """Delete every object under the run root, and nothing else."""
        remove_objects(self._real, self.bucket, f"{self.root}/")

    def _sweep(self, prefix: str) -> None:
        """Remove the run folders killed runs left more than a day ago, naming each."""
        for folder in stale_run_folders(self._real, self.bucket, prefix, datetime.now(UTC)):
            count = remove_objects(self._real, self.bucket, folder)
            print(f"nubodoc: removed s3://{self.bucket}/{folder} ({count} objects), left "
                  f"more than {STALE_AFTER.days} day ago by a run that was killed",
                  file=sys.stderr)

    def close(self) -> None:
        """Remove everything under the run root, stop the proxy, delete its CA."""
        atexit.unregister(self.close)
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None
            try:
                self._remove_root()
            except (BotoCoreError, ClientError) as exc:
                print(f"nubodoc: could not empty s3://{self.bucket}/{self.root}/: {exc}",
                      file=sys.stderr)
            self._upstream.close()
        shutil.rmtree(self._workdir, ignore_errors=True)
