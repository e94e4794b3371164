"""The fake FRMO's state: organisation cards, departments and child records over the shared population.

Records are made from the population on first access (so a large world costs only what a test reads) and kept in
wire form; every change goes through a method here that checks it independently of the SDK's client (required
fields, coded fields as objects, OIDs under their organisation, regions, dates) and writes the audit journal.

Cross-registry rules ask the world's FRMR (``context.peer("frmr")``) — or, without an FRMR service, the
population's employment cards — how many current cards a department has: a department with current cards cannot
be liquidated or deleted, and a staff schedule may not point at an unknown or liquidated department.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.population import Organization
from egisz_sdk.testing.population._orgs import org_uid
from egisz_sdk.testing.services.codes import CodeChecks
from egisz_sdk.testing.services.frmo import records
from egisz_sdk.testing.services.frmo.catalogue import MESSAGES, Refused
from egisz_sdk.testing.services.frmo.history import Change, History

__all__ = ["CHILDREN", "FrmoState"]

#: Child resources kept as plain lists of records per organisation (by declaration name).
CHILDREN: Final = (
    "building",
    "staff",
    "equipment",
    "site",
    "telemedicine",
    "mobile_depart",
    "territorial_depart",
    "services_info",
    "house_ground",
    "air_ambulance",
    "oms",
    "depart_oms",
)
_CODED: Final = {"departTypeId": "departType", "departKindId": "departKind"}
_MAX_RECORDS: Final = 10_000


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Refused("field", field="date", reason="ожидается дата ISO")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Refused("field", field="date", reason=f"неверная дата {value[:32]!r}") from None


def _text(body: Mapping[str, Any], field: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise Refused("field", field=field, reason="обязательное поле не заполнено")
    return value


def _coded(body: Mapping[str, Any], field: str, *, required: bool) -> None:
    value = body.get(field)
    if value is None and not required:
        return
    if not isinstance(value, dict) or value.get("id") in (None, ""):
        raise Refused("field", field=field, reason="ожидается объект {id, …}")


def _current(end: Any, on: date) -> bool:
    try:
        day = _day(end)
    except Refused:
        return True
    return day is None or day > on


class FrmoState:
    """The fake FRMO of one world (``world.frmo``).

    Attributes:
        messages: the wire texts (:data:`~egisz_sdk.testing.services.frmo.catalogue.MESSAGES`), per world.
        audit: the audit journal (:class:`~egisz_sdk.testing.services.frmo.history.History`); read it with
            :meth:`history`.
        codes: the code checks of coded fields (:class:`~egisz_sdk.testing.services.codes.CodeChecks`; its
            ``mode`` starts from the world's ``code_checks`` setting on every reset).
    """

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self.messages: dict[str, tuple[int, str]] = dict(MESSAGES)
        self.audit = History()
        self.codes = CodeChecks.of(context.population, context.settings)
        self._orgs: dict[str, dict[str, Any]] = {}
        self._departs: dict[str, dict[str, dict[str, Any]]] = {}
        self._children: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    def reset(self) -> None:
        """Back to the population's records; history cleared."""
        self.messages = dict(MESSAGES)
        self.codes = CodeChecks.of(self._context.population, self._context.settings)
        self.audit.clear()
        self._orgs.clear()
        self._departs.clear()
        self._children.clear()
        self._ids = itertools.count(1)

    def __repr__(self) -> str:
        return f"FrmoState(changed_orgs={len(self._orgs)}, history={len(self.audit)})"

    # ------------------------------------------------------------------ organisations
    def _population_org(self, oid: str) -> Organization:
        org = self._context.population.organization(oid) if oid else None
        if org is None:
            raise Refused("org_not_found", oid=oid)
        return org

    def organization(self, oid: str) -> dict[str, Any]:
        """The card of organisation ``oid`` (wire form, a live reference: copy before changing)."""
        found = self._orgs.get(oid)
        if found is None:
            found = self._orgs[oid] = records.organization(self._population_org(oid))
        return found

    def organizations(self, org_type_id: int | None, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """One page of cards (``orgTypeId`` filters by ``orgType.code``) and the total."""
        population = self._context.population.organizations
        if org_type_id is None:
            total = len(population)
            chosen: Iterable[Organization] = population[offset : offset + limit]
        else:
            matching = [o for o in population if o.org_type_code == org_type_id]
            total = len(matching)
            chosen = matching[offset : offset + limit]
        return [copy.deepcopy(self.organization(o.mo_oid)) for o in chosen], total

    def update_organization(self, oid: str, body: Mapping[str, Any], who: str) -> None:
        """Replace the card (``oid`` may not change; identifiers and region checked)."""
        before = self.organization(oid)
        if body.get("oid") not in (None, oid):
            raise Refused("field", field="oid", reason="OID карточки не совпадает с параметром oid")
        for field in ("nameFull", "nameShort", "inn", "ogrn"):
            _text(body, field)
        from egisz_sdk.validators import inn, ogrn, ogrnip

        if not inn.is_valid(body["inn"]):
            raise Refused("field", field="inn", reason="неверный ИНН")
        if not (ogrn.is_valid(body["ogrn"]) or ogrnip.is_valid(body["ogrn"])):
            raise Refused("field", field="ogrn", reason="неверный ОГРН")
        for field in ("orgType", "regionId"):
            if field in body and body[field] is not None and not isinstance(body[field], dict):
                raise Refused("field", field=field, reason="ожидается объект")
        region = (body.get("regionId") or {}).get("id")
        address = body.get("moAddress") or {}
        if not isinstance(address, dict):
            raise Refused("field", field="moAddress", reason="ожидается объект")
        coded_region = address.get("addrRegion")
        address_region = coded_region.get("code") if isinstance(coded_region, dict) else coded_region
        if region is not None and address_region is not None and str(region) != str(address_region):
            raise Refused("field", field="regionId", reason="регион не совпадает с регионом адреса")
        self._refuse_unknown_codes("org", body)
        after = {**copy.deepcopy(dict(body)), "oid": oid}
        self._orgs[oid] = after
        self._record(oid, "org", "update", oid, who, before, after)

    def delete_organization(self, oid: str, reason: int, who: str) -> None:
        """Mark the card deleted (``deleteDate`` today, ``deleteReason {id}``); it stays readable."""
        before = self.organization(oid)
        after = {**copy.deepcopy(before), "deleteDate": self._today_wire(), "deleteReason": {"id": reason}}
        self._orgs[oid] = after
        self._record(oid, "org", "delete", oid, who, before, after)

    # ------------------------------------------------------------------ departments
    def _departments(self, oid: str) -> dict[str, dict[str, Any]]:
        found = self._departs.get(oid)
        if found is None:
            self._population_org(oid)
            made = (records.department(d) for d in self._context.population.departments_of(oid))
            found = self._departs[oid] = {d["oid"]: d for d in made}
        return found

    def departments(
        self, oid: str, depart_type_id: int | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the organisation's departments (liquidated ones included) and the total."""
        items = list(self._departments(oid).values())
        if depart_type_id is not None:
            items = [d for d in items if (d.get("departTypeId") or {}).get("id") == depart_type_id]
        return [copy.deepcopy(d) for d in items[offset : offset + limit]], len(items)

    def department(self, oid: str, depart_oid: str) -> dict[str, Any]:
        """One department of organisation ``oid``."""
        found = self._departments(oid).get(depart_oid)
        if found is None:
            raise Refused("depart_not_found", oid=depart_oid)
        return found

    def department_status(self, depart_oid: str) -> str:
        """``active``, ``liquidated`` or ``unknown`` — what FRMR asks before accepting a card (cross-registry)."""
        org = depart_oid.split(".0.", 1)[0]
        try:
            found = self.department(org, depart_oid)
        except Refused:
            return "unknown"
        return "liquidated" if found.get("liquidationDate") else "active"

    def liquidation_date(self, depart_oid: str) -> date | None:
        """The department's liquidation date (``None``: active or unknown)."""
        org = depart_oid.split(".0.", 1)[0]
        try:
            return _day(self.department(org, depart_oid).get("liquidationDate"))
        except Refused:
            return None

    def _check_department(self, oid: str, body: Mapping[str, Any]) -> None:
        _text(body, "departName")
        for field in _CODED:
            _coded(body, field, required=True)
        own = body.get("oid")
        if own is not None and (not isinstance(own, str) or not own.startswith(oid + ".0.")):
            raise Refused("field", field="oid", reason=f"OID подразделения должен начинаться с {oid}.0.")
        hospital = body.get("departHospital") or {}
        subs = hospital.get("hospitalSubdivision") or [] if isinstance(hospital, dict) else None
        if not isinstance(subs, list):
            raise Refused("field", field="departHospital", reason="ожидается объект {hospitalSubdivision: [...]}")
        for i, sub in enumerate(subs):
            where = f"departHospital.hospitalSubdivision[{i}]"
            if not isinstance(sub, dict) or not isinstance(sub.get("oid"), str):
                raise Refused("field", field=f"{where}.oid", reason="обязательное поле не заполнено")
            beds = sub.get("hospitalSubdivisionBeds") or []
            if not isinstance(beds, list):
                raise Refused("field", field=f"{where}.hospitalSubdivisionBeds", reason="ожидается массив")
            for j, bed in enumerate(beds):
                count = bed.get("bedCount") if isinstance(bed, dict) else None
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    field = f"{where}.hospitalSubdivisionBeds[{j}].bedCount"
                    raise Refused("field", field=field, reason="целое число не меньше 0")
                if not isinstance(bed.get("bedProfileId"), dict):
                    field = f"{where}.hospitalSubdivisionBeds[{j}].bedProfileId"
                    raise Refused("field", field=field, reason="ожидается объект {id, bedProfile}")
        _day(body.get("liquidationDate"))

    def create_department(self, oid: str, body: Mapping[str, Any], who: str) -> str:
        """Open a department; returns its new OID ``<oid>.0.<n>``."""
        departs = self._departments(oid)
        self._check_department(oid, body)
        if len(departs) >= _MAX_RECORDS:
            raise Refused("field", field="departName", reason="слишком много подразделений")
        depart_oid = str(body.get("oid") or "")
        if not depart_oid:
            numbers = itertools.count(900_000 + len(departs))
            depart_oid = next(f"{oid}.0.{n}" for n in numbers if f"{oid}.0.{n}" not in departs)
        if depart_oid in departs:
            raise Refused("duplicate", field="oid")
        after = {**copy.deepcopy(dict(body)), "oid": depart_oid}
        departs[depart_oid] = after
        self._record(depart_oid, "depart", "create", oid, who, None, after)
        return depart_oid

    def update_department(self, oid: str, depart_oid: str, body: Mapping[str, Any], who: str) -> None:
        """Replace a department; setting ``liquidationDate`` is refused while FRMR cards still point at it."""
        before = self.department(oid, depart_oid)
        self._check_department(oid, body)
        if body.get("oid") not in (None, depart_oid):
            raise Refused("field", field="oid", reason="OID не совпадает с entityId")
        liquidation = _day(body.get("liquidationDate"))
        if liquidation is not None and not before.get("liquidationDate"):
            self._refuse_if_staffed(depart_oid, liquidation)
        after = {**copy.deepcopy(dict(body)), "oid": depart_oid}
        self._departments(oid)[depart_oid] = after
        self._record(depart_oid, "depart", "update", oid, who, before, after)

    def delete_department(self, oid: str, depart_oid: str, who: str) -> None:
        """Delete a department (refused while FRMR cards still point at it)."""
        before = self.department(oid, depart_oid)
        self._refuse_if_staffed(depart_oid, self._context.clock.now().date())
        del self._departments(oid)[depart_oid]
        self._record(depart_oid, "depart", "delete", oid, who, before, None)

    # ------------------------------------------------------------------ cross-registry
    def active_cards(self, depart_oid: str, on: date) -> int:
        """Current FRMR cards at ``depart_oid`` on day ``on``: asked of the world's FRMR when it has one, else
        counted in the population's employment cards."""
        org = depart_oid.split(".0.", 1)[0]
        frmr = self._context.peer("frmr")
        if frmr is not None:  # the world's FRMR: its cards as written over the wire (one public query)
            return sum(
                1
                for record in frmr.workers_at(org)
                for card in record.collection("card")
                if card.get("nrPmuDepartId") == depart_oid and _current(card.get("endDate"), on)
            )
        return sum(
            1
            for worker in self._context.population.workers_of(org)
            for card in worker.cards
            if card.nr_pmu_depart_id == depart_oid and (card.end_date is None or card.end_date > on)
        )

    def _refuse_if_staffed(self, depart_oid: str, on: date) -> None:
        count = self.active_cards(depart_oid, on)
        if count:
            raise Refused("depart_staffed", oid=depart_oid, count=count)

    # ------------------------------------------------------------------ child records
    def _items(self, resource: str, oid: str) -> dict[str, dict[str, Any]]:
        key = (resource, oid)
        found = self._children.get(key)
        if found is None:
            org = self._population_org(oid)
            seeded: list[dict[str, Any]] = []
            if resource == "building":
                seeded = [records.building(org)]
            elif resource == "staff":
                schedule = self._context.population.staff_of(org)
                seeded = [records.staff(schedule)] if schedule is not None else []
            elif resource in ("oms", "depart_oms"):
                seeded = [records.oms(org, self._context.population.reference.year, resource == "depart_oms")]
            found = self._children[key] = {str(item["id"]): item for item in seeded}
        return found

    def items(self, resource: str, oid: str) -> list[dict[str, Any]]:
        """Every record of child ``resource`` of organisation ``oid``."""
        return [copy.deepcopy(item) for item in self._items(resource, oid).values()]

    def item(self, resource: str, oid: str, entity_id: str) -> dict[str, Any]:
        """One record (only among this organisation's: another organisation's GUID is not found)."""
        found = self._items(resource, oid).get(entity_id)
        if found is None:
            raise Refused("entity_not_found", oid=entity_id)
        return found

    def _check_item(self, resource: str, oid: str, body: Mapping[str, Any]) -> None:
        if resource == "staff":
            self._check_staff(oid, body)
        elif resource == "building":
            _text(body, "buildName")

    def _check_staff(self, oid: str, body: Mapping[str, Any]) -> None:
        _text(body, "staffNum")
        begin = _day(body.get("beginDate"))
        end = _day(body.get("endDate"))
        if begin is None or end is None:
            raise Refused("field", field="beginDate" if begin is None else "endDate", reason="обязательное поле")
        if begin > end:
            raise Refused("field", field="endDate", reason="дата окончания раньше даты начала")
        details = body.get("staffDetails") or []
        if not isinstance(details, list):
            raise Refused("field", field="staffDetails", reason="ожидается массив")
        for i, line in enumerate(details):
            where = f"staffDetails[{i}]"
            depart = line.get("nrPmuDepartId") if isinstance(line, dict) else None
            if not isinstance(depart, str):
                raise Refused("field", field=f"{where}.nrPmuDepartId", reason="обязательное поле")
            try:
                found = self.department(oid, depart)
            except Refused:
                raise Refused("field", field=f"{where}.nrPmuDepartId", reason=f"нет подразделения {depart}") from None
            liquidated = _day(found.get("liquidationDate"))
            if liquidated is not None and liquidated <= end:
                raise Refused("depart_liquidated", field=f"{where}.nrPmuDepartId", oid=depart)
            post = line.get("post")
            if not isinstance(post, dict) or post.get("code") in (None, ""):
                raise Refused("field", field=f"{where}.post", reason="ожидается объект {code, name}")
        self._refuse_unknown_codes("staff", body)

    def _refuse_unknown_codes(self, resource: str, body: Mapping[str, Any]) -> None:
        unknown = self.codes.unknown_field("frmo", resource, body)
        if unknown is not None:
            where, oid = unknown
            raise Refused("field", field=where, reason=f"код не найден в справочнике {oid}")

    def create_item(self, resource: str, oid: str, body: Mapping[str, Any], who: str) -> str:
        """Add a record; returns its new GUID (``entityId``)."""
        items = self._items(resource, oid)
        self._check_item(resource, oid, body)
        if len(items) >= _MAX_RECORDS:
            raise Refused("field", field="body", reason="слишком много записей")
        entity_id = org_uid(oid, f"{resource}|created|{self._context.seed}|{next(self._ids)}")
        after = {**copy.deepcopy(dict(body)), "id": entity_id}
        if resource == "staff":
            after["staffId"] = entity_id
        items[entity_id] = after
        self._record(entity_id, resource, "create", oid, who, None, after)
        return entity_id

    def update_item(self, resource: str, oid: str, entity_id: str, body: Mapping[str, Any], who: str) -> None:
        """Replace a record."""
        before = self.item(resource, oid, entity_id)
        self._check_item(resource, oid, body)
        after = {**copy.deepcopy(dict(body)), "id": entity_id}
        self._items(resource, oid)[entity_id] = after
        self._record(entity_id, resource, "update", oid, who, before, after)

    def delete_item(self, resource: str, oid: str, entity_id: str, who: str) -> None:
        """Delete a record."""
        before = self.item(resource, oid, entity_id)
        del self._items(resource, oid)[entity_id]
        self._record(entity_id, resource, "delete", oid, who, before, None)

    # ------------------------------------------------------------------ licences, programme
    def licenses(self, oid: str) -> list[dict[str, Any]]:
        """The organisation's licences (read only)."""
        return [records.license(self._population_org(oid), self._context.population.reference)]

    def license(self, oid: str, guid: str) -> dict[str, Any]:
        """One licence of the organisation (another organisation's GUID is not found)."""
        found = next((item for item in self.licenses(oid) if item["guid"] == guid), None)
        if found is None:
            raise Refused("entity_not_found", oid=guid)
        return found

    def tpgg(self, oid: str) -> list[dict[str, Any]]:
        """The organisation's programme figures by year (read only)."""
        org = self._population_org(oid)
        year = self._context.population.reference.year
        return [
            {"guid": org_uid(oid, f"tpgg|{y}"), "year": y, "visitCount": 1000 + org.oid % 997 * (y % 7 + 1),
             "visitOms": 800 + org.oid % 593 * (y % 5 + 1)}
            for y in (year - 1, year)
        ]  # fmt: skip

    # ------------------------------------------------------------------ journal
    def _today_wire(self) -> str:
        return f"{self._context.clock.now().date().isoformat()}T00:00:00Z"

    def _record(
        self,
        entity: str,
        resource: str,
        verb: str,
        org: str,
        who: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        when = self._context.clock.now().isoformat()
        operation = f"frmo.{resource}.{verb}"
        self.audit.add(Change(entity, resource, operation, org, who, when, before, after))

    def history(
        self, entity: str | None = None, *, organization: str | None = None, who: str | None = None
    ) -> list[Change]:
        """The changes of ``entity`` (an OID or GUID), oldest first; ``organization=`` / ``who=`` filter too."""
        return self.audit.query(entity, organization=organization, who=who)
