"""pytest plugin of egisz-sdk (entry point ``pytest11: egisz``): fixtures for the fake EGISZ world.

Fixtures:

* ``egisz_world`` — a fresh in-process :class:`~egisz_sdk.testing.World` per test;
* ``egisz_server`` — a loopback server shared by the session (one per seed), reset before and after each test;
* ``esia_client`` / ``async_esia_client`` — factories of :mod:`egisz_sdk.auth` clients wired to ``egisz_world``
  with a freshly registered system (a GOST key from the test PKI by default; see
  :func:`~egisz_sdk.testing.esia_config`, which builds their configuration);
* ``frmr_client`` / ``async_frmr_client`` — factories of :class:`~egisz_sdk.frmr.FrmrClient` /
  :class:`~egisz_sdk.frmr.AsyncFrmrClient` wired to ``egisz_world`` through the fake gateway, with a freshly
  issued test system (see :func:`~egisz_sdk.testing.frmr_test_config`); the world's FRMR state is
  ``egisz_world.frmr``;
* ``frmo_client`` / ``async_frmo_client`` — the same for :class:`~egisz_sdk.frmo.FrmoClient` /
  :class:`~egisz_sdk.frmo.AsyncFrmoClient` (see :func:`~egisz_sdk.testing.frmo_test_config`); the world's FRMO
  state is ``egisz_world.frmo``.

Marker: ``@pytest.mark.egisz(seed=0, faults=[{"operation": "esia.token", "status": 503, "times": 1}])``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing._world import World

if TYPE_CHECKING:
    from egisz_sdk.auth import AsyncEsiaClient, EsiaClient
    from egisz_sdk.frmo import AsyncFrmoClient, FrmoClient
    from egisz_sdk.frmr import AsyncFrmrClient, FrmrClient
    from egisz_sdk.testing.transports import ServerHandle

__all__ = [
    "async_esia_client",
    "async_frmo_client",
    "async_frmr_client",
    "egisz_server",
    "egisz_world",
    "esia_client",
    "frmo_client",
    "frmr_client",
    "pytest_configure",
]

_MARKER_ARGS = frozenset({"seed", "faults"})


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``egisz`` marker."""
    config.addinivalue_line(
        "markers",
        "egisz(seed=0, faults=[...]): seed of the fake EGISZ world and fault rules to install for this test",
    )


def _options(request: pytest.FixtureRequest) -> tuple[int, Sequence[Mapping[str, Any]]]:
    marker = request.node.get_closest_marker("egisz")
    if marker is None:
        return 0, ()
    unknown = sorted(set(marker.kwargs) - _MARKER_ARGS)
    if marker.args or unknown:
        raise ConfigurationError("fake.marker_invalid", reason=f"keyword arguments seed, faults only; got {unknown}")
    return int(marker.kwargs.get("seed", 0)), tuple(marker.kwargs.get("faults") or ())


def _install_faults(world: World, faults: Sequence[Mapping[str, Any]]) -> None:
    for spec in faults:
        world.faults.add_from_dict(spec)


@pytest.fixture
def egisz_world(request: pytest.FixtureRequest) -> World:
    """A fresh fake EGISZ world (seed and faults from the ``egisz`` marker), served in-process."""
    seed, faults = _options(request)
    world = World(seed=seed)
    _install_faults(world, faults)
    return world


@pytest.fixture(scope="session")
def _egisz_servers() -> Iterator[dict[int, ServerHandle]]:
    servers: dict[int, ServerHandle] = {}
    yield servers
    for server in servers.values():
        server.close()


@pytest.fixture
def egisz_server(request: pytest.FixtureRequest, _egisz_servers: dict[int, ServerHandle]) -> Iterator[ServerHandle]:
    """A loopback server of the fake world, shared by the session (one per seed), reset around every test."""
    seed, faults = _options(request)
    server = _egisz_servers.get(seed)
    if server is None:
        server = World(seed=seed).serve()
        _egisz_servers[seed] = server
    server.world.reset()
    _install_faults(server.world, faults)
    yield server
    server.world.reset()


C = TypeVar("C")


