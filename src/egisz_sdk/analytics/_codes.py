"""Codes → names through NSI dictionaries or plain mappings; unknown codes are kept and flagged, never dropped.

A *code book* is anything with a ``get(code)``: a plain ``Mapping`` of code → name (keys compared as text, so
``109`` and ``"109"`` are one code) or an :class:`egisz_sdk.nsi.Dictionary`, whose rows are looked up by their key
column and named by a name column (chosen automatically, or given with :func:`names_of`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from egisz_sdk.errors import ConfigurationError

__all__ = ["CodeBooks", "names_of", "resolver", "text_code"]

#: Column names tried, in order, for a dictionary's name column (then any column whose name contains NAME).
_NAME_COLUMNS: Final = ("NAME", "NAME_FULL", "FULLNAME", "FULL_NAME", "NAME_SHORT", "SHORTNAME", "TITLE", "VALUE")

#: ``frame column → code book``, as the frame functions take it.
CodeBooks = Mapping[str, Any]


def text_code(value: Any) -> str | None:
    """A code as text: ``109``, ``"109"`` and ``109.0`` are ``"109"``; ``{code|id, name}`` objects give their code."""
    if isinstance(value, Mapping):
        value = value.get("code", value.get("id"))
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def _name_column(columns: list[str], key: str | None) -> str:
    upper = {c.upper(): c for c in columns}
    for wanted in _NAME_COLUMNS:
        if wanted in upper and upper[wanted] != key:
            return upper[wanted]
    for column in columns:
        if "NAME" in column.upper() and column != key:
            return column
    for column in columns:
        if column != key:
            return column
    raise ConfigurationError("config.invalid", field="dictionary", reason_ru="нет столбца с названием",
                             reason_en="no name column")  # fmt: skip


def names_of(dictionary: Any, column: str | None = None) -> dict[str, str]:
    """``code → name`` of an NSI :class:`~egisz_sdk.nsi.Dictionary` (its key column → ``column``).

    ``column`` defaults to the first of ``NAME``, ``NAME_FULL``, ``FULLNAME`` … present, else the first column whose
    name contains ``NAME``, else the first column that is not the key. Rows with an empty key or name are skipped.
    """
    columns = list(dictionary.columns)
    key = dictionary.key_field
    if key is None:
        raise ConfigurationError("config.invalid", field="dictionary", reason_ru="у справочника нет ключа",
                                 reason_en="the dictionary has no key column")  # fmt: skip
    name = column or _name_column(columns, key)
    if name not in columns:
        raise ConfigurationError("config.invalid", field="column", reason_ru=f"нет столбца {name}",
                                 reason_en=f"no column {name}")  # fmt: skip
    out: dict[str, str] = {}
    for record in dictionary.records:
        code, label = text_code(record.get(key)), record.get(name)
        if code is not None and label not in (None, ""):
            out.setdefault(code, str(label))
    return out


def resolver(book: Any) -> dict[str, str]:
    """A code book as a plain ``text code → name`` dict (a Dictionary through :func:`names_of`)."""
    if hasattr(book, "records") and hasattr(book, "key_field"):
        return names_of(book)
    if isinstance(book, Mapping):
        out: dict[str, str] = {}
        for code, name in book.items():
            key = text_code(code)
            if key is not None and name is not None:
                out[key] = str(name)
        return out
    raise ConfigurationError("config.invalid", field="codes", reason_ru="ожидается Dictionary или словарь",
                             reason_en="expected a Dictionary or a mapping")  # fmt: skip


def resolve_rows(rows: list[dict[str, Any]], names: Mapping[str, str], books: CodeBooks | None) -> list[str]:
    """Resolve in place: for each ``code column`` in ``books`` set its name column and ``<code column>_unknown``.

    ``names`` maps a code column to its name column. A found code's name replaces the name the record carried; a
    code the book lacks keeps the record's own name and is flagged ``True``; an empty code is flagged ``False``.
    Returns the flag columns added.
    """
    flags: list[str] = []
    for column, book in (books or {}).items():
        if column not in names:
            raise ConfigurationError("config.invalid", field="codes", reason_ru=f"нет кодового столбца {column}",
                                     reason_en=f"no code column {column}; use one of {sorted(names)}")  # fmt: skip
        table = resolver(book)
        target, flag = names[column], f"{column}_unknown"
        flags.append(flag)
        for row in rows:
            code = text_code(row.get(column))
            found = table.get(code) if code is not None else None
            if found is not None:
                row[target] = found
            row[flag] = code is not None and found is None
    return flags
