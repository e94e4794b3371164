"""Write-side checks of FRMO records: each refuses before sending, with the field and the code named."""

from __future__ import annotations

import random
from typing import Any

import pytest

from egisz_sdk import validators
from egisz_sdk.errors import ValidationError
from egisz_sdk.frmo import Department, Organization, StaffSchedule, check_assignment
from egisz_sdk.frmo.models import Building
from egisz_sdk.registries import write_body
from egisz_sdk.testing import World

WORLD = World(seed=5)
ORG = WORLD.population.organizations[0]
CARD = WORLD.frmo.organization(ORG.mo_oid)


def card(**changes: Any) -> dict[str, Any]:
    out = {**CARD, **changes}
    return out


def refused(body: Any, model: type[Any], params: dict[str, Any] | None = None) -> tuple[str, str | None]:
    with pytest.raises(ValidationError) as caught:
        write_body(body, model, f"frmo.{model.__name__.lower()}.update", params or {})
    return caught.value.code, caught.value.field


def entrepreneur(**changes: Any) -> dict[str, Any]:
    r = random.Random(1)
    base = {
        "inn": validators.inn.generate(random=r, kind="individual"),
        "ogrn": validators.ogrnip.generate(random=r),
        "kpp": None,
        "okopfId": {"id": "50102", "okopf": "Индивидуальные предприниматели"},
    }
    return card(**{**base, **changes})


def test_a_card_read_from_the_registry_is_written_back_unchanged_but_for_canonical_dates() -> None:
    body = write_body(card(ogrnDate="01.03.2022"), Organization, "frmo.org.update", {"oid": ORG.mo_oid})
    assert body["inn"] == ORG.inn and body["ogrnDate"] == "2022-03-01T00:00:00Z"
    assert "kpp" not in write_body(entrepreneur(), Organization, "frmo.org.update")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"inn": validators.inn.generate(random=random.Random(2), kind="individual")}, "frmo.inn_kind", "inn"),
        ({"inn": "7707083890"}, "inn.checksum.10", "inn"),
        ({"kpp": None}, "frmo.kpp_kind", "kpp"),
        ({"kpp": "0012AB001"}, "kpp.region", "kpp"),
        ({"ogrn": validators.ogrnip.generate(random=random.Random(3))}, "frmo.ogrn_kind", "ogrn"),
        ({"ogrn": "1027700132190"}, "ogrn.checksum", "ogrn"),
        ({"okopfId": {"id": "99999"}}, "okopf.unknown", "okopfId"),
        ({"okfsId": {"id": "77"}}, "okfs.unknown", "okfsId"),
        (
            {"regionId": {**CARD["regionId"], "id": 1 if ORG.region_id != 1 else 2}},
            "frmo.region_mismatch",
            "regionId.id",
        ),
        ({"regionId": {"id": 150}}, "frmo.region", "regionId.id"),
        ({"nameFull": " " + CARD["nameFull"]}, "frmo.text", "nameFull"),
        ({"nameShort": "ГБУЗ\x07«X»"}, "frmo.text", "nameShort"),
        ({"founder": "Минздрав\x00"}, "frmo.text", "founder"),
        ({"email": "not-an-email"}, "email.at", "email"),
        ({"moAddress": {**CARD["moAddress"], "postIndex": "1010"}}, "frmo.post_index", "moAddress.postIndex"),
        ({"moAddress": {**CARD["moAddress"], "latitude": 95.0}}, "frmo.coordinates", "moAddress.latitude"),
        ({"ogrnDate": "31.02.2020"}, "dates.calendar", "ogrnDate"),
        ({"nameFull": None}, "registry.write_invalid", "nameFull"),
    ],
)
def test_organisation_checks_name_the_field(changes: dict[str, Any], code: str, field: str) -> None:
    assert refused(card(**changes), Organization, {"oid": ORG.mo_oid}) == (code, field)


def test_an_entrepreneur_needs_a_12_digit_inn_an_ogrnip_and_no_kpp() -> None:
    assert refused(entrepreneur(kpp=ORG.kpp), Organization) == ("frmo.kpp_kind", "kpp")
    assert refused(entrepreneur(inn=ORG.inn), Organization) == ("frmo.inn_kind", "inn")
    assert refused(entrepreneur(ogrn=ORG.ogrn), Organization) == ("frmo.ogrn_kind", "ogrn")
    assert Organization.model_validate(entrepreneur()).kind == "entrepreneur"


def test_the_card_oid_must_be_the_request_oid() -> None:
    assert refused(card(), Organization, {"oid": WORLD.population.organizations[1].mo_oid}) == (
        "frmo.oid_mismatch",
        "oid",
    )


