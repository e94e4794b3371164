"""The fake FRMR on the wire: one route per ``(method, path, operation)`` of the resource declarations.

Each request goes through the gateway first (:func:`~egisz_sdk.testing.services.gateway.guard`: 401), then the
query is read by the declaration's rules (``mo`` where required, one of ``oid`` | ``snils`` | ``documentId``,
``number`` with ``documentId``, ``offset``/``limit`` with ``limit`` ≤ ``settings.max_limit``), the caller's system
must be registered for ``mo`` and for a card's ``organization`` (403), and the state answers. Every refusal is
the error document ``{timestamp, code, reasonPhrase, message}``; successes use the envelopes of
:mod:`egisz_sdk.testing.services.gateway.wire`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from egisz_sdk import validators
from egisz_sdk.frmr.resources import FRMR
from egisz_sdk.registries._spec import Resource
from egisz_sdk.testing._http import Handler, Request, Response, Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.frmr.catalogue import MAGIC_WORKERS, FrmrFault
from egisz_sdk.testing.services.frmr.checks import parse_date, snils_digits
from egisz_sdk.testing.services.frmr.state import FrmrState, WorkerRecord
from egisz_sdk.testing.services.gateway import Caller, GatewayRefusal, guard, refusal, wire

__all__ = ["FRMR_ROOT", "routes", "test_routes"]

#: The path of the fake FRMR, as on the test gateway (``https://ips.test.egisz.rosminzdrav.ru/4f52d90e921a0/``).
FRMR_ROOT: Final = "/4f52d90e921a0/"

_WORKER: Final = re.compile(r"\d{4}\.\d{7}")
_MAX_INT: Final = 1_000_000_000


def _bad(field: str, key: str = "bad_parameter") -> FrmrFault:
    return FrmrFault(400, key, field)


def _int(params: Mapping[str, str], name: str, default: int) -> int:
    text = params.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) > _MAX_INT:
        raise _bad(name)
    return int(text)


def _magic(oid: str | None) -> None:
    status = MAGIC_WORKERS.get(oid or "")
    if status is None:
        return
    key = {403: "forbidden", 404: "worker_not_found", 409: "duplicate_record", 429: "rate_limited"}.get(status)
    raise FrmrFault(status, key or ("unavailable" if status == 503 else "internal"), "oid")


def _organization(state: FrmrState, caller: Caller, resource: Resource, params: Mapping[str, str]) -> str | None:
    mo = params.get("mo") or None
    if mo is None:
        if "mo" in resource.required:
            raise _bad("mo", "missing_mo")
        return None
    if not validators.oid.is_valid(mo):
        raise _bad("mo")
    state.gateway.authorize(caller, mo)
    if state.context.population.organization(mo) is None:
        raise _bad("mo", "unknown_mo")
    return mo


def _identify(state: FrmrState, params: Mapping[str, str], *, entity_is_worker: bool = False) -> WorkerRecord:
    oid = params.get("oid") or (params.get("entityId") if entity_is_worker else None) or None
    snils = params.get("snils") or None
    document = params.get("documentId") or None
    if oid is None and snils is None and document is None:
        raise _bad("oid", "missing_identity")
    if document is not None and not params.get("number"):
        raise _bad("number", "missing_number")
    _magic(oid)
    if params.get("passDate"):
        parse_date(params["passDate"], "passDate")
    if oid is not None:
        if not _WORKER.fullmatch(oid):
            raise _bad("oid")
        found = state.worker(oid)
    elif snils is not None:
        found = state.by_snils(snils_digits(snils))
    else:
        found = state.by_document(str(document), params["number"], params.get("serial") or None)
    if found is None:
        raise FrmrFault(404, "worker_not_found", "oid")
    return found


def _body(request: Request) -> Any:
    if not request.body:
        raise _bad("body", "bad_body")
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than the parser goes
        raise _bad("body", "bad_body") from None


def _entity(params: Mapping[str, str]) -> str:
    entity = params.get("entityId")
    if not entity:
        raise _bad("entityId", "missing_entity")
    return entity


def _visible_cards(state: FrmrState, caller: Caller, record: WorkerRecord, mo: str | None) -> list[dict[str, Any]]:
    cards = record.collection("card")
    if mo is not None:
        return [c for c in cards if c.get("organization") == mo]
    return [c for c in cards if caller.may_touch(str(c.get("organization")))]


def _full(state: FrmrState, caller: Caller, record: WorkerRecord) -> dict[str, Any]:
    out = dict(record.person)
    for resource in FRMR.resources:
        if resource.full_key:
            items = record.collection(resource.name)
            out[resource.full_key] = list(
                _visible_cards(state, caller, record, None) if resource.name == "card" else items
            )
    return out


def _person(state: FrmrState, ctx: ServiceContext, caller: Caller, verb: str, request: Request) -> Response:
    params = request.params
    mo = _organization(state, caller, FRMR["person"], params)
    if params.get("mr") not in (None, "true", "false"):
        raise _bad("mr")
    if verb == "create":
        record = state.create_person(_body(request), mo=mo)
        return wire.created(record.oid)
    record = _identify(state, params, entity_is_worker=True)
    if verb == "get":
        return wire.one(dict(record.person))
    if verb == "update":
        state.update_person(record, _body(request))
        return wire.done()
    state.delete_person(record)
    return wire.done()


def _page(state: FrmrState, ctx: ServiceContext, caller: Caller, request: Request) -> Response:
    params = request.params
    mo = _organization(state, caller, FRMR["person_list"], params)
    offset = _int(params, "offset", 0)
    limit = _int(params, "limit", state.settings.default_limit)
    if not 1 <= limit <= state.settings.max_limit:
        raise FrmrFault(400, "bad_limit", str(state.settings.max_limit))
    found = state.workers_at(mo or "")
    chunk = [dict(r.person) for r in found[offset : offset + limit]]
    return wire.paged(chunk, total=len(found), offset=offset, limit=limit)


def _sub(
    state: FrmrState, ctx: ServiceContext, caller: Caller, resource: Resource, verb: str, request: Request
) -> Response:
    params = request.params
    mo = _organization(state, caller, resource, params)
    if params.get("mr") not in (None, "true", "false"):
        raise _bad("mr")
    record = _identify(state, params)
    if verb == "get":  # person/full
        return wire.one(_full(state, caller, record))
    name = resource.name
    if verb == "list":
        items = _visible_cards(state, caller, record, mo) if name == "card" else record.collection(name)
        return wire.listed([dict(i) for i in items])
    if verb == "delete":
        entity = _entity(params)
        current = record.find(name, entity)
        if name == "card" and current is not None:
            state.gateway.authorize(caller, str(current.get("organization")))
        state.remove_item(record, name, entity)
        return wire.done()
    body = _body(request)
    if name == "card" and isinstance(body, dict) and isinstance(body.get("organization"), str):
        state.gateway.authorize(caller, body["organization"])
    if verb == "create":
        return wire.created(state.add_item(record, name, body))
    state.replace_item(record, name, _entity(params), body)
    return wire.done()


def _handler(resource: Resource, verb: str) -> Handler:
    def handle(state: FrmrState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
        try:
            caller = guard(state.gateway, request)
            if resource.name == "person":
                return _person(state, ctx, caller, verb, request)
            if resource.name == "person_list":
                return _page(state, ctx, caller, request)
            return _sub(state, ctx, caller, resource, verb, request)
        except GatewayRefusal as refused:
            if refused.status == 403 and state.settings.messages.get("forbidden"):
                refused = GatewayRefusal(403, state.settings.message("forbidden"))
            return refusal(state.gateway, refused, ctx.now())
        except FrmrFault as fault:
            headers = [("Retry-After", str(state.settings.retry_after))] if fault.status == 429 else []
            return wire.problem(
                fault.status, state.settings.message(fault.key, fault.field), ctx.now(), headers=headers
            )

    return handle


def routes(root: str = FRMR_ROOT) -> list[Route]:
    """Every FRMR route under ``root`` (one per verb of every declared resource)."""
    prefix = "/" + root.strip("/") + "/" if root.strip("/") else "/"
    out = []
    for resource in FRMR.resources:
        for verb in sorted(resource.verbs):
            method, path, operation = next((m, p, o) for m, p, o in resource.routes() if o == resource.operation(verb))
            out.append(Route(method, prefix + path, operation, _handler(resource, verb)))
    return out


# ---------------------------------------------------------------------------------------------- test API
def _seed(state: FrmrState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """``POST /__fake__/frmr/workers?mo=…`` with a person body (plus ``cards``/``prof``/``cert`` lists): seed a
    worker without the gateway; 201 ``{"oid"}`` or the registry's error document."""
    body = request.json()
    if not isinstance(body, dict):
        return wire.problem(400, state.settings.message("bad_body"), ctx.now())
    items = {
        k: body.pop(k)
        for k in ("cards", "prof", "cert", "qualification", "nomination")
        if isinstance(body.get(k), list)
    }
    try:
        oid = state.add_person(body, mo=request.params.get("mo") or None, **items)
    except FrmrFault as fault:
        return wire.problem(fault.status, state.settings.message(fault.key, fault.field), ctx.now())
    return Response.json({"oid": oid}, status=201)


def _inspect(state: FrmrState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    """``GET /__fake__/frmr/workers/{oid}``: the worker as stored (person and every collection)."""
    record = state.worker(params["oid"])
    if record is None:
        return Response.json({"error": "not_found", "oid": params["oid"]}, status=404)
    return Response.json({"person": record.person, **record.items})


def _added(state: FrmrState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """``GET /__fake__/frmr/workers``: OIDs of workers added since the last reset, and the organisations."""
    return Response.json({"added": state.added, "organizations": state.organisations()})


def test_routes() -> list[Route]:
    """The fake FRMR's test API (never journaled or faulted)."""
    return [
        Route("POST", "/__fake__/frmr/workers", "fake.frmr.seed", _seed, journal=False),
        Route("GET", "/__fake__/frmr/workers", "fake.frmr.workers", _added, journal=False),
        Route("GET", "/__fake__/frmr/workers/{oid}", "fake.frmr.worker", _inspect, journal=False),
    ]
