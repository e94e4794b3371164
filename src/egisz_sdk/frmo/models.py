"""FRMO records (pydantic v2): snake_case in Python, camelCase on the wire, unknown fields kept.

Every field is optional on read (the registry's data is what it is); :attr:`RegistryModel.problems` lists values
the SDK's validators reject. In FRMO, coded fields are **objects** — ``{id, <name>}`` (:class:`Ref`, e.g.
``departTypeId: {"id": 1, "departType": "…"}``) or ``{code, name}`` (:class:`CodeName`) — and bare codes seen in
older answers are accepted too. Before a create or update, the rules in :mod:`egisz_sdk.frmo._rules` run
(identifiers agree with the organisation's kind, the region with the address, department OIDs sit under their
organisation, dates as ``YYYY-MM-DDT00:00:00Z``, names trimmed, no control characters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import Field

from egisz_sdk.frmo import _rules as rules
from egisz_sdk.registries._models import RegistryModel

__all__ = [
    "Beds",
    "Building",
    "CodeName",
    "DepartHospital",
    "Department",
    "FrmoRecord",
    "HospitalSubdivision",
    "License",
    "MoAddress",
    "Organization",
    "Ref",
    "Region",
    "StaffDetail",
    "StaffSchedule",
    "Tpgg",
]


class FrmoRecord(RegistryModel):
    """Base of every FRMO record; also the read model of resources whose fields are not known in detail
    (equipment, sites, telemedicine, mobile and territorial departments, services, grounds, air ambulance, OMS).

    ``texts`` lists the name fields that must be trimmed and free of control characters; every other string
    anywhere in the body must be free of control characters other than tab and line breaks.
    """

    texts: ClassVar[tuple[str, ...]] = ()

    id: str | int | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """Names trimmed, no control characters anywhere."""
        for name in self.texts:
            rules.name_text(getattr(self, name, None), _wire(name))
        rules.no_controls(self.model_dump(mode="json", by_alias=True, exclude_none=True))


def _wire(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Ref(RegistryModel):
    """``{id, <name>}`` — a dictionary entry as FRMO sends it (the name key varies: ``departType``, ``moLevel`` …)."""

    id: int | str | None = None

    @property
    def name(self) -> str | None:
        """The entry's name: the first text value besides ``id``."""
        return next((v for v in (self.model_extra or {}).values() if isinstance(v, str)), None)


class CodeName(RegistryModel):
    """``{code, name}`` — a dictionary entry (``orgType``, ``post``, ``addrRegion`` …)."""

    code: int | str | None = None
    name: str | None = None


#: A coded field: an object as FRMO sends it, or a bare code from older answers.
Coded = Ref | CodeName | int | str | None


class Region(RegistryModel):
    """``regionId``: ``{id, region, territoryCode, isFederalCity}`` (``id`` is the two-digit region number)."""

    id: int | str | None = None
    region: str | None = None
    territory_code: int | str | None = None
    is_federal_city: bool | None = None


class MoAddress(RegistryModel):
    """``moAddress``: the organisation's address, its region ``{code, name}``, postal index and coordinates
    (``longtitude`` in some answers is read as ``longitude``)."""

    address: dict[str, Any] | str | None = None
    addr_region: CodeName | int | str | None = None
    post_index: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    cadastral_number: str | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """Postal index of six digits, coordinates in range."""
        rules.post_index(self.post_index, "postIndex")
        rules.coordinates(self.latitude, self.longitude)


