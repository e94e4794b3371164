"""Calendar dates as the EGISZ guides write them: ``ДД.ММ.ГГГГ``, ``ДДММГГГГ`` or ISO ``YYYY-MM-DD``.

:func:`validate` returns the ISO form (``"1985-03-07"``); :func:`to_date` returns a
:class:`datetime.date`; :func:`format` gives the Russian printed form ``"07.03.1985"``.

Errors: ``dates.format`` (none of the three shapes, or non-ASCII digits), ``dates.calendar`` (no such
day: ``31.02.2020``, ``29.02.2023``), ``dates.range`` (outside the plausible range).

Plausible ranges depend on what the date is (``kind``):

* ``"birth"`` (the default) — 1900-01-01 … today;
* ``"document"`` — issue and expiry dates of documents, licences and certificates:
  1900-01-01 … today + 50 years;
* ``"any"`` — any date from year 1 to 9999.

``min_date`` / ``max_date`` (a :class:`datetime.date` or any accepted string) override the bounds of
the kind; a bound that is not a date, or ``min_date`` after ``max_date``, raises ``identifier.argument``.
"Today" is the local date of the machine, read at each call.

>>> validate("07.03.1985")
'1985-03-07'
>>> format("1985-03-07")
'07.03.1985'
"""

from __future__ import annotations

import datetime as _dt
import random as _random
import re
from typing import Final, Literal

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import rng
from egisz_sdk.validators._text import checked_text, never_raises

__all__ = ["KIND", "DateKind", "bounds", "format", "generate", "is_valid", "normalize", "to_date", "validate"]

KIND = "dates"
DateKind = Literal["birth", "document", "any"]

_EARLIEST: Final = _dt.date(1900, 1, 1)
_DOTTED = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _parse(value: object) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    text = checked_text(value, KIND, limit=64)
    if m := _DOTTED.fullmatch(text) or _COMPACT.fullmatch(text):
        day, month, year = m.groups()
    elif m := _ISO.fullmatch(text):
        year, month, day = m.groups()
    else:
        raise ValidationError(f"{KIND}.format", field=KIND, value=value)
    try:
        return _dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(f"{KIND}.calendar", field=KIND, value=value, day=day, month=month, year=year) from None


def bounds(kind: DateKind = "birth", *, today: _dt.date | None = None) -> tuple[_dt.date, _dt.date]:
    """The default ``(min_date, max_date)`` of a kind of date."""
    now = today or _dt.date.today()
    if kind == "birth":
        return _EARLIEST, now
    if kind == "document":
        try:
            return _EARLIEST, now.replace(year=now.year + 50)
        except ValueError:  # 29 February
            return _EARLIEST, now.replace(year=now.year + 50, day=28)
    if kind == "any":
        return _dt.date.min, _dt.date.max
    raise ValidationError(f"{KIND}.kind", field="kind", value=kind, given=kind)


def _bounds(
    kind: DateKind, min_date: _dt.date | str | None, max_date: _dt.date | str | None
) -> tuple[_dt.date, _dt.date]:
    """The bounds of ``kind``, each replaced by ``min_date`` / ``max_date`` when given.

    A bound that is not a date, or ``min_date`` after ``max_date``, is the caller's mistake, not the
    value's: it raises ``identifier.argument`` naming the argument.
    """
    low, high = bounds(kind)
    low = low if min_date is None else _bound("min_date", min_date)
    high = high if max_date is None else _bound("max_date", max_date)
    if high < low:
        raise ValidationError(
            "identifier.argument",
            field="min_date",
            name="min_date",
            value=low.isoformat(),
            allowed=f"≤ {high.isoformat()}",
        )
    return low, high


def _bound(name: str, value: _dt.date | str) -> _dt.date:
    try:
        return _parse(value)
    except ValidationError:
        raise ValidationError(
            "identifier.argument",
            field=name,
            name=name,
            value=value,
            allowed="ДД.ММ.ГГГГ, ДДММГГГГ, YYYY-MM-DD, datetime.date",
        ) from None


def normalize(value: object) -> str:
    """Parse any accepted shape into ISO ``YYYY-MM-DD`` (calendar checked, range not)."""
    return _parse(value).isoformat()


def to_date(
    value: object,
    *,
    kind: DateKind = "birth",
    min_date: _dt.date | str | None = None,
    max_date: _dt.date | str | None = None,
) -> _dt.date:
    """Like :func:`validate` but return a :class:`datetime.date`."""
    low, high = _bounds(kind, min_date, max_date)  # first: a bad option is reported as such, whatever the value
    date = _parse(value)
    if not low <= date <= high:
        raise ValidationError(
            f"{KIND}.range",
            field=KIND,
            value=value,
            given=date.isoformat(),
            min=low.isoformat(),
            max=high.isoformat(),
        )
    return date


def validate(
    value: object,
    *,
    kind: DateKind = "birth",
    min_date: _dt.date | str | None = None,
    max_date: _dt.date | str | None = None,
) -> str:
    """Return the ISO form of a plausible date or raise :class:`ValidationError` saying why."""
    return to_date(value, kind=kind, min_date=min_date, max_date=max_date).isoformat()


is_valid = never_raises(validate)


def format(
    value: object,
    *,
    kind: DateKind = "birth",
    min_date: _dt.date | str | None = None,
    max_date: _dt.date | str | None = None,
) -> str:
    """The Russian printed form ``ДД.ММ.ГГГГ`` of a valid date (options as for :func:`validate`)."""
    date = to_date(value, kind=kind, min_date=min_date, max_date=max_date)
    return f"{date.day:02d}.{date.month:02d}.{date.year:04d}"


def generate(
    random: _random.Random | None = None,
    *,
    kind: DateKind = "birth",
    min_date: _dt.date | str | None = None,
    max_date: _dt.date | str | None = None,
) -> str:
    """A random ISO date inside the range of ``kind`` (or the given bounds)."""
    low, high = _bounds(kind, min_date, max_date)
    return (low + _dt.timedelta(days=rng(random).randint(0, (high - low).days))).isoformat()
