"""Shared set-up of the fake-FRMR tests: the two doors (in-process and loopback) and sample bodies."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from egisz_sdk.testing import World


@pytest.fixture(params=["in_process", "loopback"])
def door(
    request: pytest.FixtureRequest,
    egisz_world: World,
    frmr_client: Callable[..., Any],
    async_frmr_client: Callable[..., Any],
) -> tuple[World, Callable[..., Any], Callable[..., Any]]:
    """``(world, sync client factory, async client factory)`` for one door of the world."""
    if request.param == "loopback":
        server = request.getfixturevalue("egisz_server")
        return server.world, partial(frmr_client, server=server), partial(async_frmr_client, server=server)
    return egisz_world, frmr_client, async_frmr_client
