"""Per-check resource bounds: a deadline the parsers' loops check, and a hard stop for code that never checks.

The cooperative :class:`Budget` is checked by our own loops. Third-party parsers (pypdf recovering a damaged
file, Pillow decoding) cannot be asked to check it, so :func:`hard_deadline` also arms a ``SIGALRM`` interval timer
when that is safe — on the main thread, on a platform with ``setitimer``, and only when nobody else uses
``SIGALRM`` — and turns its expiry into :class:`Deadline`, a ``BaseException`` so that no ``except Exception`` inside
a parser can swallow it. Elsewhere (worker threads, Windows) the cooperative budget and the size bounds remain.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Budget", "Deadline", "TooComplex", "hard_deadline"]


class TooComplex(Exception):
    """Raised inside a check when a bound is reached; turned into ``documents.check.too_complex``."""

    def __init__(self, what: str, limit: object) -> None:
        super().__init__(what)
        self.what = what
        self.limit = limit


class Deadline(BaseException):
    """The hard deadline expired (raised from the ``SIGALRM`` handler)."""


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


def _alarm(signum: int, frame: Any) -> None:
    raise Deadline


def _can_alarm() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL)[0] == 0


@contextmanager
def hard_deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Deadline` in the block after ``seconds`` when a ``SIGALRM`` timer can be used safely."""
    if seconds <= 0 or not _can_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
