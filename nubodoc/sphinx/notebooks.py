"""Pages myst-nb executes get a platform service's environment, on a seeded target.

The target (sandbox, or ``NUBODOC_ENDPOINT_URL``) is started only if a page read in
this build is executed, seeded with every task's buckets and objects; its variables
are exported for the kernels and removed, with the target, when the build ends (or
the process exits: Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from nubodoc.catalogue import discover
from nubodoc.core.processes import interrupt_on_sigterm
from nubodoc.core.temporary import temporary_folder
from nubodoc.harness.environment import RUN_ONLY, S3_VARIABLES, service_environment
from nubodoc.sphinx.gates import record_credentials
from nubodoc.sphinx.state import build_state, snippets_root
from nubodoc.targets import open_target

_EXECUTED = re.compile(r"^\s*execution_mode:\s*[\"']?(?!off\b)\w", re.MULTILINE)


def executed(env: BuildEnvironment, docname: str) -> bool:
    """Whether myst-nb executes *docname* (global mode, or its front matter)."""
    if getattr(env.config, "nb_execution_mode", "off") not in ("off", None):
        return True
    source = Path(env.doc2path(docname))
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    return bool(_EXECUTED.search(text.split("\n---", 1)[0]))


def start_notebook_target(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start and seed the target if a page to read is executed; export its variables."""
    if not env.config.nubodoc_notebook_target:
        return
    if not any(executed(env, docname) for docname in docnames):
        return
    tasks = discover(snippets_root(env))
    buckets = list(dict.fromkeys(b for task in tasks for b in task.all_buckets()))
    objects = [obj for task in tasks for obj in task.seed]
    target = open_target()
    try:
        credentials = target.prepare(buckets, objects)
        record_credentials(env, credentials)
        workdir = temporary_folder("nubodoc-docs-")
        variables = service_environment(target.endpoint_url, credentials, target.ca_bundle,
                                        workdir)
    except BaseException:
        target.close()
        raise
    exported = {name: variables[name] for name in S3_VARIABLES
                if name in variables and name not in RUN_ONLY}
    build_state(env).notebook_target = (target, workdir,
                                        {n: os.environ.get(n) for n in exported})
    os.environ.update(exported)
    atexit.register(stop_notebook_target, app, None)
    stop_on_sigterm()


def stop_on_sigterm(*_args) -> None:
    """Make SIGTERM stop the build as Ctrl-C does, so that atexit cleans up.

    Called again after each page is read: executing a notebook (nbclient) puts
    SIGTERM back to its default, which would kill the build without cleanup.
    """
    interrupt_on_sigterm()


def stop_notebook_target(app: Sphinx, exception: Exception | None) -> None:
    """Stop the target started for executed pages and restore the environment."""
    state = build_state(app.env)
    if state.notebook_target is None:
        return
    target, workdir, previous = state.notebook_target
    try:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        target.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        state.notebook_target = None
        atexit.unregister(stop_notebook_target)


def setup_notebooks(app: Sphinx) -> None:
    """Start the executed pages' target before reading, stop it when the build ends."""
    app.connect("env-before-read-docs", start_notebook_target)
    app.connect("build-finished", stop_notebook_target)
    app.connect("doctree-read", stop_on_sigterm)
