"""Shared helpers of the kit's own tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SNIPPETS = REPO / "snippets"
DOCS = REPO / "docs"


@pytest.fixture
def task_copy(tmp_path: Path):
    """Copy a task of the catalogue into a temporary snippets folder; return its folder."""

    def copy(name: str) -> Path:
        destination = tmp_path / "snippets" / name
        shutil.copytree(SNIPPETS / name, destination)
        return destination

    return copy


#: Where a deprecated Sphinx API used is an error: the kit's code. Other extensions'
#: (myst-parser uses ``SphinxTransform.app``) keep Sphinx's default: a printed warning.
OUR_CODE = r"nubodoc(\.|$)"
#: sphinx-build with Sphinx's deprecation warnings, raised in the kit's code, as errors.
#: PYTHONWARNINGS cannot name them: Python reads it before sphinx can be imported
#: ("invalid module name").
STRICT_SPHINX_BUILD = f"""\
import sys
import warnings

from sphinx.deprecation import RemovedInSphinx10Warning, RemovedInSphinx11Warning

for category in (RemovedInSphinx10Warning, RemovedInSphinx11Warning):
    warnings.filterwarnings("error", category=category, module={OUR_CODE!r})
from sphinx.cmd.build import main

sys.exit(main(sys.argv[1:]))
"""


@contextmanager
def sphinx_deprecations_as_errors():
    """In this block, the kit's code using an API that Sphinx deprecates raises (in-process)."""
    from sphinx.deprecation import RemovedInSphinx10Warning, RemovedInSphinx11Warning

    with warnings.catch_warnings():
        for category in (RemovedInSphinx10Warning, RemovedInSphinx11Warning):
            warnings.filterwarnings("error", category=category, module=OUR_CODE)
        yield


def sphinx_build(source: Path, confdir: Path, out: Path, *extra: str, env=None,
                 quiet: bool = True):
    """Run sphinx-build (html, warnings and Sphinx's deprecations are errors) in a subprocess.

    Its temporary files (Sphinx writes an error log on a failed build) go to a folder
    beside *out*, not to the machine's /tmp. Not *quiet*: its log is on stdout.
    """
    temporary = out.parent / f"{out.name}-tmp"
    temporary.mkdir(parents=True, exist_ok=True)
    env = {**(os.environ if env is None else env), "TMPDIR": str(temporary)}
    return subprocess.run(
        [sys.executable, "-c", STRICT_SPHINX_BUILD, "-b", "html", "-W", "--keep-going", "-n",
         *(["-q"] if quiet else []), "-N",
         "-c", str(confdir), *extra, str(source), str(out)],
        capture_output=True, text=True, timeout=900, env=env,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole guide, built once per session with a results store of its own."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NUBODOC_RESULTS_DIR": str(tmp_path_factory.mktemp("results"))}
    answer = sphinx_build(DOCS, REPO, out, env=env)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    return out


pytest_plugins = ["pytester", "tests.browser_support"]
