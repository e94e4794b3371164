"""The fake FRMR (register of medical workers) as a service of the world, behind the fake gateway.

Files: ``catalogue`` (settings, the fake's messages, required fields, magic values), ``render`` (population
records in FRMR's wire shape), ``checks`` (body checks with the SDK's validators), ``state`` (``FrmrState``:
mutable copies of the population's workers and everything written), ``routes`` (the wire and the test API).
The fake routes by the resource declarations of :mod:`egisz_sdk.frmr.resources` (paths, verbs, operation names)
and shares nothing else with the SDK's FRMR client: its wire is written from the public sources.

>>> from egisz_sdk.testing import World
>>> world = World(seed=0)
>>> oid = world.population.workers[0].oid
>>> world.frmr.person(oid)["snils"] == world.population.people[0].snils
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egisz_sdk.testing._http import Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.frmr.catalogue import (
    MAGIC_CONTRACT,
    MAGIC_WORKERS,
    MESSAGES,
    REQUIRED,
    FrmrFault,
    FrmrSettings,
)
from egisz_sdk.testing.services.frmr.routes import FRMR_ROOT, routes, test_routes
from egisz_sdk.testing.services.frmr.state import ID_FIELDS, FrmrState, WorkerRecord

__all__ = [
    "FRMR_ROOT",
    "ID_FIELDS",
    "MAGIC_CONTRACT",
    "MAGIC_WORKERS",
    "MESSAGES",
    "REQUIRED",
    "FrmrFault",
    "FrmrService",
    "FrmrSettings",
    "FrmrState",
    "WorkerRecord",
]


class FrmrService:
    """The fake FRMR service (``name = "frmr"``); clients use ``<world URL>`` + :data:`FRMR_ROOT` as base URL.

    Args:
        settings: :class:`FrmrSettings` (default: ``World(settings={"frmr": {...}})`` or the defaults).
        root: the path the routes live under (default :data:`FRMR_ROOT`, the test gateway's).
    """

    name = "frmr"

    def __init__(self, settings: FrmrSettings | None = None, *, root: str = FRMR_ROOT) -> None:
        self.settings = settings
        self.root = root
        self._routes = routes(root)
        self._test_routes = test_routes()

    @property
    def routes(self) -> Sequence[Route]:
        """One route per verb of every resource in :data:`egisz_sdk.frmr.resources.FRMR`."""
        return self._routes

    @property
    def test_routes(self) -> Sequence[Route]:
        """``POST|GET /__fake__/frmr/workers``, ``GET /__fake__/frmr/workers/{oid}``."""
        return self._test_routes

    def create_state(self, context: ServiceContext) -> FrmrState:
        """A fresh :class:`FrmrState` over the world's population and gateway."""
        return FrmrState(context, self.settings, base_url=self.root)

    def describe(self, state: FrmrState, context: ServiceContext) -> dict[str, Any]:
        """The base path, limits and the workers added so far."""
        with context.lock:
            return {
                "base_url": state.base_url,
                "max_limit": state.settings.max_limit,
                "added": state.added[:20],
                "magic_workers": dict(MAGIC_WORKERS),
            }

    def __repr__(self) -> str:
        return "FrmrService()"
