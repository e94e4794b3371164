"""The fake FRMR's wire, read without the SDK's client: envelopes, the error document, refusals, the gateway."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _frmr_helpers import new_card, new_person

from egisz_sdk.testing import World
from egisz_sdk.testing.pki import TestPki
from egisz_sdk.testing.services.gateway import RegisteredSystem, TestSystem

ROOT = "/4f52d90e921a0/"
PROBLEM = {"timestamp", "code", "reasonPhrase", "message"}


class Wire:
    """Raw calls with a valid token of a system registered for every organisation."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.system = world.gateway.issue_system("RAW")
        self.http = world.client()
        self.mo = world.population.organizations[0].mo_oid
        self.oid = world.population.workers_of(self.mo)[0].oid

    def token(self, system: TestSystem | None = None, **kwargs: Any) -> str:
        return (system or self.system).token(now=self.world.clock.time(), **kwargs)

    def call(self, method: str, path: str, *, token: str | None = "", **kwargs: Any) -> httpx.Response:
        headers = {} if token is None else {"Authorization": f"Bearer {token or self.token()}"}
        return self.http.request(method, ROOT + path, headers=headers, **kwargs)

    def refused(self, status: int, method: str, path: str, **kwargs: Any) -> str:
        answer = self.call(method, path, **kwargs)
        body = answer.json()
        assert answer.status_code == status, body
        assert set(body) == PROBLEM and body["code"] == status
        assert answer.headers["content-type"].startswith("application/json")
        return str(body["message"])


@pytest.fixture
def wire(egisz_world: World) -> Iterator[Wire]:
    made = Wire(egisz_world)
    yield made
    made.http.close()


def test_envelopes(wire: Wire) -> None:
    one = wire.call("GET", "person", params={"mo": wire.mo, "oid": wire.oid}).json()
    assert set(one) == {"requestId", "content"} and one["content"]["oid"] == wire.oid
    listed = wire.call("GET", "person/card", params={"mo": wire.mo, "oid": wire.oid}).json()
    assert set(listed) == {"requestId", "total", "content"} and listed["total"] == len(listed["content"])
    paged = wire.call("GET", "person/list", params={"mo": wire.mo}).json()
    assert set(paged) == {"requestId", "total", "offset", "limit", "content"}
    assert (paged["offset"], paged["limit"]) == (0, 10)  # parusrx's defaults
    created = wire.call("POST", "person", params={"mo": wire.mo}, json=new_person(wire.world)).json()
    assert set(created) == {"requestId", "content"} and set(created["content"]) == {"entityId"}
    oid = created["content"]["entityId"]
    assert wire.call("DELETE", "person", params={"mo": wire.mo, "oid": oid}).json().keys() == {"requestId"}


def test_query_refusals(wire: Wire) -> None:
    assert "mo" in wire.refused(400, "GET", "person", params={"oid": wire.oid})
    assert "oid, snils или documentId" in wire.refused(400, "GET", "person", params={"mo": wire.mo})
    assert "number" in wire.refused(400, "GET", "person", params={"mo": wire.mo, "documentId": "14"})
    wire.refused(400, "GET", "person", params={"mo": wire.mo, "snils": "112-233-445 95"})
    wire.refused(400, "GET", "person", params={"mo": wire.mo, "snils": "11223344596"})
    wire.refused(400, "GET", "person", params={"mo": wire.mo, "oid": "not-an-oid"})
    wire.refused(400, "GET", "person", params={"mo": wire.mo, "oid": wire.oid, "mr": "yes"})
    assert "100" in wire.refused(400, "GET", "person/list", params={"mo": wire.mo, "limit": "101"})
    for bad in ("0", "-1", "ten", "1e3"):
        wire.refused(400, "GET", "person/list", params={"mo": wire.mo, "limit": bad})
    wire.refused(400, "GET", "person/list", params={"mo": wire.mo, "offset": "-5"})
    wire.refused(400, "GET", "person/list", params={"mo": "1.2.643.5.1.13.13.12.2.77.999999"})
    wire.refused(400, "PUT", "person/card", params={"mo": wire.mo, "oid": wire.oid}, json=new_card(wire.world, wire.mo))
    wire.refused(404, "GET", "person", params={"mo": wire.mo, "oid": "2030.0000001"})
    wire.refused(404, "GET", "person/cert", params={"mo": wire.mo, "snils": new_person(wire.world)["snils"]})
    assert wire.call("GET", "person/list", params={"mo": wire.mo, "limit": "100"}).status_code == 200
    paged = wire.call("GET", "person/list", params={"mo": wire.mo, "offset": "1000"}).json()
    assert paged["content"] == [] and paged["offset"] == 1000