def department(**changes: Any) -> dict[str, Any]:
    base = WORLD.frmo.department(ORG.mo_oid, WORLD.population.departments_of(ORG)[1].oid)
    return {**base, **changes}


def test_department_checks_name_the_field() -> None:
    dep = department()
    params = {"oid": ORG.mo_oid, "entity_id": dep["oid"]}
    body = write_body(dep, Department, "frmo.depart.update", params)
    assert body["isPlanned"] is False  # the registry's «isPlaned» read and written under the canonical name
    other = WORLD.population.organizations[1].mo_oid
    assert refused(dep, Department, {"oid": other}) == ("frmo.depart_oid", "oid")
    assert refused(dep, Department, {"oid": ORG.mo_oid, "entity_id": dep["oid"] + "1"}) == ("frmo.oid_mismatch", "oid")
    sub = dep["departHospital"]["hospitalSubdivision"][0]
    moved = {**dep, "departHospital": {"hospitalSubdivision": [{**sub, "oid": other + ".0.1.1"}]}}
    assert refused(moved, Department, params) == ("frmo.depart_oid", "departHospital.hospitalSubdivision[0].oid")
    beds = [{**sub["hospitalSubdivisionBeds"][0], "bedCount": -1}]
    negative = {**dep, "departHospital": {"hospitalSubdivision": [{**sub, "hospitalSubdivisionBeds": beds}]}}
    where = "departHospital.hospitalSubdivision[0].hospitalSubdivisionBeds[0].bedCount"
    assert refused(negative, Department, params) == ("frmo.bed_count", where)
    assert refused({**dep, "departName": "Хирургия "}, Department, params) == ("frmo.text", "departName")
    assert refused({**dep, "departName": None}, Department, params) == ("registry.write_invalid", "departName")
    assert refused({**dep, "liquidationDate": "2024-13-01"}, Department, params)[1] == "liquidationDate"
    liquidated = write_body({**dep, "liquidationDate": "2024-06-30"}, Department, "frmo.depart.update", params)
    assert liquidated["liquidationDate"] == "2024-06-30T00:00:00Z"


def test_staff_schedule_checks_name_the_field() -> None:
    schedule = WORLD.frmo.items("staff", ORG.mo_oid)[0]
    params = {"oid": ORG.mo_oid}
    assert refused({**schedule, "endDate": "2000-01-01"}, StaffSchedule, params) == ("frmo.date_order", "endDate")
    line = schedule["staffDetails"][0]
    foreign = WORLD.population.departments_of(WORLD.population.organizations[1])[0].oid
    moved = {**schedule, "staffDetails": [{**line, "nrPmuDepartId": foreign}]}
    assert refused(moved, StaffSchedule, params) == ("frmo.depart_oid", "staffDetails[0].nrPmuDepartId")
    negative = {**schedule, "staffDetails": [{**line, "rate": -1.0}]}
    assert refused(negative, StaffSchedule, params) == ("frmo.range", "staffDetails[0].rate")
    assert refused({**schedule, "staffNum": ""}, StaffSchedule, params) == ("registry.write_invalid", "staffNum")


def test_building_year_and_floors_are_plausible() -> None:
    building = WORLD.frmo.items("building", ORG.mo_oid)[0]
    assert refused({**building, "buildYear": 1200}, Building) == ("frmo.range", "buildYear")
    assert refused({**building, "floorCount": 500}, Building) == ("frmo.range", "floorCount")


def test_a_liquidated_or_unknown_department_cannot_take_staff() -> None:
    departments = [
        Department.model_validate(WORLD.frmo.department(ORG.mo_oid, d.oid))
        for d in WORLD.population.departments_of(ORG)
    ]
    gone = next(d for d in departments if d.liquidated)
    live = next(d for d in departments if not d.liquidated)
    check_assignment(departments, str(live.oid), "2030-01-01", "nrPmuDepartId")
    with pytest.raises(ValidationError) as caught:
        check_assignment(departments, str(gone.oid), "2030-01-01", "nrPmuDepartId")
    assert (caught.value.code, caught.value.field) == ("frmo.liquidated_department", "nrPmuDepartId")
    check_assignment(departments, str(gone.oid), "1990-01-01", "nrPmuDepartId")  # before it was liquidated
    with pytest.raises(ValidationError) as caught:
        check_assignment(departments, ORG.mo_oid + ".0.1", None, "nrPmuDepartId")
    assert caught.value.code == "frmo.unknown_department"
