"""When to retry, and how long to wait: idempotent requests only, ``Retry-After`` honoured and capped.

A request is retried only when repeating it cannot change the outcome on the server: ``GET``, ``HEAD``,
``OPTIONS``, ``PUT`` and ``DELETE`` — or a ``POST`` that the caller explicitly marks idempotent (for example
with ``extensions={"egisz_idempotent": True}``). A ``POST`` that redeems a single-use ESIA code is never
replayed. Retried conditions: connection failures (the request never left), ``429`` and ``502``/``503``/``504``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Final

import attrs
import httpx

from egisz_sdk._numbers import integer, number

__all__ = ["IDEMPOTENT_EXTENSION", "IDEMPOTENT_METHODS", "RetryPolicy", "is_idempotent", "parse_retry_after"]

#: What an absurdly long ``Retry-After`` (more than 9 digits) is read as, in seconds.
_LONGEST_HINT: Final = 999_999_999

#: Methods that are safe to repeat.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

#: Request extension a caller sets to ``True`` to mark a ``POST`` as safe to repeat (or ``False`` to forbid).
IDEMPOTENT_EXTENSION: Final = "egisz_idempotent"

#: Exceptions after which the request certainly did not reach the server's application.
RETRYABLE_EXCEPTIONS: Final = (httpx.ConnectError, httpx.ConnectTimeout)


def is_idempotent(request: httpx.Request, override: bool | None = None) -> bool:
    """Whether ``request`` may be repeated: the explicit ``override``, then the extension, then the method."""
    if override is not None:
        return override
    marked = request.extensions.get(IDEMPOTENT_EXTENSION)
    if isinstance(marked, bool):
        return marked
    return request.method.upper() in IDEMPOTENT_METHODS


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date); ``None`` when unusable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        # a server's number: more than 9 digits (over 31 years) is "very long" — the caller caps it anyway
        return float(int(text)) if len(text) <= 9 else float(_LONGEST_HINT)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = now or datetime.now(timezone.utc)
    return max(0.0, (when - current).total_seconds())


def _seconds(high: float) -> Callable[[object, attrs.Attribute[float], float], None]:
    def check(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
        number(attribute.name, value, low=0.0, high=high)

    return check


def _check_attempts(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    integer(attribute.name, value, low=1, high=20)


def _check_statuses(instance: object, attribute: attrs.Attribute[frozenset[int]], value: frozenset[int]) -> None:
    for status in value:
        integer(attribute.name, status, low=100, high=599)


def _check_jitter(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    number(attribute.name, value, low=0.0, high=1.0)


@attrs.frozen
class RetryPolicy:
    """Retry settings for idempotent requests (every number finite and in range, else ``config.invalid``).

    Attributes:
        attempts: total attempts including the first (``1`` disables retries), 1–20.
        statuses: HTTP statuses worth another try (100–599).
        backoff: first exponential back-off delay in seconds (doubles per attempt), 0–60.
        backoff_max: longest exponential back-off delay, 0–600 s.
        retry_after_cap: longest wait taken from a server's ``Retry-After`` (a longer demand is capped), 0–3600 s.
        jitter: random fraction added to back-off delays (not to ``Retry-After``), 0–1.
        sleep: the sleeping function (tests pass a recorder; the async client uses ``asyncio.sleep``).
    """

    attempts: int = attrs.field(default=3, validator=_check_attempts)
    statuses: frozenset[int] = attrs.field(default=frozenset({429, 502, 503, 504}), validator=_check_statuses)
    backoff: float = attrs.field(default=0.5, validator=_seconds(60.0))
    backoff_max: float = attrs.field(default=8.0, validator=_seconds(600.0))
    retry_after_cap: float = attrs.field(default=30.0, validator=_seconds(3600.0))
    jitter: float = attrs.field(default=0.1, validator=_check_jitter)
    sleep: Callable[[float], None] | None = attrs.field(default=None, eq=False, repr=False)

    def retryable_response(self, response: httpx.Response) -> bool:
        """True for a status this policy retries."""
        return response.status_code in self.statuses

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based), honouring ``Retry-After``."""
        if response is not None:
            hinted = parse_retry_after(response.headers.get("retry-after"))
            if hinted is not None:
                return min(hinted, self.retry_after_cap)
        base = min(self.backoff * (2.0 ** (attempt - 1)), self.backoff_max)
        return base * (1.0 + self.jitter * random.random())


#: No retries at all.
NO_RETRY: Final = RetryPolicy(attempts=1)
