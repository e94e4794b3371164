"""The fake EGISZ world for tests: services (today a faithful fake ESIA: OAuth endpoints, login pages, person API)
over one deterministic synthetic population (people, organisations, departments, medical workers), a request
journal, fault injection, three transports and a pytest plugin. Add your own service: ``docs/adding-a-service.md``.

>>> from egisz_sdk.testing import World, esia_config
>>> world = World(seed=0)
>>> client = world.client()                    # httpx.Client served in-process   # doctest: +SKIP
>>> with world.serve() as server: ...           # the same world on a loopback socket   # doctest: +SKIP
>>> config = esia_config(world)                 # an EsiaConfig for a system registered in it   # doctest: +SKIP

See ``docs/testing.md`` (how to test an integration) and ``docs/fake.md`` (routes, magic values, faults).
Public names load on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:
    from egisz_sdk.testing._clients import esia_config
    from egisz_sdk.testing._clock import Clock
    from egisz_sdk.testing._frmo_clients import frmo_test_config
    from egisz_sdk.testing._frmr_clients import frmr_test_config
    from egisz_sdk.testing._http import Request, Response, Route
    from egisz_sdk.testing._service import Service, ServiceContext, ServiceState
    from egisz_sdk.testing._world import IN_PROCESS_URL, Outcome, World
    from egisz_sdk.testing.faults import FaultRule, Faults
    from egisz_sdk.testing.journal import Journal, JournalEntry
    from egisz_sdk.testing.pki import TestPki
    from egisz_sdk.testing.population import Department, MedicalWorker, Organization, Person, Population
    from egisz_sdk.testing.services import default_services
    from egisz_sdk.testing.services.esia import (
        DEFAULT_PASSWORD,
        MAGIC_LOGINS,
        EsiaService,
        EsiaSettings,
        EsiaState,
        RegisteredClient,
        SystemIdentity,
    )
    from egisz_sdk.testing.services.frmr import FrmrService, FrmrSettings, FrmrState
    from egisz_sdk.testing.services.gateway import GatewayService, GatewaySettings, GatewayState, TestSystem
    from egisz_sdk.testing.transports import AsgiApp, InProcessTransport, ServerHandle, ServerLimits

#: Public name → module that defines it.
_EXPORTS: dict[str, str] = {
    "AsgiApp": "egisz_sdk.testing.transports",
    "Clock": "egisz_sdk.testing._clock",
    "DEFAULT_PASSWORD": "egisz_sdk.testing.services.esia",
    "Department": "egisz_sdk.testing.population",
    "EsiaService": "egisz_sdk.testing.services.esia",
    "EsiaSettings": "egisz_sdk.testing.services.esia",
    "EsiaState": "egisz_sdk.testing.services.esia",
    "FaultRule": "egisz_sdk.testing.faults",
    "Faults": "egisz_sdk.testing.faults",
    "FrmrService": "egisz_sdk.testing.services.frmr",
    "FrmrSettings": "egisz_sdk.testing.services.frmr",
    "FrmrState": "egisz_sdk.testing.services.frmr",
    "GatewayService": "egisz_sdk.testing.services.gateway",
    "GatewaySettings": "egisz_sdk.testing.services.gateway",
    "GatewayState": "egisz_sdk.testing.services.gateway",
    "IN_PROCESS_URL": "egisz_sdk.testing._world",
    "InProcessTransport": "egisz_sdk.testing.transports",
    "Journal": "egisz_sdk.testing.journal",
    "JournalEntry": "egisz_sdk.testing.journal",
    "MAGIC_LOGINS": "egisz_sdk.testing.services.esia",
    "MedicalWorker": "egisz_sdk.testing.population",
    "Organization": "egisz_sdk.testing.population",
    "Outcome": "egisz_sdk.testing._world",
    "Person": "egisz_sdk.testing.population",
    "Population": "egisz_sdk.testing.population",
    "RegisteredClient": "egisz_sdk.testing.services.esia",
    "Request": "egisz_sdk.testing._http",
    "Response": "egisz_sdk.testing._http",
    "Route": "egisz_sdk.testing._http",
    "ServerHandle": "egisz_sdk.testing.transports",
    "ServerLimits": "egisz_sdk.testing.transports",
    "Service": "egisz_sdk.testing._service",
    "ServiceContext": "egisz_sdk.testing._service",
    "ServiceState": "egisz_sdk.testing._service",
    "SystemIdentity": "egisz_sdk.testing.services.esia",
    "TestPki": "egisz_sdk.testing.pki",
    "TestSystem": "egisz_sdk.testing.services.gateway",
    "World": "egisz_sdk.testing._world",
    "default_services": "egisz_sdk.testing.services",
    "esia_config": "egisz_sdk.testing._clients",
    "frmo_test_config": "egisz_sdk.testing._frmo_clients",
    "frmr_test_config": "egisz_sdk.testing._frmr_clients",
}

__all__ = [
    "DEFAULT_PASSWORD",
    "IN_PROCESS_URL",
    "MAGIC_LOGINS",
    "AsgiApp",
    "Clock",
    "Department",
    "EsiaService",
    "EsiaSettings",
    "EsiaState",
    "FaultRule",
    "Faults",
    "FrmrService",
    "FrmrSettings",
    "FrmrState",
    "GatewayService",
    "GatewaySettings",
    "GatewayState",
    "InProcessTransport",
    "Journal",
    "JournalEntry",
    "MedicalWorker",
    "Organization",
    "Outcome",
    "Person",
    "Population",
    "RegisteredClient",
    "Request",
    "Response",
    "Route",
    "ServerHandle",
    "ServerLimits",
    "Service",
    "ServiceContext",
    "ServiceState",
    "SystemIdentity",
    "TestPki",
    "TestSystem",
    "World",
    "default_services",
    "esia_config",
    "frmo_test_config",
    "frmr_test_config",
]


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
