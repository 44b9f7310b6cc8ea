"""Sessions: build the guide, run every test, lint, benchmark.

Every session installs the project with the pinned versions of ``constraints.txt``.
"""

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "seaweedfs"]
nox.options.reuse_existing_virtualenvs = True
CONSTRAINTS = ("-c", "constraints.txt")


def install(session: nox.Session, extras: str) -> None:
    """Install nubodoc with *extras*, every version pinned."""
    session.install(*CONSTRAINTS, "-e", f".[{extras}]")


def install_awscli(session: nox.Session) -> dict[str, str]:
    """The AWS CLI in a virtual environment of its own; returns the environment finding it.

    awscli 1.46 bundles its own botocore (no conflict with ours) but pins
    docutils<=0.19, which Sphinx refuses: it cannot share the session's environment.
    """
    location = Path(session.virtualenv.location).with_name("awscli")
    python = location / "bin" / "python"
    if not python.is_file():
        session.run("python", "-m", "venv", str(location))
    session.run(str(python), "-m", "pip", "install", "-q", "-c", "constraints-awscli.txt",
                "awscli", external=True)
    path = os.pathsep.join([session.bin, str(location / "bin"),
                            os.environ.get("PATH", os.defpath)])
    return {"PATH": path}


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML guide on the embedded sandbox (or NUBODOC_ENDPOINT_URL) into _build/html."""
    install(session, "docs,clients,spark")
    session.run("sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "-c", ".",
                "docs", "_build/html", *session.posargs, env=install_awscli(session))


@nox.session
def tests(session: nox.Session) -> None:
    """Every test: the harness's own tests and one item per snippet and language.

    axe-core, which the browser tests inject, comes from the npm registry (package-lock.json)
    where npm is installed; elsewhere the accessibility test is skipped, saying so.
    """
    install(session, "docs,test")
    if shutil.which("npm"):
        session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
    session.run("pytest", *session.posargs, env=install_awscli(session))


@nox.session
def seaweedfs(session: nox.Session) -> None:
    """Every snippet item against a real S3 server, SeaweedFS.

    The cross-checks of MinIO's behaviours and SeaweedFS's faults already run on it in
    the ``tests`` session (tests/test_minio_behaviours.py, tests/test_seaweedfs.py).
    """
    install(session, "docs,test")
    session.run("pytest", "snippets", "--s3-target", "seaweedfs", *session.posargs,
                env=install_awscli(session))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the package, the tests, the Python snippets and the configuration."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks as ratios, side by side: writes bench/results.json and bench/results.md."""
    install(session, "docs,test")
    session.run("python", "bench/measure.py", *session.posargs)
