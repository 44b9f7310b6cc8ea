"""How the suite's time grows with the catalogue: generated tasks, fitted as a line.

One throwaway catalogue per size and language (Python with boto3; R with aws.s3
where it is installed). The fitted cost per item, set against a bare run of the
same generated file, gives the harness's ratio once the fixed cost of a session
(interpreter, pytest, the sandbox) is spread over many items.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from overhead import bare_runs
from timing import summary

from nubodoc.catalogue import load_task
from nubodoc.runners import RUNNERS

SIZES = (5, 10, 20, 40, 80)
EXTRAPOLATE_TO = 300 * 3
BARE_RUNS = 5

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


def _suite_seconds(snippets: Path, workers: int, fork_server: bool) -> float:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--rootdir", str(snippets.parent), str(snippets)]
    if workers > 1:
        command += ["-n", str(workers)]
    if fork_server:
        command.append("--fork-server")
    started = time.perf_counter()
    answer = subprocess.run(command, cwd=snippets.parent, capture_output=True, text=True,
                            timeout=3600, env=dict(os.environ), check=False)
    if answer.returncode != 0 or "skipped" in answer.stdout.splitlines()[-1]:
        raise RuntimeError(f"generated suite failed or skipped:\n{answer.stdout[-2000:]}")
    return time.perf_counter() - started


def _bare_seconds(snippets: Path, language: str) -> dict:
    """One generated file run bare, :data:`BARE_RUNS` times, on a freshly seeded sandbox."""
    task = load_task(snippets / "tache-000")
    return summary(bare_runs(language, [task] * BARE_RUNS))


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
    lines, a bare run of the generated file and the ratio per item at scale."""
    result = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-scaling-") as folder:
        for language in SNIPPETS:
            if RUNNERS[language].unavailable_reason():
                continue
            catalogues = {size: _catalogue(Path(folder), language, size) for size in SIZES}
            bare = _bare_seconds(catalogues[SIZES[0]], language)
            for workers, fork_server in _modes(language):
                points = [(size, _suite_seconds(catalogues[size], workers, fork_server))
                          for size in SIZES]
                fixed, per_item = fit(points)
                name = (f"{language}, workers {workers}"
                        + (", --fork-server" if fork_server else ""))
                result[name] = {
                    "seconds": dict(points), "fixed_seconds": fixed, "per_item_seconds": per_item,
                    "bare_seconds": bare, "per_item_ratio": per_item / bare["median"],
                    f"extrapolated_{EXTRAPOLATE_TO}_items_seconds":
                        fixed + per_item * EXTRAPOLATE_TO,
                }
    return result
