"""Benchmarks of the kit, as ratios taken side by side in one run: ``nox -s bench``.

Writes ``bench/results.json`` and ``bench/results.md`` (date, machine, versions).
Machines here are shared and noisy: each figure is a median of several runs with
its min and max, targets are ratios, and nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from docs_build import docs_costs
from overhead import harness_overhead
from partitions import partitions
from reading import reading_and_writing
from report import markdown
from sandbox_costs import sandbox_costs
from scaling import scaling

HERE = Path(__file__).resolve().parent
#: The parts of the benchmarks, each selectable with ``--only``.
PARTS = ["sandbox", "overhead", "docs", "scaling", "reading", "partitions"]
LIBRARIES = ("moto", "boto3", "s3fs", "pandas", "sphinx", "pytest", "pytest-xdist")


def machine() -> dict:
    """Cores, memory, Python and library versions of this machine."""
    memory_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        memory_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
    return {"cores": os.cpu_count(), "memory_gib": round(memory_kb / 1024 ** 2, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "libraries": {name: version(name) for name in LIBRARIES}}


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark (or those named) and write the results file and table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--only", action="append",
                        choices=PARTS,
                        help="measure only this part (repeatable); the others are kept from "
                             "the previous results.json")
    args = parser.parse_args(argv)
    chosen = set(args.only or PARTS)
    previous = HERE / "results.json"
    results: dict = (json.loads(previous.read_text(encoding="utf-8"))
                     if args.only and previous.is_file() else {})
    results.update({"date": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": machine()})
    results.setdefault("measured", {}).update(dict.fromkeys(chosen, results["date"]))
    if "sandbox" in chosen:
        results["sandbox"] = sandbox_costs(args.rounds)
    if "overhead" in chosen:
        results["overhead"] = {language: harness_overhead(language, args.rounds)
                               for language in ("python", "r")}
    if "docs" in chosen:
        results["docs"] = docs_costs(args.rounds)
    if "scaling" in chosen:
        results["scaling"] = scaling()
    if "reading" in chosen:
        results["reading"] = reading_and_writing(args.rounds)
    if "partitions" in chosen:
        results["partitions"] = partitions(args.rounds)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (HERE / "results.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
