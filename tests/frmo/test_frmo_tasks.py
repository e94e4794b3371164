"""The FRMO tasks, one call each: contacts, address, open and liquidate a department, beds, staff schedule."""

from __future__ import annotations

from typing import Any

import pytest

from egisz_sdk.errors import RegistryNotFound, ValidationError
from egisz_sdk.testing import World


def inpatient(world: World) -> tuple[str, Any]:
    for org in world.population.organizations:
        for dep in world.population.departments_of(org):
            if dep.hospital_subdivisions and not dep.liquidated:
                return org.mo_oid, dep
    raise AssertionError("no inpatient department")


def test_update_contacts_and_address(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client()
    org = egisz_world.population.organizations[0]
    client.update_contacts(org.mo_oid, phone="+7 (495) 123-45-67", site="https://clinic.example.ru")
    card = client.org.get(oid=org.mo_oid)
    assert (card.phone, card.site) == ("+7 (495) 123-45-67", "https://clinic.example.ru")
    address = card.mo_address.model_copy(update={"post_index": "101001", "address": "101001, новый адрес"})
    client.update_address(org.mo_oid, address)
    assert client.org.get(oid=org.mo_oid).mo_address.post_index == "101001"
    elsewhere = {"address": "г. Казань", "addrRegion": {"code": 16, "name": "Республика Татарстан"}}
    with pytest.raises(ValidationError) as caught:
        client.update_address(org.mo_oid, elsewhere)
    if org.region_id != 16:
        assert (caught.value.code, caught.value.field) == ("frmo.region_mismatch", "regionId.id")
    with pytest.raises(ValidationError) as caught:
        client.update_contacts(org.mo_oid)
    assert caught.value.code == "registry.parameter"
    with pytest.raises(ValidationError) as caught:
        client.update_contacts(org.mo_oid, email="reception at clinic")
    assert caught.value.field == "email"


def test_set_beds_changes_one_profile(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client()
    org, dep = inpatient(egisz_world)
    profile = dep.hospital_subdivisions[0].beds[0].bed_profile_id
    client.set_beds(org, dep.oid, profile, 42)
    assert client.depart.get(oid=org, entity_id=dep.oid).beds == {str(profile): 42}
    [change] = egisz_world.frmo.history(dep.oid)
    # only the beds changed (and «isPlaned», read under the canonical name, is written back as «isPlanned»)
    assert set(change.changed) == {"departHospital", "isPlaned", "isPlanned"}
    with pytest.raises(ValidationError) as caught:
        client.set_beds(org, dep.oid, profile, -5)
    assert (caught.value.code, caught.value.field) == ("frmo.bed_count", "bedCount")
    with pytest.raises(ValidationError) as caught:
        client.set_beds(org, dep.oid, 999, 5)
    assert caught.value.code == "frmo.bed_profile"
    client.set_beds(org, dep.oid, 999, 5, subdivision=dep.hospital_subdivisions[0].oid)
    assert client.depart.get(oid=org, entity_id=dep.oid).beds == {str(profile): 42, "999": 5}


async def test_the_tasks_through_the_async_client(egisz_world: World, async_frmo_client: Any) -> None:
    org, dep = inpatient(egisz_world)
    profile = dep.hospital_subdivisions[0].beds[0].bed_profile_id
    async with async_frmo_client() as client:
        await client.set_beds(org, dep.oid, profile, 7)
        assert (await client.depart.get(oid=org, entity_id=dep.oid)).beds == {str(profile): 7}
        body = {"departName": "Паллиативное отделение", "departTypeId": {"id": 2}, "departKindId": {"id": 1}}
        made = await client.open_department(org, body)
        await client.liquidate_department(org, made.entity_id, "2030-06-30")
        gone = await client.depart.get(oid=org, entity_id=made.entity_id)
        assert gone.liquidated and gone.liquidation_date == "2030-06-30T00:00:00Z"
        with pytest.raises(RegistryNotFound):
            await client.liquidate_department(org, org + ".0.1", "2030-06-30")
        assert len(await client.departments(org)) == len(egisz_world.population.departments_of(org)) + 1


def test_set_beds_adds_a_profile_to_a_subdivision_without_beds(egisz_world: World, frmo_client: Any) -> None:
    client = frmo_client()
    org = egisz_world.population.organizations[0].mo_oid
    body = {"departName": "Реанимация", "departTypeId": {"id": 2}, "departKindId": {"id": 1}}
    made = client.open_department(org, body).entity_id
    sub = {"oid": made + ".1", "subdivisionName": "Пост 1"}
    client.depart.update({**body, "departHospital": {"hospitalSubdivision": [sub]}}, oid=org, entity_id=made)
    client.set_beds(org, made, 4, 6, subdivision=made + ".1")
    assert client.depart.get(oid=org, entity_id=made).beds == {"4": 6}
