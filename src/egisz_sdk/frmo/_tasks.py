"""The common FRMO tasks as flows (each written once; the clients expose them as one call).

``update_contacts`` and ``update_address`` (read the card, change it, write it back), ``open_department``,
``liquidate_department``, ``set_beds`` (the bed count of one profile) and ``publish_staff_schedule`` (checked
against the organisation's departments first: no line may point at an unknown or liquidated department).
The registry applies every change directly; there is no review step in the machine API (see ``docs/frmo.md``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Final

from egisz_sdk._http import Flow
from egisz_sdk.errors import ValidationError
from egisz_sdk.frmo import _rules as rules
from egisz_sdk.frmo import resources as res
from egisz_sdk.frmo.models import Beds, Department, MoAddress, Organization, StaffSchedule
from egisz_sdk.registries import Ack, Builder, Created, Endpoint

__all__ = [
    "DEPARTMENTS",
    "ORGANIZATIONS",
    "STAFF",
    "departments_of",
    "liquidate_department",
    "open_department",
    "publish_staff_schedule",
    "set_beds",
    "update_address",
    "update_contacts",
]

ORGANIZATIONS = Endpoint(res.ORG, Organization)
DEPARTMENTS = Endpoint(res.DEPART, Department)
STAFF = Endpoint(res.STAFF, StaffSchedule)
_PAGE: Final = 100
_MAX_PAGES: Final = 1000


def _record(value: Any, model: type[Any]) -> Any:
    return value if isinstance(value, model) else model.model_validate(dict(value))


def _iso(value: _dt.date | str, field: str) -> str:
    from egisz_sdk.validators import dates

    try:
        day = value.isoformat() if isinstance(value, _dt.date) else dates.validate(value, kind="any")
    except ValidationError as exc:
        raise type(exc)(exc.code, field=field, **exc.params) from None
    return f"{day}T00:00:00Z"


def update_contacts(
    build: Builder, oid: str, *, email: str | None = None, phone: str | None = None, site: str | None = None
) -> Flow[Ack]:
    """Change the card's e-mail, phone and/or site (the others stay as the registry holds them)."""
    changes = {k: v for k, v in (("email", email), ("phone", phone), ("site", site)) if v is not None}
    if not changes:
        raise ValidationError(
            "registry.parameter",
            field="email",
            operation="frmo.org.update",
            reason_ru="укажите email, phone или site",
            reason_en="give email, phone or site",
        )
    orgs = ORGANIZATIONS.bind(build)
    card = yield from orgs.get({"oid": oid})
    return (yield from orgs.update(card.model_copy(update=changes), {"oid": oid}))


def update_address(build: Builder, oid: str, address: MoAddress | Mapping[str, Any]) -> Flow[Ack]:
    """Replace the card's ``moAddress`` (its region must agree with the card's ``regionId``)."""
    orgs = ORGANIZATIONS.bind(build)
    card = yield from orgs.get({"oid": oid})
    changed = card.model_copy(update={"mo_address": _record(address, MoAddress)})
    return (yield from orgs.update(changed, {"oid": oid}))


def departments_of(build: Builder, oid: str) -> Flow[list[Department]]:
    """Every department of organisation ``oid`` (all pages), liquidated ones included."""
    call = DEPARTMENTS.bind(build)
    out: list[Department] = []
    offset: int | None = 0
    for _ in range(_MAX_PAGES):
        if offset is None:
            break
        page = yield from call.page({"oid": oid}, offset, _PAGE)
        out += page.items
        offset = page.next_offset
    return out


def open_department(build: Builder, oid: str, department: Department | Mapping[str, Any]) -> Flow[Created]:
    """Create a department of organisation ``oid`` (a lost answer is checked by name before sending again)."""
    return (yield from DEPARTMENTS.bind(build).create(_record(department, Department), {"oid": oid}))


def liquidate_department(build: Builder, oid: str, depart_oid: str, liquidation_date: _dt.date | str) -> Flow[Ack]:
    """Set the department's ``liquidationDate`` (the fake refuses while FRMR cards still point at it)."""
    departs = DEPARTMENTS.bind(build)
    found = yield from departs.get({"oid": oid, "entity_id": depart_oid})
    changed = found.model_copy(update={"liquidation_date": _iso(liquidation_date, "liquidationDate")})
    return (yield from departs.update(changed, {"oid": oid, "entity_id": depart_oid}))


def set_beds(
    build: Builder,
    oid: str,
    depart_oid: str,
    bed_profile_id: int | str,
    count: int,
    *,
    subdivision: str | None = None,
) -> Flow[Ack]:
    """Set the number of beds of one profile in a department (in ``subdivision``, or wherever the profile is).

    A profile the department does not have is added to ``subdivision`` when one is named, otherwise refused
    (``frmo.bed_profile``). The count is checked before anything is sent (``frmo.bed_count``).
    """
    rules.bed_count(count)
    departs = DEPARTMENTS.bind(build)
    found = yield from departs.get({"oid": oid, "entity_id": depart_oid})
    changed = found.model_copy(deep=True)
    hit = False
    for sub in changed.subdivisions:
        if subdivision is not None and sub.oid != subdivision:
            continue
        for bed in sub.hospital_subdivision_beds:
            if str(rules.code_of(bed.bed_profile_id)) == str(bed_profile_id):
                bed.bed_count = count
                hit = True
        if not hit and subdivision is not None:
            added = Beds(bed_profile_id={"id": bed_profile_id}, bed_count=count)
            sub.hospital_subdivision_beds = [*sub.hospital_subdivision_beds, added]  # assigned: written back
            hit = True
    if not hit:
        rules.refuse("frmo.bed_profile", "bedProfileId", oid=depart_oid, profile=str(bed_profile_id))
    return (yield from departs.update(changed, {"oid": oid, "entity_id": depart_oid}))


def publish_staff_schedule(build: Builder, oid: str, schedule: StaffSchedule | Mapping[str, Any]) -> Flow[Created]:
    """Publish a new staff schedule of organisation ``oid``.

    Every line's department is looked up among the organisation's departments first: an unknown one
    (``frmo.unknown_department``) or one liquidated on or before the schedule's ``endDate`` — it could not take
    staff for the whole period (``frmo.liquidated_department``) — is refused with the line's field named, and
    nothing is sent.
    """
    record: StaffSchedule = _record(schedule, StaffSchedule)
    known = yield from departments_of(build, oid)
    for index, line in enumerate(record.staff_details):
        if line.nr_pmu_depart_id:
            field = f"staffDetails[{index}].nrPmuDepartId"
            rules.check_assignment(known, line.nr_pmu_depart_id, record.end_date or record.begin_date, field)
    return (yield from STAFF.bind(build).create(record, {"oid": oid}))
