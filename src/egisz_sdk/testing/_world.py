"""The fake EGISZ world: services (state + routes) behind one lock, a clock, a journal and fault rules."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing._clock import Clock
from egisz_sdk.testing._http import Request, Response, Route, Router
from egisz_sdk.testing.faults import Faults, FiredFault
from egisz_sdk.testing.journal import Journal
from egisz_sdk.testing.population import Population, generate_population

if TYPE_CHECKING:
    import httpx

    from egisz_sdk.testing.pki import TestPki
    from egisz_sdk.testing.state.esia import EsiaSettings, EsiaState
    from egisz_sdk.testing.transports import AsgiApp, InProcessTransport, ServerHandle, ServerLimits

__all__ = ["IN_PROCESS_URL", "Outcome", "Service", "World"]

#: Base URL to give clients that use :meth:`World.transport` (any host works; this one is conventional).
IN_PROCESS_URL = "http://egisz.fake"


@dataclass(frozen=True)
class Service:
    """A service of the world: a name, a state factory (called on creation and on every reset) and routes."""

    name: str
    make_state: Callable[[World], Any]
    routes: Sequence[Route]


@dataclass(frozen=True)
class Outcome:
    """The result of :meth:`World.handle`: the response, and the fault a transport must act on (if any)."""

    response: Response
    operation: str
    fault: FiredFault | None = None


class World:
    """A deterministic fake EGISZ: the fake ESIA today; FRMR, FRMO and NSI plug in as services.

    Args:
        seed: everything random (population, codes, SMS codes, fault probabilities) derives from it.
        people: size of the synthetic population (at least 5: the reserved accounts use five people).
        organizations: number of synthetic organisations.
        esia: settings of the fake ESIA (lifetimes, tolerances, lockout).
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        people: int = 20,
        organizations: int = 4,
        esia: EsiaSettings | None = None,
    ) -> None:
        from egisz_sdk.testing.routes import ADMIN_ROUTES, ESIA_ROUTES
        from egisz_sdk.testing.state.esia import EsiaState

        if people < 5:
            raise ConfigurationError("fake.population_too_small", field="people", value=people, minimum=5)
        self.seed = seed
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal()
        self.faults = Faults(seed)
        self._sizes = (people, organizations)
        self.population: Population = generate_population(seed, people, organizations)
        self._esia_settings = esia
        self._router = Router()
        self._router.extend(ADMIN_ROUTES)
        self._services: dict[str, Service] = {}
        self._states: dict[str, Any] = {}
        self._reset_hooks: list[Callable[[World], None]] = []
        self._pki: TestPki | None = None
        self.add_service(Service("esia", lambda world: EsiaState(world, world._esia_settings), ESIA_ROUTES))

    # ------------------------------------------------------------------ services
    def add_service(self, service: Service) -> None:
        """Plug a service in: its routes join the router and its state is created now and on every reset."""
        with self.lock:
            if service.name in self._services:
                raise ConfigurationError("fake.duplicate", field="service", value=service.name)
            self._router.extend(service.routes)
            self._services[service.name] = service
            self._states[service.name] = service.make_state(self)

    def state(self, name: str) -> Any:
        """The state object of service ``name``."""
        return self._states[name]

    @property
    def services(self) -> list[str]:
        """Names of the plugged-in services."""
        return list(self._services)

    @property
    def esia(self) -> EsiaState:
        """The fake ESIA's state (accounts, registered systems, codes, tokens)."""
        state: EsiaState = self._states["esia"]
        return state

    @property
    def pki(self) -> TestPki:
        """The world's test PKI (``TestPki(seed)``, created on first use, kept across resets)."""
        with self.lock:
            if self._pki is None:
                from egisz_sdk.testing.pki import TestPki

                self._pki = TestPki(seed=self.seed)
            return self._pki

    @property
    def routes(self) -> list[Route]:
        """Every route of the world."""
        return self._router.routes

    def reset(self) -> None:
        """Back to the state right after construction: same seed, empty journal, no faults, system clock.

        Registered systems and accounts added later are dropped unless an :meth:`on_reset` hook adds them
        again; the test PKI (and so ESIA's signing keys) is kept: it depends on the seed only.
        """
        with self.lock:
            self.population = generate_population(self.seed, *self._sizes)
            self.clock.reset()
            self.journal.clear()
            self.faults.clear()
            for name, service in self._services.items():
                self._states[name] = service.make_state(self)
            for hook in self._reset_hooks:
                hook(self)

    def on_reset(self, hook: Callable[[World], None], *, run_now: bool = True) -> None:
        """Run ``hook(world)`` after every :meth:`reset` (and now, unless ``run_now=False``): use it for set-up
        that must survive resets, such as registering the systems under test."""
        with self.lock:
            self._reset_hooks.append(hook)
            if run_now:
                hook(self)

    # ------------------------------------------------------------------ dispatch
    def handle(self, request: Request) -> Outcome:
        """Route one request: faults, the route handler and the journal. Used by every transport."""
        found = self._router.match(request.method, request.path)
        if found is None:
            allowed = self._router.allowed_methods(request.path)
            if allowed:
                response = Response.json(
                    {"error": "method_not_allowed", "allowed": allowed}, 405, [("Allow", ", ".join(allowed))]
                )
            else:
                response = Response.json(
                    {
                        "error": "not_found",
                        "message": f"the fake EGISZ has no route for {request.method} {request.path}",
                        "closest": self._router.near_misses(request.method, request.path),
                    },
                    status=404,
                )
            self._record("fake.not_found", request, response, None)
            return Outcome(response, "fake.not_found")
        route, params = found
        fault = self.faults.check(route.operation) if route.journal else None
        if fault is not None and fault.replaces_response:
            response = Response(fault.status or 0, list(fault.headers), fault.body)
        else:
            try:
                response = route.handler(self, request, params)
            except Exception as exc:  # the fake must answer, and say what broke
                response = Response.json(
                    {
                        "error": "fake.internal",
                        "message": f"{type(exc).__name__}: {exc}",
                        "trace": traceback.format_exc(limit=6),
                    },
                    status=500,
                )
        if route.journal:
            self._record(route.operation, request, response, fault)
        return Outcome(response, route.operation, fault)

    def _record(self, operation: str, request: Request, response: Response, fault: FiredFault | None) -> None:
        params = dict(request.params)
        params.update(request.form())
        self.journal.record(
            operation=operation,
            method=request.method,
            path=request.path,
            params=params,
            status=response.status if fault is None or fault.kind == "http" else 0,
            time=self.clock.now().isoformat(),
            fault=fault.describe() if fault else None,
        )

    # ------------------------------------------------------------------ transports
    def transport(self) -> InProcessTransport:
        """An httpx transport that serves this world in-process (sync and async clients, no sockets)."""
        from egisz_sdk.testing.transports import InProcessTransport

        return InProcessTransport(self)

    def client(self, **kwargs: Any) -> httpx.Client:
        """An ``httpx.Client`` on the in-process transport with :data:`IN_PROCESS_URL` as base URL."""
        import httpx

        kwargs.setdefault("base_url", IN_PROCESS_URL)
        return httpx.Client(transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` on the in-process transport with :data:`IN_PROCESS_URL` as base URL."""
        import httpx

        kwargs.setdefault("base_url", IN_PROCESS_URL)
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    def asgi_app(self) -> AsgiApp:
        """An ASGI 3 application serving this world (for uvicorn, hypercorn or ``httpx.ASGITransport``)."""
        from egisz_sdk.testing.transports import AsgiApp

        return AsgiApp(self)

    def serve(self, port: int = 0, host: str = "127.0.0.1", *, limits: ServerLimits | None = None) -> ServerHandle:
        """Serve this world on a real loopback socket in a background thread (``port=0``: any free port;
        ``limits``: a :class:`~egisz_sdk.testing.ServerLimits` with body, header, time and connection bounds)."""
        from egisz_sdk.testing.transports import serve

        return serve(self, port=port, host=host, limits=limits)

    # ------------------------------------------------------------------ description
    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary: seed, services, registered systems, reserved accounts, organisations."""
        from egisz_sdk.testing.state.esia import DEFAULT_PASSWORD, MAGIC_LOGINS

        with self.lock:
            esia = self.esia
            return {
                "seed": self.seed,
                "services": self.services,
                "esia": {
                    "issuer": esia.settings.issuer,
                    "clients": [
                        {
                            "client_id": c.client_id,
                            "redirect_uris": list(c.redirect_uris),
                            "jwt_algorithm": c.jwt_algorithm,
                            "certificate_hash": c.certificate_hash,
                        }
                        for c in esia.clients.values()
                    ],
                    "password": DEFAULT_PASSWORD,
                    "reserved_logins": MAGIC_LOGINS,
                    "accounts": [
                        {"login": a.login, "oid": a.person.oid, "name": a.person.full_name, "status": a.status}
                        for a in list(esia.accounts.values())[:10]
                    ],
                },
                "organizations": [
                    {"oid": o.oid, "short_name": o.short_name, "ogrn": o.ogrn, "inn": o.inn, "members": list(o.members)}
                    for o in self.population.organizations
                ],
            }

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, services={self.services})"
