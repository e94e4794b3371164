"""The world's test API (``/__fake__/…``) refuses bad input with HTTP 400 and an error document, never a 500."""

from __future__ import annotations

import time
from typing import Any

import pytest

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import World


@pytest.fixture(scope="module")
def world() -> World:
    return World()


@pytest.mark.parametrize(
    "spec",
    [
        {"operation": "esia.token", "status": 503, "headers": [["X-A", "1"]]},
        {"operation": "esia.token", "headers": {"X-A": 1}},
        {"operation": "esia.token", "headers": {"X-A": "a\r\nInjected: 1"}},
        {"operation": "esia.token", "latency": 1e9},
        {"operation": "esia.token", "latency": -1},
        {"operation": "esia.token", "probability": 2},
        {"operation": "esia.token", "status": 99},
        {"operation": "esia.token", "status": "503"},
        {"operation": "esia.token", "times": 1.5},
        {"operation": "esia.token", "retry_after": 1e300},
        {"operation": "esia.token", "body": 12},
        {"operation": "esia.token", "kind": "explode"},
        {"operation": ""},
        {"status": 500},
        [],
        [{"operation": "esia.token"}, {"operation": "esia.token", "latency": "slow"}],
    ],
)
def test_bad_fault_rules_answer_400(world: World, spec: Any) -> None:
    world.reset()
    with world.client() as client:
        response = client.post("/__fake__/faults", json=spec)
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["error"] == "fake.fault_invalid" and body["message"] and "trace" not in body
        assert client.get("/__fake__/faults").json() == []  # nothing half-applied


@pytest.mark.parametrize("advance", [1e308, -1e12, "NaN", "Infinity", 4e9])
def test_bad_clock_steps_answer_400(world: World, advance: Any) -> None:
    world.reset()
    body = f'{{"advance": {advance}}}' if isinstance(advance, str) else None
    with world.client() as client:
        if body is None:
            response = client.post("/__fake__/clock", json={"advance": advance})
        else:  # NaN and Infinity are not JSON, but Python's parser accepts them
            response = client.post("/__fake__/clock", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "fake.clock_invalid"
        assert client.post("/__fake__/clock", json={"advance": 60}).status_code == 200


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e308, -1e12])
def test_clock_advance_refuses_non_finite_or_huge_steps(value: float) -> None:
    world = World()
    with pytest.raises(ConfigurationError) as info:
        world.clock.advance(value)
    assert info.value.code == "config.invalid"


def test_a_huge_unknown_path_gets_its_near_misses_in_milliseconds(world: World) -> None:
    path = "/aas/oauth2/v3/" + "x" * 60_000
    with world.client() as client:
        started = time.perf_counter()
        response = client.post(path)
        elapsed = time.perf_counter() - started
    assert response.status_code == 404 and len(response.json()["closest"]) == 3
    assert elapsed < 0.25, elapsed


def test_unknown_service_names_and_bad_services_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        World(services=[object()])  # type: ignore[list-item]
