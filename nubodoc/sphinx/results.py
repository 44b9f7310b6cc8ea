"""The docs build's side of the results store: run what is missing, show what was printed.

Before pages are read, every task's files without a current result for the
configured target (``NUBODOC_TARGET``, default the sandbox) are run and recorded;
the target is started only if one of them can really run here. A page then
shows, under each tab, the output of the last current run and a status line,
both from the store, and is read again when what it shows of the store changes
(:mod:`nubodoc.sphinx.freshness`): results the build rewrites with the same
figures, or results of other tasks, do not make it read again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from nubodoc.catalogue import VARIANT_BY_KEY, Task, discover, load_task
from nubodoc.core.behaviours import Behaviour
from nubodoc.core.credentials import Credentials
from nubodoc.core.errors import NubodocError
from nubodoc.core.processes import interrupt_on_sigterm
from nubodoc.harness.execution import SnippetFailure, expected_difference
from nubodoc.harness.recording import TARGET_FAULTS, record_failure, run_and_record, target_fault
from nubodoc.harness.shown_output import truncated, with_endpoint
from nubodoc.platform.shape import DEFAULT_SHAPE, PlatformShape, selected_shape, shape_task
from nubodoc.results.recorded import CommittedResults, latest_stale, recorded_dir
from nubodoc.results.store import FAILED, NOT_RUN, PASSED, SKIPPED, Result, ResultStore, results_dir
from nubodoc.runners import RUNNERS, SnippetTimeout
from nubodoc.sphinx.badges import badge
from nubodoc.sphinx.freshness import digest, fingerprint
from nubodoc.sphinx.gates import record_credentials
from nubodoc.sphinx.state import snippets_root
from nubodoc.targets import UnsupportedOnTarget, open_target, target_name

logger = logging.getLogger(__name__)
DEFAULT_LINES = 12
OUTPUT_LABEL = "Sortie"


class LazyTarget:
    """A target started on first use only: files that cannot run here need none.

    Every Credentials a method returns is passed to *record* (the credentials gate
    looks for them in the written site).
    """

    def __init__(self, name: str, record: Callable[[Credentials], None] | None = None,
                 shape: PlatformShape = DEFAULT_SHAPE):
        self.name = name
        self._target = None
        self._record = record
        self._shape = shape

    def __getattr__(self, attribute: str):
        if self._target is None:
            self._target = open_target(name=self.name)
            self._target.take_shape(self._shape)
        value = getattr(self._target, attribute)
        if self._record is None or not callable(value):
            return value

        def recorded(*args, **kwargs):
            answer = value(*args, **kwargs)
            if isinstance(answer, Credentials):
                self._record(answer)
            return answer

        return recorded

    def close(self) -> None:
        """Close the target if it was started."""
        if self._target is not None:
            target, self._target = self._target, None
            target.close()


def store_for(root) -> ResultStore:
    """The store of the snippets folder *root* (``NUBODOC_RESULTS_DIR`` wins), with the
    results committed beside it (``recorded/``)."""
    return ResultStore(results_dir(root), CommittedResults(recorded_dir(root)))


def needs_run(store: ResultStore, task: Task, language: str, target: str) -> bool:
    """True when *target* has no current result to reuse for *task* in *language*.

    A failure is tried again; a file only checked is run once this machine can run it.
    """
    current = store.current(task, language, target)
    if not current:
        return True
    last = current[0]
    if last.outcome == FAILED:
        return True
    refused = last.outcome == SKIPPED and last.server is not None
    return (last.outcome in NOT_RUN and not refused
            and RUNNERS[language].unavailable_reason() is None)


def run_missing_results(app: Sphinx) -> None:
    """Before pages are compared with their dependencies: record any missing result.

    SIGTERM stops the build as Ctrl-C does, so that the runs and targets are cleaned up.
    """
    interrupt_on_sigterm()
    run_missing(app, snippets_root(app.env))


def run_missing(app: Sphinx, root) -> int:
    """Run and record every task's file lacking a current result; return how many ran.

    On the configured target (``NUBODOC_TARGET``, default the sandbox), then on each
    of ``nubodoc_also_run_on`` that can start here (a real server: SeaweedFS).
    """
    if not app.config.nubodoc_run_snippets:
        return 0
    primary = target_name()
    names = [primary] + [n for n in app.config.nubodoc_also_run_on if n != primary]
    return sum(_run_missing_on(root, name, required=name == primary,
                               record=partial(record_credentials, app.env)) for name in names)


def _run_missing_on(root, name: str, required: bool,
                    record: Callable[[Credentials], None] | None = None) -> int:
    """Run what lacks a result on target *name*; an optional target that cannot start is named.

    The target is started only if something is missing and this machine can run it.
    An optional target whose server fails during the build fails its results, the
    file that met the fault and every later one it would have run, and the build
    goes on, saying so; the configured target's fault stops the build.
    """
    store, shape = store_for(root), selected_shape(root)
    pending = [(shape_task(task, shape), language) for task in discover(root)
               for language in task.variants() if needs_run(store, task, language, name)]
    if not pending:
        return 0
    target = LazyTarget(name, record, shape)
    if not required and any(RUNNERS[lang].unavailable_reason() is None for _, lang in pending):
        try:
            target.endpoint_url  # noqa: B018 - starts the target, to know whether it can
        except NubodocError as exc:
            logger.info("nubodoc: not run on target %s, which cannot start here: %s", name, exc)
            return 0
    fault: BaseException | None = None
    failed = 0
    try:
        for task, language in pending:
            if fault is not None and RUNNERS[language].unavailable_reason() is None:
                record_failure(task, language, target, store,
                               "not run: " + target_fault(target, fault))
                failed += 1
                continue
            try:
                _run_one(task, language, target, store)
            except TARGET_FAULTS as exc:
                if required:
                    raise
                fault, failed = exc, failed + 1
    finally:
        target.close()
    if fault is not None:
        logger.info("nubodoc: target %s failed during the build, %d result(s) recorded as "
                    "failed; the build goes on: %s", name, failed, fault)
    logger.info("nubodoc: %d snippet file(s) run or checked against target %s", len(pending),
                name)
    return len(pending)


def _run_one(task: Task, language: str, target: LazyTarget, store: ResultStore) -> None:
    """Run and record one file; a failure the target does not expect is a build warning."""
    try:
        run_and_record(task, language, target, store)
    except UnsupportedOnTarget:
        return
    except (SnippetFailure, SnippetTimeout) as exc:
        expected = expected_difference(task, language, target)
        if expected is not None and expected.explains(exc):
            logger.info("%s[%s] fails as expected: %s", task.name, language, expected.reason)
        else:
            logger.warning("%s", exc, location=str(task.snippet_path(language)))


def _platform_endpoint(config) -> str | None:
    return (config.nubodoc_platform or {}).get("s3_endpoint")


def _printed(result: Result, task: Task) -> str:
    """What the page shows of a run: stdout, with stderr when failing was the point."""
    if result.stdout.strip() and not task.expectations[result.language].fails:
        return result.stdout
    return result.stdout + result.stderr


def output_nodes(store: ResultStore, task: Task, language: str, lines: int | None,
                 endpoint: str | None) -> list[nodes.Node]:
    """The output block (« Sortie ») and status line shown under one variant's code.

    *endpoint* is the platform's, shown in place of the target's.
    """
    result = store.best(task, language)
    shown: list[nodes.Node] = []
    if result is not None and result.outcome in (PASSED, FAILED):
        if not task.output.show:
            shown.append(_paragraph(f"Sortie non affichée : {task.output.reason}",
                                    "nubodoc-output-hidden"))
        else:
            text = with_endpoint(_printed(result, task), endpoint)
            if text.strip():
                count = lines or task.output.lines or DEFAULT_LINES
                shown.append(_paragraph(OUTPUT_LABEL, "nubodoc-output-label"))
                text = truncated(text, count)
                block = nodes.literal_block(text, text, language="none",
                                            classes=["nubodoc-output"])
                block["highlight_args"] = {}
                shown.append(block)
            else:
                shown.append(_paragraph("Ce code n'affiche rien.", "nubodoc-output-empty"))
    also_passed = [other for other in store.current(task, language)
                   if other.outcome == PASSED and result is not None
                   and other.target != result.target]
    stale = None
    if result is None or result.outcome != PASSED:
        stale = latest_stale(store.committed, task, language)
    shown.append(badge(task.name, result, also_passed, stale_since=stale and stale.since))
    return shown


def snippet_outputs(env: BuildEnvironment, task: Task,
                    lines: int | None) -> dict[str, list[nodes.Node]]:
    """Variant -> what a page shows under its code, from the store of the build's snippets."""
    store = store_for(snippets_root(env))
    endpoint = _platform_endpoint(env.config)
    return {variant: output_nodes(store, task, variant, lines, endpoint)
            for variant in task.variants()}


