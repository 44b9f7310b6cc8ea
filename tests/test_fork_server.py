"""The preloaded interpreter (``--fork-server``) runs a file as a fresh ``python`` would.

Each probe runs twice, in a fresh interpreter and in a fork of the preloaded one,
and both runs must print the same thing and exit with the same status: a missing
import, a package that is not installed, ``sys.exit``, threads, ``atexit``, the
environment, the working folder. Then every Python snippet item of the guide runs
in that mode and must pass, as it does in the plain mode the rest of the suite uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nubodoc.runners import RUNNERS, SnippetTimeout
from nubodoc.runners.fork_server import ForkServer, ForkServerError

from .process_state import running

REPO = Path(__file__).resolve().parent.parent

PROBES = {
    "namespace_and_arguments": """
        import os
        import sys
        print(__name__, sorted(name for name in globals() if not name.startswith("__")))
        print(sys.argv == [__file__], sys.path[0] == os.path.dirname(__file__))
        print(os.getcwd(), os.environ["HOME"], os.path.expanduser("~"))
        print(sorted(os.environ.items()))
    """,
    "missing_import": """
        import s3fs
        print("s3fs importé")
        frame = pd.DataFrame({"a": [1]})
    """,
    "package_not_installed": """
        import os
        import paquet_absent_de_nubodoc
    """,
    "exit_status": """
        import sys
        print("avant")
        sys.exit(3)
    """,
    "exit_message": """
        import sys
        sys.exit("arrêt demandé")
    """,
    "chained_exception": """
        def lire():
            raise KeyError("clé")

        try:
            lire()
        except KeyError as exc:
            raise RuntimeError("lecture impossible") from exc
    """,
    "threads_and_atexit": """
        import atexit
        import threading
        import time

        atexit.register(print, "atexit")
        threading.Thread(target=lambda: (time.sleep(0.2), print("fil fini"))).start()
        print("fin du script")
    """,
    "file_left_open": """
        sortie = open("sortie.txt", "w", encoding="utf-8")
        sortie.write("écrit sans close")
        print(open("sortie.txt", encoding="utf-8").read() == "")
    """,
    "preloaded_module_is_imported_anew_by_name": """
        import sys
        print("pandas" in dir())
        import pandas as pd
        print(pd.DataFrame({"a": [1, 2]}).a.sum())
    """,
}


@pytest.fixture(scope="module")
def fork_server():
    server = ForkServer()
    server.start()
    yield server
    server.close()


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = str(folder)
    return env


def fresh_run(script: Path, env: dict[str, str]) -> tuple[int, str, str]:
    answer = subprocess.run([sys.executable, "-X", "utf8", str(script)], cwd=script.parent,
                            env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    return answer.returncode, answer.stdout, answer.stderr


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_fork_prints_and_exits_as_a_fresh_interpreter(probe, tmp_path, fork_server):
    outputs = {}
    for mode in ("fresh", "fork"):
        folder = tmp_path / mode
        folder.mkdir()
        script = folder / "snippet.py"
        script.write_text(textwrap.dedent(PROBES[probe]), encoding="utf-8")
        env = environment(folder)
        if mode == "fresh":
            outputs[mode] = fresh_run(script, env)
        else:
            run = fork_server.run(script, env, folder, 60, script)
            outputs[mode] = (run.returncode, run.stdout, run.stderr)
        if probe == "file_left_open":
            assert (folder / "sortie.txt").read_text(encoding="utf-8") == "écrit sans close"
    fresh, fork = (tuple(part.replace(str(tmp_path / mode), "<dossier>") for part in
                         map(str, outputs[mode])) for mode in ("fresh", "fork"))
    assert fork == fresh


def test_missing_import_and_absent_package_fail_as_for_a_reader(tmp_path, fork_server):
    for probe, error in (("missing_import", "NameError: name 'pd' is not defined"),
                         ("package_not_installed",
                          "ModuleNotFoundError: No module named 'paquet_absent_de_nubodoc'")):
        script = tmp_path / f"{probe}.py"
        script.write_text(textwrap.dedent(PROBES[probe]), encoding="utf-8")
        run = fork_server.run(script, environment(tmp_path), tmp_path, 60, script)
        assert run.returncode == 1
        assert run.stderr.startswith("Traceback (most recent call last):\n"
                                     f'  File "{script}", line ')
        assert run.stderr.splitlines()[-1].startswith(error)


def test_timeout_kills_the_forked_run(tmp_path, fork_server):
    script = tmp_path / "snippet.py"
    script.write_text("import os, time\nopen('pid', 'w').write(str(os.getpid()))\n"
                      "time.sleep(120)\n", encoding="utf-8")
    with pytest.raises(SnippetTimeout, match="still running after 1 s"):
        fork_server.run(script, environment(tmp_path), tmp_path, 1, Path("snippet.py"))
    assert not running(int((tmp_path / "pid").read_text()))
    script.write_text("print('encore là')\n", encoding="utf-8")
    after = fork_server.run(script, environment(tmp_path), tmp_path, 60, script)
    assert (after.returncode, after.stdout) == (0, "encore là\n")


def test_close_stops_the_interpreter_and_removes_its_folder():
    server = ForkServer(("json",))
    server.start()
    process, home = server._process, server._home
    server.close()
    assert process.poll() is not None
    assert not home.exists()


def test_every_python_snippet_passes_in_a_forked_interpreter(tmp_path):
    results, temporary = tmp_path / "results", tmp_path / "tmp"
    temporary.mkdir()
    answer = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--fork-server",
         "-m", "python", "snippets"],
        cwd=REPO, capture_output=True, text=True, timeout=900,
        env={**os.environ, "NUBODOC_RESULTS_DIR": str(results), "TMPDIR": str(temporary)},
    )
    summary = answer.stdout.strip().splitlines()[-1]
    assert answer.returncode == 0, answer.stdout[-4000:]
    assert "passed" in summary and "failed" not in summary
    assert "preloaded interpreter" in answer.stdout
    assert not results.exists() or not any(results.iterdir())
    assert sorted(path.name for path in temporary.iterdir()) == []
    assert RUNNERS["python"].unavailable_reason() is None


def test_interpreter_ends_with_the_harness(tmp_path):
    harness = subprocess.Popen(
        [sys.executable, "-c", "import threading\n"
         "from nubodoc.runners.fork_server import ForkServer\n"
         "server = ForkServer(('json',))\n"
         "starter = threading.Thread(target=server.start)\n"
         "starter.start(); starter.join()\n"
         "print(server._process.pid, server._home, flush=True)\n"
         "import time; time.sleep(120)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        pid, home = harness.stdout.readline().split()
        zygote = int(pid)
        assert running(zygote) and Path(home).is_dir()
        harness.kill()
        harness.wait(timeout=10)
        for _ in range(100):
            if not running(zygote):
                break
            time.sleep(0.05)
        assert not running(zygote)
        assert not Path(home).exists()
    finally:
        harness.kill()
        harness.wait(timeout=10)


def test_a_lost_interpreter_is_reported_then_replaced(tmp_path):
    server = ForkServer(("json",))
    server.start()
    try:
        os.kill(server._process.pid, 9)
        script = tmp_path / "snippet.py"
        script.write_text("print('relancé')\n", encoding="utf-8")
        with pytest.raises(ForkServerError, match="the preloaded interpreter stopped"):
            server.run(script, environment(tmp_path), tmp_path, 60, script)
        again = server.run(script, environment(tmp_path), tmp_path, 60, script)
        assert (again.returncode, again.stdout) == (0, "relancé\n")
    finally:
        server.close()
