"""The fake gateway remembers verified tokens: exactly the same token text, within its ``exp`` and the certificates'
validity, against the same trust store. Everything else is checked in full, and the system's registration on
every request."""

from __future__ import annotations

import base64
import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from egisz_sdk.testing import World
from egisz_sdk.testing.pki import TestPki
from egisz_sdk.testing.services.gateway import GatewayRefusal, GatewaySettings, TestSystem


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=5)


@pytest.fixture(autouse=True)
def _clean(world: World) -> None:
    world.reset()


@pytest.fixture
def full_checks(world: World, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every full (CMS + chain) verification the gateway makes, by token."""
    seen: list[str] = []
    original = type(world.gateway)._verify_fully

    def counting(token: str, *args: Any) -> Any:
        seen.append(token)
        return original(token, *args)

    monkeypatch.setattr(type(world.gateway), "_verify_fully", staticmethod(counting))
    return seen


def _refused(world: World, token: str) -> GatewayRefusal:
    with pytest.raises(GatewayRefusal) as caught:
        world.gateway.authenticate(token)
    return caught.value


def _system(world: World, name: str = "MIS-C") -> TestSystem:
    return world.gateway.issue_system(name)


def test_the_same_token_is_verified_once(world: World, full_checks: list[str]) -> None:
    token = _system(world).token(now=world.clock.time())
    for _ in range(5):
        assert world.gateway.authenticate(token).system.system_id == "MIS-C"
    assert full_checks == [token]


def _flip(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


def test_a_tampered_token_is_verified_in_full_and_refused(world: World, full_checks: list[str]) -> None:
    token = _system(world).token(now=world.clock.time())
    world.gateway.authenticate(token)
    header, payload, signature = token.split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    forged_payload = base64.urlsafe_b64encode(claims.replace(b'"MIS-C"', b'"MIS-X"')).rstrip(b"=").decode()
    for tampered in (
        f"{header}.{forged_payload}.{signature}",  # other claims under the same signature
        f"{header}.{payload}.{_flip(signature, len(signature) // 2)}",  # a damaged signature
        token + "A",
    ):
        assert _refused(world, tampered).status == 401
        assert full_checks[-1] == tampered
    assert world.gateway.authenticate(token).system.system_id == "MIS-C"  # the genuine one is still remembered
    assert full_checks.count(token) == 1


def test_a_new_token_of_the_same_system_is_verified_in_full(world: World, full_checks: list[str]) -> None:
    system = _system(world)
    first, second = system.token(now=world.clock.time()), system.token(now=world.clock.time() - 1)
    assert first != second
    world.gateway.authenticate(first)
    world.gateway.authenticate(second)
    assert full_checks == [first, second]


def test_an_unregistered_or_disabled_system_is_refused_although_its_token_was_verified(world: World) -> None:
    system = _system(world)
    token = system.token(now=world.clock.time())
    world.gateway.authenticate(token)
    world.gateway.unregister(system.system_id)
    assert _refused(world, token).reason == "system not registered"
    world.gateway.register(system.system_id, system.certificate)
    assert world.gateway.authenticate(token).system.system_id == system.system_id
    disabled = dataclasses.replace(world.gateway.systems[system.system_id], enabled=False)
    world.gateway.systems[system.system_id] = disabled  # changed in place, without register(): no cache flush
    assert _refused(world, token).reason == "system disabled"
    other = world.gateway.issue_system("MIS-OTHER")
    world.gateway.systems[system.system_id] = dataclasses.replace(disabled, certificate=other.certificate, enabled=True)
    assert "certificate not registered" in _refused(world, token).reason


def test_the_memory_ends_at_exp_and_a_later_check_is_full(world: World, full_checks: list[str]) -> None:
    now = world.clock.time()
    token = _system(world).token(now=now, lifetime=120)
    world.gateway.authenticate(token)
    world.clock.advance(121)  # past exp, within the leeway: still accepted, but verified again
    world.gateway.authenticate(token)
    assert full_checks == [token, token]
    world.clock.advance(world.gateway.settings.leeway)
    assert _refused(world, token).reason == "token expired"


def test_the_memory_ends_with_the_certificate(world: World, full_checks: list[str]) -> None:
    system = _system(world)
    world.clock.set(system.certificate.not_after - timedelta(seconds=30))
    settings = world.gateway.settings
    world.gateway.settings = dataclasses.replace(settings, leeway=3600.0)
    try:
        token = system.token(now=world.clock.time(), lifetime=600)
        world.gateway.authenticate(token)
        world.clock.advance(60)  # the token is valid, its certificate no longer
        assert "token refused" in _refused(world, token).reason
        assert full_checks == [token, token]
    finally:
        world.gateway.settings = settings


def test_another_trust_store_never_reuses_the_memory(world: World, full_checks: list[str]) -> None:
    token = _system(world).token(now=world.clock.time())
    world.gateway.authenticate(token)
    world.gateway.trust_anchors = [TestPki(seed=41).root]
    assert "untrusted" in _refused(world, token).reason
    world.gateway.trust_anchors = []
    world.gateway.authenticate(token)
    assert full_checks == [token, token]  # back to the world PKI: still remembered from the first check


def test_the_memory_is_bounded(world: World) -> None:
    world.gateway.settings = dataclasses.replace(GatewaySettings(), cache_size=3)
    try:
        system = _system(world)
        for offset in range(10):
            world.gateway.authenticate(system.token(now=world.clock.time() - offset))
        assert len(world.gateway._verified) == 3
    finally:
        world.gateway.settings = GatewaySettings()
