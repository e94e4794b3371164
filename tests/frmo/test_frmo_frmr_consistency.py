"""One consistent world: FRMR cards and FRMO departments agree, checked in both directions through the clients."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from egisz_sdk.errors import RegistryConflict, RegistryInvalid, RegistryNotFound, ValidationError
from egisz_sdk.testing import World


def staffed_department(world: World) -> tuple[str, str, list[Any]]:
    """(organisation, department, current population cards there) of the first staffed department."""
    for org in world.population.organizations:
        for dep in world.population.departments_of(org):
            cards = [
                (w, c)
                for w in world.population.workers_of(org)
                for c in w.cards
                if c.nr_pmu_depart_id == dep.oid and c.end_date is None
            ]
            if cards and not dep.liquidated:
                return org.mo_oid, dep.oid, cards
    raise AssertionError("no staffed department in the population")


def new_department() -> dict[str, Any]:
    return {
        "departName": "Отделение реабилитации",
        "departTypeId": {"id": 1, "departType": "Амбулаторное"},
        "departKindId": {"id": 1, "departKind": "Основное"},
    }


def card(org: str, depart: str) -> dict[str, Any]:
    return {
        "organization": org,
        "nrPmuDepartId": depart,
        "contractNumber": "ТД-777",
        "contractDate": "2024-02-01",
        "fedPositionId": 1,
        "positionTypeId": 1,
        "postId": 109,
        "postName": "врач-терапевт участковый",
        "rate": 1.0,
        "beginDate": "2024-02-01",
    }


def test_frmo_will_not_liquidate_a_department_frmr_still_staffs(
    egisz_world: World, frmo_client: Any, frmr_client: Any
) -> None:
    frmo, frmr = frmo_client(), frmr_client()
    org, depart, cards = staffed_department(egisz_world)
    with pytest.raises(RegistryConflict) as caught:
        frmo.liquidate_department(org, depart, egisz_world.clock.now().date())
    assert depart in (caught.value.registry_message or "")
    with pytest.raises(RegistryConflict):
        frmo.depart.delete(oid=org, entity_id=depart)
    assert egisz_world.frmo.history(depart) == []

    # FRMR dismisses everyone there; now FRMO liquidates, and the journal says who did what
    for worker, population_card in cards:
        [live] = [c for c in frmr.card.list(mo=org, oid=worker.oid) if str(c.id) == population_card.id]
        frmr.dismiss(live, end_date=egisz_world.clock.now().date() - dt.timedelta(days=1), end_type=1)
    frmo.liquidate_department(org, depart, egisz_world.clock.now().date())
    [change] = egisz_world.frmo.history(depart)
    assert change.operation == "frmo.depart.update" and change.who == "MIS-FRMO-0001"
    assert change.changed["liquidationDate"] == (None, f"{egisz_world.clock.now().date()}T00:00:00Z")


def test_frmr_sees_departments_frmo_opens_and_liquidates(
    egisz_world: World, frmo_client: Any, frmr_client: Any
) -> None:
    frmo, frmr = frmo_client(), frmr_client()
    org = egisz_world.population.organizations[0].mo_oid
    worker = egisz_world.population.workers_of(org)[0]
    opened = frmo.open_department(org, new_department()).entity_id

    made = frmr.card.create(card(org, opened), mo=org, oid=worker.oid)  # a department only FRMO knows of
    with pytest.raises(RegistryConflict):
        frmo.liquidate_department(org, opened, "2030-01-01")
    [live] = [c for c in frmr.card.list(mo=org, oid=worker.oid) if str(c.id) == made.entity_id]
    frmr.dismiss(live, end_date="2025-01-31", end_type=1)
    frmo.liquidate_department(org, opened, "2025-02-01")

    with pytest.raises(RegistryInvalid) as caught:  # FRMR now refuses a current card there
        frmr.card.create({**card(org, opened), "contractNumber": "ТД-778"}, mo=org, oid=worker.oid)
    assert "nrPmuDepartId" in (caught.value.registry_message or "")
    with pytest.raises(RegistryInvalid):  # and one at a department FRMO never had
        frmr.card.create({**card(org, org + ".0.1"), "contractNumber": "ТД-779"}, mo=org, oid=worker.oid)


def test_a_staff_schedule_resolves_its_departments_and_posts(egisz_world: World, frmo_client: Any) -> None:
    frmo = frmo_client()
    org = egisz_world.population.organizations[0]
    gone = next(d for d in egisz_world.population.departments_of(org) if d.liquidated)
    live = next(d for d in egisz_world.population.departments_of(org) if not d.liquidated)
    year = egisz_world.population.reference.year
    schedule = {
        "staffNum": "ШР-2",
        "staffCreateDate": f"{year}-01-01",
        "beginDate": f"{year}-01-01",
        "endDate": f"{year}-12-31",
        "staffDetails": [
            {"nrPmuDepartId": live.oid, "post": {"code": 109, "name": "врач-терапевт участковый"}, "rate": 1.0},
            {"nrPmuDepartId": gone.oid, "post": {"code": 109, "name": "врач-терапевт участковый"}, "rate": 1.0},
        ],
    }
    with pytest.raises(ValidationError) as refused:  # the task checks first and sends nothing
        frmo.publish_staff_schedule(org.mo_oid, schedule)
    assert (refused.value.code, refused.value.field) == ("frmo.liquidated_department", "staffDetails[1].nrPmuDepartId")
    egisz_world.journal.assert_not_called("frmo.staff.create")
    with pytest.raises(RegistryInvalid) as caught:  # the plain create reaches the fake, which refuses too
        frmo.staff.create(schedule, oid=org.mo_oid)
    assert "staffDetails[1].nrPmuDepartId" in (caught.value.registry_message or "")
    unknown_post = {**schedule, "staffDetails": [{**schedule["staffDetails"][0], "post": {"code": 9999, "name": "?"}}]}
    egisz_world.frmo.codes.mode = "subsets"  # the positions dictionary (1102) is shipped as a subset only
    with pytest.raises(RegistryInvalid) as caught:
        frmo.staff.create(unknown_post, oid=org.mo_oid)
    assert "staffDetails[0].post" in (caught.value.registry_message or "")
    assert "1.2.643.5.1.13.13.11.1102" in (caught.value.registry_message or "")
    egisz_world.frmo.codes.mode = "complete"  # by default a subset never refuses a code
    frmo.staff.create(unknown_post, oid=org.mo_oid)


def test_a_licence_belongs_to_its_organisation(egisz_world: World, frmo_client: Any) -> None:
    frmo = frmo_client()
    first, second = (o.mo_oid for o in egisz_world.population.organizations[:2])
    [licence] = frmo.license.list(oid=first)
    assert frmo.license.get(oid=first, guid=licence.guid).guid == licence.guid
    with pytest.raises(RegistryNotFound):
        frmo.license.get(oid=second, guid=licence.guid)
