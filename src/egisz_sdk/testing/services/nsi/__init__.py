"""The fake NSI (ФНСИ) as a service of the world: dictionaries served in NSI's wire format.

Files: ``state`` (``NsiState``: dictionaries as wire data, versions, publishing, compare), ``routes`` (the REST
operations under ``/port/rest`` and the test API under ``/__fake__/nsi``), ``catalogue`` (NSI's wire codes). The
state starts with the dictionaries shipped in :mod:`egisz_sdk.nsi.data` and the two the world's population defines
(FRMO organisations 1461 and departments 99.2.114, made on first use); nothing here uses the SDK's NSI client.

>>> from egisz_sdk.testing import World
>>> world = World(seed=0, services=[NsiService()])
>>> sorted(world.nsi.dictionaries)[0]
'1.2.643.5.1.13.13.11.1040'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from egisz_sdk.testing._http import Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.population._dictionaries import POPULATION_DICTIONARIES, population_dictionary
from egisz_sdk.testing.services.nsi.catalogue import WIRE_CODES
from egisz_sdk.testing.services.nsi.routes import REST_ROOT, ROUTES, TEST_ROUTES, answer
from egisz_sdk.testing.services.nsi.state import (
    DEFAULT_USER_KEY,
    DictionaryVersion,
    NsiState,
    generated_dictionary,
)

__all__ = [
    "DEFAULT_USER_KEY",
    "REST_ROOT",
    "WIRE_CODES",
    "DictionaryVersion",
    "NsiService",
    "NsiState",
    "answer",
    "generated_dictionary",
]


class NsiService:
    """The fake NSI service (``name = "nsi"``); clients use ``<world URL>/port/rest`` and :data:`DEFAULT_USER_KEY`.

    Args:
        user_keys: the userKeys the fake accepts (default: :data:`DEFAULT_USER_KEY`).
        shipped: start with the dictionaries shipped in :mod:`egisz_sdk.nsi.data`.
        population: serve the population's dictionaries 1.2.643.5.1.13.13.11.1461 (organisations) and
            1.2.643.5.1.13.13.99.2.114 (departments), the same rows the fake FRMR and FRMO check OIDs against.
    """

    name = "nsi"

    def __init__(
        self, user_keys: Sequence[str] = (DEFAULT_USER_KEY,), *, shipped: bool = True, population: bool = True
    ) -> None:
        self.user_keys = tuple(user_keys)
        self.shipped = shipped
        self.population = population

    @property
    def routes(self) -> Sequence[Route]:
        """``GET /port/rest/{searchDictionary,passport,versions,data,compare}``."""
        return ROUTES

    @property
    def test_routes(self) -> Sequence[Route]:
        """``POST /__fake__/nsi/publish``, ``GET /__fake__/nsi/calls``."""
        return TEST_ROUTES

    def create_state(self, context: ServiceContext) -> NsiState:
        """A fresh :class:`NsiState` with the shipped dictionaries (and the population's, made on first use)."""
        people = context.population
        generated = {oid: partial(population_dictionary, people, oid) for oid in POPULATION_DICTIONARIES}
        return NsiState(
            default_keys=self.user_keys,
            load_shipped=self.shipped,
            generated=generated if self.population else {},
            lock=context.lock,
        )

    def describe(self, state: NsiState, context: ServiceContext) -> dict[str, Any]:
        """The REST root and every dictionary with its versions and row counts (``pending``: generated
        dictionaries not made yet)."""
        with context.lock:
            return {
                "rest_root": REST_ROOT,
                "pending": sorted(state.pending),
                "dictionaries": [
                    {
                        "oid": oid,
                        "name": history[-1].passport.get("fullName"),
                        "versions": [{"version": v.version, "rows": len(v.rows)} for v in history],
                    }
                    for oid, history in sorted(state.dictionaries.items())
                ],
            }

    def __repr__(self) -> str:
        return "NsiService()"