def _person_refusal(wire: Wire, status: int, **changes: Any) -> str:
    return wire.refused(status, "POST", "person", params={"mo": wire.mo}, json=new_person(wire.world, **changes))


def test_person_body_refusals(wire: Wire) -> None:
    assert "lastName" in _person_refusal(wire, 400, lastName=None)
    assert "citizenShipId" in _person_refusal(wire, 400, citizenShipId=None)
    assert "СНИЛС" in _person_refusal(wire, 400, snils="11223344596")
    assert "СНИЛС" in _person_refusal(wire, 400, snils="112-233-445 95")
    assert "ИНН" in _person_refusal(wire, 400, inn="500100732250")
    assert "будущем" in _person_refusal(wire, 400, birthDate="2999-01-01")
    _person_refusal(wire, 400, birthDate="12.04.1990")
    _person_refusal(wire, 400, gender=3)
    assert "lastName" in _person_refusal(wire, 400, lastName=["Тестова"])
    assert "СНИЛС" in _person_refusal(wire, 409, snils=wire.world.population.people[0].snils)
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, content=b"{not json")
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, json=[1, 2])
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, content=b'{"lastName": NaN}')
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, content=b'{"a":' * 100_000)
    deep = b'{"lastName":' + b"[" * 900 + b"]" * 900 + b"}"
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, content=deep)
    wire.refused(400, "POST", "person", params={"mo": wire.mo}, json={"x": list(range(5000))})
    assert wire.world.frmr.added == []


def _card_refusal(wire: Wire, status: int, **changes: Any) -> str:
    body = new_card(wire.world, wire.mo, **changes)
    return wire.refused(status, "POST", "person/card", params={"mo": wire.mo, "oid": wire.oid}, json=body)


def test_card_body_refusals(wire: Wire) -> None:
    other = wire.world.population.organizations[1].mo_oid
    assert "postId" in _card_refusal(wire, 400, postId=None)
    assert "endDate" in _card_refusal(wire, 400, beginDate="2024-02-01", endDate="2024-01-01", endTypeId=1)
    assert "endTypeId" in _card_refusal(wire, 400, endDate="2024-12-31")
    assert "organization" in _card_refusal(wire, 400, organization="1.2.643.5.1.13.13.12.2.77.999999")
    assert "nrPmuDepartId" in _card_refusal(wire, 400, nrPmuDepartId=wire.mo + ".0.1")
    assert "nrPmuDepartId" in _card_refusal(wire, 400, organization=other)  # the department is of another org
    _card_refusal(wire, 400, rate=0)
    _card_refusal(wire, 400, rate=5)
    _card_refusal(wire, 400, fedPositionId="сто")
    _card_refusal(wire, 409, contractNumber="DUPLICATE-409")
    before = len(wire.world.frmr.records(wire.oid, "card"))
    assert wire.call("POST", "person/card", params={"mo": wire.mo, "oid": wire.oid},
                     json=new_card(wire.world, wire.mo)).status_code == 200  # fmt: skip
    _card_refusal(wire, 409)  # the same contract and begin date again
    assert len(wire.world.frmr.records(wire.oid, "card")) == before + 1


