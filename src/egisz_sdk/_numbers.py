"""Range checks for numeric settings: every number a caller configures is finite and inside a sane range.

``nan`` compares false with everything, so a check written as ``value < 0`` lets it through and a later
``now > exp + leeway`` silently never fires; ``inf`` and ``1e12`` turn a timeout or a leeway into "forever".
:func:`number` and :func:`integer` refuse all of those with ``config.invalid`` (field, value, reason in
Russian and English), for every configuration object of the SDK.
"""

from __future__ import annotations

import math
from typing import Any

from egisz_sdk.errors import ConfigurationError

__all__ = ["integer", "number"]


def _refuse(field: str, value: Any, low: float, high: float, kind_ru: str, kind_en: str) -> ConfigurationError:
    return ConfigurationError(
        "config.invalid",
        field=field,
        value=value,
        reason_ru=f"нужно конечное {kind_ru} от {low:g} до {high:g}",
        reason_en=f"a finite {kind_en} from {low:g} to {high:g} is required",
    )


def number(field: str, value: Any, *, low: float, high: float, low_open: bool = False) -> float:
    """``value`` as a float when it is a finite real number in ``[low, high]`` (``(low, high]`` with ``low_open``).

    Raises:
        ConfigurationError: ``config.invalid`` for ``bool``, non-numbers, ``nan``, ``±inf`` and out-of-range values.
    """
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        number_ = float(value) if not isinstance(value, int) or abs(value) < 2**1023 else math.inf
        ok = math.isfinite(number_) and (low < number_ if low_open else low <= number_) and number_ <= high
        if ok:
            return number_
    raise _refuse(field, value, low, high, "число", "number")


def integer(field: str, value: Any, *, low: int, high: int) -> int:
    """``value`` when it is an ``int`` (not ``bool``) in ``[low, high]``, else ``config.invalid``."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    raise _refuse(field, value, low, high, "целое число", "integer")
