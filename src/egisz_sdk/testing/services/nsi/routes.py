"""The fake NSI's routes: NSI's wire format, written from the public description and recorded answers.

``answer(state, operation, query)`` parses the query (``userKey`` required and checked, pages from 1, page and
size ≥ 1), asks the state and renders the JSON NSI would send — errors inside HTTP 200 included. The routes
(``GET /port/rest/<operation>``, as on nsi.rosminzdrav.ru) wrap it for the world's transports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from egisz_sdk.testing._http import Handler, Request, Response, Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.nsi.catalogue import WIRE_CODES
from egisz_sdk.testing.services.nsi.state import (
    BadParameter,
    DictionaryVersion,
    NotChanged,
    NsiState,
    UnknownDictionary,
    UnknownVersion,
)

__all__ = ["OPERATIONS", "REST_ROOT", "ROUTES", "TEST_ROUTES", "answer"]

#: The REST root of the fake NSI (as on nsi.rosminzdrav.ru): clients use ``<world URL>/port/rest``.
REST_ROOT: Final = "/port/rest"

#: NSI operation (the last path segment) → the world's operation name.
OPERATIONS: Final = {
    "searchDictionary": "nsi.search",
    "passport": "nsi.passport",
    "versions": "nsi.versions",
    "data": "nsi.data",
    "compare": "nsi.compare",
}

#: The largest page the fake serves (NSI's own limit is not published).
MAX_SIZE: Final = 10_000
_MSK: Final = timezone(timedelta(hours=3))


def _ok(**body: Any) -> dict[str, Any]:
    return {"result": "OK", "resultText": None, "resultCode": None, **body}


def _error(name: str) -> dict[str, Any]:
    code, text = WIRE_CODES[name]
    return {"result": "ERROR", "resultText": text, "resultCode": code}


def _unknown() -> dict[str, Any]:
    return _ok(total=-1, list=[])


class _Paging(Exception):
    pass


def _paging(params: dict[str, str], cap: int = MAX_SIZE) -> tuple[int, int]:
    try:
        page, size = int(params.get("page", "")), int(params.get("size", ""))
    except ValueError:
        raise _Paging from None
    if page < 1 or size < 1 or size > MAX_SIZE:
        raise _Paging
    return page, min(size, cap)


def _slice(items: Sequence[Any], page: int, size: int) -> list[Any]:
    start = (page - 1) * size
    return list(items[start : start + size])


def _compare_value(value: str | None, data_type: str) -> Any:
    """Values inside /compare rows: INTEGER as JSON numbers, DATETIME as epoch milliseconds (as recorded)."""
    if value is None:
        return None
    if data_type == "INTEGER" and value.lstrip("-").isdigit():
        return int(value)
    if data_type == "DATETIME":
        for fmt in ("%d.%m.%Y %H:%M", "%d.%m.%Y"):
            try:
                moment = datetime.strptime(value, fmt).replace(tzinfo=_MSK)
            except ValueError:
                continue
            return int(moment.timestamp() * 1000)
    return value


def _structure(old: DictionaryVersion, new: DictionaryVersion) -> tuple[list[Any] | None, list[Any] | None]:
    added = [f for f in new.passport["fields"] if f["field"] not in old.columns]
    dropped = [f for f in old.passport["fields"] if f["field"] not in new.columns]
    if not added and not dropped and old.key == new.key:
        return None, None
    fields = [
        {"field": {"Name": f["field"], "DataType": f.get("dataType"), "Alias": f.get("alias")}, "operation": op}
        for op, group in (("ALTER_ADD_COLUMN", added), ("ALTER_DROP_COLUMN", dropped))
        for f in group
    ]
    keys = None
    if old.key != new.key:
        keys = [
            {"key": {"number": 1, "field": new.key, "type": "PRIMARY"}, "operation": "ALTER_ADD_KEY"},
            {"key": {"number": 1, "field": old.key, "type": "PRIMARY"}, "operation": "ALTER_DROP_KEY"},
        ]
    return fields or None, keys


def _moment(text: str | None) -> datetime:
    if not text:
        raise BadParameter("date")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    raise BadParameter("date")


def _filters(query: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    out = []
    for name, value in query:
        if name != "filters":
            continue
        parts = value.split("|")
        if len(parts) != 3:
            raise BadParameter("filters")
        out.append((parts[0], parts[1], parts[2].upper()))
    return out


def _data(state: NsiState, oid: str, params: dict[str, str], query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    page, size = _paging(params, state.max_page_size)
    direction = params.get("sortingDirection", "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise BadParameter("sortingDirection")
    item, rows = state.data(
        oid,
        params.get("version"),
        sorting=params.get("sorting") or None,
        descending=direction == "DESC",
        filters=_filters(query),
    )
    columns = item.columns
    wanted = [c.strip() for c in params["columns"].split(",")] if params.get("columns") else columns
    if any(c not in columns for c in wanted):
        raise BadParameter("columns")
    listed = [[{"column": c, "value": r.get(c)} for c in wanted] for r in _slice(rows, page, size)]
    return _ok(total=len(rows), list=listed)


def _compare(state: NsiState, oid: str, params: dict[str, str]) -> dict[str, Any]:
    page, size = _paging(params, state.max_page_size)
    old, new, changes = state.compare(oid, _moment(params.get("date1")), _moment(params.get("date2")))
    chunk = _slice(changes, page, size)
    if page > 1 and not chunk:
        raise NotChanged(oid)  # recorded: a page past the end answers 03x0002
    types = {**old.types(), **new.types()}
    listed = [
        {**{c: _compare_value(v, types.get(c, "VARCHAR")) for c, v in row.items()}, "operation": op}
        for op, row in chunk
    ]
    fields, keys = _structure(old, new)
    return _ok(fields=fields, keys=keys, data={"total": len(changes), "list": listed})


def answer(state: NsiState, operation: str, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """NSI's JSON answer (always sent with HTTP 200) to ``operation`` with these query pairs."""
    state.calls[operation] += 1
    params: dict[str, str] = {}
    for name, value in query:
        params.setdefault(name, value)
    if not state.check_user_key(params.get("userKey")):
        return _error("user_key")
    oid = (params.get("identifier") or "").strip()
    try:
        if operation == "searchDictionary":
            page, size = _paging(params)
            found = state.search(oid) if oid else []
            return _ok(total=len(found), list=_slice(found, page, size)) if found else _unknown()
        if operation == "passport":
            item = state.get(oid, params.get("version"))
            return _ok(**{**item.passport, "archive": item.info.get("archive", False)})
        if operation == "versions":
            page, size = _paging(params)
            listed = state.versions(oid)
            return _ok(total=len(listed), list=_slice(listed, page, size))
        if operation == "data":
            return _data(state, oid, params, query)
        if operation == "compare":
            return _compare(state, oid, params)
    except UnknownDictionary:
        return _unknown()
    except UnknownVersion:
        return _error("no_version")
    except NotChanged:
        return _error("not_changed")
    except _Paging:
        return _error("paging")
    except BadParameter:
        return _error("parameter")
    return _error("parameter")


