"""A docs build whose extra target's server dies midway fails that target's results, and goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nubodoc.results.store import FAILED, PASSED, ResultStore

from .conftest import sphinx_build

TASKS = ("deux", "trois", "un")
TASK = ('title = "Tâche {name}"\n\n[missing]\nr = "Pas d\'extrait R ici."\n'
        'mc = "Pas d\'extrait mc ici."\n\n[expect]\nstdout = ["bonjour {name}"]\n')
#: A target (the sandbox) whose server dies after its first run: every later
#: ``prepare`` meets the fault named by ``NUBODOC_TEST_FAULT``, as a dead server's would.
DYING_TARGET = '''
from botocore.exceptions import EndpointConnectionError

from nubodoc.core.errors import EndpointError
from nubodoc.targets.sandbox import open_sandbox

FAULTS = {
    "endpoint": lambda url: EndpointError(f"server at {url} is no longer running"),
    "connection": lambda url: EndpointConnectionError(endpoint_url=url),
}


class DyingServer:
    name = "mourant"
    server_label = "serveur mourant"

    def __init__(self, environ):
        self._fault = FAULTS[environ["NUBODOC_TEST_FAULT"]]
        self._sandbox = open_sandbox(environ)
        self._prepared = 0

    def __getattr__(self, attribute):
        return getattr(self._sandbox, attribute)

    def prepare(self, *args, **kwargs):
        self._prepared += 1
        if self._prepared > 1:
            raise self._fault(self._sandbox.endpoint_url)
        return self._sandbox.prepare(*args, **kwargs)

    def close(self):
        self._sandbox.close()


def open_dying(environ):
    return DyingServer(environ)
'''


def dying_target_site(tmp_path: Path) -> Path:
    """Three Python-only tasks, on the sandbox and on the extra target ``mourant``."""
    for name in TASKS:
        folder = tmp_path / "snippets" / name
        folder.mkdir(parents=True)
        (folder / "task.toml").write_text(TASK.format(name=name), encoding="utf-8")
        (folder / "snippet.py").write_text(f'print("bonjour {name}")\n', encoding="utf-8")
    (tmp_path / "mourant.py").write_text(DYING_TARGET, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        "import os\nimport sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "import nubodoc.targets\n\nnubodoc.targets.TARGETS['mourant'] = 'mourant:open_dying'\n"
        'extensions = ["myst_parser", "nubodoc.sphinx"]\n'
        'nubodoc_snippets_dir = "snippets"\nnubodoc_notebook_target = False\n'
        'nubodoc_also_run_on = ["mourant"]\nnubodoc_spelling = False\n'
        'exclude_patterns = ["snippets", "_build"]\n', encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Essai\n\n" + "".join(f"```{{snippet}} {name}\n```\n\n" for name in TASKS)
        + "```{nubodoc-results}\n```\n", encoding="utf-8")
    return docs


@pytest.mark.parametrize("fault", ["endpoint", "connection"])
def test_extra_target_dying_fails_its_results_and_the_build_goes_on(tmp_path, fault):
    docs = dying_target_site(tmp_path)
    results = tmp_path / "results"
    env = {**os.environ, "NUBODOC_RESULTS_DIR": str(results), "NUBODOC_TARGET": "sandbox",
           "NUBODOC_TEST_FAULT": fault}
    env.pop("NUBODOC_ENDPOINT_URL", None)
    answer = sphinx_build(docs, tmp_path, tmp_path / "out", env=env, quiet=False)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert ("nubodoc: target mourant failed during the build, 2 result(s) recorded as failed; "
            "the build goes on") in answer.stdout
    store = ResultStore(results)
    on_sandbox = [store.load(name, "python", "sandbox") for name in TASKS]
    assert [result.outcome for result in on_sandbox] == [PASSED] * 3
    first, met_the_fault, not_run = (store.load(name, "python", "mourant")
                                     for name in ("deux", "trois", "un"))
    assert first.outcome == PASSED
    assert met_the_fault.outcome == FAILED
    assert met_the_fault.reason.startswith("the S3 target 'mourant' failed during the run: ")
    assert not_run.outcome == FAILED
    assert not_run.reason.startswith("not run: the S3 target 'mourant' failed during the run")
    table = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"),
                          "html.parser").select_one("table.nubodoc-results")
    headers = [cell.get_text(strip=True) for cell in table.select("thead tr")[1].select("th")]
    target = table.select("thead tr")[1].select("th")[headers.index("serveur mourant")]
    shown = {name: table.select_one(f"tr#tache-{name} td[data-target={target['data-target']}]"
                                    " .nubodoc-sr").get_text(strip=True)
             for name in ("un", "deux", "trois")}
    assert shown["deux"].startswith("exécuté, réussi")
    assert shown["trois"].startswith("en échec")
    assert shown["un"].startswith("en échec")
