"""The fake FRMO's routes: one per declared ``(method, path, operation)`` of :data:`egisz_sdk.frmo.resources.FRMO`.

Every route checks the gateway token first (the world's one gateway, :mod:`~egisz_sdk.testing.services.gateway`),
then that the calling system is registered for the organisation in ``oid``, reads the query by the declaration's
wire names (an unknown parameter or a missing ``oid`` is a 400), asks :class:`FrmoState` and renders the
registry's envelope or error document. The routes sit under :data:`REST_ROOT` of the world's URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from egisz_sdk.frmo.resources import FRMO
from egisz_sdk.registries._spec import Resource, Verb
from egisz_sdk.testing._http import Request, Response, Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.frmo.catalogue import Refused
from egisz_sdk.testing.services.frmo.state import CHILDREN, FrmoState
from egisz_sdk.testing.services.gateway import GatewayRefusal, gateway_for, guard, refusal
from egisz_sdk.testing.services.gateway.wire import created, done, listed, one, paged, problem

__all__ = ["REST_ROOT", "ROUTES", "TEST_ROUTES"]

#: Where the fake FRMO answers: the path of the test gateway, which FRMR and FRMO share (``registries.md``), so
#: ``frmo_config(FRMO_TEST_URL, transport=world.transport())`` reaches it; on a loopback server the base URL is
#: ``server.url + REST_ROOT + "/"``.
REST_ROOT: Final = "/4f52d90e921a0"
_DEFAULT_LIMIT: Final = 10
_MAX_INT: Final = 1_000_000_000
_INTS: Final = frozenset({"offset", "limit", "orgTypeId", "departTypeId", "deleteReason"})


def _query(resource: Resource, verb: Verb, request: Request, path: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in request.query:
        param = resource.by_wire(name)
        if param is None:
            raise Refused("parameter", field=name, reason="неизвестный параметр")
        if name in _INTS and not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= _MAX_INT):
            raise Refused("parameter", field=name, reason="ожидается целое число")
        out.setdefault(name, value)
    for name, value in path.items():
        param = resource.param(name)
        if param is not None:
            out[param.wire] = value
    needed = [*resource.required, *resource.needed(verb)] if verb not in ("create",) else resource.needed(verb)
    for name in needed:
        param = resource.param(name)
        if param is not None and not out.get(param.wire):
            raise Refused("parameter", field=param.wire, reason="обязательный параметр не указан")
    return out


def _body(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise Refused("field", field="body", reason="ожидается объект JSON")
    return body


def _page(resource: Resource, q: dict[str, str]) -> tuple[int, int]:
    offset = int(q.get("offset", "0"))
    limit = min(int(q.get("limit", str(_DEFAULT_LIMIT))), resource.max_limit)
    if limit < 1:
        raise Refused("parameter", field="limit", reason="не меньше 1")
    return offset, limit


def _int(q: dict[str, str], name: str) -> int | None:
    return int(q[name]) if name in q else None


def _org(state: FrmoState, verb: Verb, q: dict[str, str], request: Request, who: str) -> Response:
    if verb == "page":
        offset, limit = _page(FRMO["org"], q)
        items, total = state.organizations(_int(q, "orgTypeId"), offset, limit)
        return paged(items, total=total, offset=offset, limit=limit)
    oid = q["oid"]
    if verb == "get":
        return one(state.organization(oid))
    if verb == "update":
        state.update_organization(oid, _body(request), who)
        return done()
    state.delete_organization(oid, int(q.get("deleteReason", "0")), who)
    return done()


def _depart(state: FrmoState, verb: Verb, q: dict[str, str], request: Request, who: str) -> Response:
    oid = q["oid"]
    if verb == "page":
        offset, limit = _page(FRMO["depart"], q)
        items, total = state.departments(oid, _int(q, "departTypeId"), offset, limit)
        return paged(items, total=total, offset=offset, limit=limit)
    if verb == "get":
        return one(state.department(oid, q["entityId"]))
    if verb == "create":
        return created(state.create_department(oid, _body(request), who))
    if verb == "update":
        state.update_department(oid, q["entityId"], _body(request), who)
        return done()
    state.delete_department(oid, q["entityId"], who)
    return done()


def _child(state: FrmoState, name: str, verb: Verb, q: dict[str, str], request: Request, who: str) -> Response:
    oid = q["oid"]
    if verb == "list":
        return listed(state.items(name, oid))
    if verb == "get":
        return one(state.item(name, oid, q["entityId"]))
    if verb == "create":
        return created(state.create_item(name, oid, _body(request), who))
    if verb == "update":
        state.update_item(name, oid, q["entityId"], _body(request), who)
        return done()
    state.delete_item(name, oid, q["entityId"], who)
    return done()


def _read_only(state: FrmoState, name: str, verb: Verb, q: dict[str, str]) -> Response:
    if name == "license":
        return one(state.license(q["oid"], q["guid"])) if verb == "get" else listed(state.licenses(q["oid"]))
    if name == "tpgg":
        return listed(state.tpgg(q["oid"]))
    if verb == "get":  # eo_depart: departments of an educational organisation
        return one(state.department(q["eo"], q["entityId"]))
    return listed(state.departments(q["eo"], None, 0, _MAX_INT)[0])


def _answer(
    state: FrmoState, resource: Resource, verb: Verb, q: dict[str, str], request: Request, who: str
) -> Response:
    name = resource.name
    if name == "org":
        return _org(state, verb, q, request, who)
    if name == "depart":
        return _depart(state, verb, q, request, who)
    if name in CHILDREN:
        return _child(state, name, verb, q, request, who)
    return _read_only(state, name, verb, q)


def _handler(
    resource: Resource, verb: Verb
) -> Callable[[FrmoState, ServiceContext, Request, dict[str, str]], Response]:
    def handle(state: FrmoState, ctx: ServiceContext, request: Request, path: dict[str, str]) -> Response:
        gateway = gateway_for(ctx)
        try:
            caller = guard(gateway, request)
            q = _query(resource, verb, request, path)
            organisation = q.get("oid") or q.get("eo")
            if organisation:
                gateway.authorize(caller, organisation)
            return _answer(state, resource, verb, q, request, caller.system.system_id)
        except GatewayRefusal as refused:
            return refusal(gateway, refused, ctx.now())
        except Refused as refused:
            status, template = state.messages[refused.key]
            fields = {k: str(v) for k, v in refused.fields.items()}
            return problem(status, template.format_map(_Missing(fields)), ctx.now())

    return handle


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _routes() -> list[Route]:
    made = []
    for method, template, operation in FRMO.routes():
        resource = FRMO[operation.split(".")[1]]
        verb: Verb = operation.rsplit(".", 1)[1]  # type: ignore[assignment]
        made.append(Route(method, f"{REST_ROOT}/{template}", operation, _handler(resource, verb)))
    return sorted(made, key=lambda r: ("{" in r.pattern, -len(r.pattern)))


def _history(state: FrmoState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """Test API: ``GET /__fake__/frmo/history?entity=&organization=&who=`` — the audit journal, oldest first."""
    q = request.params
    changes = state.history(q.get("entity") or None, organization=q.get("organization") or None, who=q.get("who"))
    return Response.json([c.to_dict() for c in changes])


#: The fake FRMO's wire routes (literal paths before ``{placeholder}`` ones: ``org/depart`` is not ``org/{oid}``).
ROUTES: Final = _routes()

#: The fake FRMO's test API.
TEST_ROUTES: Final = [Route("GET", "/__fake__/frmo/history", "fake.frmo.history", _history, journal=False)]
