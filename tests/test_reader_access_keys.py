"""Keys of the reader's own that exist before a run (``reader_access_keys`` in task.toml).

``gerer-cle-permanente`` edits, disables and revokes a key the reader already has: the
harness creates it on MinIO, owned by the reader whose STS credentials the run gets.
MinIO runs only where Docker does, so its part is checked on the mc commands it issues.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from nubodoc.catalogue.declaration import load_task
from nubodoc.core.capabilities import Capability, task_needs
from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import DeclarationError, EndpointError
from nubodoc.harness.execution import _given_credentials
from nubodoc.targets.minio import MinioTarget

from .conftest import SNIPPETS

KEY = "EXEMPLECLEACCES12345"
READER = Credentials("lecteur-1", "secret-du-lecteur")


def test_the_task_names_its_key_by_placeholder_and_needs_the_admin_api():
    task = load_task(SNIPPETS / "gerer-cle-permanente")
    assert task.reader_access_keys == (KEY,)
    assert Capability.ADMIN_API in task_needs(task)


def test_a_key_placeholder_not_declared_is_refused_at_its_line(tmp_path):
    folder = tmp_path / "gerer-cle-permanente"
    shutil.copytree(SNIPPETS / "gerer-cle-permanente", folder)
    declaration = folder / "task.toml"
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace('reader_access_keys = ["<cle_d_acces>"]',
                                        'reader_access_keys = ["<cle_absente>"]'),
                           encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"task.toml:\d+: .*reader_access_keys names "
                                               r"<cle_absente>, which is not under"):
        load_task(folder)


class RecordingTarget:
    """A target that records what the harness asks of it."""

    def __init__(self):
        self.calls = []

    def prepare(self, buckets, objects, denied_buckets=()):
        self.calls.append("prepare")
        return READER

    def reader_access_key(self, access_key):
        self.calls.append(("reader_access_key", access_key))


def test_the_harness_creates_the_key_after_preparing_the_reader():
    target = RecordingTarget()
    session, variables, fresh = _given_credentials(
        load_task(SNIPPETS / "gerer-cle-permanente"), target)
    assert target.calls == ["prepare", ("reader_access_key", KEY)]
    assert (session, variables, fresh) == (READER, {}, None)


def _minio(listed: str) -> tuple[MinioTarget, list]:
    """A MinIO target without its container, whose mc calls are recorded."""
    spec = SimpleNamespace(image="quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
                           tls=SimpleNamespace(ca_bundle=None))
    target = MinioTarget(spec, workdir=None)
    issued = []

    def mc(*arguments):
        issued.append(arguments)
        return listed if arguments[:2] == ("admin", "accesskey") and arguments[2] == "ls" else ""

    target._mc = mc
    return target, issued


def test_minio_makes_the_key_a_key_of_the_reader_and_replaces_a_leftover():
    target, issued = _minio(listed="")
    with pytest.raises(EndpointError, match="before prepare"):
        target.reader_access_key(KEY)
    target._reader = READER
    target.reader_access_key(KEY)
    assert [call[:4] for call in issued] == [("admin", "accesskey", "ls", "local"),
                                             ("admin", "accesskey", "create", "local")]
    assert issued[1][4:7] == ("lecteur-1", "--access-key", KEY)
    target, issued = _minio(listed=f"{KEY}  on  2027-12-31")
    target._reader = READER
    target.reader_access_key(KEY)
    assert [call[2] for call in issued] == ["ls", "rm", "create"]
    assert issued[1][4] == KEY
