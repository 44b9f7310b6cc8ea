"""The maintainers' recipe « add a target », done: one module implementing the protocol,
named in TARGETS, and the suite runs its items on it with no other change."""

from __future__ import annotations

import os
import shutil

from .conftest import REPO, SNIPPETS

TARGET_MODULE = '''
"""A made-up target: the sandbox under another name, with fewer capabilities."""

from nubodoc.core.capabilities import Capability
from nubodoc.targets.sandbox import Sandbox


class Maison(Sandbox):
    name = "maison"
    server_label = "le serveur S3 maison"
    capabilities = frozenset({Capability.BUCKET_POLICIES})


def open_maison(environ):
    target = Maison()
    target.start()
    return target
'''

CONFTEST = '''
from nubodoc.targets import TARGETS

TARGETS["maison"] = "cible_maison:open_maison"
'''


def test_a_made_up_target_runs_the_items_of_the_guide(pytester, monkeypatch):
    pytester.makepyfile(cible_maison=TARGET_MODULE)
    pytester.makeconftest(CONFTEST)
    # The target's module, and this checkout's nubodoc (not another installed one).
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), str(REPO)]))
    monkeypatch.setenv("NUBODOC_RESULTS_DIR", str(pytester.path / "resultats"))
    shutil.copytree(SNIPPETS / "lister-fichiers", pytester.path / "snippets" / "lister-fichiers",
                    ignore=shutil.ignore_patterns("snippet.*.*"))
    # The name is checked once the conftest has added it to TARGETS.
    result = pytester.runpytest_subprocess("snippets", "-m", "python", "-v",
                                           "-p", "no:cacheprovider", "--s3-target", "maison")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*lister-fichiers*python*PASSED*"])
    stored = list((pytester.path / "resultats").glob("lister-fichiers.python.maison.json"))
    assert len(stored) == 1, "the result is stored under the new target's name"
