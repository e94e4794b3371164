"""Per-check resource bounds: a deadline and counters that stop a check with a finding instead of hanging."""

from __future__ import annotations

import time

__all__ = ["Budget", "TooComplex"]


class TooComplex(Exception):
    """Raised inside a check when a bound is reached; turned into ``documents.check.too_complex``."""

    def __init__(self, what: str, limit: object) -> None:
        super().__init__(what)
        self.what = what
        self.limit = limit


class Budget:
    """A deadline (``seconds`` from creation) checked by the parsers' loops."""

    __slots__ = ("deadline", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        """Raise :class:`TooComplex` once the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise TooComplex("time", f"{self.seconds:g} s")

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.deadline - time.monotonic())
