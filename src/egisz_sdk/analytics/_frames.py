"""Tidy pandas / polars frames from FRMR and FRMO exports, codes resolved through NSI dictionaries.

Every function takes a JSON Lines path (as ``egisz frmr export`` writes it) or an iterable of record dicts, and
``backend="pandas"`` (default) or ``"polars"``. Dates are dates (pandas ``datetime64``, polars ``Date``), rates
floats, codes text. pandas and polars are optional and imported inside the function that needs them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from egisz_sdk.analytics import _rows
from egisz_sdk.analytics._codes import CodeBooks, resolve_rows
from egisz_sdk.errors import ConfigurationError

__all__ = [
    "Backend",
    "cards_frame",
    "deadlines_frame",
    "departments_frame",
    "documents_frame",
    "frame_of",
    "identifier_quality",
    "optional",
    "staff_frame",
]

Backend = Literal["pandas", "polars"]
_EXTRA = {"pandas": "pandas", "polars": "polars", "openpyxl": "xlsx", "dask": "dask", "distributed": "dask"}


def optional(module: str) -> Any:
    """Import an optional dependency or raise ``dependency.missing`` naming its extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        root = module.split(".")[0]
        extra = _EXTRA.get(root, root)
        raise ConfigurationError("dependency.missing", field=root, package=root, extra=extra) from None


def _cell(value: Any) -> Any:
    """A scalar as it is; a nested object where a scalar belongs (junk in the registry's data) becomes empty."""
    return None if isinstance(value, (Mapping, list, tuple, set)) else value


def frame_of(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], backend: Backend = "pandas") -> Any:
    """A frame of ``rows`` with exactly ``columns`` (in order); date, rate and flag columns typed."""
    data = {c: [_cell(r.get(c)) for r in rows] for c in columns}
    if backend == "polars":
        pl = optional("polars")
        schema = {c: _polars_type(pl, c) for c in columns}
        return pl.DataFrame(data, schema=schema, strict=False)
    if backend != "pandas":
        raise ConfigurationError("config.invalid", field="backend", reason_ru="pandas или polars",
                                 reason_en="pandas or polars")  # fmt: skip
    pd = optional("pandas")
    frame = pd.DataFrame(data, columns=list(columns))
    for column in columns:
        if column in _rows.DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], errors="coerce")
        elif column in _rows.FLOAT_COLUMNS or column == "beds":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column.endswith("_unknown") or column == "passed":
            frame[column] = frame[column].astype("boolean")
        else:
            frame[column] = frame[column].astype("string")
    return frame


def _polars_type(pl: Any, column: str) -> Any:
    if column in _rows.DATE_COLUMNS:
        return pl.Date
    if column in _rows.FLOAT_COLUMNS or column == "beds":
        return pl.Float64
    if column.endswith("_unknown") or column == "passed":
        return pl.Boolean
    return pl.Utf8


def _build(
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    names: Mapping[str, str],
    codes: CodeBooks | None,
    backend: Backend,
) -> Any:
    flags = resolve_rows(rows, names, codes)
    return frame_of(rows, [*columns, *flags], backend)


def cards_frame(source: Any, *, codes: CodeBooks | None = None, backend: Backend = "pandas") -> Any:
    """One row per worker and employment card (FRMR export).

    Columns: ``mo, worker_oid, snils, last_name, first_name, patronymic, gender, gender_name, birth_date, card_id,
    organization,
    department_oid, department_name, post_id, post_name, position_type_id, position_type_name, rate, begin_date,
    end_date, end_type_id``, then ``<code>_unknown`` for every column resolved through ``codes``.

    Args:
        source: a JSON Lines path, or records ``{"mo": …, "person": <person/full>}`` (bare ``person/full`` too).
        codes: ``{"post_id": <Dictionary or mapping>, "position_type_id": …, "department_oid": …, "gender": …}``.
        backend: ``"pandas"`` or ``"polars"``.
    """
    rows = _rows.card_rows(_rows.records_of(source))
    return _build(rows, _rows.CARD_COLUMNS, _rows.CARD_NAMES, codes, backend)


