"""How the suite's time grows with the catalogue: generated tasks, fitted as a line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (5, 10, 20, 40, 80)
EXTRAPOLATE_TO = 300 * 3

_SNIPPET = '''import os

import boto3

s3 = boto3.client("s3", endpoint_url="https://" + os.environ["AWS_S3_ENDPOINT"])
s3.put_object(Bucket="utilisateur", Key="essai.txt", Body=b"bonjour")
print(s3.get_object(Bucket="utilisateur", Key="essai.txt")["Body"].read().decode())
'''
_DECLARATION = '''title = "Tâche générée {number}"
buckets = ["utilisateur"]

[missing]
r = "Tâche générée pour mesurer le temps de la suite."
mc = "Tâche générée pour mesurer le temps de la suite."

[expect]
stdout = ["bonjour"]

[[expect.objects]]
path = "utilisateur/essai.txt"
contains = ["bonjour"]
'''


def _catalogue(root: Path, size: int) -> Path:
    snippets = root / f"catalogue-{size}" / "snippets"
    for number in range(size):
        task = snippets / f"tache-{number:03d}"
        task.mkdir(parents=True)
        (task / "task.toml").write_text(_DECLARATION.format(number=number), encoding="utf-8")
        (task / "snippet.py").write_text(_SNIPPET, encoding="utf-8")
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
    if answer.returncode != 0:
        raise RuntimeError(f"generated suite failed:\n{answer.stdout[-2000:]}")
    return time.perf_counter() - started


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares line through (items, seconds): fixed cost and cost per item."""
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in points)
             / sum((x - mean_x) ** 2 for x, _ in points))
    return mean_y - slope * mean_x, slope


def scaling() -> dict:
    """Suite time per catalogue size, serially and with ``-n 2``, with and without
    ``--fork-server``, and the fitted lines."""
    result = {}
    with tempfile.TemporaryDirectory(prefix="nubodoc-bench-scaling-") as folder:
        catalogues = {size: _catalogue(Path(folder), size) for size in SIZES}
        for workers, fork_server in ((1, False), (2, False), (1, True), (2, True)):
            points = [(size, _suite_seconds(catalogues[size], workers, fork_server))
                      for size in SIZES]
            fixed, per_item = fit(points)
            name = f"workers_{workers}" + ("_fork_server" if fork_server else "")
            result[name] = {
                "seconds": dict(points), "fixed_seconds": fixed, "per_item_seconds": per_item,
                f"extrapolated_{EXTRAPOLATE_TO}_items_seconds": fixed + per_item * EXTRAPOLATE_TO,
            }
    return result
