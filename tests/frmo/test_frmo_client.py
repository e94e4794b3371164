"""Every FRMO resource and verb through the sync and the async client, against the fake through both doors."""

from __future__ import annotations

from typing import Any

import pytest

from egisz_sdk.errors import RegistryNotFound, ValidationError
from egisz_sdk.frmo import Building, Department, FrmoRecord, Organization, StaffSchedule
from egisz_sdk.testing import World

GENERIC = ("equipment", "site", "telemedicine", "mobile_depart", "territorial_depart", "services_info")
GENERIC += ("house_ground", "air_ambulance")


def new_department(org: str) -> dict[str, Any]:
    return {
        "departName": "Неврологическое отделение",
        "departTypeId": {"id": 2, "departType": "Стационарное"},
        "departKindId": {"id": 1, "departKind": "Основное"},
        "isPlanned": False,
    }


def new_staff(world: World, org: str) -> dict[str, Any]:
    live = next(d for d in world.population.departments_of(org) if not d.liquidated)
    year = world.population.reference.year
    return {
        "staffNum": f"ШР-{year}-2",
        "staffCreateDate": f"{year}-01-01",
        "beginDate": f"{year}-01-01",
        "endDate": f"{year}-12-31",
        "staffDetails": [
            {"nrPmuDepartId": live.oid, "departName": live.depart_name, "post": {"code": 110, "name": "врач-хирург"},
             "rate": 2.0, "busyRate": 1.0, "vacancy": 1.0}
        ],
    }  # fmt: skip


def test_every_resource_and_verb_through_the_sync_client(frmo_client: Any, door: tuple[World, dict[str, Any]]) -> None:
    world, extra = door
    client = frmo_client(**extra)
    orgs = world.population.organizations
    org = orgs[0]
    oid = org.mo_oid

    # org: page, iterate, filter, get, update, delete
    page = client.org.page(limit=2)
    assert page.total == len(orgs) and len(page.items) == 2 and page.next_offset == 2
    assert [o.oid for o in client.org.iterate(page_size=3)] == [o.mo_oid for o in orgs]
    typed = client.org.page(org_type_id=org.org_type_code)
    assert {o.org_type.code for o in typed.items if o.org_type} == {org.org_type_code}
    card = client.org.get(oid=oid)
    assert isinstance(card, Organization)
    assert (card.inn, card.kpp, card.ogrn, card.region_id.id) == (org.inn, org.kpp, org.ogrn, org.region_id)
    assert card.problems == ()
    client.org.update(card.model_copy(update={"name_short": "ГБУЗ «Новое имя»"}), oid=oid)
    assert client.org.get(oid=oid).name_short == "ГБУЗ «Новое имя»"
    client.org.delete(oid=oid, delete_reason=2)
    assert client.org.get(oid=oid).delete_date == f"{world.clock.now().date()}T00:00:00Z"

    # departments: page, get, create, update, delete
    departs = client.depart.page(oid=oid)
    assert departs.total == len(world.population.departments_of(oid))
    first = client.depart.get(oid=oid, entity_id=departs.items[0].oid)
    assert isinstance(first, Department) and first.depart_name == departs.items[0].depart_name
    made = client.depart.create(new_department(oid), oid=oid)
    assert made.entity_id.startswith(oid + ".0.")
    opened = client.depart.get(oid=oid, entity_id=made.entity_id)
    client.depart.update(opened.model_copy(update={"depart_name": "Неврология"}), oid=oid, entity_id=made.entity_id)
    assert client.depart.get(oid=oid, entity_id=made.entity_id).depart_name == "Неврология"
    client.depart.delete(oid=oid, entity_id=made.entity_id)
    with pytest.raises(RegistryNotFound):
        client.depart.get(oid=oid, entity_id=made.entity_id)

    # building, staff: full CRUD with typed models
    [building] = client.building.list(oid=oid)
    assert isinstance(building, Building)
    assert client.building.get(oid=oid, entity_id=str(building.id)).model_dump() == building.model_dump()
    built = client.building.create({"buildName": "Корпус 2", "buildYear": 2020, "floorCount": 3}, oid=oid)
    client.building.update(
        {"buildName": "Корпус №2", "buildYear": 2020, "floorCount": 4}, oid=oid, entity_id=built.entity_id
    )
    assert client.building.get(oid=oid, entity_id=built.entity_id).floor_count == 4
    client.building.delete(oid=oid, entity_id=built.entity_id)
    assert len(client.building.list(oid=oid)) == 1
    [schedule] = client.staff.list(oid=oid)
    assert isinstance(schedule, StaffSchedule) and schedule.staff_details
    staffed = client.staff.create(new_staff(world, oid), oid=oid)
    again = client.staff.get(oid=oid, entity_id=staffed.entity_id)
    assert again.staff_details[0].post is not None and again.staff_details[0].post.code == 110
    client.staff.update(again.model_copy(update={"staff_num": "ШР-исправленное"}), oid=oid, entity_id=staffed.entity_id)
    client.staff.delete(oid=oid, entity_id=staffed.entity_id)

    # licences (read only), programme figures, OMS (read + update), educational departments
    [licence] = client.license.list(oid=oid)
    assert client.license.get(oid=oid, guid=licence.guid).license_number == licence.license_number
    assert [t.year for t in client.tpgg.list(oid=oid)] == [
        world.population.reference.year - 1,
        world.population.reference.year,
    ]
    for name in ("oms", "depart_oms"):
        [record] = getattr(client, name).list(oid=oid)
        getattr(client, name).update(
            {"year": record.model_extra["year"], "isOms": False}, oid=oid, entity_id=str(record.id)
        )
        assert getattr(client, name).get(oid=oid, entity_id=str(record.id)).model_extra["isOms"] is False
    assert [d.oid for d in client.eo_depart.list(eo=oid)] == [d.oid for d in client.departments(oid)]

    # the other child resources: create, list, get, update, delete
    for name in GENERIC:
        resource = getattr(client, name)
        created = resource.create({"name": f"{name} 1", "count": 1}, oid=oid)
        assert [r.id for r in resource.list(oid=oid)] == [created.entity_id]
        got = resource.get(oid=oid, entity_id=created.entity_id)
        assert isinstance(got, FrmoRecord) and got.model_extra["name"] == f"{name} 1"
        resource.update({"name": f"{name} 2"}, oid=oid, entity_id=created.entity_id)
        assert resource.get(oid=oid, entity_id=created.entity_id).model_extra["name"] == f"{name} 2"
        resource.delete(oid=oid, entity_id=created.entity_id)
        assert resource.list(oid=oid) == []
    operations = {entry.operation for entry in world.journal.entries}
    assert {"frmo.org.page", "frmo.depart.create", "frmo.staff.delete", "frmo.air_ambulance.update"} <= operations