def dependency_notes(env: BuildEnvironment, task: Task) -> list[nodes.Node]:
    """One sentence per behaviour *task*'s output depends on (``depends_on``): which tools'
    output, and the servers of their current passing runs, where it was verified."""
    store = store_for(snippets_root(env))
    notes = []
    for behaviour in Behaviour:
        variants = [key for key in task.variants()
                    if behaviour in task.expectations[key].depends_on]
        if not variants:
            continue
        servers = sorted({result.server or result.target for key in variants
                          for result in store.current(task, key) if result.outcome == PASSED})
        tools = ", ".join(VARIANT_BY_KEY[key].title for key in variants)
        verified = (f"vérifié sur {_listed(servers)}" if servers
                    else "pas encore vérifié : aucune exécution réussie enregistrée")
        notes.append(_paragraph(f"Ce résultat ({tools}) dépend {behaviour.phrase} ; "
                                f"{verified}.", "nubodoc-depends-on"))
    return notes


def _listed(names: list[str]) -> str:
    """*names* as French lists them: « a, b et c »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def outputs_fingerprint(outputs: dict[str, list[nodes.Node]]) -> str:
    """A hash of the variants a ``{snippet}`` shows and of every output and status line."""
    return digest(part for variant, shown in outputs.items()
                  for part in (variant, *(node.pformat() for node in shown)))


@fingerprint("snippet-outputs")
def _snippet_outputs_now(env: BuildEnvironment, name: str, lines: int | None) -> str:
    """What ``{snippet} name`` would show now besides its files' text."""
    task = load_task(snippets_root(env) / name)
    return outputs_fingerprint(snippet_outputs(env, task, lines))


def _paragraph(text: str, css_class: str) -> nodes.paragraph:
    paragraph = nodes.paragraph(text, text, classes=[css_class])
    paragraph["support_smartquotes"] = False
    return paragraph


def setup_results(app: Sphinx) -> None:
    """Run what has no current result before pages are read."""
    app.connect("builder-inited", run_missing_results)
