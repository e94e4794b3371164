"""A client-side token bucket: at most ``rate`` requests per second on average, bursts up to ``burst``."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from egisz_sdk._numbers import integer, number

__all__ = ["TokenBucket"]


class TokenBucket:
    """Thread-safe token bucket shared by the sync and async clients.

    Args:
        rate: tokens added per second (the sustained request rate), finite, ``0 < rate <= 1e6``.
        burst: bucket size (requests allowed back to back), an integer from 1 to 1,000,000.
        clock: monotonic clock in seconds (injectable for tests).

    Raises:
        ConfigurationError: ``config.invalid`` for a rate or burst out of range (``nan`` and ``inf`` included).
    """

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = number("rate", rate, low=0.0, high=1e6, low_open=True)
        self.burst = integer("burst", burst, low=1, high=1_000_000)
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenBucket(rate={self.rate}, burst={self.burst})"

    def reserve(self) -> float:
        """Take one token now; return how many seconds the caller must wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1.0
            if self._tokens >= 0:
                return 0.0
            return -self._tokens / self.rate

    def acquire(self, sleep: Callable[[float], None] = time.sleep) -> float:
        """Block until a request may go; returns the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            sleep(wait)
        return wait

    async def aacquire(self) -> float:
        """Async :meth:`acquire` (sleeps with :func:`asyncio.sleep`)."""
        wait = self.reserve()
        if wait > 0:
            await asyncio.sleep(wait)
        return wait
