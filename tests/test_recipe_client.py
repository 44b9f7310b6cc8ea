"""The maintainers' recipe « add a client », done: one module declaring the client with
``add_client`` (its variant, its runner, its skeleton), and ``nubodoc new`` and the suite
use it with no other change."""

from __future__ import annotations

import json
import os
import sys

from .conftest import REPO

CLIENT_MODULE = '''
"""A made-up client: Python files of a « maison » tool, run by a runner of its own."""

from pathlib import Path

from nubodoc.runners import add_client
from nubodoc.runners.python import PythonRunner


class MaisonRunner(PythonRunner):
    def versions(self):
        return {"maison": "0.1"}


add_client("python", "maison", "Maison", "snippet.maison.py", MaisonRunner(clients=()),
           skeleton=Path(__file__).parent / "squelette_maison.py")
'''

SKELETON = '''\
import os

import s3fs

fs = s3fs.S3FileSystem(endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])
print("maison :", fs.ls("<mon_bucket>"))
'''

NEW_TASK_WITH_THE_CLIENT = (
    "import sys, client_maison; from nubodoc.cli import main; "
    "sys.exit(main(['--snippets', 'snippets', 'new', 'essai', '--variant', 'python-maison']))")


def test_a_made_up_client_gets_its_skeleton_and_runs_an_item(pytester, monkeypatch):
    pytester.makepyfile(client_maison=CLIENT_MODULE)
    (pytester.path / "squelette_maison.py").write_text(SKELETON, encoding="utf-8")
    pytester.makeconftest("import client_maison  # noqa: F401\n")
    # The client's module, and this checkout's nubodoc (not another installed one).
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), str(REPO)]))
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(pytester.path / "resultats"))
    monkeypatch.delenv("NUBODOC_TARGET", raising=False)
    monkeypatch.delenv("NUBODOC_ENDPOINT_URL", raising=False)

    created = pytester.run(sys.executable, "-c", NEW_TASK_WITH_THE_CLIENT)
    assert created.ret == 0, created.stderr.str()
    written = pytester.path / "snippets" / "essai" / "snippet.maison.py"
    assert written.read_text(encoding="utf-8") == SKELETON

    result = pytester.runpytest_subprocess("snippets", "-k", "python-maison", "-v",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*essai*python-maison*PASSED*"])
    stored = pytester.path / "resultats" / "essai.python-maison.sandbox.json"
    record = json.loads(stored.read_text(encoding="utf-8"))
    assert record["outcome"] == "passed"
    assert record["versions"] == {"maison": "0.1"}
