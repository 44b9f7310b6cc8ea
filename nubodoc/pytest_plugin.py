"""pytest plugin: one test item per task and variant, run against one S3 target.

Collects every ``snippets/<task>/task.toml`` as items ``<task>[r]``,
``<task>[python]``, ``<task>[mc]`` and one per other tool's file
(``<task>[python-polars]``, ``<task>[mc-rclone]``…), marked with their language.
The target (``--s3-target``, else ``NUBODOC_TARGET``, else the sandbox unless
``NUBODOC_ENDPOINT_URL`` is set) is started once per session (per worker under
pytest-xdist), reset and reseeded before each item, and stopped at the end of the
session, Ctrl-C included.
Each item's result is written to the results store (:mod:`nubodoc.results`),
except with ``--fork-server``: that fast local mode runs Python files in forks of
a preloaded interpreter (:mod:`nubodoc.runners.fork_server`), and pages show only
runs in fresh interpreters.
An item the target declares as differing from MinIO is an expected failure of
one kind only: the target's :class:`~nubodoc.targets.protocol.KnownDifference` names the
exception class and the pattern of its message; that failure is reported as
xfailed, with the reason; any other failure (a timeout, a dead server, another
mismatch) as a failure, and a pass as a strict XPASS failure. Tests of the kit use
the same check through :func:`expect_difference` (tests/test_minio_behaviours.py).
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import threading
from pathlib import Path

import pytest

from nubodoc.catalogue import DECLARATION, LANGUAGES, VARIANT_BY_KEY, load_task
from nubodoc.catalogue.awkward import AWKWARD, awkward_task, awkward_values
from nubodoc.core.errors import DeclarationError, EndpointError, NubodocError
from nubodoc.core.processes import interrupt_on_sigterm
from nubodoc.harness.execution import expected_difference, run_task
from nubodoc.harness.recording import run_and_record
from nubodoc.platform.profiles import PROFILE_VARIABLE
from nubodoc.platform.shape import PlatformShape, selected_shape, shape_task
from nubodoc.runners import RUNNERS
from nubodoc.targets import UnsupportedOnTarget, open_target, target_name
from nubodoc.targets.protocol import KnownDifference, Target


class TargetHolder:
    """Starts the S3 target on first use and closes it once."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self._target: Target | None = None
        self._error: EndpointError | UnsupportedOnTarget | None = None
        atexit.register(self.close)

    def get(self) -> Target:
        """The session's target, started on first call; a failure to start is kept, not retried.

        An unreachable endpoint raises EndpointError; a target that cannot run
        here (no Docker engine for ``minio``) raises UnsupportedOnTarget.
        """
        if self._error is not None:
            raise self._error
        if self._target is None:
            try:
                self._target = open_target(name=self.name)
            except (EndpointError, UnsupportedOnTarget) as exc:
                self._error = exc
                raise
        return self._target

    def close(self) -> None:
        """Stop the target (server thread, temporary files), if it was started."""
        if self._target is not None:
            target, self._target = self._target, None
            target.close()


_HOLDER = pytest.StashKey[TargetHolder]()
_DIFFERENCE = pytest.StashKey[KnownDifference]()


