"""Command line: create, list and check tasks, run one, record results, start a sandbox."""

from __future__ import annotations

import argparse
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from nubodoc.catalogue import VARIANT_BY_KEY, discover
from nubodoc.catalogue.authoring import add_variants, coverage_problems, load_all, new_task
from nubodoc.core.errors import DeclarationError, NubodocError, UnsupportedOnTarget
from nubodoc.core.temporary import temporary_folder
from nubodoc.harness.committing import record, selected
from nubodoc.harness.environment import RUN_ONLY, S3_VARIABLES, service_environment
from nubodoc.harness.execution import static_problems
from nubodoc.harness.recording import run_and_record
from nubodoc.platform.drift import difference_lines, pick_region, read_regions, region_differences
from nubodoc.platform.facts import PLATFORMS_DIR, load_platform_facts
from nubodoc.platform.image_check import image_problems
from nubodoc.platform.profiles import profile_path, selected_profile
from nubodoc.results.recorded import (
    STALE_DAYS,
    CommittedResults,
    committed_problems,
    recorded_dir,
    without_hashes,
)
from nubodoc.results.store import MAINTAINER, PLATFORM_CI, ResultStore, results_dir
from nubodoc.secrets import scan as secret_scan
from nubodoc.targets import open_target


def _list(args: argparse.Namespace) -> int:
    for task in discover(args.snippets):
        variants = ", ".join(task.variants())
        print(f"{task.name:32} {variants:18} {task.title}")
    return 0


def _check(args: argparse.Namespace) -> int:
    tasks, problems = load_all(args.snippets)
    for task in tasks:
        for variant in task.variants():
            problems += static_problems(task, variant)
    docs = args.docs or args.snippets.parent / "docs"
    if docs.is_dir():
        problems += coverage_problems(args.snippets, docs)
    elif args.docs:
        problems.append(f"{docs}: no such folder (--docs names the guide's pages)")
    else:
        print(f"pages not checked: no folder {docs} next to the snippets (use --docs)")
    facts = args.facts or profile_path(args.snippets.parent, selected_profile())
    if facts.is_file():
        try:
            problems += image_problems(tasks, load_platform_facts(facts), docs)
        except DeclarationError as exc:
            problems.append(str(exc))
    elif args.facts:
        problems.append(f"{facts}: no such file (--facts names the platform's facts file)")
    else:
        print(f"images not checked: no file {facts} beside the snippets (use --facts)")
    problems += _committed_problems(args.snippets, tasks, args.stale_days)
    print("\n".join(problems) if problems else "every snippet passes its static check")
    return 1 if problems else 0


def _machine_folders(snippets: Path) -> tuple[Path, ...]:
    """Folders of this machine no committed result may name: the repository, the home."""
    return tuple(f for f in (snippets.resolve().parent, Path.home()) if len(f.parts) > 1)


def _credentials(paths: list[Path]) -> list[str]:
    """What the guide's secret scanner finds in committed result files, one problem a line
    (their own hashes aside)."""
    with tempfile.TemporaryDirectory(prefix="nubodoc-recorded-") as views:
        shown_as = {}
        for number, path in enumerate(paths):
            view = Path(views) / f"{number}.json"
            view.write_text(without_hashes(path), encoding="utf-8")
            shown_as[view] = path
        return [f"{shown_as[found.path]}:{found.line}: looks like a credential "
                f"({found.detector})" for found in secret_scan.scan([Path(views)])]


def _committed_problems(snippets: Path, tasks: list, stale_days: int) -> list[str]:
    """List the stale committed results; the committed folder's problems."""
    committed = CommittedResults(recorded_dir(snippets))
    if not committed.folder.is_dir():
        return []
    stale, problems = committed_problems(committed, tasks, stale_days,
                                         _machine_folders(snippets))
    print("\n".join(stale) if stale else "no committed result is stale")
    files = sorted(p for p in committed.folder.rglob("*") if p.is_file())
    return problems + (_credentials(files) if files else [])


