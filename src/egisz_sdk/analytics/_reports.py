"""Reports by period from the tidy frames: staff, vacancies, deadlines per month; written as CSV or XLSX.

Reports are pandas frames (a polars frame is converted first). "As of the period end" means on the period's last
day: a card counts when it began on or before that day and has not ended before it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from egisz_sdk.analytics._frames import optional
from egisz_sdk.analytics._periods import Period
from egisz_sdk.errors import ConfigurationError, ValidationError

__all__ = ["deadline_report", "staff_report", "vacancy_report", "write_report"]

Format = Literal["csv", "xlsx"]


def _pandas(frame: Any, needed: tuple[str, ...]) -> Any:
    if type(frame).__module__.split(".")[0] == "polars":
        frame = frame.to_pandas()
    missing = [c for c in needed if c not in getattr(frame, "columns", ())]
    if missing:
        raise ValidationError("analytics.frame.invalid", field="frame", columns=", ".join(missing))
    return frame


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else Period.parse(period)


def _in_force(pd: Any, frame: Any, day: Any) -> Any:
    begin = pd.to_datetime(frame["begin_date"])
    end = pd.to_datetime(frame["end_date"])
    return (begin.isna() | (begin <= day)) & (end.isna() | (end >= day))


def staff_report(cards: Any, period: Period | str) -> Any:
    """Headcount and rate sums by organisation, department and post, as of the period end.

    ``cards`` is :func:`cards_frame` (pandas or polars). Columns: ``mo`` (the card's organisation),
    ``department_oid, department_name, post_id, post_name, headcount`` (distinct workers), ``rate`` (sum of card
    rates), sorted by organisation, department, post. A card listed twice (a worker exported under two
    organisations) counts once.
    """
    pd = optional("pandas")
    span = _period(period)
    frame = _pandas(cards, ("organization", "worker_oid", "card_id", "department_oid", "post_id", "rate", "begin_date"))
    day = pd.Timestamp(span.end)
    active = frame[frame["card_id"].notna() & _in_force(pd, frame, day)]
    # A worker of two organisations is in both exports with all cards: count each card once, under its own
    # organisation (the card's ``organization``, not the export's ``mo``).
    active = active.drop_duplicates(["worker_oid", "card_id"]).assign(mo=active["organization"])
    keys = ["mo", "department_oid", "department_name", "post_id", "post_name"]
    grouped = active.fillna(dict.fromkeys(keys, "")).groupby(keys, dropna=False, sort=True)
    out = grouped.agg(headcount=("worker_oid", "nunique"), rate=("rate", "sum")).reset_index()
    out["headcount"] = out["headcount"].astype("int64")
    out["rate"] = out["rate"].astype("float64").round(4)
    return out


def vacancy_report(staff: Any, period: Period | str) -> Any:
    """Vacancies from the staff schedules in force at the period end: ``rate − busy_rate`` per department and post.

    ``staff`` is :func:`staff_frame`. Columns: ``mo, department_oid, department_name, post_id, post_name, rate,
    busy_rate, vacancy``. The registry's own ``vacancy`` field is not trusted: it is recomputed.
    """
    pd = optional("pandas")
    span = _period(period)
    frame = _pandas(staff, ("mo", "department_oid", "post_id", "rate", "busy_rate", "begin_date", "end_date"))
    active = frame[_in_force(pd, frame, pd.Timestamp(span.end))]
    keys = ["mo", "department_oid", "department_name", "post_id", "post_name"]
    grouped = active.fillna(dict.fromkeys(keys, "")).groupby(keys, dropna=False, sort=True)
    out = grouped.agg(rate=("rate", "sum"), busy_rate=("busy_rate", "sum")).reset_index()
    out["vacancy"] = (out["rate"] - out["busy_rate"]).round(4)
    return out


def deadline_report(deadlines: Any, period: Period | str) -> Any:
    """Deadlines falling in each month of the period, by source: ``month, certificate, accreditation, total``.

    ``deadlines`` is :func:`deadlines_frame`. Every month of the period has a row (zeros included).
    """
    pd = optional("pandas")
    span = _period(period)
    frame = _pandas(deadlines, ("deadline", "source"))
    day = pd.to_datetime(frame["deadline"])
    inside = frame[(day >= pd.Timestamp(span.start)) & (day <= pd.Timestamp(span.end))]
    months = pd.to_datetime(inside["deadline"]).dt.strftime("%Y-%m")
    table = pd.crosstab(months, inside["source"]) if len(inside) else pd.DataFrame()
    out = pd.DataFrame({"month": span.months()})
    for source, column in (("cert", "certificate"), ("accreditation", "accreditation")):
        counts = table[source] if source in getattr(table, "columns", ()) else pd.Series(dtype="int64")
        out[column] = out["month"].map(counts).fillna(0).astype("int64")
    out["total"] = out["certificate"] + out["accreditation"]
    return out


def write_report(tables: Any, path: str | os.PathLike[str], *, format: Format | None = None) -> Path:
    """Write one frame (or ``{sheet name: frame}``) as CSV (one frame only) or XLSX (one sheet per frame).

    ``format`` defaults to the file's suffix. XLSX is written by openpyxl (extra ``xlsx``); CSV is UTF-8 with a
    header row. The file is written beside the target and renamed, so a failed write leaves no half file.
    """
    target = Path(path)
    fmt = format or target.suffix.lstrip(".").lower()
    sheets: Mapping[str, Any] = tables if isinstance(tables, Mapping) else {"report": tables}
    sheets = {name: _pandas(frame, ()) for name, frame in sheets.items()}
    if fmt not in ("csv", "xlsx"):
        raise ConfigurationError("analytics.format.invalid", field="format", value=str(fmt)[:16], reason="csv, xlsx")
    tmp = target.with_name(target.name + ".tmp")
    try:
        if fmt == "csv":
            if len(sheets) != 1:
                raise ConfigurationError("analytics.format.invalid", field="format", value="csv",
                                         reason="one table per CSV file")  # fmt: skip
            next(iter(sheets.values())).to_csv(tmp, index=False, encoding="utf-8", date_format="%Y-%m-%d")
        else:
            optional("openpyxl")
            pd = optional("pandas")
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for name, frame in sheets.items():
                    frame.to_excel(writer, sheet_name=str(name)[:31], index=False)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
