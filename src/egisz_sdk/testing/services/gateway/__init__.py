"""The fake EGISZ integration gateway (ИПС), shared by every registry behind it (FRMR, FRMO).

Files: ``records`` (settings, registered and issued systems, the verified caller), ``state`` (``GatewayState``:
registration, the trust store, the token check), ``routes`` (``guard`` for registry routes, the test API),
``wire`` (the registries' envelopes and error document, shared by FRMR and FRMO).

A registry service gets the world's one gateway with :func:`gateway_for` and starts each route with::

    try:
        caller = guard(gateway, request)
        gateway.authorize(caller, mo)          # 403 for an organisation the system is not registered for
    except GatewayRefusal as refused:
        return refusal(gateway, refused, ctx.now())

>>> from egisz_sdk.testing import World
>>> world = World(seed=0)
>>> system = world.gateway.issue_system("MIS-1", [world.population.organizations[0].mo_oid])
>>> caller = world.gateway.authenticate(system.token(now=world.clock.time()))
>>> caller.system.system_id
'MIS-1'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egisz_sdk.testing._http import Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.gateway.records import (
    ALL_ORGANIZATIONS,
    GATEWAY_TEST_AUDIENCE,
    Caller,
    GatewayRefusal,
    GatewaySettings,
    RegisteredSystem,
    TestSystem,
)
from egisz_sdk.testing.services.gateway.routes import TEST_ROUTES, guard, refusal
from egisz_sdk.testing.services.gateway.state import GatewayState, gateway_for

__all__ = [
    "ALL_ORGANIZATIONS",
    "GATEWAY_TEST_AUDIENCE",
    "Caller",
    "GatewayRefusal",
    "GatewayService",
    "GatewaySettings",
    "GatewayState",
    "RegisteredSystem",
    "TestSystem",
    "gateway_for",
    "guard",
    "refusal",
]


class GatewayService:
    """The gateway as a service of the world (``name = "gateway"``): ``world.gateway`` and its test API.

    It has no wire routes of its own: registries call :func:`guard` in theirs. Without this service in the world
    the registries still share one gateway (:func:`gateway_for`), only ``world.gateway`` and the test API are absent.

    Args:
        settings: the gateway's :class:`GatewaySettings` (default: ``World(settings={"gateway": {...}})`` or defaults).
    """

    name = "gateway"

    def __init__(self, settings: GatewaySettings | None = None) -> None:
        self.settings = settings

    @property
    def routes(self) -> Sequence[Route]:
        """None: the gateway answers inside the registries' routes."""
        return ()

    @property
    def test_routes(self) -> Sequence[Route]:
        """``POST|GET /__fake__/gateway/systems``, ``DELETE /__fake__/gateway/systems/{system_id}``."""
        return TEST_ROUTES

    def create_state(self, context: ServiceContext) -> GatewayState:
        """The world's gateway (the one :func:`gateway_for` returns)."""
        return gateway_for(context, self.settings)

    def describe(self, state: GatewayState, context: ServiceContext) -> dict[str, Any]:
        """Accepted audiences and the registered systems."""
        with context.lock:
            return {
                "audiences": list(state.settings.audiences),
                "systems": [
                    {"system_id": s.system_id, "organizations": "*" if s.all_organizations else sorted(s.organizations)}
                    for s in list(state.systems.values())[:20]
                ],
            }

    def __repr__(self) -> str:
        return "GatewayService()"
