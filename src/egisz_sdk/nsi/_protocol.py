"""NSI REST without I/O: request builders and response parsers.

Every request is a ``GET`` with ``userKey`` in the query (masked in logs by the HTTP layer). Paging starts at 1;
``page`` and ``size`` must be at least 1 (checked here, before anything is sent). Answers are JSON envelopes
``{"result": "OK"|"ERROR", "resultText", "resultCode", …}``: an ``ERROR`` inside HTTP 200 and the unknown-dictionary
answer ``{"result": "OK", "total": -1, "list": []}`` become typed errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

import httpx

from egisz_sdk._http import check_status, parse_json
from egisz_sdk.nsi._values import CellProblem, Value, convert, parse_wire_datetime
from egisz_sdk.nsi.config import MAX_PAGE_SIZE, NsiConfig
from egisz_sdk.nsi.errors import DictionaryNotFound, NotChanged, NsiError, NsiValueError, VersionNotFound
from egisz_sdk.nsi.models import (
    Change,
    Field,
    Filter,
    Operation,
    Page,
    Passport,
    Record,
    SortDirection,
    VersionInfo,
)

__all__ = [
    "Columns",
    "compare_request",
    "data_request",
    "parse_compare",
    "parse_data",
    "parse_passport",
    "parse_search",
    "parse_versions",
    "passport_request",
    "search_request",
    "typed_record",
    "versions_request",
]

#: ``column → dataType`` used to type rows.
Columns = Mapping[str, str]

_OID: Final = re.compile(r"[0-9]+(?:\.[0-9]+){1,40}")
_VERSION: Final = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,31}")
_COLUMN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_MAX_TEXT: Final = 256
#: NSI's result codes with a typed error of their own.
_RESULT_CODES: Final[dict[str, type[NsiError]]] = {"03x0002": NotChanged, "03x0006": VersionNotFound}
_HEADERS: Final = {"Accept": "application/json"}


# ----------------------------------------------------------------------------------------------------- checks
def check_oid(oid: str) -> str:
    """An OID (``1.2.643.5.1.13.13.11.1102``) or refuse it (``nsi.param.invalid``)."""
    text = oid.strip() if isinstance(oid, str) else ""
    if not _OID.fullmatch(text) or len(text) > 128:
        raise NsiError("nsi.param.invalid", field="identifier", value=str(oid)[:64])
    return text


def check_version(version: str) -> str:
    """A version label (``3.13``) or refuse it."""
    text = version.strip() if isinstance(version, str) else ""
    if not _VERSION.fullmatch(text):
        raise NsiError("nsi.param.invalid", field="version", value=str(version)[:64])
    return text


def check_paging(page: int, size: int) -> None:
    """``page`` ≥ 1 and 1 ≤ ``size`` ≤ the client's limit, as integers (``nsi.page.invalid``)."""
    for name, value, high in (("page", page, 10_000_000), ("size", size, MAX_PAGE_SIZE)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            raise NsiError("nsi.page.invalid", field=name, value=value, low=1, high=high)


def _check_column(name: str, field: str) -> str:
    if not isinstance(name, str) or not _COLUMN.fullmatch(name):
        raise NsiError("nsi.param.invalid", field=field, value=str(name)[:64])
    return name


# --------------------------------------------------------------------------------------------------- requests
def _request(config: NsiConfig, path: str, params: list[tuple[str, str]]) -> httpx.Request:
    query: list[tuple[str, str | int | float | bool | None]] = [("userKey", config.user_key.get_secret_value())]
    query += params
    return httpx.Request("GET", config.base_url.rstrip("/") + path, params=query, headers=_HEADERS)


def search_request(config: NsiConfig, text: str, page: int = 1, size: int = 50) -> httpx.Request:
    """``/searchDictionary``: dictionaries whose OID or name matches ``text``."""
    check_paging(page, size)
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_TEXT:
        raise NsiError("nsi.param.invalid", field="identifier", value=str(text)[:64])
    return _request(
        config, "/searchDictionary", [("identifier", text.strip()), ("page", str(page)), ("size", str(size))]
    )


def passport_request(config: NsiConfig, oid: str, version: str | None = None) -> httpx.Request:
    """``/passport``: the dictionary's description (the latest version unless ``version`` is given)."""
    params = [("identifier", check_oid(oid))]
    if version is not None:
        params.append(("version", check_version(version)))
    return _request(config, "/passport", params)


def versions_request(config: NsiConfig, oid: str, page: int = 1, size: int = 200) -> httpx.Request:
    """``/versions``: the dictionary's versions, newest first."""
    check_paging(page, size)
    return _request(config, "/versions", [("identifier", check_oid(oid)), ("page", str(page)), ("size", str(size))])


def data_request(
    config: NsiConfig,
    oid: str,
    *,
    version: str | None = None,
    page: int = 1,
    size: int = 500,
    columns: Sequence[str] | None = None,
    sorting: str | None = None,
    direction: SortDirection | str = SortDirection.ASC,
    filters: Iterable[Filter] = (),
) -> httpx.Request:
    """``/data``: one page of rows, optionally only some ``columns``, sorted and filtered."""
    check_paging(page, size)
    params = [("identifier", check_oid(oid))]
    if version is not None:
        params.append(("version", check_version(version)))
    params += [("page", str(page)), ("size", str(size))]
    if columns:
        params.append(("columns", ",".join(_check_column(c, "columns") for c in columns)))
    if sorting is not None:
        params.append(("sorting", _check_column(sorting, "sorting")))
        params.append(("sortingDirection", SortDirection(direction).value))
    for item in filters:
        value = str(item.value)
        if "|" in value or len(value) > _MAX_TEXT:
            raise NsiError("nsi.param.invalid", field="filters", value=value[:64])
        params.append(("filters", f"{_check_column(item.field, 'filters')}|{value}|{item.mode.value}"))
    return _request(config, "/data", params)


def wire_date(moment: date | datetime) -> str:
    """A date as ``/compare`` takes it: ``yyyy-mm-dd HH:MM``."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.strftime("%Y-%m-%d %H:%M")


def compare_request(
    config: NsiConfig, oid: str, date1: date | datetime, date2: date | datetime, page: int = 1, size: int = 500
) -> httpx.Request:
    """``/compare``: rows changed between the versions in force at ``date1`` and at ``date2``."""
    check_paging(page, size)
    params = [("identifier", check_oid(oid)), ("date1", wire_date(date1)), ("date2", wire_date(date2))]
    return _request(config, "/compare", [*params, ("page", str(page)), ("size", str(size))])


# ---------------------------------------------------------------------------------------------------- parsing
def _envelope(response: httpx.Response, oid: str | None) -> dict[str, Any]:
    data: dict[str, Any] = parse_json(check_status(response))
    result = data.get("result")
    if result == "ERROR":
        code = str(data.get("resultCode") or "")[:32]
        text = str(data.get("resultText") or "")[:200]
        cls = _RESULT_CODES.get(code, NsiError)
        name = {NotChanged: "nsi.not_changed", VersionNotFound: "nsi.version.not_found"}.get(cls, "nsi.error")
        raise cls(name, field="identifier", value=oid, result_code=code, result_text=text)
    if result not in ("OK", None):
        raise NsiError("nsi.bad_response", field="result", value=str(result)[:32], what="result")
    if data.get("total") == -1:
        raise DictionaryNotFound("nsi.dictionary.not_found", field="identifier", value=oid)
    return data


def _list(data: Mapping[str, Any], key: str = "list") -> list[Any]:
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise NsiError("nsi.bad_response", field=key, what=key)
    return items


def _total(data: Mapping[str, Any], fallback: int) -> int:
    total = data.get("total")
    if total is None:
        return fallback
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= 10**9:
        raise NsiError("nsi.bad_response", field="total", value=str(total)[:32], what="total")
    return total


def _when(value: Any) -> date | datetime | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        typed, _ = convert(value, "DATETIME", "date", 64)
        return typed if isinstance(typed, (date, datetime)) else None
    try:
        return parse_wire_datetime(str(value)) if str(value).strip() not in ("", "null") else None
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def passport_from(item: Mapping[str, Any]) -> Passport:
    """A :class:`Passport` from one JSON object (tolerant of missing and extra fields)."""
    if not isinstance(item, Mapping) or not isinstance(item.get("oid"), str):
        raise NsiError("nsi.bad_response", field="oid", what="passport")
    fields = []
    for raw in item.get("fields") or ():
        if isinstance(raw, Mapping) and isinstance(raw.get("field"), str):
            fields.append(
                Field(
                    name=raw["field"],
                    data_type=str(raw.get("dataType") or "VARCHAR").upper(),
                    alias=_text(raw.get("alias")),
                    description=_text(raw.get("description")),
                )
            )
    keys = tuple(
        str(k["field"])
        for k in item.get("keys") or ()
        if isinstance(k, Mapping) and isinstance(k.get("field"), str) and k.get("type", "PRIMARY") == "PRIMARY"
    )
    rows = item.get("rowsCount")
    return Passport(
        oid=item["oid"],
        version=str(item.get("version") or ""),
        full_name=str(item.get("fullName") or ""),
        short_name=str(item.get("shortName") or ""),
        identifier=_text(item.get("identifier")),
        rows_count=rows if isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0 else None,
        create_date=_when(item.get("createDate")),
        publish_date=_when(item.get("publishDate")),
        last_update=_when(item.get("lastUpdate")),
        fields=tuple(fields),
        keys=keys,
        hierarchical=_flag(item.get("hierarchical")),
        archive=_flag(item.get("archive")),
    )


def parse_search(response: httpx.Response, page: int, size: int) -> Page[Passport]:
    """Parse ``/searchDictionary``: a page of passports (without fields). No match → an empty page."""
    data = parse_json(check_status(response))
    if data.get("total") == -1 and data.get("result") != "ERROR":
        return Page(number=page, size=size, total=0, items=())
    data = _envelope(response, None)
    items = tuple(passport_from(item) for item in _list(data))
    return Page(number=page, size=size, total=_total(data, len(items)), items=items)


def parse_passport(response: httpx.Response, oid: str) -> Passport:
    """Parse ``/passport``."""
    return passport_from(_envelope(response, oid))


def parse_versions(response: httpx.Response, oid: str, page: int, size: int) -> Page[VersionInfo]:
    """Parse ``/versions``."""
    data = _envelope(response, oid)
    items = []
    for item in _list(data):
        if not isinstance(item, Mapping) or item.get("version") is None:
            raise NsiError("nsi.bad_response", field="version", what="versions")
        items.append(
            VersionInfo(
                version=str(item["version"]),
                create_date=_when(item.get("createDate")),
                publish_date=_when(item.get("publishDate")),
                last_update=_when(item.get("lastUpdate")),
                release_notes=_text(item.get("releaseNotes")),
                archive=_flag(item.get("archive")),
            )
        )
    return Page(number=page, size=size, total=_total(data, len(items)), items=tuple(items))


def typed_record(
    cells: Iterable[tuple[str, Any]], columns: Columns, *, max_chars: int, strict: bool, oid: str | None = None
) -> Record:
    """Type ``(column, wire value)`` pairs by ``columns``; bad cells are flagged (or raise when ``strict``)."""
    values: dict[str, Value] = {}
    problems: list[CellProblem] = []
    for column, raw in cells:
        value, problem = convert(raw, columns.get(column, "VARCHAR"), column, max_chars)
        if problem is not None:
            if strict:
                raise NsiValueError(problem.code, field=column, value=problem.preview, data_type=problem.data_type)
            problems.append(problem)
        values[column] = value
    return Record(values, tuple(problems))


def _cells(row: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(row, list):
        try:
            return [(cell["column"], cell.get("value")) for cell in row]
        except (TypeError, KeyError, AttributeError):
            raise NsiError("nsi.bad_response", field="list", what="data row") from None
    if isinstance(row, Mapping):
        return [(str(k), v) for k, v in row.items()]
    raise NsiError("nsi.bad_response", field="list", what="data row")


def parse_data(
    response: httpx.Response, oid: str, columns: Columns, page: int, size: int, *, max_chars: int, strict: bool
) -> Page[Record]:
    """Parse ``/data``: rows of ``{"column", "value"}`` pairs typed by ``columns``."""
    data = _envelope(response, oid)
    rows = _list(data)
    if len(rows) > size:
        raise NsiError("nsi.bad_response", field="list", what="page larger than asked")
    items = tuple(typed_record(_cells(row), columns, max_chars=max_chars, strict=strict, oid=oid) for row in rows)
    return Page(number=page, size=size, total=_total(data, len(items)), items=items)


def parse_compare(
    response: httpx.Response, oid: str, columns: Columns, page: int, size: int, *, max_chars: int, strict: bool
) -> tuple[Page[Change], bool]:
    """Parse ``/compare``: a page of changes and whether the structure (fields/keys) changed.

    Raises :class:`NotChanged` for ``03x0002``.
    """
    data = _envelope(response, oid)
    structure_changed = bool(data.get("fields")) or bool(data.get("keys"))
    body = data.get("data") or {}
    if not isinstance(body, Mapping):
        raise NsiError("nsi.bad_response", field="data", what="compare data")
    changes = []
    for row in _list(body):
        if not isinstance(row, Mapping):
            raise NsiError("nsi.bad_response", field="list", what="compare row")
        try:
            operation = Operation(str(row.get("operation")))
        except ValueError:
            raise NsiError(
                "nsi.bad_response", field="operation", value=str(row.get("operation"))[:16], what="operation"
            ) from None
        cells = [(str(k), v) for k, v in row.items() if k != "operation"]
        changes.append(Change(operation, typed_record(cells, columns, max_chars=max_chars, strict=strict, oid=oid)))
    total = _total(body, len(changes))
    return Page(number=page, size=size, total=total, items=tuple(changes)), structure_changed
