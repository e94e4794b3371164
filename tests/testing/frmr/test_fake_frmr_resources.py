"""Every FRMR resource and verb through the SDK's client against the fake, sync and async, through both doors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _frmr_helpers import new_card, new_person

from egisz_sdk.errors import RegistryNotFound
from egisz_sdk.frmr.resources import FRMR
from egisz_sdk.testing import World

Door = tuple[World, Callable[..., Any], Callable[..., Any]]

#: Sub-resources with create/list/update/delete and a body for each (wire names).
BODIES: dict[str, dict[str, Any]] = {
    "prof": {"docNumber": "7712345", "docSerial": "1077", "docDate": "2012-06-30", "institutionId": 101, "specId": 27},
    "cert": {"institutionId": 101, "certNumber": "771100", "examDate": "2022-01-10", "specId": 27,
             "endDate": "2027-01-10"},
    "qualification": {"qualifyCategoryId": 1, "specId": 27, "assignDate": "2023-01-01"},
    "nomination": {"nominationId": 2, "name": "Отличник здравоохранения", "date": "2020-05-01"},
    "organization": {"name": "ООО «Клиника»", "beginDate": "2019-01-01", "endDate": "2020-01-01"},
    "postgraduate": {"specId": 27, "docNumber": "PG-1", "endDate": "2015-06-30"},
    "ext": {"docNumber": "EXT-1", "hours": 36, "endDate": "2023-03-01"},
    "military_service": {"militaryService": 1, "beginDate": "2000-01-01", "endDate": "2001-01-01"},
    "common": {"docNumber": "C-1"},
}  # fmt: skip
ID_FIELD = {"prof": "profId", "cert": "certId"}


def test_the_fake_routes_every_declared_operation(egisz_world: World) -> None:
    served = {r.operation for r in egisz_world.routes}
    assert set(FRMR.operations()) <= served
    assert set(BODIES) | {"person", "person_list", "person_full", "card", "accreditation",
                                        "resolution"} == {r.name for r in FRMR.resources}  # fmt: skip


def test_every_resource_and_verb_sync(door: Door) -> None:
    world, make, _ = door
    client = make()
    mo = world.population.organizations[0].mo_oid
    staff = world.frmr.workers_at(mo)
    page = client.person_list.page(mo=mo, limit=2)
    assert (page.total, len(page.items), page.offset, page.limit) == (len(staff), 2, 0, 2)
    assert [p.oid for p in client.person_list.iterate(mo=mo, page_size=2)] == [r.oid for r in staff]

    seeded = world.population.workers_of(mo)[0]
    who = world.population.person(seeded.person_oid)
    assert who is not None
    got = client.person.get(mo=mo, oid=seeded.oid)
    assert (got.snils, got.last_name, got.first_name, got.patronymic) == (
        who.snils, who.last_name, who.first_name, who.middle_name)  # fmt: skip
    assert not got.problems
    assert client.person.get(mo=mo, snils=who.snils).oid == seeded.oid
    by_doc = client.person.get(mo=mo, document_id="14", number=who.passport_number, serial=who.passport_series)
    assert by_doc.oid == seeded.oid
    full = client.person_full.get(mo=mo, oid=seeded.oid)
    assert [c.id for c in full.person_card] == [c.id for c in seeded.cards]
    assert full.education_prof[0].doc_number == seeded.diplomas[0].doc_number
    assert full.education_cert[0].cert_number == seeded.certificates[0].cert_number
    assert full.person_accreditation[0].reg_number == seeded.accreditations[0].reg_number
    accreditation = client.accreditation.list(mo=mo, oid=seeded.oid)
    assert accreditation[0].accreditation_procedures[0].passed is True
    assert client.resolution.list(mo=mo, oid=seeded.oid) == []

    made = client.person.create(new_person(world), mo=mo)
    oid = made.entity_id
    assert made.outcome == "created" and world.frmr.added == [oid]
    person = client.person.get(mo=mo, oid=oid)
    client.person.update(person.model_copy(update={"phone": "+79990001122"}), mo=mo, oid=oid)
    assert world.frmr.person(oid)["phone"] == "+79990001122"
    assert oid in [p.oid for p in client.person_list.iterate(mo=mo)]

    card = client.card.create(new_card(world, mo), mo=mo, oid=oid)
    (stored,) = client.card.list(mo=mo, oid=oid)
    assert stored.id == card.entity_id and stored.oid == oid
    client.card.update(stored.model_copy(update={"rate": 0.5}), mo=mo, oid=oid, entity_id=card.entity_id)
    assert world.frmr.records(oid, "card")[0]["rate"] == 0.5
    client.card.delete(mo=mo, oid=oid, entity_id=card.entity_id)
    assert client.card.list(mo=mo, oid=oid) == []

    for name, body in BODIES.items():
        resource = getattr(client, name)
        created = resource.create(body, mo=mo, oid=oid)
        (item,) = resource.list(mo=mo, oid=oid)
        wire = item.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert wire[ID_FIELD.get(name, "id")] == created.entity_id, name
        resource.update({**body, "docNumber": "NEW-2"}, mo=mo, oid=oid, entity_id=created.entity_id)
        assert world.frmr.records(oid, name)[0]["docNumber"] == "NEW-2", name
        resource.delete(mo=mo, oid=oid, entity_id=created.entity_id)
        assert resource.list(mo=mo, oid=oid) == [], name

    client.person.delete(mo=mo, oid=oid)
    with pytest.raises(RegistryNotFound):
        client.person.get(mo=mo, oid=oid)
    operations = {e.operation for e in world.journal.calls("frmr.*")}
    assert operations == set(FRMR.operations())


async def test_every_resource_and_verb_async(door: Door) -> None:
    world, _, make = door
    mo = world.population.organizations[1].mo_oid
    async with make() as client:
        page = await client.person_list.page(mo=mo, limit=100)
        assert page.total == len(world.frmr.workers_at(mo))
        listed = [p.oid async for p in client.person_list.iterate(mo=mo, page_size=1)]
        assert listed == [p.oid for p in page.items]
        first = page.items[0]
        assert (await client.person.get(mo=mo, snils=first.snils)).oid == first.oid
        full = await client.person_full.get(mo=mo, oid=first.oid)
        assert full.person_card and full.education_cert
        assert await client.resolution.list(mo=mo, oid=first.oid) == []
        assert len(await client.accreditation.list(mo=mo, oid=first.oid)) == 1

        oid = (await client.person.create(new_person(world, 5), mo=mo)).entity_id
        person = await client.person.get(mo=mo, oid=oid)
        await client.person.update(person.model_copy(update={"email": "a@example.test"}), mo=mo, oid=oid)
        card = await client.card.create(new_card(world, mo), mo=mo, oid=oid)
        (stored,) = await client.card.list(mo=mo, oid=oid)
        ended = stored.model_copy(update={"end_date": "2024-12-31", "end_type_id": 1})
        await client.card.update(ended, mo=mo, oid=oid, entity_id=card.entity_id)
        assert world.frmr.records(oid, "card")[0]["endDate"] == "2024-12-31"
        await client.card.delete(mo=mo, oid=oid, entity_id=card.entity_id)
        for name, body in BODIES.items():
            resource = getattr(client, name)
            created = await resource.create(body, mo=mo, oid=oid)
            await resource.update(body, mo=mo, oid=oid, entity_id=created.entity_id)
            assert len(await resource.list(mo=mo, oid=oid)) == 1
            await resource.delete(mo=mo, oid=oid, entity_id=created.entity_id)
        await client.person.delete(mo=mo, oid=oid)
        with pytest.raises(RegistryNotFound):
            await client.person.get(mo=mo, oid=oid)
    assert world.frmr.person(oid) is None


def test_hr_tasks_against_the_fake(egisz_world: World, frmr_client: Callable[..., Any]) -> None:
    client = frmr_client()
    mo = egisz_world.population.organizations[0].mo_oid
    person = new_person(egisz_world, 9)
    hired = client.hire(person, new_card(egisz_world, mo), mo=mo)
    assert hired.person.outcome == "created"
    again = client.hire(person, new_card(egisz_world, mo, contractNumber="18/к"), mo=mo)
    assert again.person.outcome == "reused" and again.person.entity_id == hired.person.entity_id
    first, second = client.card.list(mo=mo, oid=hired.person.entity_id)
    client.dismiss(second, "2024-06-30", end_type=3, reason=12)
    moved = client.transfer(first, new_card(egisz_world, mo, contractNumber="21/к"), end_date="2024-07-01", end_type=5)
    cards = egisz_world.frmr.records(hired.person.entity_id, "card")
    assert len(cards) == 3 and moved.card.entity_id in {c["id"] for c in cards}
    assert client.find_worker(mo=mo, snils=person["snils"]) is not None