def expect_difference(item: pytest.Item, difference: KnownDifference | None) -> None:
    """Make *item* an expected failure of *difference* only (nothing when None)."""
    if difference is not None:
        item.stash[_DIFFERENCE] = difference


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """An item with a known difference: xfailed on that failure only, failed otherwise.

    A skip is left as it is; a pass fails as a strict XPASS.
    """
    try:
        result = yield
    except (pytest.skip.Exception, pytest.exit.Exception, KeyboardInterrupt):
        raise
    except BaseException as error:
        difference = item.stash.get(_DIFFERENCE, None)
        if difference is None:
            raise
        if difference.explains(error):
            raise pytest.xfail.Exception(difference.reason) from error
        item.add_report_section("call", "known difference", (
            f"expected {difference.describe()}; this is another failure: "
            f"{type(error).__name__}"))
        raise
    difference = item.stash.get(_DIFFERENCE, None)
    if difference is not None:
        pytest.fail(f"[XPASS(strict)] {difference.reason}", pytrace=False)
    return result


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--s3-target`` (the S3 server the snippet items run against), and the run modes."""
    parser.getgroup("nubodoc").addoption(
        "--s3-target", default=None, metavar="NAME",
        help="S3 server for snippet items, a name in nubodoc.targets.TARGETS, which a "
             "conftest may extend (default: NUBODOC_TARGET, else sandbox, or external "
             "when NUBODOC_ENDPOINT_URL is set)")
    parser.getgroup("nubodoc").addoption(
        "--platform", default=None,
        help="the platform profile (platforms/<name>.toml) whose rules the snippet items "
             "run under and whose results they record (default: NUBODOC_PLATFORM, else "
             "nubonyxia)")
    parser.getgroup("nubodoc").addoption(
        "--awkward-values", action="store_true", default=None,
        help="run every snippet file a second time with awkward reader values "
             "(<task>[<variant>@awkward]; on by default in this project: "
             "nubodoc_awkward_values in pyproject.toml)")
    parser.addini("nubodoc_awkward_values", type="bool", default=False,
                  help="collect the awkward values' items (see --awkward-values)")
    parser.getgroup("nubodoc").addoption(
        "--fork-server", action="store_true", default=False,
        help="run files in forks of a preloaded interpreter where the language has one "
             "(Python): faster; results are not recorded, pages show fresh runs only")


def _interrupt_on_sigterm(config: pytest.Config) -> None:
    """Turn SIGTERM (a CI timeout, ``kill``) into an interruption, as Ctrl-C is.

    So that the target and the running snippet are stopped and cleaned up; only in
    sessions that use the plugin (a target named, snippet items collected).
    """
    if interrupt_on_sigterm():
        config.add_cleanup(lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL))


def pytest_configure(config: pytest.Config) -> None:
    """Create the session's target holder and declare one marker per language (all its tools).

    The name is checked here, not when options are parsed, so that targets a conftest
    adds to ``TARGETS`` are known. A session that names a target (``--s3-target``) is
    interrupted by SIGTERM; one
    that does not is left as pytest made it until it collects snippet items.
    """
    named = config.getoption("s3_target")
    if named:
        try:
            target_name(name=named)
        except EndpointError as exc:
            raise pytest.UsageError(f"--s3-target: {exc}") from None
    config.stash[_HOLDER] = TargetHolder(named)
    if config.getoption("platform"):  # the results store and the builds read it too
        os.environ[PROFILE_VARIABLE] = config.getoption("platform")
    if named:
        _interrupt_on_sigterm(config)
    for language in LANGUAGES:
        config.addinivalue_line("markers", f"{language.key}: snippet item in {language.label}")
    if config.getoption("fork_server"):
        for runner in RUNNERS.values():
            runner.preload()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the target and any preloaded interpreter, even after Ctrl-C."""
    holder = config.stash.get(_HOLDER, None)
    if holder is not None:
        holder.close()
    for runner in RUNNERS.values():
        runner.close()


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say when files run in forks of a preloaded interpreter."""
    if config.getoption("fork_server"):
        return "nubodoc: --fork-server: Python files run in forks of a preloaded interpreter"
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Open the target once before any snippet item runs: an endpoint fault is one message.

    Meanwhile, the runners of the session's items warm up in background threads.
    Once it runs, what the session has built so far (modules, the target) is moved
    out of the garbage collector's sight (:func:`gc.freeze`): it lives as long as
    the session, and every later collection, pytest's own at the end included,
    no longer walks it.

    An unreachable endpoint or refused credentials stop the session at once,
    naming the endpoint, instead of failing every item.
    """
    if session.config.option.collectonly:
        return
    variants = {item.language for item in session.items if isinstance(item, SnippetItem)}
    for variant in variants:
        threading.Thread(target=RUNNERS[variant].warm_up, daemon=True,
                         name=f"nubodoc-warm-up-{variant}").start()
    if variants:
        _interrupt_on_sigterm(session.config)
        try:
            session.config.stash[_HOLDER].get()
            gc.freeze()
        except EndpointError as exc:
            if not hasattr(session.config, "workerinput"):
                pytest.exit(f"nubodoc: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
            session.shouldstop = f"nubodoc: {exc}"
        except UnsupportedOnTarget:
            return


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """Collect ``task.toml`` files as task collectors."""
    if file_path.name == DECLARATION and file_path.parent.parent.name == "snippets":
        return TaskFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def s3_target(request: pytest.FixtureRequest) -> Target:
    """The session's S3 target (sandbox or configured endpoint), shared with snippet items."""
    return request.config.stash[_HOLDER].get()


class TaskFile(pytest.File):
    """A task declaration: yields one item per variant (language and tool) with a file."""

    def collect(self):
        """Load the task; a malformed one fails each of its items, naming file and line.

        With ``--awkward-values`` (or ``nubodoc_awkward_values = true``), where the task
        has placeholders with awkward values, each file is run a second time with them
        (``<task>[python@awkward]``, :mod:`nubodoc.catalogue.awkward`), never recorded:
        the page shows the test values' run.

        Failing items rather than a collection error, so that one broken task does
        not stop the whole run: one per snippet file in the folder (``<task>[python]``,
        marked with its language, so that ``-k`` and ``-m`` still select it), or
        ``<task>[declaration]`` when the folder has none.
        """
        try:
            task = shape_task(load_task(self.path.parent), self._shape())
        except DeclarationError as exc:
            yield from self._broken_items(exc)
            return
        wanted = self.config.getoption("awkward_values") or \
            self.config.getini("nubodoc_awkward_values")
        awkward = awkward_task(task) if wanted and awkward_values(task) else None
        for variant in task.variants():
            item = SnippetItem.from_parent(self, name=f"{task.name}[{variant}]")
            item.task, item.language = task, variant
            item.add_marker(VARIANT_BY_KEY[variant].language)
            yield item
        for variant in task.variants() if awkward else ():
            item = SnippetItem.from_parent(self, name=f"{task.name}[{variant}@{AWKWARD}]")
            item.task, item.language, item.awkward = awkward, variant, True
            item.add_marker(VARIANT_BY_KEY[variant].language)
            yield item

    def _shape(self) -> PlatformShape:
        """The selected profile's shape, from ``platforms/`` beside the snippets folder
        (the default shape where there is no such file)."""
        return selected_shape(self.path.parent.parent)

    def _broken_items(self, error: DeclarationError):
        """One failing item per variant with a file in the task folder, or one for the task."""
        folder = self.path.parent
        variants = [key for key, variant in VARIANT_BY_KEY.items()
                    if (folder / variant.filename).is_file()]
        for variant in variants:
            item = BrokenTaskItem.from_parent(self, name=f"{folder.name}[{variant}]", error=error)
            item.add_marker(VARIANT_BY_KEY[variant].language)
            yield item
        if not variants:
            yield BrokenTaskItem.from_parent(self, name=f"{folder.name}[declaration]", error=error)

    def repr_failure(self, excinfo, style=None):
        """Our own errors already name the file and line: show just them."""
        if isinstance(excinfo.value, NubodocError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class BrokenTaskItem(pytest.Item):
    """Stands for a task whose declaration or files are malformed, and fails."""

    def __init__(self, *, error: DeclarationError, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        """Fail with the declaration error."""
        raise self.error

    def repr_failure(self, excinfo, style=None):
        """The error names the file and line: show just it."""
        return str(excinfo.value)

    def reportinfo(self):
        """Point reports at the file at fault."""
        return self.error.path, (self.error.line or 1) - 1, self.name


class SnippetItem(pytest.Item):
    """Runs one snippet file against the target and judges its side effects."""

    #: True for the run with awkward reader values (not recorded).
    awkward = False

    def runtest(self) -> None:
        """Static check, then run (or skip with the reason), then judge."""
        try:
            target = self.config.stash[_HOLDER].get()
            target.take_shape(self.parent._shape())
            expect_difference(self, expected_difference(self.task, self.language, target))
            if self.config.getoption("fork_server") or self.awkward:
                outcome = run_task(self.task, self.language, target)
            else:
                outcome = run_and_record(self.task, self.language, target)
        except UnsupportedOnTarget as exc:
            self._skip(str(exc))
        if outcome.skipped:
            self._skip(outcome.skipped)

    def _skip(self, reason: str) -> None:
        """Skip, reporting the snippet file (not this module) as the location."""
        raise pytest.skip.Exception(reason, _use_item_location=True)

    def repr_failure(self, excinfo, style=None):
        """The redacted report for our failures; pytest's own for anything else."""
        if isinstance(excinfo.value, NubodocError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        """Point reports at the snippet file itself."""
        return self.task.snippet_path(self.language), 0, self.name