def _record(args: argparse.Namespace) -> int:
    store = ResultStore(args.results or results_dir(args.snippets))
    committed = CommittedResults(recorded_dir(args.snippets), args.platform)
    done = record(selected(store, discover(args.snippets), args.language, args.target),
                  committed, args.origin, _machine_folders(args.snippets), _credentials)
    for path in done.written:
        print(f"recorded {path}")
    if done.problems:
        print("\n".join(done.problems), file=sys.stderr)
    elif not done.written:
        print(f"nothing to record: no current passing result in {store.folder}")
    return 1 if done.problems else 0


def _new(args: argparse.Namespace) -> int:
    if args.variant:
        created = add_variants(args.snippets, args.task, args.variant)
        for path, variant in zip(created, args.variant, strict=True):
            print(f"created {path}: edit it, then check it with nubodoc run {args.task} "
                  f"--language {variant}")
        return 0
    folder = new_task(args.snippets, args.task)
    print(f"created {folder}: edit task.toml and the three snippets, then show it on a page "
          f"with ```{{snippet}} {args.task}```")
    return 0


def _run(args: argparse.Namespace) -> int:
    tasks = {task.name: task for task in discover(args.snippets)}
    if args.task not in tasks:
        print(f"unknown task '{args.task}' (nubodoc list shows them)", file=sys.stderr)
        return 2
    task = tasks[args.task]
    target = open_target()
    try:
        for language in args.language or task.variants():
            try:
                outcome = run_and_record(task, language, target)
            except UnsupportedOnTarget as exc:
                print(f"{task.name}[{language}] skipped: {exc}")
                continue
            if outcome.skipped:
                print(f"{task.name}[{language}] skipped: {outcome.skipped}")
            else:
                print(f"{task.name}[{language}] passed in {outcome.result.seconds:.1f} s")
    finally:
        target.close()
    return 0


def _seed(snippets: Path) -> tuple[list[str], list]:
    """Every bucket and seed object of the catalogue's tasks."""
    tasks = discover(snippets)
    buckets = list(dict.fromkeys(b for task in tasks for b in task.all_buckets()))
    return buckets, [obj for task in tasks for obj in task.seed]


def variable_lines(env: dict[str, str], form: str) -> list[str]:
    """The S3 variables of *env* as shell ``export`` lines or ``.Renviron`` lines.

    ``R_ENVIRON`` is left out of ``.Renviron``: R has read the site file by then.
    """
    lines = []
    for name in S3_VARIABLES:
        if name not in env or name in RUN_ONLY or (form == "renviron" and name == "R_ENVIRON"):
            continue
        if form == "renviron":
            lines.append(f'{name}="{env[name]}"')
        else:
            lines.append(f"export {name}={shlex.quote(env[name])}")
    return lines


def _platform_check(args: argparse.Namespace) -> int:
    profile = Path(args.profile)
    if profile.suffix != ".toml":
        profile = args.snippets.parent / PLATFORMS_DIR / f"{args.profile}.toml"
    facts = load_platform_facts(profile)
    region = pick_region(read_regions(args.regions), args.region_id, args.regions)
    lines = difference_lines(facts.name, region_differences(facts.region, region))
    print("\n".join(lines) if lines else
          f"{profile}: every fact of [region] matches region '{region.get('id')}'")
    return 1 if lines else 0


