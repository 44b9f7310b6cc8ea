"""Python snippets: a subprocess of the interpreter running the suite, one runner per tool."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.util
import platform
import shutil
import sys
from pathlib import Path

from nubodoc.platform.variables import duckdb_secret_statement
from nubodoc.runners.base import Runner, RunResult
from nubodoc.runners.fork_server import ForkServer
from nubodoc.runners.registry import add_client

#: The preloaded interpreter, once :meth:`PythonRunner.preload` was called.
_fork_server: ForkServer | None = None

#: The S3 clients the default Python snippets use, in the order a status line names them.
CLIENTS = ("s3fs", "boto3", "pandas")


@functools.cache
def _versions(clients: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = [("Python", platform.python_version())]
    for name in clients:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    return tuple(found)


class PythonRunner(Runner):
    """Runs a Python file with ``sys.executable``; compiling it is the static check.

    *clients* are the distributions a status line names; *modules* those the
    file imports that may be missing here (the file is then only compiled).
    """

    checked_by_running = True
    has_preloaded_mode = True

    def __init__(self, clients: tuple[str, ...] = CLIENTS, modules: tuple[str, ...] = ()):
        self.clients = clients
        self.modules = modules

    def static_problems(self, path: Path) -> list[str]:
        """Syntax errors, with their line."""
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            return [f"{path}:{exc.lineno}: {exc.msg}"]
        return []

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None when every module the tool needs is importable by this interpreter."""
        missing = [m for m in self.modules if importlib.util.find_spec(m) is None]
        if missing:
            return (f"Python package {', '.join(missing)} is not installed (pip install "
                    "'nubodoc[clients]'): the file was compiled, not run")
        return None

    def preload(self) -> None:
        """Run files in forks of one preloaded interpreter, shared by every Python tool."""
        global _fork_server
        if _fork_server is None:
            _fork_server = ForkServer()

    def warm_up(self) -> None:
        """Also start the preloaded interpreter, after :meth:`preload`."""
        super().warm_up()
        if _fork_server is not None:
            _fork_server.start()

    def close(self) -> None:
        """Stop the preloaded interpreter, if any; files run in fresh interpreters again."""
        global _fork_server
        if _fork_server is not None:
            _fork_server.close()
            _fork_server = None

    def run(self, script: Path, env: dict[str, str], cwd: Path, timeout: float,
            shown_as: Path, typed: str = "") -> RunResult:
        """A fresh interpreter, or a fork of the preloaded one after :meth:`preload`
        (a file that reads typed input always runs in a fresh one)."""
        if _fork_server is None or typed:
            return super().run(script, env, cwd, timeout, shown_as, typed)
        return _fork_server.run(script, self.prepare_environment(env), cwd, timeout, shown_as)

    def command(self, script: Path, env: dict[str, str]) -> list[str]:
        """``python -X utf8 snippet.py``."""
        return [sys.executable, "-X", "utf8", str(script)]

    def versions(self) -> dict[str, str]:
        """Python's version and those of the tool's packages, as installed."""
        return dict(_versions(self.clients))


class DuckDbRunner(PythonRunner):
    """DuckDB: its httpfs extension comes from the ``duckdb-extension-httpfs`` wheel.

    The page shows ``INSTALL httpfs; LOAD httpfs;``, which downloads the extension
    on a platform service. The harness has no internet: before each run it copies
    the wheel's extension where ``INSTALL`` looks first, the run's
    ``~/.duckdb/extensions/v<version>/<platform>/``, so that the snippet runs unchanged.
    """

    def __init__(self):
        super().__init__(("duckdb", "duckdb-extension-httpfs"),
                         ("duckdb", "duckdb_extension_httpfs"))

    def unavailable_reason(self, env: dict[str, str] | None = None) -> str | None:
        """None when duckdb and the httpfs extension of the same version are installed."""
        reason = super().unavailable_reason(env)
        if reason is None and httpfs_extension() is None:
            versions = self.versions()
            return (f"duckdb {versions.get('duckdb')} and duckdb-extension-httpfs "
                    f"{versions.get('duckdb-extension-httpfs')} differ: the file was "
                    "compiled, not run")
        return reason

    def prepare_environment(self, env: dict[str, str]) -> dict[str, str]:
        """Put the httpfs extension into the run's HOME, where ``INSTALL httpfs`` finds it,
        and the start script's persistent S3 secret into the run's ``~/.duckdb``."""
        found = httpfs_extension()
        if found is not None:
            source, version, duckdb_platform = found
            folder = Path(env["HOME"]) / ".duckdb" / "extensions" / version / duckdb_platform
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / source.name)
            create_persistent_secret(env, folder / source.name)
        return env


def create_persistent_secret(env: dict[str, str], extension: Path) -> None:
    """Create the start script's DuckDB secret where DuckDB keeps persistent secrets for
    the run's HOME (``~/.duckdb/stored_secrets``), as a service has it from its start."""
    import duckdb

    statement = duckdb_secret_statement(env)
    if statement is None:
        return
    home = Path(env["HOME"])
    config = {"secret_directory": str(home / ".duckdb" / "stored_secrets"),
              "extension_directory": str(home / ".duckdb" / "extensions"),
              "autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(config=config) as connection:
        connection.load_extension(str(extension))
        connection.execute(statement)


@functools.cache
def httpfs_extension() -> tuple[Path, str, str] | None:
    """The wheel's ``httpfs.duckdb_extension``, duckdb's version tag and platform, or None."""
    try:
        import duckdb
        import duckdb_extension_httpfs
    except ImportError:
        return None
    version = f"v{duckdb.__version__}"
    source = (Path(duckdb_extension_httpfs.__file__).parent / "extensions" / version
              / "httpfs.duckdb_extension")
    if not source.is_file():
        return None
    duckdb_platform = duckdb.sql("PRAGMA platform").fetchone()[0]
    return source, version, duckdb_platform


add_client("python", "s3fs", "pandas + s3fs", "snippet.py", PythonRunner())
add_client("python", "polars", "polars", "snippet.polars.py",
           PythonRunner(clients=("polars",), modules=("polars",)))
add_client("python", "pyarrow", "pyarrow", "snippet.pyarrow.py",
           PythonRunner(clients=("pyarrow",), modules=("pyarrow",)))
add_client("python", "duckdb", "DuckDB", "snippet.duckdb.py", DuckDbRunner())
add_client("python", "boto3", "boto3", "snippet.boto3.py",
           PythonRunner(clients=("boto3",), modules=("boto3",)))