class Organization(FrmoRecord):
    """The organisation's card (``org``)."""

    texts: ClassVar[tuple[str, ...]] = ("name_full", "name_short")
    checks: ClassVar[Mapping[str, str]] = {"ogrn_date": "datetime", "delete_date": "datetime"}
    write_required: ClassVar[tuple[str, ...]] = (
        "name_full",
        "name_short",
        "inn",
        "ogrn",
        "org_type",
        "mo_address",
        "region_id",
    )

    oid: str | None = None
    head_oid: str | None = None
    name_full: str | None = None
    name_short: str | None = None
    inn: str | None = None
    kpp: str | None = None
    ogrn: str | None = None
    ogrn_date: str | None = None
    org_type: CodeName | None = None
    okopf_id: Coded = None
    okfs_id: Coded = None
    founder: str | None = None
    legal_address: dict[str, Any] | None = None
    mo_address: MoAddress | None = None
    region_id: Region | None = None
    mo_level_id: Ref | None = None
    email: str | None = None
    phone: str | None = None
    site: str | None = None
    delete_date: str | None = None
    delete_reason: Ref | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """Texts; identifiers that agree with the kind; classifier codes; region = the address's region."""
        super().write_rules(params)
        rules.identifiers(self.inn, self.kpp, self.ogrn, rules.code_of(self.okopf_id))
        rules.classifier("okopf", rules.code_of(self.okopf_id), "okopfId")
        rules.classifier("okfs", rules.code_of(self.okfs_id), "okfsId")
        address_region = self.mo_address.addr_region if self.mo_address is not None else None
        rules.same_region(self.region_id.id if self.region_id is not None else None, rules.code_of(address_region))
        rules.contact(self.email, "email")
        rules.contact(self.phone, "phone")
        if self.oid is not None and params.get("oid") not in (None, self.oid):
            rules.refuse("frmo.oid_mismatch", "oid", given=str(params.get("oid")))

    @property
    def kind(self) -> str:
        """``entrepreneur`` (OKOPF 5xxxx or a 12-digit INN) or ``legal``."""
        return rules.kind_of(self.inn, rules.code_of(self.okopf_id))


class Beds(FrmoRecord):
    """``hospitalSubdivisionBeds`` item: a bed profile ``{id, bedProfile}`` and its number of beds."""

    write_required: ClassVar[tuple[str, ...]] = ("bed_profile_id", "bed_count")

    bed_profile_id: Coded = None
    bed_count: int | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """A bed count of 0 … 10,000."""
        super().write_rules(params)
        rules.bed_count(self.bed_count)


class HospitalSubdivision(FrmoRecord):
    """A hospital subdivision of a department (``oid`` under the department's OID) with its beds."""

    texts: ClassVar[tuple[str, ...]] = ("subdivision_name",)
    write_required: ClassVar[tuple[str, ...]] = ("oid",)

    oid: str | None = None
    subdivision_name: str | None = None
    hospital_subdivision_beds: list[Beds] = Field(default_factory=list)


class DepartHospital(FrmoRecord):
    """``departHospital``: the department's hospital subdivisions."""

    hospital_subdivision: list[HospitalSubdivision] = Field(default_factory=list)


class Department(FrmoRecord):
    """A structural unit (``org/depart``); ``oid`` is ``<organisation OID>.0.<n>``."""

    texts: ClassVar[tuple[str, ...]] = ("depart_name",)
    checks: ClassVar[Mapping[str, str]] = {"liquidation_date": "datetime", "begin_date": "datetime"}
    write_required: ClassVar[tuple[str, ...]] = ("depart_name", "depart_type_id", "depart_kind_id")

    oid: str | None = None
    depart_name: str | None = None
    depart_type_id: Coded = None
    depart_kind_id: Coded = None
    depart_structure: dict[str, Any] | None = None
    medical_subject_id: Coded = None
    is_planned: bool | None = None
    separate_depart: bool | None = None
    health_care_profile: Any = None
    depart_buildings: list[Any] = Field(default_factory=list)
    depart_hospital: DepartHospital | None = None
    begin_date: str | None = None
    liquidation_date: str | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """The OID under the organisation's (``oid`` parameter), subdivisions under the department."""
        super().write_rules(params)
        org = params.get("oid")
        if self.oid is not None:
            if isinstance(org, str):
                rules.under(self.oid, org, "oid")
            entity = params.get("entity_id")
            if entity is not None and entity != self.oid:
                rules.refuse("frmo.oid_mismatch", "oid", given=str(entity))
        for index, sub in enumerate(self.subdivisions):
            if sub.oid is not None and self.oid is not None:
                rules.under(sub.oid, self.oid, f"departHospital.hospitalSubdivision[{index}].oid", level="")

    @property
    def subdivisions(self) -> list[HospitalSubdivision]:
        """The hospital subdivisions (empty for a department without beds)."""
        return self.depart_hospital.hospital_subdivision if self.depart_hospital is not None else []

    @property
    def liquidated(self) -> bool:
        """Whether the department carries a liquidation date."""
        return bool(self.liquidation_date)

    @property
    def beds(self) -> dict[str, int]:
        """Bed counts by profile id (as text) over every subdivision."""
        out: dict[str, int] = {}
        for sub in self.subdivisions:
            for bed in sub.hospital_subdivision_beds:
                key = str(rules.code_of(bed.bed_profile_id))
                out[key] = out.get(key, 0) + (bed.bed_count or 0)
        return out


