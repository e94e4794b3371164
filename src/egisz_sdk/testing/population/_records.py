"""Records of the shared population: plain frozen dataclasses, no HTTP.

Field names are the snake_case forms of the registries' wire names (``nameFull`` → ``name_full``,
``nrPmuDepartId`` → ``nr_pmu_depart_id``); services render them on the wire. Change a record with
:func:`dataclasses.replace` (``replace(worker, cards=…)``) — a service that edits records (the FRMR fake) keeps
its own copies in its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "Accreditation",
    "AccreditationProcedure",
    "Address",
    "Beds",
    "Department",
    "Diploma",
    "EmploymentCard",
    "Gender",
    "HospitalSubdivision",
    "MedicalWorker",
    "Organization",
    "Person",
    "QualificationCertificate",
    "StaffDetail",
    "StaffSchedule",
]

Gender = Literal["M", "F"]


@dataclass(frozen=True)
class Person:
    """A synthetic person (all identifiers valid); ``oid`` is the person's ESIA oid."""

    oid: int
    last_name: str
    first_name: str
    middle_name: str
    gender: Gender
    birth_date: date
    birth_place: str
    snils: str
    inn: str
    phone: str
    email: str
    passport_series: str
    passport_number: str
    passport_issued: date
    passport_issuer: str
    passport_department: str

    @property
    def full_name(self) -> str:
        """``Фамилия Имя Отчество``."""
        return f"{self.last_name} {self.first_name} {self.middle_name}"


@dataclass(frozen=True)
class Address:
    """An address as FRMO's ``moAddress`` carries it; ``addr_region`` agrees with the organisation's region."""

    address: str
    addr_region: int
    post_index: str


@dataclass(frozen=True)
class Organization:
    """A medical organisation (legal entity) with valid OGRN/INN/KPP of its region.

    ``oid`` is its ESIA organisation oid (an integer); ``mo_oid`` its FRMO OID
    (``1.2.643.5.1.13.13.12.2.<region>.<n>``), the ``mo`` parameter of FRMR and FRMO requests.
    """

    oid: int
    short_name: str
    full_name: str
    ogrn: str
    inn: str
    kpp: str
    okopf: str
    address: str
    members: tuple[int, ...] = ()
    chief_oid: int | None = None
    mo_oid: str = ""
    region_id: int = 0
    mo_address: Address | None = None
    org_type_code: int = 0
    org_type_name: str = ""
    okfs: str = ""
    delete_date: date | None = None

    @property
    def name_full(self) -> str:
        """FRMO's ``nameFull``."""
        return self.full_name

    @property
    def name_short(self) -> str:
        """FRMO's ``nameShort``."""
        return self.short_name


@dataclass(frozen=True)
class Beds:
    """``hospitalSubdivisionBeds`` item: a bed profile and the number of beds."""

    bed_profile_id: int
    bed_profile: str
    bed_count: int


@dataclass(frozen=True)
class HospitalSubdivision:
    """A hospital subdivision of a department (``departHospital.hospitalSubdivision``)."""

    oid: str
    subdivision_name: str
    beds: tuple[Beds, ...] = ()


@dataclass(frozen=True)
class Department:
    """A structural unit of an organisation; ``oid`` is ``<organisation OID>.0.<n>``."""

    oid: str
    mo_oid: str
    depart_name: str
    depart_type_id: int
    depart_type: str
    depart_kind_id: int
    depart_kind: str
    hospital_subdivisions: tuple[HospitalSubdivision, ...] = ()
    liquidation_date: date | None = None

    @property
    def liquidated(self) -> bool:
        """Whether the department has a liquidation date."""
        return self.liquidation_date is not None


@dataclass(frozen=True)
class EmploymentCard:
    """An employment record («личное дело», FRMR ``person/card``)."""

    id: str
    organization: str
    nr_pmu_depart_id: str
    nr_pmu_depart_name: str
    post_id: int
    post_name: str
    position_type_id: int
    rate: float
    begin_date: date
    end_date: date | None = None
    end_type_id: int | None = None
    contract_number: str = ""
    contract_date: date | None = None


@dataclass(frozen=True)
class Diploma:
    """A diploma (FRMR ``person/prof``)."""

    prof_id: str
    education_type_id: int
    doc_serial: str
    doc_number: str
    doc_date: date
    institution_id: int
    institution_name: str
    spec_id: int
    spec_name: str
    qualification_id: int


@dataclass(frozen=True)
class QualificationCertificate:
    """A specialist's certificate (FRMR ``person/cert``)."""

    cert_id: str
    institution_id: int
    cert_serial: str
    cert_number: str
    exam_date: date
    pass_date: date
    end_date: date
    spec_id: int
    spec_name: str


@dataclass(frozen=True)
class AccreditationProcedure:
    """One passed accreditation (``accreditationProcedures`` item)."""

    accreditation_kind_id: int
    spec_id: int
    spec_name: str
    passed: bool
    pass_date: date
    end_date: date
    protocol_number: str


@dataclass(frozen=True)
class Accreditation:
    """A worker's accreditation record (FRMR ``person/accreditation``)."""

    id: str
    doc_serial: str
    doc_number: str
    reg_number: str
    procedures: tuple[AccreditationProcedure, ...] = ()


@dataclass(frozen=True)
class MedicalWorker:
    """A person registered in FRMR: worker OID (``2022.0055647``), employment cards and documents."""

    oid: str
    person_oid: int
    cards: tuple[EmploymentCard, ...] = ()
    diplomas: tuple[Diploma, ...] = ()
    certificates: tuple[QualificationCertificate, ...] = ()
    accreditations: tuple[Accreditation, ...] = ()
    is_medical_worker: bool = True
    is_pharm_worker: bool = False


@dataclass(frozen=True)
class StaffDetail:
    """A line of a staff schedule (``staffDetails`` item)."""

    nr_pmu_depart_id: str
    depart_name: str
    post_id: int
    post_name: str
    rate: float
    busy_rate: float
    vacancy: float


@dataclass(frozen=True)
class StaffSchedule:
    """An organisation's staff schedule (штатное расписание, FRMO ``org/staff``)."""

    staff_id: str
    mo_oid: str
    staff_num: str
    staff_create_date: date
    begin_date: date
    end_date: date
    details: tuple[StaffDetail, ...] = ()