def documents_frame(source: Any, *, codes: CodeBooks | None = None, backend: Backend = "pandas") -> Any:
    """One row per diploma, certificate and accreditation procedure (``kind`` says which).

    Diplomas, certificates and accreditations take their specialties from different NSI dictionaries, so
    ``codes`` keys may name a kind: ``{"diploma.spec_id": …, "certificate.spec_id": …, "accreditation.spec_id": …}``;
    a bare ``spec_id`` / ``institution_id`` applies to every kind.
    """
    rows = _rows.document_rows(_rows.records_of(source))
    flags: list[str] = []
    for kind in ("diploma", "certificate", "accreditation"):
        books = {k: v for k, v in (codes or {}).items() if "." not in k}
        books.update({k.split(".", 1)[1]: v for k, v in (codes or {}).items() if k.startswith(kind + ".")})
        part = [r for r in rows if r["kind"] == kind]
        flags += [f for f in resolve_rows(part, _rows.DOCUMENT_NAMES, books) if f not in flags]
    for key in codes or {}:
        if "." in key and key.split(".", 1)[0] not in ("diploma", "certificate", "accreditation"):
            raise ConfigurationError("config.invalid", field="codes", reason_ru=f"неизвестный вид {key}",
                                     reason_en=f"unknown kind in {key}")  # fmt: skip
    for row in rows:
        for flag in flags:
            row.setdefault(flag, False)
    return frame_of(rows, [*_rows.DOCUMENT_COLUMNS, *flags], backend)


def departments_frame(source: Any, *, codes: CodeBooks | None = None, backend: Backend = "pandas") -> Any:
    """One row per department (FRMO export records ``{org, departments, staff}``); ``beds`` sums the bed counts."""
    rows = _rows.department_rows(_rows.records_of(source))
    return _build(rows, _rows.DEPARTMENT_COLUMNS, _rows.DEPARTMENT_NAMES, codes, backend)


def staff_frame(source: Any, *, codes: CodeBooks | None = None, backend: Backend = "pandas") -> Any:
    """One row per staff-schedule line (FRMO ``org/staff`` ``staffDetails``): rate, busy rate, vacancy as sent."""
    rows = _rows.staff_rows(_rows.records_of(source))
    return _build(rows, _rows.STAFF_COLUMNS, _rows.STAFF_NAMES, codes, backend)


def deadlines_frame(
    source: Any,
    *,
    today: _dt.date,
    within: int = 30,
    ruleset: Any = "law",
    backend: Backend = "pandas",
) -> Any:
    """Certificate and accreditation deadlines of every worker, one row per worker and specialty.

    The rules are :func:`egisz_sdk.frmr.compliance.deadlines` (the latest document per specialty wins; intervals
    from the ruleset, ``law`` by default). Columns: ``mo`` and the fields of
    :class:`~egisz_sdk.frmr.compliance.Deadline`.
    """
    import attrs

    from egisz_sdk.frmr.compliance import Deadline, deadlines, to_rows
    from egisz_sdk.frmr.models import PersonFull

    rows: list[dict[str, Any]] = []
    for record in _rows.records_of(source):
        person = record.get("person", record)
        if not isinstance(person, Mapping):
            continue
        mo = record.get("mo") if "person" in record else None
        found = deadlines(PersonFull.model_validate(person), today=today, within=within, ruleset=ruleset)
        for row in to_rows(found):
            row["mo"] = mo
            for key in ("deadline", "remind_on"):
                row[key] = _dt.date.fromisoformat(row[key]) if row[key] else None
            rows.append(row)
    columns = ["mo", *(f.name for f in attrs.fields(Deadline))]
    return frame_of(rows, columns, backend)


def identifier_quality(frame: Any, columns: Mapping[str, str]) -> Any:
    """A pandas summary of identifier columns checked with the batch validators: one row per column.

    ``columns`` maps a column of ``frame`` (pandas or polars) to an identifier kind (``{"snils": "snils"}``).
    Columns: ``column, kind, total, valid, invalid, empty, codes`` (the error codes with their counts, most
    frequent first, as ``code×count`` text). Empty cells count as ``empty``, not as invalid.
    """
    from egisz_sdk.validators.batch import validate_column

    pd = optional("pandas")
    out = []
    for column, kind in columns.items():
        result = validate_column(kind, frame[column])
        counts = result.counts()
        empty = counts.pop(f"{kind}.empty", 0)
        invalid = sum(counts.values())
        out.append(
            {
                "column": column,
                "kind": kind,
                "total": len(result),
                "valid": result.n_valid,
                "invalid": invalid,
                "empty": empty,
                "codes": ", ".join(f"{code}×{n}" for code, n in counts.items()),
            }
        )
    return pd.DataFrame(out, columns=["column", "kind", "total", "valid", "invalid", "empty", "codes"])