class Building(FrmoRecord):
    """A building (``org/building``)."""

    texts: ClassVar[tuple[str, ...]] = ("build_name",)
    checks: ClassVar[Mapping[str, str]] = {"begin_date": "datetime", "liquidation_date": "datetime"}
    write_required: ClassVar[tuple[str, ...]] = ("build_name", "build_year", "floor_count")

    build_name: str | None = None
    build_year: int | None = None
    begin_date: str | None = None
    liquidation_date: str | None = None
    floor_count: int | None = None
    has_trouble: bool | None = None
    capacity_beds: int | None = None
    building_address: dict[str, Any] | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """A plausible year and floor count."""
        super().write_rules(params)
        rules.number(self.build_year, "buildYear", 1700, 2100)
        rules.number(self.floor_count, "floorCount", 0, 200)


class StaffDetail(FrmoRecord):
    """A line of a staff schedule: department, post ``{code, name}``, rate, busy rate, vacancy."""

    texts: ClassVar[tuple[str, ...]] = ("depart_name",)
    checks: ClassVar[Mapping[str, str]] = {"nr_pmu_depart_id": "oid"}
    write_required: ClassVar[tuple[str, ...]] = ("nr_pmu_depart_id", "post", "rate")

    nr_pmu_depart_id: str | None = None
    depart_name: str | None = None
    post_fed_code: CodeName | None = None
    post: CodeName | None = None
    rate: float | None = None
    busy_rate: float | None = None
    vacancy: float | None = None

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """The department under the organisation; rates finite and 0 … 10,000."""
        super().write_rules(params)
        org = params.get("oid")
        if isinstance(org, str) and self.nr_pmu_depart_id:
            rules.under(self.nr_pmu_depart_id, org, "nrPmuDepartId")
        for name in ("rate", "busy_rate", "vacancy"):
            rules.amount(getattr(self, name), _wire(name))


class StaffSchedule(FrmoRecord):
    """A staff schedule (штатное расписание, ``org/staff``) with its lines."""

    texts: ClassVar[tuple[str, ...]] = ("staff_num",)
    checks: ClassVar[Mapping[str, str]] = {
        "staff_create_date": "datetime",
        "begin_date": "datetime",
        "end_date": "datetime",
    }
    write_required: ClassVar[tuple[str, ...]] = ("staff_num", "staff_create_date", "begin_date", "end_date")

    staff_id: str | None = None
    staff_num: str | None = None
    staff_create_date: str | None = None
    begin_date: str | None = None
    end_date: str | None = None
    staff_details: list[StaffDetail] = Field(default_factory=list)

    def write_rules(self, params: Mapping[str, Any]) -> None:
        """``beginDate`` not after ``endDate``."""
        super().write_rules(params)
        rules.order(self.begin_date, self.end_date, "endDate")


class License(FrmoRecord):
    """A licence (``org/licenses``, read only)."""

    guid: str | None = None
    license_series: str | None = None
    license_number: str | None = None
    status_id: Coded = None
    license_date: str | None = None
    license_begin_date: str | None = None
    license_end: str | None = None
    activity_id: Coded = None
    licenser_id: Coded = None
    nr_pmu_lic_application: dict[str, Any] | None = None


class Tpgg(FrmoRecord):
    """A territorial programme of state guarantees record (``org/tpgg``, read only)."""

    guid: str | None = None
    year: int | None = None
    visit_count: int | None = None
    visit_oms: int | None = None
