"""The world's clock: follows the system time by default, can be frozen, set and advanced."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta, timezone

from egisz_sdk.errors import ConfigurationError

__all__ = ["MAX_STEP", "Clock"]

#: Most the clock moves in one :meth:`Clock.advance` (a hundred years), either way.
MAX_STEP = 100 * 365 * 86400.0


class Clock:
    """A settable clock; every expiry in the fake (codes, tokens, lockouts, timestamps) reads it.

    By default it follows the system time (so that real clients, which sign their own wall-clock
    ``timestamp``, are accepted); :meth:`advance` shifts it, :meth:`freeze` / :meth:`set` stop it at an instant.
    """

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen: datetime | None = _aware(frozen_at) if frozen_at is not None else None

    def now(self) -> datetime:
        """The current instant (timezone-aware, UTC)."""
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(timezone.utc) + self._offset

    def time(self) -> float:
        """The current instant as POSIX seconds."""
        return self.now().timestamp()

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative value) and return the new instant.

        ``seconds`` must be a finite number within ±:data:`MAX_STEP` (``config.invalid`` otherwise)."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            raise ConfigurationError("config.invalid", field="seconds", reason_ru="конечное число", reason_en="finite")
        if abs(seconds) > MAX_STEP:
            raise ConfigurationError(
                "config.invalid",
                field="seconds",
                reason_ru=f"не больше {MAX_STEP:g}",
                reason_en=f"within ±{MAX_STEP:g}",
            )
        with self._lock:
            step = timedelta(seconds=seconds)
            try:
                if self._frozen is not None:
                    self._frozen += step
                else:
                    (datetime.now(timezone.utc) + self._offset + step).timestamp()  # stays a representable time
                    self._offset += step
            except (OverflowError, ValueError, OSError):
                raise ConfigurationError(
                    "config.invalid", field="seconds", reason_ru="время вне диапазона", reason_en="time out of range"
                ) from None
        return self.now()

    def set(self, instant: datetime) -> None:
        """Freeze the clock at ``instant`` (a naive value is taken as UTC)."""
        with self._lock:
            self._frozen = _aware(instant)

    def freeze(self) -> datetime:
        """Stop the clock at the current instant and return it."""
        instant = self.now()
        self.set(instant)
        return instant

    def unfreeze(self) -> None:
        """Follow the system time again (keeping any offset added by :meth:`advance` while running)."""
        with self._lock:
            self._frozen = None

    @property
    def frozen(self) -> bool:
        """Whether the clock is stopped."""
        return self._frozen is not None

    def reset(self) -> None:
        """Back to the system time with no offset."""
        with self._lock:
            self._offset = timedelta(0)
            self._frozen = None

    def __repr__(self) -> str:
        state = "frozen" if self.frozen else "running"
        return f"Clock({state}, now={self.now().isoformat()})"


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=timezone.utc)
