"""Cell values of NSI rows: wire strings → typed Python values, per the passport's ``dataType``.

NSI sends every value as a string or ``null`` — and sometimes as the *string* ``"null"``. Dates come in several
shapes: ``01.01.2019``, ``20.11.2019 13:27``, ISO (``2019-01-01``, ``2019-01-01T10:00:00``) and, inside
``compare`` answers, as epoch milliseconds (``1511211600000``). This module turns them into ``int``, ``str``,
``bool``, :class:`datetime.date` / :class:`datetime.datetime` or ``None`` — and reports a value that does not fit
its type as a :class:`CellProblem` instead of raising, so one bad cell never breaks a whole dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, Final, NamedTuple

__all__ = [
    "DATA_TYPES",
    "MOSCOW",
    "CellProblem",
    "Value",
    "convert",
    "parse_wire_datetime",
    "to_storage",
]

#: A typed cell value.
Value = int | str | bool | date | datetime | None

#: Moscow time (NSI's clock): epoch-millisecond dates are shown in it.
MOSCOW: Final = timezone(timedelta(hours=3), "MSK")

#: The ``dataType`` names of NSI passports this module types (anything else is kept as text).
DATA_TYPES: Final = frozenset({"INTEGER", "VARCHAR", "DATETIME", "BOOLEAN"})

_NULLS: Final = frozenset({"null", "NULL", "Null", ""})
_INT: Final = re.compile(r"[+-]?[0-9]{1,19}")
_RU_DATE: Final = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_TRUE: Final = frozenset({"true", "1", "да", "t", "y", "yes"})
_FALSE: Final = frozenset({"false", "0", "нет", "f", "n", "no"})
_MAX_INT: Final = 2**63 - 1
#: Epoch milliseconds accepted as dates: 1900-01-01 .. 2200-01-01.
_MS_RANGE: Final = (-2_208_988_800_000, 7_258_118_400_000)


class CellProblem(NamedTuple):
    """A cell whose value did not fit its declared type (the cell's typed value is ``None``).

    Attributes:
        column: the column name.
        code: the catalogue code (``nsi.value.invalid`` or ``nsi.value.too_long``).
        data_type: the passport's type of the column.
        preview: the start of the offending value (at most 40 characters).
    """

    column: str
    code: str
    data_type: str
    preview: str


class _Bad(Exception):
    """Internal signal: the value does not fit the type."""


def parse_wire_datetime(text: str) -> date | datetime:
    """Parse an NSI date: ``dd.mm.yyyy[ HH:MM[:SS]]`` or ISO 8601; a date without a time is a :class:`date`.

    Raises:
        ValueError: the text is no date in any of these shapes.
    """
    text = text.strip()
    match = _RU_DATE.fullmatch(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        if hour is None:
            return date(int(year), int(month), int(day))
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    if len(text) == 10:
        return date.fromisoformat(text)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if not 16 <= len(text) <= 40:
        raise ValueError(text)
    return datetime.fromisoformat(text)


def _from_millis(ms: int) -> date | datetime:
    if not _MS_RANGE[0] <= ms <= _MS_RANGE[1]:
        raise _Bad
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
    local = moment.astimezone(MOSCOW).replace(tzinfo=None)
    return local.date() if local.time() == datetime.min.time() else local


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _Bad
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise _Bad
        value = int(raw)
    else:
        text = str(raw).strip()
        if not _INT.fullmatch(text):
            raise _Bad
        value = int(text)
    if abs(value) > _MAX_INT:
        raise _Bad
    return value


def _text(raw: Any) -> str:
    if isinstance(raw, (dict, list)):
        raise _Bad
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return raw if isinstance(raw, str) else str(raw)


def _datetime(raw: Any) -> date | datetime:
    if isinstance(raw, bool):
        raise _Bad
    if isinstance(raw, (int, float)):
        return _from_millis(int(raw))
    text = raw.strip() if isinstance(raw, str) else str(raw)
    if len(text) == 10 and text[2] == "." and text[5] == "." and text.isascii():  # dd.mm.yyyy, the usual shape
        day, month, year = text[:2], text[3:5], text[6:]
        if day.isdigit() and month.isdigit() and year.isdigit():
            return date(int(year), int(month), int(day))
    if _INT.fullmatch(text) and len(text) >= 9:
        return _from_millis(int(text))
    try:
        return parse_wire_datetime(text)
    except ValueError:
        raise _Bad from None


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad


_CONVERTERS: Final[dict[str, Callable[[Any], Value]]] = {
    "INTEGER": _integer,
    "VARCHAR": _text,
    "DATETIME": _datetime,
    "BOOLEAN": _boolean,
}


def convert(raw: Any, data_type: str, column: str, max_chars: int) -> tuple[Value, CellProblem | None]:
    """Type one wire value; return ``(value, None)`` or ``(None, problem)``.

    ``None``, the string ``"null"`` and (for non-text types) the empty string are ``None``. Text longer than
    ``max_chars`` is refused (``nsi.value.too_long``). An unknown ``data_type`` keeps the value as text.
    """
    if raw is None:
        return None, None
    if type(raw) is str:
        if len(raw) > max_chars:
            return None, CellProblem(column, "nsi.value.too_long", data_type, raw[:40])
        if data_type == "VARCHAR":  # the common case first: text stays text, only "null" is null
            return (None if raw in _NULLS and raw else raw), None
        if data_type == "INTEGER" and 0 < len(raw) < 19 and raw.isascii() and raw.isdigit():
            return int(raw), None
        if raw.strip() in _NULLS:
            return None, None
    converter = _CONVERTERS.get(data_type, _text)
    try:
        return converter(raw), None
    except (_Bad, ValueError, OverflowError):
        return None, CellProblem(column, "nsi.value.invalid", data_type, _text_preview(raw))


def _text_preview(raw: Any) -> str:
    text = raw if isinstance(raw, str) else repr(raw)
    return text[:40]


def to_storage(value: Value) -> int | str | bool | None:
    """A typed value as JSON can hold it (dates and date-times become ISO strings)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def from_storage(stored: Any, data_type: str) -> Value:
    """Undo :func:`to_storage` for a column of ``data_type`` (values were checked when stored)."""
    if stored is None or data_type != "DATETIME":
        return stored  # type: ignore[no-any-return]
    text = str(stored)
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
