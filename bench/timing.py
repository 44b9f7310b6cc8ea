"""Repeat a measurement and keep its median, min and max."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from outcomes import same_outcome


def measure(run: Callable[[], float | None], rounds: int) -> dict[str, float]:
    """Call *run* *rounds* times; each returns its own seconds, or None to be timed whole."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        seconds = run()
        samples.append(seconds if seconds is not None else time.perf_counter() - started)
    return summary(samples)


def measure_cold(prepare: Callable[[], Callable[[], object]], rounds: int,
                 outcome: Callable[[object], object], what: str) -> dict:
    """Each round, *prepare* (untimed) fresh clients and return the call to time; time it.

    The summary gets ``outcome``: what *outcome* made of each round's result, which must
    be the same every round (else :class:`outcomes.BenchRunFailed`).
    """
    samples, outcomes = [], {}
    for number in range(rounds):
        call = prepare()
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
        outcomes[f"round {number + 1}"] = outcome(result)
    return {**summary(samples), "outcome": same_outcome(outcomes, what)}


def summary(samples: list[float]) -> dict[str, float]:
    """Median, min, max and count of *samples*."""
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "runs": len(samples)}


def ratio(numerator: dict[str, float], denominator: dict[str, float]) -> float:
    """The ratio of two medians."""
    return numerator["median"] / denominator["median"]
