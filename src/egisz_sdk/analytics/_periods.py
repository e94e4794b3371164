"""Report periods: a month (``2026-11``), a quarter (``2026-Q3``) or a year (``2026``)."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Final, Literal

import attrs

from egisz_sdk.errors import ValidationError

__all__ = ["Period"]

_PATTERN: Final = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})|[Qq]([1-4])))?")
_YEARS: Final = range(1900, 2201)


@attrs.frozen
class Period:
    """A closed range of days with its label.

    Attributes:
        label: as written (``2026-Q3``; a lower-case ``q`` is normalised).
        kind: ``"month"``, ``"quarter"`` or ``"year"``.
        start: the first day.
        end: the last day (reports count "as of the period end" on this day).
    """

    label: str
    kind: Literal["month", "quarter", "year"]
    start: _dt.date
    end: _dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """``YYYY``, ``YYYY-Qn`` or ``YYYY-MM`` (years 1900…2200), else ``analytics.period.invalid``."""
        match = _PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
        year = int(match.group(1)) if match else 0
        if match is None or year not in _YEARS:
            raise ValidationError("analytics.period.invalid", field="period", value=str(text)[:32])
        month, quarter = match.group(2), match.group(3)
        if month is not None:
            number = int(month)
            if not 1 <= number <= 12:
                raise ValidationError("analytics.period.invalid", field="period", value=text[:32])
            last = calendar.monthrange(year, number)[1]
            return cls(f"{year}-{number:02d}", "month", _dt.date(year, number, 1), _dt.date(year, number, last))
        if quarter is not None:
            first = 3 * (int(quarter) - 1) + 1
            last = calendar.monthrange(year, first + 2)[1]
            return cls(f"{year}-Q{quarter}", "quarter", _dt.date(year, first, 1), _dt.date(year, first + 2, last))
        return cls(str(year), "year", _dt.date(year, 1, 1), _dt.date(year, 12, 31))

    def months(self) -> list[str]:
        """The months of the period as ``YYYY-MM``."""
        return [f"{self.start.year}-{m:02d}" for m in range(self.start.month, self.end.month + 1)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