def _closing_factory(
    world: World, build: Callable[[Any], C], configure: Callable[..., Any]
) -> Iterator[Callable[..., C]]:
    """Yield ``factory(server=None, **kwargs) -> build(configure(server or world, **kwargs))``; close what it made."""
    made: list[Any] = []

    def factory(*, server: ServerHandle | None = None, **kwargs: Any) -> C:
        client = build(configure(server or world, **kwargs))
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


@pytest.fixture
def esia_client(egisz_world: World) -> Iterator[Callable[..., EsiaClient]]:
    """Factory: ``esia_client(client_id=…, redirect_uri=…, key_kind="gost256"|"rsa", jwt_algorithm=…,
    allowed_scopes=…, server=None, **EsiaConfig fields)`` → an :class:`~egisz_sdk.auth.EsiaClient` whose system is
    registered in ``egisz_world`` (or in ``server.world`` when a loopback ``server`` is given). The keywords are
    those of :func:`egisz_sdk.testing.esia_config`."""
    from egisz_sdk.auth import EsiaClient
    from egisz_sdk.testing._clients import esia_config

    yield from _closing_factory(egisz_world, EsiaClient, esia_config)


@pytest.fixture
def async_esia_client(egisz_world: World) -> Callable[..., AsyncEsiaClient]:
    """Factory like ``esia_client`` building :class:`~egisz_sdk.auth.AsyncEsiaClient` (close it yourself with
    ``await client.aclose()`` or ``async with``)."""
    from egisz_sdk.auth import AsyncEsiaClient
    from egisz_sdk.testing._clients import esia_config

    def factory(*, server: ServerHandle | None = None, **kwargs: Any) -> AsyncEsiaClient:
        return AsyncEsiaClient(esia_config(server or egisz_world, **kwargs))

    return factory


@pytest.fixture
def frmr_client(egisz_world: World) -> Iterator[Callable[..., FrmrClient]]:
    """Factory: ``frmr_client(system_id=…, organizations="*" | [oid…], server=None, **frmr_config fields)`` → an
    :class:`~egisz_sdk.frmr.FrmrClient` whose gateway system is issued in ``egisz_world`` (or in ``server.world``
    for a loopback ``server``). The keywords are those of :func:`egisz_sdk.testing.frmr_test_config`."""
    from egisz_sdk.frmr import FrmrClient
    from egisz_sdk.testing._frmr_clients import frmr_test_config

    yield from _closing_factory(egisz_world, FrmrClient, frmr_test_config)


@pytest.fixture
def async_frmr_client(egisz_world: World) -> Callable[..., AsyncFrmrClient]:
    """Factory like ``frmr_client`` building :class:`~egisz_sdk.frmr.AsyncFrmrClient` (close it with
    ``await client.aclose()`` or ``async with``)."""
    from egisz_sdk.frmr import AsyncFrmrClient
    from egisz_sdk.testing._frmr_clients import frmr_test_config

    def factory(*, server: ServerHandle | None = None, **kwargs: Any) -> AsyncFrmrClient:
        return AsyncFrmrClient(frmr_test_config(server or egisz_world, **kwargs))

    return factory


@pytest.fixture
def frmo_client(egisz_world: World) -> Iterator[Callable[..., FrmoClient]]:
    """Factory: ``frmo_client(system_id=…, organizations="*" | [oid…], server=None, **frmo_config fields)`` → a
    :class:`~egisz_sdk.frmo.FrmoClient` whose gateway system is issued in ``egisz_world`` (or in ``server.world``
    for a loopback ``server``). The keywords are those of :func:`egisz_sdk.testing.frmo_test_config`."""
    from egisz_sdk.frmo import FrmoClient
    from egisz_sdk.testing._frmo_clients import frmo_test_config

    yield from _closing_factory(egisz_world, FrmoClient, frmo_test_config)


@pytest.fixture
def async_frmo_client(egisz_world: World) -> Callable[..., AsyncFrmoClient]:
    """Factory like ``frmo_client`` building :class:`~egisz_sdk.frmo.AsyncFrmoClient` (close it with
    ``await client.aclose()`` or ``async with``)."""
    from egisz_sdk.frmo import AsyncFrmoClient
    from egisz_sdk.testing._frmo_clients import frmo_test_config

    def factory(*, server: ServerHandle | None = None, **kwargs: Any) -> AsyncFrmoClient:
        return AsyncFrmoClient(frmo_test_config(server or egisz_world, **kwargs))

    return factory
