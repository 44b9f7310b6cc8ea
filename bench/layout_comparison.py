"""The kit before and after the layout restructuring (#18): same measures, same items.

``python bench/layout_comparison.py BEFORE`` compares the checkout *BEFORE* (a worktree of
the commit before the restructuring, with its own ``.venv``) with this one, and writes
``bench/layout-comparison.json``. Each round measures both trees one after the other,
alternating which goes first, so that the load of a shared machine falls on both alike:

- ``plugin_import``: a fresh interpreter importing the pytest plugin (every pytest
  session pays it);
- ``sandbox``: the tree's own ``sandbox`` part of the benchmarks (``bench/sandbox_costs.py``,
  the same code in both trees but for its imports): the sandbox's start to its first
  authenticated answer, plain moto's, and one reset and reseed;
- ``collection``: ``pytest --collect-only`` of the whole suite (its item count is kept);
- ``same_items``: the Python items of the tasks whose folder is byte for byte the same in
  both trees, run through pytest on the sandbox; every one must pass in both.

The suite's node ids are compared too: common, moved (same test name, another file),
only before, and only after, counted by file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from outcomes import BenchRunFailed, timed_pytest
from timing import summary

AFTER = Path(__file__).resolve().parent.parent
RESULTS = AFTER / "bench" / "layout-comparison.json"
#: The tree's own ``sandbox`` part of the benchmarks (bench/sandbox_costs.py, the same
#: code in both trees but for the modules it imports), one round, its figures printed.
SANDBOX_PART = ("import json, sys; sys.path.insert(0, 'bench'); "
                "from sandbox_costs import sandbox_costs; print(json.dumps(sandbox_costs(1)))")


def python_of(tree: Path) -> str:
    """The interpreter of *tree*'s own virtual environment."""
    return str(tree / ".venv" / "bin" / "python")


def _wall(command: list[str], tree: Path, timeout: float = 600) -> tuple[float, str]:
    """Wall seconds and output of *command* in *tree*; raises unless it exits 0."""
    started = time.perf_counter()
    answer = subprocess.run(command, cwd=tree, capture_output=True, text=True,
                            timeout=timeout, check=False)
    seconds = time.perf_counter() - started
    if answer.returncode != 0:
        raise BenchRunFailed(f"{' '.join(command)} failed in {tree} (exit status "
                             f"{answer.returncode}):\n{answer.stdout[-1500:]}"
                             f"{answer.stderr[-1500:]}")
    return seconds, answer.stdout


def collected_ids(tree: Path) -> list[str]:
    """The node ids ``pytest --collect-only -q`` lists in *tree*."""
    _, printed = _wall([python_of(tree), "-m", "pytest", "--collect-only", "-q",
                        "-p", "no:cacheprovider"], tree)
    return [line for line in printed.splitlines() if "::" in line]


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def same_tasks(before: Path, after: Path) -> list[str]:
    """Tasks whose folder holds the same files, byte for byte, in both trees."""
    return [folder.name for folder in sorted((after / "snippets").iterdir())
            if folder.is_dir() and (before / "snippets" / folder.name).is_dir()
            and _contents(folder) == _contents(before / "snippets" / folder.name)]


def _sandbox_part(tree: Path) -> dict[str, float]:
    """The figures of one round of *tree*'s own ``sandbox`` benchmark part."""
    figures = json.loads(_wall([python_of(tree), "-c", SANDBOX_PART], tree)[1].splitlines()[-1])
    return {name: figures[name]["median"]
            for name in ("sandbox_start", "moto_start", "reset_reseed")}


def _measures(items: list[str]) -> dict:
    """Measure name -> the function giving its figures (seconds) in one tree."""
    return {
        "plugin_import": lambda tree: {"plugin_import": _wall(
            [python_of(tree), "-c", "import nubodoc.pytest_plugin"], tree)[0]},
        "sandbox": _sandbox_part,
        "collection": lambda tree: {"collection": _wall(
            [python_of(tree), "-m", "pytest", "--collect-only", "-q",
             "-p", "no:cacheprovider"], tree, 900)[0]},
        "same_items": lambda tree: {"same_items": timed_pytest(
            [python_of(tree), "-m", "pytest", "-q", "-p", "no:cacheprovider", *items],
            tree, len(items), os.environ, 1800)},
    }


def removed_by(node: str, before_commit: str) -> str:
    """The commit after *before_commit* that took away the test function of *node*: its
    short hash and the start of its subject."""
    name = node.split("::", 1)[1].split("[", 1)[0]
    answer = subprocess.run(["git", "-C", str(AFTER), "log", "--format=%h %s", "-S",
                             f"def {name}(", f"{before_commit}..HEAD", "--", "tests"],
                            capture_output=True, text=True, check=True)
    found = answer.stdout.splitlines()
    return found[0][:140] if found else "not found in the history of tests/"


def compare_ids(before: list[str], after: list[str]) -> dict:
    """Common ids, ids moved to another file under the same test name, and the rest."""
    common = set(before) & set(after)
    gone, new = set(before) - common, set(after) - common
    by_name = {}
    for node in sorted(new):
        by_name.setdefault(node.split("::", 1)[1], []).append(node)
    moved = {}
    for node in sorted(gone):
        candidates = by_name.get(node.split("::", 1)[1], [])
        if len(candidates) == 1:
            moved[node] = candidates[0]
    only_before = sorted(gone - moved.keys())
    only_after = sorted(new - set(moved.values()))
    return {"before": len(before), "after": len(after), "common": len(common),
            "moved": moved, "only_before": only_before,
            "only_after": len(only_after),
            "only_after_by_file": dict(Counter(node.split("::", 1)[0]
                                               for node in only_after).most_common())}


def compare(before: Path, rounds: int) -> dict:
    """Both trees measured round by round, and their collected ids compared."""
    trees = {"before": before, "after": AFTER}
    ids = {name: collected_ids(tree) for name, tree in trees.items()}
    tasks = same_tasks(before, AFTER)
    items = sorted(node for node in set(ids["before"]) & set(ids["after"])
                   if node.startswith("snippets/") and node.split("/")[1] in tasks
                   and "[python" in node)
    samples: dict[str, dict[str, list[float]]] = {}
    for number in range(rounds):
        order = list(trees) if number % 2 == 0 else list(reversed(trees))
        for run in _measures(items).values():
            for name in order:
                for figure, seconds in run(trees[name]).items():
                    samples.setdefault(figure, {}).setdefault(name, []).append(seconds)
    figures = {figure: {name: summary(values) for name, values in by_tree.items()}
               for figure, by_tree in samples.items()}
    for figure in figures.values():
        figure["ratio_after_to_before"] = figure["after"]["median"] / figure["before"]["median"]
    node_ids = compare_ids(ids["before"], ids["after"])
    node_ids["only_before"] = {node: removed_by(node, _commit(before))
                               for node in node_ids["only_before"]}
    return {"same_tasks": tasks, "same_items": items, "figures": figures,
            "node_ids": node_ids}


def _commit(tree: Path) -> str:
    return subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    """Compare *before* with this checkout; write bench/layout-comparison.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("before", type=Path, help="checkout of the commit before the moves")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from measure import machine

    results = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
               "commits": {"before": _commit(args.before), "after": _commit(AFTER)},
               "rounds": args.rounds, **compare(args.before.resolve(), args.rounds)}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print(json.dumps(results["figures"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
