"""The fake FRMO as a service of the world: organisation cards, departments and child records over the shared
population, behind the world's one IPS gateway.

Files: ``records`` (population → FRMO wire records), ``state`` (``FrmoState``: reads, checked changes,
cross-registry rules), ``history`` (the audit journal), ``routes`` (one route per declared operation, the test
API), ``catalogue`` (wire texts). Nothing here uses the SDK's FRMO client or models: only the declarations in
:mod:`egisz_sdk.frmo.resources`.

>>> from egisz_sdk.testing import World
>>> world = World(seed=0)
>>> org = world.population.organizations[0]
>>> world.frmo.organization(org.mo_oid)["inn"] == org.inn
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egisz_sdk.testing._http import Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.frmo.catalogue import MESSAGES, Refused
from egisz_sdk.testing.services.frmo.history import Change, History
from egisz_sdk.testing.services.frmo.routes import REST_ROOT, ROUTES, TEST_ROUTES
from egisz_sdk.testing.services.frmo.state import FrmoState

__all__ = ["MESSAGES", "REST_ROOT", "Change", "FrmoService", "FrmoState", "History", "Refused"]


class FrmoService:
    """The fake FRMO (``name = "frmo"``): clients use ``<world URL>`` + :data:`REST_ROOT` (the test gateway's
    path, shared with the fake FRMR as on the real test gateway) and a gateway token of a system registered with
    ``world.gateway``."""

    name = "frmo"

    @property
    def routes(self) -> Sequence[Route]:
        """One route per operation of :data:`egisz_sdk.frmo.resources.FRMO` under :data:`REST_ROOT`."""
        return ROUTES

    @property
    def test_routes(self) -> Sequence[Route]:
        """``GET /__fake__/frmo/history``."""
        return TEST_ROUTES

    def create_state(self, context: ServiceContext) -> FrmoState:
        """A fresh :class:`FrmoState` over the world's population."""
        return FrmoState(context)

    def describe(self, state: FrmoState, context: ServiceContext) -> dict[str, Any]:
        """The REST root, the number of operations and of recorded changes."""
        with context.lock:
            return {"rest_root": REST_ROOT, "operations": len(ROUTES), "changes": len(state.audit)}

    def __repr__(self) -> str:
        return "FrmoService()"
