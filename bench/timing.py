"""Repeat a measurement and keep its median, min and max."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def measure(run: Callable[[], float | None], rounds: int) -> dict[str, float]:
    """Call *run* *rounds* times; each returns its own seconds, or None to be timed whole."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        seconds = run()
        samples.append(seconds if seconds is not None else time.perf_counter() - started)
    return summary(samples)


def summary(samples: list[float]) -> dict[str, float]:
    """Median, min, max and count of *samples*."""
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "runs": len(samples)}


def ratio(numerator: dict[str, float], denominator: dict[str, float]) -> float:
    """The ratio of two medians."""
    return numerator["median"] / denominator["median"]
