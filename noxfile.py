"""Sessions: build the guide, run every test, lint, benchmark.

Every session installs the project with the pinned versions of ``constraints.txt``.
"""

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests", "seaweedfs", "profiles"]
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


def edition_folder(environ: dict) -> str:
    """Where an edition is built: _build/html for the default profile, else _build/<name>/html."""
    profile = Path(environ.get("NUBODOC_PLATFORM") or "nubonyxia").stem
    return "_build/html" if profile == "nubonyxia" else f"_build/{profile}/html"


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML guide on the embedded sandbox (or NUBODOC_ENDPOINT_URL) into _build/html.

    ``NUBODOC_PLATFORM=sspcloud`` builds that platform's edition into _build/sspcloud/html.
    """
    install(session, "docs,clients,spark")
    session.run("sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "-c", ".",
                "docs", edition_folder(os.environ), *session.posargs,
                env=install_awscli(session))


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
def profiles(session: nox.Session) -> None:
    """Every snippet item on the sandbox under each other platform's profile (platforms/),
    each recording its results as that platform's; the ``tests`` session runs the default's."""
    install(session, "docs,test")
    env = install_awscli(session)
    for profile in sorted(Path("platforms").glob("*.toml")):
        if profile.stem != "nubonyxia":
            session.run("pytest", "snippets", "--platform", profile.stem, *session.posargs,
                        env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the package, the tests, the Python snippets and the configuration."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks as ratios, side by side: writes bench/results.json and bench/results.md."""
    install(session, "docs,test,spark")
    session.run("python", "bench/measure.py", *session.posargs)
