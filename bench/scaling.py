"""How the suite's time grows with the catalogue: generated tasks, fitted as a line.

One throwaway catalogue per size and language (Python with boto3; R with aws.s3
where it is installed). The fitted cost per item, set against bare runs of the
same generated file going as many at a time as the suite's workers (like with like:
two workers against two bare runs at a time), gives the harness's ratio once the fixed
cost of a session (interpreter, pytest, the sandbox) is spread over many items. Every
suite run must pass all its items, none skipped.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from outcomes import timed_pytest
from overhead import bare_seconds_per_run
from timing import summary

from nubodoc.catalogue import load_task
from nubodoc.runners import RUNNERS

SIZES = (5, 10, 20, 40, 80)
EXTRAPOLATE_TO = 300 * 3
BARE_RUNS = 6
BARE_ROUNDS = 3

SNIPPETS = {
    "python": ("snippet.py", '''import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])
s3.put_object(Bucket="utilisateur", Key="essai.txt", Body=b"bonjour")
print(s3.get_object(Bucket="utilisateur", Key="essai.txt")["Body"].read().decode())
'''),
    "r": ("snippet.R", '''library(aws.s3)

put_object(charToRaw("bonjour"), object = "essai.txt", bucket = "utilisateur", region = "")
print(rawToChar(get_object("essai.txt", bucket = "utilisateur", region = "")))
'''),
}
_OTHER_LANGUAGES = {"python": ("r", "mc"), "r": ("python", "mc")}
_DECLARATION = '''title = "Tâche générée {number}"
buckets = ["utilisateur"]

[missing]
{missing}

[expect]
stdout = ["bonjour"]

[[expect.objects]]
path = "utilisateur/essai.txt"
contains = ["bonjour"]
'''


def _catalogue(root: Path, language: str, size: int) -> Path:
    snippets = root / f"catalogue-{language}-{size}" / "snippets"
    file_name, text = SNIPPETS[language]
    missing = "\n".join(f'{other} = "Tâche générée pour mesurer le temps de la suite."'
                        for other in _OTHER_LANGUAGES[language])
    for number in range(size):
        task = snippets / f"tache-{number:03d}"
        task.mkdir(parents=True)
        (task / "task.toml").write_text(_DECLARATION.format(number=number, missing=missing),
                                        encoding="utf-8")
        (task / file_name).write_text(text, encoding="utf-8")
    return snippets


def _suite_seconds(snippets: Path, size: int, workers: int, fork_server: bool) -> float:
    """Wall seconds of the generated suite; raises unless its *size* items all passed."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--rootdir", str(snippets.parent), str(snippets)]
    if workers > 1:
        command += ["-n", str(workers)]
    if fork_server:
        command.append("--fork-server")
    return timed_pytest(command, snippets.parent, size, os.environ, timeout=3600)


def _bare_seconds(snippets: Path, language: str, workers: int) -> dict:
    """Seconds per bare run of one generated file, runs going *workers* at a time, as the
    suite's items go: :data:`BARE_ROUNDS` rounds of :data:`BARE_RUNS` runs."""
    task = load_task(snippets / "tache-000")
    return summary([bare_seconds_per_run(language, task, BARE_RUNS, workers)
                    for _ in range(BARE_ROUNDS)])


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares line through (items, seconds): fixed cost and cost per item."""
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in points)
             / sum((x - mean_x) ** 2 for x, _ in points))
    return mean_y - slope * mean_x, slope


def _modes(language: str) -> list[tuple[int, bool]]:
    """(workers, fork server) pairs worth measuring for *language*."""
    modes = [(1, False), (2, False)]
    if RUNNERS[language].has_preloaded_mode:
        modes += [(1, True), (2, True)]
    return modes


def scaling() -> dict:
    """Per language that runs here: suite time per catalogue size in each mode, the fitted
    lines, bare runs of the generated file at the same parallelism, and the ratio per item
    at scale."""
    result = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-scaling-") as folder:
        for language in SNIPPETS:
            if RUNNERS[language].unavailable_reason():
                continue
            catalogues = {size: _catalogue(Path(folder), language, size) for size in SIZES}
            bare = {workers: _bare_seconds(catalogues[SIZES[0]], language, workers)
                    for workers in {workers for workers, _ in _modes(language)}}
            for workers, fork_server in _modes(language):
                points = [(size, _suite_seconds(catalogues[size], size, workers, fork_server))
                          for size in SIZES]
                fixed, per_item = fit(points)
                name = (f"{language}, workers {workers}"
                        + (", --fork-server" if fork_server else ""))
                result[name] = {
                    "seconds": dict(points), "fixed_seconds": fixed, "per_item_seconds": per_item,
                    "bare_seconds": bare[workers], "bare_workers": workers,
                    "per_item_ratio": per_item / bare[workers]["median"],
                    f"extrapolated_{EXTRAPOLATE_TO}_items_seconds":
                        fixed + per_item * EXTRAPOLATE_TO,
                }
    return result
