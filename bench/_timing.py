"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import time
from collections.abc import Callable


def per_second(fn: Callable[[], object], min_time: float = 0.5, repeat: int = 3) -> float:
    """Best-of-``repeat`` calls per second of ``fn`` (each round runs at least ``min_time`` seconds)."""
    best = 0.0
    for _ in range(repeat):
        n = 0
        start = time.perf_counter()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        best = max(best, n / elapsed)
    return best


def seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best-of-``repeat`` wall time of one call of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
