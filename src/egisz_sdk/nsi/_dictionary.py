"""A loaded dictionary version: key look-ups from an in-memory index, column look-ups, text search, frames.

Key look-ups are a single ``dict`` access (well under the 5 µs target); per-column indexes are built on first use.
pandas, polars and pyarrow are optional and imported only by the export methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.nsi._values import Value
from egisz_sdk.nsi.errors import NsiError
from egisz_sdk.nsi.models import Passport, Record

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["Dictionary"]


def _key_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _optional(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigurationError("nsi.export.missing", field="format", value=module, extra=extra) from None


class Dictionary:
    """One version of one dictionary, with its passport and typed rows.

    Attributes:
        passport: the passport of this version (columns, types, key).
        key_field: the column :meth:`get` looks up (the primary key, else ``ID``, else the first column).
        source: where the rows came from: ``"network"``, ``"cache"``, ``"incremental"`` or ``"shipped"``.
    """

    def __init__(self, passport: Passport, records: Sequence[Record], *, source: str = "network") -> None:
        self.passport = passport
        self.key_field = passport.key_field
        self.source = source
        self._records = tuple(records)
        key = self.key_field
        self._by_key: dict[str, Record] = {}
        if key is not None:
            for record in self._records:
                self._by_key.setdefault(_key_text(record.get(key)), record)
        self._indexes: dict[str, dict[str, list[Record]]] = {}

    @property
    def oid(self) -> str:
        """The dictionary's OID."""
        return self.passport.oid

    @property
    def version(self) -> str:
        """The version these rows belong to."""
        return self.passport.version

    @property
    def columns(self) -> list[str]:
        """Column names in passport order (or in row order when the passport lists none)."""
        if self.passport.fields:
            return [f.name for f in self.passport.fields]
        return list(self._records[0]) if self._records else []

    @property
    def records(self) -> tuple[Record, ...]:
        """Every row."""
        return self._records

    @property
    def problems(self) -> list[tuple[str, str, str]]:
        """``(key, column, code)`` of every cell that did not fit its type."""
        key = self.key_field or ""
        return [(_key_text(r.get(key)), p.column, p.code) for r in self._records for p in r.problems]

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def __contains__(self, key: object) -> bool:
        return _key_text(key) in self._by_key  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"Dictionary(oid={self.oid!r}, version={self.version!r}, rows={len(self)}, source={self.source!r})"

    def get(self, key: Value, default: Record | None = None) -> Record | None:
        """The row whose key column equals ``key`` (``109`` and ``"109"`` are the same key), else ``default``."""
        return self._by_key.get(key if isinstance(key, str) else _key_text(key), default)

    def lookup(self, key: Value) -> Record:
        """The row with this key, or :class:`~egisz_sdk.errors.NsiError` ``nsi.key.not_found``."""
        found = self.get(key)
        if found is None:
            raise NsiError("nsi.key.not_found", field=self.key_field, value=_key_text(key), oid=self.oid)
        return found

    def find(self, column: str, value: Value) -> list[Record]:
        """Rows whose ``column`` equals ``value`` (compared as text; an index is built on first use)."""
        if column not in self.columns:
            raise NsiError("nsi.param.invalid", field="column", value=column[:64])
        index = self._indexes.get(column)
        if index is None:
            index = {}
            for record in self._records:
                index.setdefault(_key_text(record.get(column)), []).append(record)
            self._indexes[column] = index
        return list(index.get(_key_text(value), ()))

    def search(self, text: str, *, columns: Iterable[str] | None = None, limit: int = 50) -> list[Record]:
        """Rows where any text column (or one of ``columns``) contains ``text``, case-insensitively."""
        needle = text.casefold().strip()
        if not needle or limit < 1:
            return []
        names = list(columns) if columns is not None else self.columns
        found: list[Record] = []
        for record in self._records:
            for name in names:
                value = record.get(name)
                if isinstance(value, str) and needle in value.casefold():
                    found.append(record)
                    break
            if len(found) >= limit:
                break
        return found

    def to_rows(self) -> list[dict[str, Value]]:
        """Rows as plain dicts, columns in passport order."""
        names = self.columns
        return [{n: r.get(n) for n in names} for r in self._records]

    def to_pandas(self) -> pandas.DataFrame:
        """A pandas DataFrame (needs the ``pandas`` extra)."""
        pd = _optional("pandas", "pandas")
        frame: pandas.DataFrame = pd.DataFrame(self.to_rows(), columns=self.columns)
        return frame

    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame (needs the ``polars`` extra)."""
        pl = _optional("polars", "polars")
        names = self.columns
        data = {n: [r.get(n) for r in self._records] for n in names}
        frame: polars.DataFrame = pl.DataFrame(data, strict=False)
        return frame

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` (needs the ``arrow`` extra)."""
        pa = _optional("pyarrow", "arrow")
        names = self.columns
        return pa.table({n: [r.get(n) for r in self._records] for n in names})
