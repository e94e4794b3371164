"""What the NSI client returns: passports, versions, typed rows, changes between versions, pages.

Read models are tolerant: unknown fields of NSI's answers are ignored, missing optional ones are ``None``.
Dates of passports and versions are parsed like cell values (``dd.mm.yyyy HH:MM`` or ISO).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Generic, TypeVar

import attrs

from egisz_sdk.nsi._values import CellProblem, Value

__all__ = [
    "Change",
    "Comparison",
    "DictionaryInfo",
    "Field",
    "Filter",
    "MatchMode",
    "Operation",
    "Page",
    "Passport",
    "Record",
    "SortDirection",
    "VersionInfo",
]

T = TypeVar("T")


@attrs.frozen
class Field:
    """A column of a dictionary, as its passport declares it.

    Attributes:
        name: the column name (``ID``, ``NAME`` …), as used in rows and filters.
        data_type: ``INTEGER``, ``VARCHAR``, ``DATETIME`` or ``BOOLEAN`` (others are kept as text).
        alias: a human-readable name, when NSI gives one.
        description: NSI's description of the column.
    """

    name: str
    data_type: str = "VARCHAR"
    alias: str | None = None
    description: str | None = None


@attrs.frozen
class Passport:
    """A dictionary's passport (``/passport``), also the shape of ``/searchDictionary`` entries.

    ``fields`` and ``keys`` may be empty in search results: ask :meth:`NsiClient.passport` for them.
    """

    oid: str
    version: str
    full_name: str = ""
    short_name: str = ""
    identifier: str | None = None
    rows_count: int | None = None
    create_date: date | datetime | None = None
    publish_date: date | datetime | None = None
    last_update: date | datetime | None = None
    fields: tuple[Field, ...] = ()
    keys: tuple[str, ...] = ()
    hierarchical: bool | None = None
    archive: bool | None = None

    @property
    def key_field(self) -> str | None:
        """The column that identifies a row: the first primary key, else ``ID``, else the first column."""
        if self.keys:
            return self.keys[0]
        names = [f.name for f in self.fields]
        if "ID" in names:
            return "ID"
        return names[0] if names else None

    def field(self, name: str) -> Field | None:
        """The column called ``name`` (``None`` when absent)."""
        return next((f for f in self.fields if f.name == name), None)


#: Entries of ``/searchDictionary`` are passports without fields.
DictionaryInfo = Passport


@attrs.frozen
class VersionInfo:
    """One version of a dictionary (``/versions``)."""

    version: str
    create_date: date | datetime | None = None
    publish_date: date | datetime | None = None
    last_update: date | datetime | None = None
    release_notes: str | None = None
    archive: bool | None = None


class Record(Mapping[str, Value]):
    """A typed row: a read-only mapping ``column → value`` plus the cells that did not fit their type.

    >>> row = Record({"ID": 1, "NAME": "врач-терапевт"})
    >>> row["NAME"], row.ok
    ('врач-терапевт', True)
    """

    __slots__ = ("_values", "problems")

    def __init__(self, values: dict[str, Value], problems: tuple[CellProblem, ...] = ()) -> None:
        self._values = values
        #: Cells whose wire value did not fit the column's type (their value here is ``None``).
        self.problems = problems

    @property
    def ok(self) -> bool:
        """True when every cell fitted its type."""
        return not self.problems

    def __getitem__(self, column: str) -> Value:
        return self._values[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def get(self, column: str, default: Value = None) -> Value:  # type: ignore[override]
        """The value of ``column`` (``default`` when the row has no such column)."""
        return self._values.get(column, default)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._values == other._values and self.problems == other.problems
        if isinstance(other, Mapping):
            return self._values == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        flag = f", problems={len(self.problems)}" if self.problems else ""
        return f"Record({self._values!r}{flag})"

    def as_dict(self) -> dict[str, Value]:
        """A plain ``dict`` copy of the values."""
        return dict(self._values)


class Operation(str, Enum):
    """What happened to a row between two versions."""

    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


@attrs.frozen
class Change:
    """One row of a ``/compare`` answer: the operation and the row (new values; for DELETE the old row)."""

    operation: Operation
    record: Record = attrs.field(eq=False)


@attrs.frozen
class Comparison:
    """All changes between two versions (``/compare``, every page).

    Attributes:
        total: the number of changed rows NSI reported.
        changes: the changes, in NSI's order.
        structure_changed: NSI reported changed ``fields``/``keys``: changes cannot be applied row by row.
        unchanged: NSI answered ``03x0002`` («Справочник не изменялся»).
    """

    total: int
    changes: tuple[Change, ...] = ()
    structure_changed: bool = False
    unchanged: bool = False


@attrs.frozen
class Page(Generic[T]):
    """One page of a paged answer (pages count from 1)."""

    number: int
    size: int
    total: int
    items: tuple[T, ...]

    @property
    def last(self) -> bool:
        """True when no further page can hold items."""
        return not self.items or self.number * self.size >= self.total


class MatchMode(str, Enum):
    """How a :class:`Filter` compares: the whole value, or a ``LIKE`` pattern (``%`` wildcards)."""

    EXACT = "EXACT"
    LIKE = "LIKE"


class SortDirection(str, Enum):
    """Sorting direction of ``/data``."""

    ASC = "ASC"
    DESC = "DESC"


@attrs.frozen
class Filter:
    """A ``/data`` filter: ``filters=FIELD|VALUE|EXACT`` or ``…|LIKE``."""

    field: str
    value: str
    mode: MatchMode = MatchMode.EXACT
