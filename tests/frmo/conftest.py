"""FRMO clients against the fake world through both doors: in-process transport and the loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from egisz_sdk.testing import World
from egisz_sdk.testing.transports import ServerHandle


@pytest.fixture(scope="module")
def loopback() -> Iterator[ServerHandle]:
    server = World(seed=0).serve()
    yield server
    server.close()


@pytest.fixture(params=["in-process", "loopback"])
def door(
    request: pytest.FixtureRequest, egisz_world: World, loopback: ServerHandle
) -> Iterator[tuple[World, dict[str, Any]]]:
    """``(world, extra frmo_client arguments)`` for each door; the loopback world is reset around each test."""
    if request.param == "in-process":
        yield egisz_world, {}
        return
    loopback.world.reset()
    yield loopback.world, {"server": loopback}
    loopback.world.reset()
