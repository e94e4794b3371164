"""The world's own test API under ``/__fake__/`` (reset, faults, journal, clock, routes, info): never journaled,
never hit by faults. Bad input answers HTTP 400 with an error document ``{"error", "message", "field"}``.

Services add their own test-API routes (``Service.test_routes``); these are the ones every world has. Handlers get
the world through the small :class:`WorldControl` protocol, so this module does not import the world.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing._clock import MAX_STEP
from egisz_sdk.testing._http import Request, Response, Route

if TYPE_CHECKING:
    from egisz_sdk.testing._clock import Clock
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.faults import Faults
    from egisz_sdk.testing.journal import Journal

__all__ = ["TEST_API_ROUTES", "WorldControl", "error_document"]


class WorldControl(Protocol):
    """What the world's test API needs of the world."""

    seed: int
    clock: Clock
    faults: Faults
    journal: Journal

    def reset(self) -> None: ...

    @property
    def routes(self) -> list[Route]: ...

    def describe(self) -> dict[str, Any]: ...


def error_document(exc: ConfigurationError) -> Response:
    """HTTP 400 ``{"error": code, "message": English text, "field": field}`` for a refused test-API request."""
    return Response.json({"error": exc.code, "message": exc.message_en, "field": exc.field}, status=400)


def _reset(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    world.reset()
    return Response.json({"reset": True, "seed": world.seed})


def _faults_list(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    return Response.json([rule.to_dict() for rule in world.faults.rules])


def _faults_add(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    spec = request.json()
    specs = spec if isinstance(spec, list) else [spec]
    if not specs or not all(isinstance(s, dict) for s in specs):
        raise ConfigurationError("fake.fault_invalid", field="body", reason="a JSON object or a list of objects")
    for s in specs:  # validate every rule before adding any: nothing half-applied
        world.faults.check_spec(s)
    rules = [world.faults.add_from_dict(s) for s in specs]
    return Response.json([rule.to_dict() for rule in rules], status=201)


def _faults_clear(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    world.faults.clear()
    return Response(204)


def _journal(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    operation = request.params.get("operation")
    return Response.json([e.to_dict() for e in world.journal.calls(operation)])


def _journal_clear(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    world.journal.clear()
    return Response(204)


def _clock_invalid(field: str, reason: str) -> ConfigurationError:
    return ConfigurationError("fake.clock_invalid", field=field, reason=reason)


def _clock_spec(request: Request) -> tuple[float | None, datetime | None, bool]:
    spec = request.json() if request.body else {}
    if not isinstance(spec, dict) or set(spec) - {"advance", "set", "unfreeze"}:
        raise _clock_invalid("body", 'a JSON object with "advance" (seconds), "set" (ISO time) or "unfreeze"')
    advance = spec.get("advance")
    if advance is not None:
        if isinstance(advance, bool) or not isinstance(advance, (int, float)):
            raise _clock_invalid("advance", "a number of seconds")
        if not math.isfinite(advance) or abs(advance) > MAX_STEP:
            raise _clock_invalid("advance", f"a finite number of seconds within ±{MAX_STEP:g}")
    moment = None
    if "set" in spec:
        text = str(spec["set"])[:64]
        try:  # ``Z`` is spelled out for Python 3.10, whose fromisoformat does not accept it
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            raise _clock_invalid("set", "an ISO 8601 time such as 2026-01-01T09:00:00+03:00") from None
        if not 1971 <= moment.year <= 9000:
            raise _clock_invalid("set", "a year from 1971 to 9000")
    unfreeze = spec.get("unfreeze", False)
    if not isinstance(unfreeze, bool):
        raise _clock_invalid("unfreeze", "true or false")
    return (float(advance) if advance is not None else None), moment, unfreeze


def _clock(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    if request.method == "POST":
        advance, moment, unfreeze = _clock_spec(request)
        if advance is not None:
            world.clock.advance(advance)
        if moment is not None:
            world.clock.set(moment)
        if unfreeze:
            world.clock.unfreeze()
    return Response.json({"now": world.clock.now().isoformat(), "frozen": world.clock.frozen})


def _routes(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    return Response.json([{"method": r.method, "path": r.pattern, "operation": r.operation} for r in world.routes])


def _info(world: WorldControl, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    return Response.json(world.describe())


_Handler = Callable[[WorldControl, "ServiceContext", Request, dict[str, str]], Response]

#: (method, path, operation, handler) of the world's test API.
_TABLE: Sequence[tuple[str, str, str, _Handler]] = [
    ("POST", "/__fake__/reset", "fake.reset", _reset),
    ("GET", "/__fake__/faults", "fake.faults", _faults_list),
    ("POST", "/__fake__/faults", "fake.faults.add", _faults_add),
    ("DELETE", "/__fake__/faults", "fake.faults.clear", _faults_clear),
    ("GET", "/__fake__/journal", "fake.journal", _journal),
    ("DELETE", "/__fake__/journal", "fake.journal.clear", _journal_clear),
    ("GET", "/__fake__/clock", "fake.clock", _clock),
    ("POST", "/__fake__/clock", "fake.clock.set", _clock),
    ("GET", "/__fake__/routes", "fake.routes", _routes),
    ("GET", "/__fake__/info", "fake.info", _info),
]

#: The world's test-API routes (never journaled or faulted).
TEST_API_ROUTES: list[Route] = [Route(*row, journal=False) for row in _TABLE]
