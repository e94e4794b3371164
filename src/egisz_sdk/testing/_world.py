"""The fake EGISZ world: services (state + routes) behind one lock, a shared population, clock, journal, fault
rules and test PKI; the dispatcher every transport calls."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing._clock import Clock
from egisz_sdk.testing._http import Request, Response, Route, Router
from egisz_sdk.testing._service import Service, ServiceContext, ServiceState
from egisz_sdk.testing._test_api import TEST_API_ROUTES, error_document
from egisz_sdk.testing.faults import Faults, FiredFault
from egisz_sdk.testing.journal import Journal
from egisz_sdk.testing.population import Population

if TYPE_CHECKING:
    import httpx

    from egisz_sdk.testing.pki import TestPki
    from egisz_sdk.testing.services.esia import EsiaSettings, EsiaState
    from egisz_sdk.testing.transports import AsgiApp, InProcessTransport, ServerHandle, ServerLimits

__all__ = ["IN_PROCESS_URL", "Outcome", "World"]

#: Base URL to give clients that use :meth:`World.transport` (any host works; this one is conventional).
IN_PROCESS_URL = "http://egisz.fake"
#: Owner name of the world's own test-API routes.
_WORLD = ""


@dataclass(frozen=True)
class Outcome:
    """The result of :meth:`World.handle`: the response, and the fault a transport must act on (if any)."""

    response: Response
    operation: str
    fault: FiredFault | None = None


class World:
    """A deterministic fake EGISZ: a list of services over one shared population, clock, journal and faults.

    Args:
        seed: everything random (population, codes, SMS codes, fault probabilities, PKI keys) derives from it.
        services: the services of this world (default: every service the SDK ships — today the fake ESIA).
        people: size of the synthetic population (at least 5: the reserved ESIA accounts use five people).
        organizations: number of synthetic medical organisations.
        workers: number of medical workers (default: every person but the four reserved last ones).
        departments: departments per organisation.
        esia: settings of the default fake ESIA (ignored when ``services`` is given).
        journal_size: capacity of the journal's ring buffer.
        settings: free per-world settings handed to every service as ``context.settings``.
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        services: Iterable[Service] | None = None,
        people: int = 20,
        organizations: int = 4,
        workers: int | None = None,
        departments: int = 3,
        esia: EsiaSettings | None = None,
        journal_size: int = 10_000,
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ConfigurationError("config.invalid", field="seed", reason_ru="целое число", reason_en="an integer")
        if isinstance(people, int) and not isinstance(people, bool) and people < 5:
            raise ConfigurationError("fake.population_too_small", field="people", value=people, minimum=5)
        self.seed = seed
        self.lock = threading.RLock()
        self.clock = Clock()
        self.journal = Journal(journal_size)
        self.faults = Faults(seed)
        reference: date = self.clock.now().date()
        self.population = Population(
            seed, people, organizations, workers=workers, departments=departments, reference=reference
        )
        self._pki: TestPki | None = None
        self.context = ServiceContext(
            seed=seed,
            clock=self.clock,
            population=self.population,
            journal=self.journal,
            lock=self.lock,
            pki=lambda: self.pki,
            settings=settings,
            peers=lambda name: self.__dict__.get("_states", {}).get(name),
        )
        self._router = Router()
        self._router.extend(TEST_API_ROUTES, _WORLD)
        self._services: dict[str, Service] = {}
        self._states: dict[str, ServiceState] = {}
        self._reset_hooks: list[Callable[[World], None]] = []
        if services is None:
            from egisz_sdk.testing.services import default_services

            services = default_services(esia=esia)
        for service in services:
            self.add_service(service)

    # ------------------------------------------------------------------ services
    def add_service(self, service: Service) -> ServiceState:
        """Plug a service in: its routes and test-API routes join the router, its state is created now (and
        ``reset()`` on every world reset). Returns the state."""
        with self.lock:
            name = getattr(service, "name", None)
            if not isinstance(service, Service) or not isinstance(name, str) or not name.isidentifier():
                raise ConfigurationError(
                    "config.invalid",
                    field="service",
                    reason_ru="объект с name (идентификатор), routes, test_routes, create_state(), describe()",
                    reason_en="an object with name (an identifier), routes, test_routes, create_state(), describe()",
                )
            taken = (set(dir(type(self))) | set(self.__dict__)) - {"esia"}
            if name in self._services or name in taken:
                raise ConfigurationError("fake.duplicate", field="service", value=name)
            router = Router()  # check the new routes against the old before touching the world's router
            router.extend(self._router.routes)
            try:
                router.extend([*service.routes, *service.test_routes], name)
            except ValueError as exc:
                raise ConfigurationError("fake.duplicate", field="route", value=str(exc)) from None
            state = service.create_state(self.context)
            self._router.extend(service.routes, name)
            self._router.extend(service.test_routes, name)
            self._services[name] = service
            self._states[name] = state
            return state

    def service(self, name: str) -> Any:
        """The state of service ``name`` (``world.service("esia")`` is ``world.esia``)."""
        try:
            return self._states[name]
        except KeyError:
            raise ConfigurationError("fake.unknown_service", field="service", value=name) from None

    def state(self, name: str) -> Any:
        """Same as :meth:`service` (kept for existing callers)."""
        return self.service(name)

    def __getattr__(self, name: str) -> Any:
        # ``world.<service>`` for every plugged-in service (``world.esia``, later ``world.frmr`` …)
        states = self.__dict__.get("_states", {})
        if name in states:
            return states[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def services(self) -> list[str]:
        """Names of the plugged-in services."""
        return list(self._services)

    @property
    def esia(self) -> EsiaState:
        """The fake ESIA's state (accounts, registered systems, codes, tokens)."""
        state: EsiaState = self.service("esia")
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
        """Every route of the world (the test API's included)."""
        return self._router.routes

    def reset(self) -> None:
        """Back to the state right after construction: same seed, empty journal, no faults, system clock,
        records added to the population dropped, every service's ``state.reset()``.

        Registered systems and accounts added later are dropped unless an :meth:`on_reset` hook adds them
        again; the test PKI (and so ESIA's signing keys) is kept: it depends on the seed only.
        """
        with self.lock:
            self.clock.reset()
            self.journal.clear()
            self.faults.clear()
            self.population.reset()
            for state in self._states.values():
                state.reset()
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
            response = self._miss(request)
            self._record("fake.not_found", request, response, None)
            return Outcome(response, "fake.not_found")
        route, params, owner = found
        fault = self.faults.check(route.operation) if route.journal else None
        if fault is not None and fault.replaces_response:
            response = Response(fault.status or 0, list(fault.headers), fault.body)
        else:
            state: Any = self if owner == _WORLD else self._states[owner]
            try:
                with self.lock:
                    response = route.handler(state, self.context, request, params)
            except ConfigurationError as exc:  # a refused test-API or service request: the error document
                response = error_document(exc)
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

    def _miss(self, request: Request) -> Response:
        allowed = self._router.allowed_methods(request.path)
        if allowed:
            return Response.json(
                {"error": "method_not_allowed", "allowed": allowed}, 405, [("Allow", ", ".join(allowed))]
            )
        return Response.json(
            {
                "error": "not_found",
                "message": f"the fake EGISZ has no route for {request.method} {request.path[:200]}",
                "closest": self._router.near_misses(request.method, request.path),
            },
            status=404,
        )

    def _record(self, operation: str, request: Request, response: Response, fault: FiredFault | None) -> None:
        params = dict(request.params)
        form = request.form()
        params.update(form)
        body: Any = form or None
        if body is None and "json" in request.content_type:
            body = request.json()
        self.journal.record(
            operation=operation,
            method=request.method,
            path=request.path[:2000],
            params=params,
            status=response.status if fault is None or fault.kind == "http" else 0,
            time=self.clock.now().isoformat(),
            fault=fault.describe() if fault else None,
            body=body,
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
        """A JSON-ready summary: seed, services (each service's own ``describe``), organisations."""
        with self.lock:
            out: dict[str, Any] = {"seed": self.seed, "services": self.services}
            for name, service in self._services.items():
                out[name] = service.describe(self._states[name], self.context)
            out["organizations"] = [
                {
                    "oid": o.oid,
                    "mo_oid": o.mo_oid,
                    "short_name": o.short_name,
                    "ogrn": o.ogrn,
                    "inn": o.inn,
                    "members": list(o.members),
                }
                for o in self.population.organizations[:20]
            ]
            return out

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, services={self.services})"