def _handler(operation: str) -> Handler:
    def handle(state: NsiState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
        return Response.json(answer(state, operation, request.query))

    return handle


def _publish(state: NsiState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """Test API: ``POST /__fake__/nsi/publish`` ``{"oid", "version", "upsert": [...], "delete": [...]}``."""
    body = request.json()
    if not isinstance(body, dict) or not isinstance(body.get("oid"), str) or not isinstance(body.get("version"), str):
        return Response.json({"error": "expected {oid, version, upsert?, delete?}"}, status=400)
    upsert, delete = body.get("upsert") or [], body.get("delete") or []
    if not isinstance(upsert, list) or not all(isinstance(r, dict) for r in upsert) or not isinstance(delete, list):
        return Response.json({"error": "upsert is a list of rows, delete a list of keys"}, status=400)
    try:
        published = state.publish(body["oid"], body["version"], upsert=upsert, delete=[str(k) for k in delete])
    except UnknownDictionary:
        return Response.json({"error": "unknown dictionary"}, status=404)
    return Response.json({"oid": body["oid"], "version": published.version, "rows": len(published.rows)})


def _calls(state: NsiState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """Test API: ``GET /__fake__/nsi/calls`` — how many times each NSI operation was served."""
    return Response.json(dict(state.calls))


#: The fake NSI's wire routes.
ROUTES: Final = [Route("GET", f"{REST_ROOT}/{op}", name, _handler(op)) for op, name in OPERATIONS.items()]

#: The fake NSI's test API.
TEST_ROUTES: Final = [
    Route("POST", "/__fake__/nsi/publish", "fake.nsi.publish", _publish, journal=False),
    Route("GET", "/__fake__/nsi/calls", "fake.nsi.calls", _calls, journal=False),
]
