"""The fake FRMO's own behaviour: gateway, error documents and their mapping, faults, journal, audit history."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.errors import (
    RegistryForbidden,
    RegistryNotFound,
    RegistryUnauthorized,
    RegistryUnavailable,
)
from egisz_sdk.frmo import FrmoClient, frmo_config
from egisz_sdk.testing import IN_PROCESS_URL, World
from egisz_sdk.testing.services.frmo import REST_ROOT
from egisz_sdk.testing.services.gateway import gateway_for

BASE = IN_PROCESS_URL + REST_ROOT + "/"


def raw(world: World) -> tuple[httpx.Client, dict[str, str]]:
    """An httpx client on the world and the headers of a valid gateway token (to send what the SDK would refuse)."""
    system = gateway_for(world.context).issue_system("MIS-RAW", "*")
    token = system.token(now=world.clock.time())
    return world.client(), {"Authorization": f"Bearer {token}"}


def test_the_gateway_guards_every_route(egisz_world: World, frmo_client: Any) -> None:
    org, other = (o.mo_oid for o in egisz_world.population.organizations[:2])
    anonymous = FrmoClient(frmo_config(BASE, transport=egisz_world.transport(), rate=None))
    with pytest.raises(RegistryUnauthorized):
        anonymous.org.get(oid=org)
    scoped = frmo_client(system_id="MIS-ONE-ORG", organizations=[org])
    assert scoped.org.get(oid=org).oid == org
    with pytest.raises(RegistryForbidden):
        scoped.org.get(oid=other)
    with pytest.raises(RegistryForbidden):
        scoped.depart.page(oid=other)
    assert scoped.org.page().total == len(egisz_world.population.organizations)  # the list is not scoped
    expired = frmo_client(system_id="MIS-EXPIRED", variant="expired")
    with pytest.raises(RegistryUnauthorized):
        expired.org.get(oid=org)


def test_error_documents_and_their_mapping(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client()
    org = egisz_world.population.organizations[0].mo_oid
    with pytest.raises(RegistryNotFound) as missing:
        client.org.get(oid="1.2.643.5.1.13.13.12.2.77.999999")
    assert missing.value.operation == "frmo.org.get" and missing.value.params["status"] == 404
    with pytest.raises(RegistryNotFound):
        client.building.get(oid=org, entity_id="00000000-0000-0000-0000-000000000000")
    http, headers = raw(egisz_world)
    answer = http.get(f"{REST_ROOT}/org/depart", params={"oid": org, "color": "red"}, headers=headers)
    assert answer.status_code == 400
    doc = answer.json()
    assert set(doc) == {"timestamp", "code", "reasonPhrase", "message"} and doc["code"] == 400
    assert doc["message"].startswith("color:") and doc["timestamp"].endswith("+03:00")
    assert http.get(f"{REST_ROOT}/org/depart", headers=headers).json()["message"].startswith("oid:")


def test_the_fake_checks_bodies_on_its_own(egisz_world: World) -> None:
    """What the SDK refuses before sending, the fake refuses too (for clients that skip the checks)."""
    org = egisz_world.population.organizations[0]
    http, headers = raw(egisz_world)
    card = http.get(f"{REST_ROOT}/org/{org.mo_oid}", headers=headers).json()["content"]
    wrong = {**card, "regionId": {**card["regionId"], "id": 1 if org.region_id != 1 else 2}}
    answer = http.put(f"{REST_ROOT}/org", params={"oid": org.mo_oid}, json=wrong, headers=headers)
    assert answer.status_code == 400 and answer.json()["message"].startswith("regionId:")
    bare = {"departName": "Отделение", "departTypeId": 1, "departKindId": {"id": 1}}
    answer = http.post(f"{REST_ROOT}/org/depart", params={"oid": org.mo_oid}, json=bare, headers=headers)
    assert answer.status_code == 400 and answer.json()["message"].startswith("departTypeId:")
    stranger = {**bare, "departTypeId": {"id": 1}, "oid": "1.2.643.5.1.13.13.12.2.77.1.0.5"}
    answer = http.post(f"{REST_ROOT}/org/depart", params={"oid": org.mo_oid}, json=stranger, headers=headers)
    assert answer.status_code == 400 and answer.json()["message"].startswith("oid:")
    assert egisz_world.frmo.history(organization=org.mo_oid) == []


def test_faults_hit_one_operation_and_the_client_retries(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client(retry=RetryPolicy(attempts=3, sleep=lambda _: None))
    org = egisz_world.population.organizations[0].mo_oid
    depart = client.departments(org)[0]
    egisz_world.faults.add_from_dict({"operation": "frmo.depart.update", "status": 503, "times": 1})
    client.depart.update(depart.model_copy(update={"depart_name": "Терапия"}), oid=org, entity_id=str(depart.oid))
    assert [e.status for e in egisz_world.journal.calls("frmo.depart.update")] == [503, 200]
    assert len(egisz_world.frmo.history(str(depart.oid))) == 1  # applied once
    egisz_world.faults.add_from_dict({"operation": "frmo.org.get", "status": 503, "times": 5})
    with pytest.raises(RegistryUnavailable):
        client.org.get(oid=org)


def test_a_lost_create_answer_is_found_by_name_not_sent_twice(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client()
    org = egisz_world.population.organizations[0].mo_oid
    egisz_world.faults.add_from_dict({"operation": "frmo.depart.create", "kind": "reset", "after": True, "times": 1})
    body = {"departName": "Гастроэнтерология", "departTypeId": {"id": 1}, "departKindId": {"id": 1}}
    made = client.open_department(org, body)
    assert made.outcome == "found_after_lost_answer"
    assert [d.oid for d in client.departments(org) if d.depart_name == "Гастроэнтерология"] == [made.entity_id]
    egisz_world.journal.assert_called("frmo.depart.create", times=1)


def test_the_audit_journal_through_python_and_the_test_api(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client(system_id="MIS-HR-7")
    org = egisz_world.population.organizations[2].mo_oid
    frozen = egisz_world.clock.freeze()
    client.update_contacts(org, email="hr@clinic.example.ru", phone="+74951234567")
    made = client.open_department(org, {"departName": "ЛФК", "departTypeId": {"id": 1}, "departKindId": {"id": 1}})
    client.depart.delete(oid=org, entity_id=made.entity_id)
    [contacts] = egisz_world.frmo.history(org)
    assert contacts.who == "MIS-HR-7" and contacts.operation == "frmo.org.update"
    assert contacts.when == frozen.isoformat()
    assert set(contacts.changed) == {"email", "phone"}
    opened, deleted = egisz_world.frmo.history(made.entity_id)
    assert (opened.before, deleted.after) == (None, None) and opened.after == deleted.before
    listed = egisz_world.client().get("/__fake__/frmo/history", params={"organization": org}).json()
    assert [c["operation"] for c in listed] == ["frmo.org.update", "frmo.depart.create", "frmo.depart.delete"]
    assert listed[0]["after"]["email"] == "hr@clinic.example.ru"
    egisz_world.reset()
    assert egisz_world.frmo.history() == [] and client.org  # reset forgets the changes
    assert "hr@" not in str(egisz_world.frmo.organization(org)["email"])


def test_the_fake_spells_fields_as_the_wild_does_and_the_client_reads_them(
    egisz_world: World, frmo_client: Any
) -> None:
    client = frmo_client()
    org = egisz_world.population.organizations[0].mo_oid
    raw_depart = egisz_world.frmo.departments(org)[0][0]
    assert "isPlaned" in raw_depart  # the spelling of the public requests
    assert client.departments(org)[0].is_planned is False
    card = egisz_world.frmo.organization(org)
    card["moAddress"]["longtitude"] = card["moAddress"].pop("longitude")
    assert client.org.get(oid=org).mo_address.longitude == card["moAddress"]["longtitude"]


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"departName": 5, "departTypeId": [1]},
        {"departName": "x", "departTypeId": {"id": 1}, "departKindId": {"id": 1}, "departHospital": [1]},
        {"departName": "x", "departTypeId": {"id": 1}, "departKindId": {"id": 1},
         "departHospital": {"hospitalSubdivision": [{"oid": "x", "hospitalSubdivisionBeds": 7}]}},
        {"departName": "x", "departTypeId": {"id": 1}, "departKindId": {"id": 1}, "liquidationDate": 20240101},
        {"nameFull": "x", "nameShort": "x", "inn": "7707083893", "ogrn": "1027700132195", "moAddress": 5},
        {"nameFull": "x", "nameShort": "x", "inn": "7707083893", "ogrn": "1027700132195", "regionId": {"id": 77},
         "moAddress": {"addrRegion": 77}},
        {"staffNum": "1", "beginDate": "2024-01-01", "endDate": "2024-12-31", "staffDetails": [5, None]},
        {"staffNum": "1", "beginDate": "bad", "endDate": "2024-12-31"},
    ],
)  # fmt: skip
def test_odd_bodies_get_an_error_document_never_a_crash(egisz_world: World, body: Any) -> None:
    org = egisz_world.population.organizations[0].mo_oid
    http, headers = raw(egisz_world)
    depart = egisz_world.population.departments_of(org)[0].oid
    for method, path, params in (
        ("POST", "org/depart", {"oid": org}),
        ("PUT", "org/depart", {"oid": org, "entityId": depart}),
        ("PUT", "org", {"oid": org}),
        ("POST", "org/staff", {"oid": org}),
        ("GET", "org", {"offset": "9" * 5000}),
    ):
        answer = http.request(method, f"{REST_ROOT}/{path}", params=params, json=body, headers=headers)
        assert answer.status_code in (200, 400), (method, path, answer.text[:300])
        if answer.status_code == 400:
            assert set(answer.json()) == {"timestamp", "code", "reasonPhrase", "message"}