def test_gateway_refusals_on_the_wire(wire: Wire) -> None:
    path, params = "person", {"mo": wire.mo, "oid": wire.oid}
    assert wire.refused(401, "GET", path, params=params, token=None) == "no bearer token"
    wire.refused(401, "GET", path, params=params, token="garbage.token.here")
    stranger = TestPki(seed=42)
    wire.world.gateway.register("SELF", stranger.root)
    self_signed = TestSystem(RegisteredSystem("SELF", stranger.root, all_organizations=True), stranger.root_key)
    assert "untrusted" in wire.refused(401, "GET", path, params=params, token=wire.token(self_signed))
    loose = wire.world.gateway.issue_system("LOOSE", register=False)
    assert wire.refused(401, "GET", path, params=params, token=wire.token(loose)) == "system not registered"
    expired = wire.token(wire.system, lifetime=60)
    wire.world.clock.advance(3600)
    assert wire.refused(401, "GET", path, params=params, token=expired) == "token expired"
    assert "aud" in wire.refused(401, "GET", path, params=params, token=wire.token(audience="https://prod.example"))
    narrow = wire.world.gateway.issue_system("NARROW", [wire.world.population.organizations[1].mo_oid])
    assert wire.refused(403, "GET", path, params=params, token=wire.token(narrow))
    answer = wire.call("GET", path, params=params, token=None)
    assert answer.headers["www-authenticate"] == "Bearer"


def test_gateway_texts_are_settings(egisz_world: World) -> None:
    import dataclasses

    gateway = egisz_world.gateway
    gateway.settings = dataclasses.replace(gateway.settings, unauthorized_message="Доступ запрещён")
    with egisz_world.client() as http:
        body = http.get(ROOT + "person/list", params={"mo": "1.2.3"}).json()
    assert body["message"] == "Доступ запрещён"


def test_frmr_texts_and_limits_are_settings() -> None:
    from egisz_sdk.testing.services.frmr import FrmrSettings

    world = World(seed=1, settings={"frmr": {"max_limit": 5, "messages": {"missing_mo": "нет mo"}}})
    assert world.frmr.settings == FrmrSettings(max_limit=5, messages={"missing_mo": "нет mo"})
    wire = Wire(world)
    assert wire.refused(400, "GET", "person", params={"oid": wire.oid}) == "нет mo"
    wire.refused(400, "GET", "person/list", params={"mo": wire.mo, "limit": "6"})


def test_test_api_seeds_and_inspects(egisz_world: World) -> None:
    mo = egisz_world.population.organizations[2].mo_oid
    with egisz_world.client() as http:
        body = {**new_person(egisz_world), "cards": [new_card(egisz_world, mo)]}
        answer = http.post("/__fake__/frmr/workers", params={"mo": mo}, json=body)
        assert answer.status_code == 201
        oid = answer.json()["oid"]
        stored = http.get(f"/__fake__/frmr/workers/{oid}").json()
        assert stored["person"]["snils"] == body["snils"] and stored["card"][0]["organization"] == mo
        assert http.get("/__fake__/frmr/workers").json()["added"] == [oid]
        refused = http.post("/__fake__/frmr/workers", json={**new_person(egisz_world), "snils": "1"})
        assert refused.status_code == 400 and set(refused.json()) == PROBLEM
        assert http.get("/__fake__/frmr/workers/2030.0000001").status_code == 404
    assert oid in [r.oid for r in egisz_world.frmr.workers_at(mo)]
    assert egisz_world.journal.count("fake.*") == 0
    egisz_world.reset()
    assert egisz_world.frmr.added == [] and egisz_world.frmr.person(oid) is None


def test_state_is_seeded_from_the_shared_population(egisz_world: World) -> None:
    population = egisz_world.population
    for worker in list(population.workers)[:8]:
        who = population.person(worker.person_oid)
        assert who is not None
        person = egisz_world.frmr.person(worker.oid)
        assert person is not None and person["snils"] == who.snils and person["lastName"] == who.last_name
        cards = egisz_world.frmr.records(worker.oid, "card")
        assert [c["organization"] for c in cards] == [c.organization for c in worker.cards]
        assert egisz_world.esia.account(who.snils).person == who  # the same people in ESIA
    for org in population.organizations:
        oids = {r.oid for r in egisz_world.frmr.workers_at(org.mo_oid)}
        assert oids == {w.oid for w in population.workers_of(org)}


def test_describe_and_routes(egisz_world: World) -> None:
    info = egisz_world.describe()
    assert info["frmr"]["base_url"] == ROOT and "9999.0000404" in info["frmr"]["magic_workers"]
    assert "gateway" in info and info["gateway"]["systems"] == []
    with egisz_world.client() as http:
        routes = http.get("/__fake__/routes").json()
    assert {"method": "GET", "path": ROOT + "person/list", "operation": "frmr.person_list.page"} in routes
    assert json.dumps(info, ensure_ascii=False)
