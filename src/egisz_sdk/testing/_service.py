"""The service protocol of the fake world: what a service (ESIA today; FRMR, FRMO, NSI next) gives the world,
and the context every route handler receives besides the service's own state.

A service is any object with a ``name``, a state factory, its routes, its test-API routes and a ``describe``.
The world creates the state once (``create_state(context)``), calls ``state.reset()`` on every world reset and
routes each request to ``handler(state, context, request, path_params)``. See ``docs/adding-a-service.md``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from egisz_sdk.testing._clock import Clock
    from egisz_sdk.testing._http import Route
    from egisz_sdk.testing.journal import Journal, JournalEntry
    from egisz_sdk.testing.pki import TestPki
    from egisz_sdk.testing.population import Population

__all__ = ["Service", "ServiceContext", "ServiceState"]


@runtime_checkable
class ServiceState(Protocol):
    """The state of one service: plain Python objects whose methods take typed arguments; ``reset()`` puts it back
    to the state right after creation (the world calls it on every :meth:`World.reset`)."""

    def reset(self) -> None:
        """Back to the seeded state."""


@runtime_checkable
class Service(Protocol):
    """What a service gives the world.

    Attributes:
        name: the service's name (``"esia"``); ``world.service(name)`` and ``world.<name>`` return its state.
        routes: the service's wire routes (journaled, subject to fault rules).
        test_routes: its test-API routes under ``/__fake__/`` (never journaled or faulted).
    """

    name: str

    @property
    def routes(self) -> Sequence[Route]:
        """The wire routes; each declares its operation name (``"esia.token"``)."""

    @property
    def test_routes(self) -> Sequence[Route]:
        """The test-API routes (``/__fake__/<name>/…``)."""

    def create_state(self, context: ServiceContext) -> ServiceState:
        """A fresh state for a world (called once, when the service joins the world)."""

    def describe(self, state: Any, context: ServiceContext) -> dict[str, Any]:
        """A JSON-ready summary of the state for ``world.describe()`` and ``GET /__fake__/info``."""


class ServiceContext:
    """What every service shares, handed to state factories and route handlers (never the whole world).

    Attributes:
        seed: the world's seed (derive every random choice of a service from it).
        clock: the world's clock (every expiry reads it).
        population: the shared synthetic population (people, organisations, departments, workers).
        journal: the request journal (services record programmatic calls with :meth:`record`).
        lock: the world's lock (handlers already run under it; take it in state methods called from tests).
        settings: free per-world settings (``World(settings={...})``), read-only.

    :meth:`peer` reaches another service's state (cross-registry rules).
    """

    def __init__(
        self,
        *,
        seed: int,
        clock: Clock,
        population: Population,
        journal: Journal,
        lock: threading.RLock,
        pki: Callable[[], TestPki],
        settings: Mapping[str, Any] | None = None,
        peers: Callable[[str], Any] | None = None,
    ) -> None:
        self.seed = seed
        self.clock = clock
        self.population = population
        self.journal = journal
        self.lock = lock
        self.settings: Mapping[str, Any] = dict(settings or {})
        self._pki = pki
        self._peers = peers

    @property
    def pki(self) -> TestPki:
        """The world's test PKI (``TestPki(seed)``, created on first use)."""
        return self._pki()

    def peer(self, name: str) -> Any:
        """The state of another service of the same world (``"frmr"``), or ``None`` when it is not plugged in.

        For the few rules that span registries (FRMO refuses to liquidate a department FRMR still staffs); keep
        such coupling to one small query per rule.
        """
        return self._peers(name) if self._peers is not None else None

    def now(self) -> float:
        """The world-clock time as POSIX seconds."""
        return self.clock.time()

    def record(
        self,
        operation: str,
        *,
        method: str = "CALL",
        path: str = "",
        params: Mapping[str, str] | None = None,
        status: int = 200,
        body: Any = None,
    ) -> JournalEntry:
        """Journal a call that did not come over HTTP (``world.esia.authorize()``): same redaction as requests."""
        return self.journal.record(
            operation=operation,
            method=method,
            path=path,
            params=dict(params or {}),
            status=status,
            time=self.clock.now().isoformat(),
            body=body,
        )

    def __repr__(self) -> str:
        return f"ServiceContext(seed={self.seed})"
