"""A client-side token bucket: at most ``rate`` requests per second on average, bursts up to ``burst``."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

__all__ = ["TokenBucket"]


class TokenBucket:
    """Thread-safe token bucket shared by the sync and async clients.

    Args:
        rate: tokens added per second (the sustained request rate), ``> 0``.
        burst: bucket size (requests allowed back to back); at least 1.
        clock: monotonic clock in seconds (injectable for tests).
    """

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = float(rate)
        self.burst = int(burst)
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
