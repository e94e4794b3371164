"""The test API of the fake world under ``/__fake__/`` (not journaled, never hit by faults)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import _crypto
from egisz_sdk.testing._http import Handler, Request, Response, Route
from egisz_sdk.testing.web import render

if TYPE_CHECKING:
    from egisz_sdk.testing._world import World

__all__ = ["ADMIN_ROUTES"]


def _bad(exc: ConfigurationError) -> Response:
    return Response.json({"error": exc.code, "message": exc.message_en, "field": exc.field}, status=400)


def _reset(world: World, request: Request, _: dict[str, str]) -> Response:
    world.reset()
    return Response.json({"reset": True, "seed": world.seed})


def _faults_list(world: World, request: Request, _: dict[str, str]) -> Response:
    return Response.json([rule.to_dict() for rule in world.faults.rules])


def _faults_add(world: World, request: Request, _: dict[str, str]) -> Response:
    spec = request.json()
    specs = spec if isinstance(spec, list) else [spec]
    if not all(isinstance(s, dict) for s in specs):
        return Response.json({"error": "fake.fault_invalid", "message": "a JSON object or a list of objects"}, 400)
    try:
        rules = [world.faults.add_from_dict(s) for s in specs]
    except ConfigurationError as exc:
        return _bad(exc)
    except TypeError as exc:
        return Response.json({"error": "fake.fault_invalid", "message": str(exc)}, status=400)
    return Response.json([rule.to_dict() for rule in rules], status=201)


def _faults_clear(world: World, request: Request, _: dict[str, str]) -> Response:
    world.faults.clear()
    return Response(204)


def _journal(world: World, request: Request, _: dict[str, str]) -> Response:
    operation = request.params.get("operation")
    return Response.json([e.to_dict() for e in world.journal.calls(operation)])


def _journal_clear(world: World, request: Request, _: dict[str, str]) -> Response:
    world.journal.clear()
    return Response(204)


def _sms(world: World, request: Request, params: dict[str, str]) -> Response:
    code = world.esia.pending_sms(params["login"])
    if code is None:
        return Response.json({"error": "not_found", "message": "no SMS code is pending for this login"}, 404)
    return Response.json({"login": params["login"], "code": code})


def _clock_invalid(field: str, reason: str) -> Response:
    return _bad(ConfigurationError("fake.clock_invalid", field=field, reason=reason))


def _clock(world: World, request: Request, _: dict[str, str]) -> Response:
    if request.method == "POST":
        spec = request.json() if request.body else {}
        if not isinstance(spec, dict) or set(spec) - {"advance", "set", "unfreeze"}:
            return _clock_invalid("body", 'a JSON object with "advance" (seconds), "set" (ISO time) or "unfreeze"')
        advance = spec.get("advance")
        if advance is not None and (isinstance(advance, bool) or not isinstance(advance, (int, float))):
            return _clock_invalid("advance", "a number of seconds")
        moment = None
        if "set" in spec:
            text = str(spec["set"])
            try:  # ``Z`` is spelled out for Python 3.10, whose fromisoformat does not accept it
                moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
            except ValueError:
                return _clock_invalid("set", "an ISO 8601 time such as 2026-01-01T09:00:00+03:00")
        if advance is not None:
            world.clock.advance(float(advance))
        if moment is not None:
            world.clock.set(moment)
        if spec.get("unfreeze"):
            world.clock.unfreeze()
    return Response.json({"now": world.clock.now().isoformat(), "frozen": world.clock.frozen})


def _certificates(world: World, request: Request, _: dict[str, str]) -> Response:
    certs = world.esia.signing_certificates
    return Response(
        200,
        [("Content-Type", "application/x-pem-file")],
        "".join(_crypto.certificate_pem(c) for c in certs).encode("ascii"),
    )


def _callback(world: World, request: Request, _: dict[str, str]) -> Response:
    p = request.params
    fields = {k: p.get(k, "") for k in ("code", "state", "error", "error_description")}
    return Response.html(render("callback", "Ответ ЕСИА", **fields))


def _routes(world: World, request: Request, _: dict[str, str]) -> Response:
    return Response.json([{"method": r.method, "path": r.pattern, "operation": r.operation} for r in world.routes])


def _info(world: World, request: Request, _: dict[str, str]) -> Response:
    return Response.json(world.describe())


#: (method, path, operation, handler) of the test API; none is journaled or faulted.
_TABLE: list[tuple[str, str, str, Handler]] = [
    ("POST", "/__fake__/reset", "fake.reset", _reset),
    ("GET", "/__fake__/faults", "fake.faults", _faults_list),
    ("POST", "/__fake__/faults", "fake.faults.add", _faults_add),
    ("DELETE", "/__fake__/faults", "fake.faults.clear", _faults_clear),
    ("GET", "/__fake__/journal", "fake.journal", _journal),
    ("DELETE", "/__fake__/journal", "fake.journal.clear", _journal_clear),
    ("GET", "/__fake__/sms/{login}", "fake.sms", _sms),
    ("GET", "/__fake__/clock", "fake.clock", _clock),
    ("POST", "/__fake__/clock", "fake.clock.set", _clock),
    ("GET", "/__fake__/esia/certificates", "fake.esia.certificates", _certificates),
    ("GET", "/__fake__/callback", "fake.callback", _callback),
    ("GET", "/__fake__/routes", "fake.routes", _routes),
    ("GET", "/__fake__/info", "fake.info", _info),
]

ADMIN_ROUTES: list[Route] = [Route(*row, journal=False) for row in _TABLE]
