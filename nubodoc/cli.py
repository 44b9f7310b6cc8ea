"""Command line: list and check the catalogue, run a task, start a sandbox by hand."""

from __future__ import annotations

import argparse
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from nubodoc.catalogue import LANGUAGE_BY_KEY, discover
from nubodoc.environment import S3_VARIABLES, service_environment
from nubodoc.errors import NubodocError
from nubodoc.execution import static_problems
from nubodoc.results import run_and_record
from nubodoc.targets import open_target


def _list(args: argparse.Namespace) -> int:
    for task in discover(args.snippets):
        languages = ", ".join(task.languages())
        print(f"{task.name:32} {languages:18} {task.title}")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = []
    for task in discover(args.snippets):
        for language in task.languages():
            problems += static_problems(task, language)
    print("\n".join(problems) if problems else "every snippet passes its static check")
    return 1 if problems else 0


def _run(args: argparse.Namespace) -> int:
    tasks = {task.name: task for task in discover(args.snippets)}
    if args.task not in tasks:
        print(f"unknown task '{args.task}' (nubodoc list shows them)", file=sys.stderr)
        return 2
    task = tasks[args.task]
    target = open_target()
    try:
        for language in args.language or task.languages():
            outcome = run_and_record(task, language, target)
            if outcome.skipped:
                print(f"{task.name}[{language}] skipped: {outcome.skipped}")
            else:
                print(f"{task.name}[{language}] passed in {outcome.result.seconds:.1f} s")
    finally:
        target.close()
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    target = open_target({})
    workdir = Path(tempfile.mkdtemp(prefix="nubodoc-shell-"))
    try:
        credentials = target.prepare(args.bucket, [])
        env = service_environment(target.endpoint_url, credentials, target.ca_bundle, workdir,
                                  base={})
        print("# Sandbox running; paste these lines in another shell. Ctrl-C stops it.")
        for name in S3_VARIABLES:
            if name in env:
                print(f"export {name}={shlex.quote(env[name])}")
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
    commands.add_parser("list", help="list the tasks and their languages").set_defaults(
        handler=_list)
    commands.add_parser("check", help="static checks of every snippet").set_defaults(
        handler=_check)
    run = commands.add_parser("run", help="run one task against the sandbox or endpoint")
    run.add_argument("task")
    run.add_argument("--language", action="append", choices=sorted(LANGUAGE_BY_KEY))
    run.set_defaults(handler=_run)
    sandbox = commands.add_parser("sandbox", help="start a sandbox and print its variables")
    sandbox.add_argument("--bucket", action="append", default=["utilisateur"],
                         help="bucket to create (repeatable; default: utilisateur)")
    sandbox.set_defaults(handler=_sandbox)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except NubodocError as exc:
        print(f"nubodoc: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