async def test_every_resource_and_verb_through_the_async_client(
    async_frmo_client: Any, door: tuple[World, dict[str, Any]]
) -> None:
    world, extra = door
    oid = world.population.organizations[1].mo_oid
    async with async_frmo_client(**extra) as client:
        page = await client.org.page(limit=3)
        assert page.total == len(world.population.organizations)
        assert [o.oid async for o in client.org.iterate(page_size=1)] == [
            o.mo_oid for o in world.population.organizations
        ]
        card = await client.org.get(oid=oid)
        await client.update_contacts(oid, email="reception@clinic.example.ru")
        assert (await client.org.get(oid=oid)).email == "reception@clinic.example.ru"
        await client.org.delete(oid=oid, delete_reason=1)
        assert card.oid == oid
        departs = [d async for d in client.depart.iterate(oid=oid, page_size=2)]
        assert len(departs) == len(world.population.departments_of(oid))
        made = await client.open_department(oid, new_department(oid))
        await client.depart.update(
            {**new_department(oid), "departName": "Неврология"}, oid=oid, entity_id=made.entity_id
        )
        assert (await client.depart.get(oid=oid, entity_id=made.entity_id)).depart_name == "Неврология"
        await client.depart.delete(oid=oid, entity_id=made.entity_id)
        built = await client.building.create({"buildName": "Корпус 2", "buildYear": 2020, "floorCount": 3}, oid=oid)
        await client.building.update(
            {"buildName": "Корпус 2", "buildYear": 2021, "floorCount": 3}, oid=oid, entity_id=built.entity_id
        )
        assert (await client.building.get(oid=oid, entity_id=built.entity_id)).build_year == 2021
        await client.building.delete(oid=oid, entity_id=built.entity_id)
        staffed = await client.publish_staff_schedule(oid, new_staff(world, oid))
        assert (await client.staff.get(oid=oid, entity_id=staffed.entity_id)).staff_num
        await client.staff.delete(oid=oid, entity_id=staffed.entity_id)
        [licence] = await client.license.list(oid=oid)
        assert (await client.license.get(oid=oid, guid=licence.guid)).guid == licence.guid
        assert len(await client.tpgg.list(oid=oid)) == 2
        for name in (*GENERIC, "oms", "depart_oms"):
            resource = getattr(client, name)
            if name in GENERIC:
                created = await resource.create({"name": name}, oid=oid)
                entity = created.entity_id
            else:
                entity = str((await resource.list(oid=oid))[0].id)
            await resource.update({"name": "changed"}, oid=oid, entity_id=entity)
            assert (await resource.get(oid=oid, entity_id=entity)).model_extra["name"] == "changed"
            if name in GENERIC:
                await resource.delete(oid=oid, entity_id=entity)
        assert [d.oid for d in await client.eo_depart.list(eo=oid)] == [d.oid for d in departs]
        assert (await client.eo_depart.get(eo=oid, entity_id=departs[0].oid)).oid == departs[0].oid


def test_undeclared_verbs_are_refused_before_sending(frmo_client: Any, egisz_world: World) -> None:
    client = frmo_client()
    oid = egisz_world.population.organizations[0].mo_oid
    with pytest.raises(ValidationError) as caught:
        client.org.create({"nameFull": "x"})
    assert caught.value.code == "registry.unsupported_verb"
    with pytest.raises(ValidationError) as caught:
        client.license.delete(oid=oid, guid="x")
    assert caught.value.code == "registry.unsupported_verb"
    with pytest.raises(ValidationError) as caught:
        client.building.get(oid=oid)
    assert (caught.value.code, caught.value.field) == ("registry.parameter", "entity_id")
    with pytest.raises(ValidationError) as caught:
        client.org.delete(oid=oid)
    assert (caught.value.code, caught.value.field) == ("registry.parameter", "delete_reason")
    assert egisz_world.journal.entries == [] or all(
        not e.operation.startswith("frmo.") for e in egisz_world.journal.entries
    )
