"""The fake gateway: tokens checked with the SDK's signature code, systems issued from the world PKI."""

from __future__ import annotations

import dataclasses
import json

import pytest

from egisz_sdk.testing import World
from egisz_sdk.testing._http import Request
from egisz_sdk.testing.pki import TestPki
from egisz_sdk.testing.services.gateway import (
    GatewayRefusal,
    GatewaySettings,
    RegisteredSystem,
    TestSystem,
    gateway_for,
    guard,
    refusal,
)


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=3)


@pytest.fixture(autouse=True)
def _clean(world: World) -> None:
    world.reset()


def _org(world: World, index: int = 0) -> str:
    return world.population.organizations[index].mo_oid


def _refused(world: World, token: str | None) -> GatewayRefusal:
    with pytest.raises(GatewayRefusal) as caught:
        world.gateway.authenticate(token)
    return caught.value


def test_issued_system_is_accepted_and_limited_to_its_organisations(world: World) -> None:
    system = world.gateway.issue_system("MIS-1", [_org(world, 0)])
    caller = world.gateway.authenticate(system.token(now=world.clock.time()))
    assert caller.system.system_id == "MIS-1" and caller.claims["sub"] == "MIS-1"
    world.gateway.authorize(caller, _org(world, 0))
    with pytest.raises(GatewayRefusal) as caught:
        world.gateway.authorize(caller, _org(world, 1))
    assert caught.value.status == 403


def test_the_default_world_has_one_gateway_for_every_registry(world: World) -> None:
    assert gateway_for(world.context) is world.gateway
    assert "gateway" in world.services


@pytest.mark.parametrize("token", [None, "", "abc", "a.b.c", "x" * 70_000, "ключ.b.c"])
def test_missing_or_garbled_tokens_are_401(world: World, token: str | None) -> None:
    assert _refused(world, token).status == 401


def test_self_signed_certificate_is_refused(world: World) -> None:
    stranger = TestPki(seed=99)
    record = RegisteredSystem("SELF", stranger.root, all_organizations=True)
    world.gateway.register("SELF", stranger.root)
    forged = TestSystem(record, stranger.root_key, ())
    assert "jws.untrusted" in _refused(world, forged.token(now=world.clock.time())).reason


def test_certificate_from_another_pki_is_refused(world: World) -> None:
    other = TestPki(seed=98).issue("gost256", common_name="ИС чужая")
    world.gateway.register("OTHER", other.certificate)
    forged = TestSystem(RegisteredSystem("OTHER", other.certificate), other.key, other.chain)
    assert _refused(world, forged.token(now=world.clock.time())).status == 401


def test_unregistered_system_and_foreign_certificate(world: World) -> None:
    loose = world.gateway.issue_system("LOOSE", register=False)
    assert _refused(world, loose.token(now=world.clock.time())).reason == "system not registered"
    registered = world.gateway.issue_system("MIS-2")
    other = world.gateway.issue_system("MIS-3")
    stolen_sub = other.token(now=world.clock.time(), sub=registered.system_id)
    assert "certificate not registered" in _refused(world, stolen_sub).reason


def test_unregistered_status_is_a_setting(world: World) -> None:
    loose = world.gateway.issue_system("LOOSE", register=False)
    world.gateway.settings = dataclasses.replace(world.gateway.settings, unregistered_status=403)
    try:
        assert _refused(world, loose.token(now=world.clock.time())).status == 403
    finally:
        world.gateway.settings = GatewaySettings()


def test_claims_are_checked_on_the_world_clock(world: World) -> None:
    system = world.gateway.issue_system("MIS-4")
    now = world.clock.time()
    assert _refused(world, system.token(now=now - 1000)).reason == "token expired"
    assert "aud" in _refused(world, system.token(now=now, audience="https://elsewhere.example")).reason
    assert "future" in _refused(world, system.token(now=now + 3600)).reason
    assert "lifetime" in _refused(world, system.token(now=now, lifetime=3 * 86400)).reason
    token = system.token(now=now)
    world.gateway.authenticate(token)
    world.clock.advance(300 + world.gateway.settings.leeway + 1)
    assert _refused(world, token).reason == "token expired"  # the cached signature check does not skip claims


def test_expired_and_revoked_certificates_are_refused(world: World) -> None:
    for variant in ("expired", "not_yet_valid"):
        system = world.gateway.issue_system(f"MIS-{variant}", variant=variant)
        assert _refused(world, system.token(now=world.clock.time())).status == 401


def test_rsa_keys_cannot_make_a_gateway_token(world: World) -> None:
    from egisz_sdk.errors import SignatureError

    system = world.gateway.issue_system("MIS-RSA", key_kind="rsa")
    with pytest.raises(SignatureError):
        system.token(now=world.clock.time())


def test_refusal_renders_the_error_document(world: World) -> None:
    response = refusal(world.gateway, GatewayRefusal(401, "no bearer token"), world.clock.time())
    body = json.loads(response.body)
    assert response.status == 401 and response.header("WWW-Authenticate") == "Bearer"
    assert set(body) == {"timestamp", "code", "reasonPhrase", "message"}
    assert body["code"] == 401 and body["reasonPhrase"] == "Unauthorized" and body["timestamp"].endswith("+03:00")
    with pytest.raises(GatewayRefusal):
        guard(world.gateway, Request.build("GET", "/x", headers=[("Authorization", "Basic abc")]))


def test_reset_drops_systems(world: World) -> None:
    world.gateway.issue_system("MIS-5")
    world.reset()
    assert world.gateway.systems == {}


def test_test_api_issues_lists_and_removes_systems(world: World) -> None:
    from egisz_sdk.signature.keys import load_private_key

    with world.client() as http:
        answer = http.post("/__fake__/gateway/systems", json={"system_id": "API-1", "organizations": [_org(world)]})
        assert answer.status_code == 201
        issued = answer.json()
        assert issued["organizations"] == [_org(world)] and "PRIVATE KEY" in issued["key"]
        key = load_private_key(issued["key"].encode())
        assert key.public_key().spki_der() == world.gateway.systems["API-1"].certificate.public_key.spki_der()
        listed = http.get("/__fake__/gateway/systems").json()
        assert [s["system_id"] for s in listed] == ["API-1"]
        assert http.post("/__fake__/gateway/systems", json={"variant": "nonsense"}).status_code == 400
        assert http.post("/__fake__/gateway/systems", json={"organizations": 5}).status_code == 400
        assert http.delete("/__fake__/gateway/systems/API-1").status_code == 204
        assert http.get("/__fake__/gateway/systems").json() == []


def test_gost512_systems_and_the_trust_store(world: World) -> None:
    system = world.gateway.issue_system("MIS-512", key_kind="gost512")
    token = system.token(now=world.clock.time())
    assert world.gateway.authenticate(token).system.system_id == "MIS-512"
    world.gateway.trust_anchors = [TestPki(seed=77).root]  # another CA: the cached check is not reused
    assert "untrusted" in _refused(world, token).reason
    world.gateway.trust_anchors = []  # back to the world PKI
    assert world.gateway.authenticate(token).system.system_id == "MIS-512"