def _sandbox(args: argparse.Namespace) -> int:
    buckets, objects = _seed(args.snippets) if args.seed else ([], [])
    buckets = list(dict.fromkeys([*args.bucket, *buckets]))
    target = open_target({})
    workdir = temporary_folder("nubodoc-shell-")
    try:
        credentials = target.prepare(buckets, objects)
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir,
                                  base={})
        where = "in another shell" if args.format == "shell" else "into ~/.Renviron"
        print(f"# Sandbox running ({len(buckets)} buckets, {len(objects)} objects); "
              f"paste these lines {where}. Ctrl-C stops it.")
        print("\n".join(variable_lines(env, args.format)))
        sys.stdout.flush()
        stop_signals = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
        signal.sigwait(stop_signals)
    finally:
        target.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nubodoc`` command."""
    parser = argparse.ArgumentParser(prog="nubodoc", description=__doc__)
    parser.add_argument("--snippets", type=Path, default=Path("snippets"),
                        help="the snippets folder (default: ./snippets)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the tasks and their variants").set_defaults(
        handler=_list)
    check = commands.add_parser(
        "check", help="static checks of every task and snippet, and of the pages showing them")
    check.add_argument("--docs", type=Path, default=None,
                       help="the guide's pages (default: docs/ beside the snippets folder)")
    check.add_argument("--facts", type=Path, default=None,
                       help="the platform's facts file (default: the NUBODOC_PLATFORM profile, "
                            "platforms/nubonyxia.toml unless set, "
                            "beside the snippets folder)")
    check.add_argument("--stale-days", type=int, default=STALE_DAYS,
                       help="fail when a committed result is stale for longer "
                            f"(default: {STALE_DAYS})")
    check.set_defaults(handler=_check)
    recording = commands.add_parser(
        "record", help="copy this machine's passing results into the committed folder")
    recording.add_argument("--origin", choices=(MAINTAINER, PLATFORM_CI), default=MAINTAINER,
                           help="where the run was made (default: a maintainer's machine)")
    recording.add_argument("--platform", default=None,
                           help="the platform whose environment the run had (default: "
                                "the NUBODOC_PLATFORM profile, else nubonyxia)")
    recording.add_argument("--language", action="append", default=[],
                           help="a variant (r-paws) or a language (r: all its tools); "
                                "repeatable (default: all)")
    recording.add_argument("--target", action="append", default=[],
                           help="a target name (sandbox, seaweedfs, minio); repeatable")
    recording.add_argument("--results", type=Path, default=None,
                           help="the run's results (default: NUBODOC_RESULTS_DIR, else "
                                ".nubodoc/results beside the snippets)")
    recording.set_defaults(handler=_record)
    new = commands.add_parser("new", help="create a task folder with a skeleton to edit")
    new.add_argument("task", help="the task's name, e.g. lire-csv")
    new.add_argument("--variant", action="append", default=[],
                     choices=sorted(k for k, v in VARIANT_BY_KEY.items() if not v.default),
                     help="add this tool's file (e.g. python-polars) to the task, new or not")
    new.set_defaults(handler=_new)
    run = commands.add_parser("run", help="run one task against the sandbox or endpoint")
    run.add_argument("task")
    run.add_argument("--language", action="append", choices=sorted(VARIANT_BY_KEY),
                     help="a variant: python, python-polars, mc-rclone… (default: all)")
    run.set_defaults(handler=_run)
    platform = commands.add_parser("platform", help="the platform profiles (platforms/)")
    platform_commands = platform.add_subparsers(dest="platform_command", required=True)
    drift = platform_commands.add_parser(
        "check", help="compare a profile's [region] with an instance's public regions")
    drift.add_argument("profile", help="a profile's name (sspcloud) or its .toml file")
    drift.add_argument("--regions", required=True,
                       help="onyxia-api's answer to GET /api/public/regions: file or URL")
    drift.add_argument("--region-id", default=None,
                       help="the region to compare (default: the first, onyxia-api's default)")
    drift.set_defaults(handler=_platform_check)
    sandbox = commands.add_parser("sandbox", help="start a sandbox and print its variables")
    sandbox.add_argument("--bucket", action="append", default=["utilisateur"],
                         help="bucket to create (repeatable; default: utilisateur)")
    sandbox.add_argument("--seed", action="store_true",
                         help="also create every task's buckets and write its objects")
    sandbox.add_argument("--format", choices=("shell", "renviron"), default="shell",
                         help="print export lines (shell) or .Renviron lines (R)")
    sandbox.set_defaults(handler=_sandbox)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except NubodocError as exc:
        print(f"nubodoc: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
