"""Fixtures for the NSI tests: a fake world with the NSI service, clients through both doors, a cache file."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from _nsi_helpers import nsi_state, nsi_world  # noqa: E402

from egisz_sdk.nsi import AsyncNsiClient, DictionaryCache, NsiClient  # noqa: E402
from egisz_sdk.testing import World  # noqa: E402
from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT, NsiState  # noqa: E402


@pytest.fixture
def world() -> World:
    return nsi_world()


@pytest.fixture
def state(world: World) -> NsiState:
    return nsi_state(world)


@pytest.fixture(params=["in_process", "loopback"])
def door(request: pytest.FixtureRequest, world: World) -> Iterator[str]:
    """The base URL of the fake NSI through the in-process transport or the loopback server."""
    if request.param == "in_process":
        yield "in_process"
        return
    with world.serve() as handle:
        yield handle.url + REST_ROOT


def _kwargs(world: World, door: str) -> dict[str, object]:
    if door == "in_process":
        return {"base_url": "http://egisz.fake" + REST_ROOT, "transport": world.transport()}
    return {"base_url": door}


@pytest.fixture
def client(world: World, door: str) -> Iterator[NsiClient]:
    with NsiClient(DEFAULT_USER_KEY, page_size=50, **_kwargs(world, door)) as nsi:  # type: ignore[arg-type]
        yield nsi


@pytest.fixture
async def aclient(world: World, door: str) -> AsyncIterator[AsyncNsiClient]:
    async with AsyncNsiClient(DEFAULT_USER_KEY, page_size=50, **_kwargs(world, door)) as nsi:  # type: ignore[arg-type]
        yield nsi


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[DictionaryCache]:
    with DictionaryCache(tmp_path / "nsi.sqlite3") as opened:
        yield opened
