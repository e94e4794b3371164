"""FRMR records (pydantic v2): snake_case in Python, camelCase on the wire, unknown fields kept.

Every field is optional on read (the registry's data is what it is); :attr:`RegistryModel.problems` lists
values the SDK's validators reject. ``write_required`` follows the DTO-required fields of ``registries.md``
(parusrx records), and ``checks`` names the fields checked strictly before a create or update.
Coded fields are either bare codes or ``{code, name}`` objects in the wild; both are accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import Field

from egisz_sdk.registries._models import RegistryModel

__all__ = [
    "Accreditation",
    "AccreditationProcedure",
    "Address",
    "Card",
    "Cert",
    "CodeName",
    "Common",
    "Document",
    "Employer",
    "ExtEducation",
    "MilitaryService",
    "Nomination",
    "Person",
    "PersonFull",
    "Postgraduate",
    "Prof",
    "Qualification",
    "Resolution",
]

#: A dictionary code as FRMR sends it: a bare code or a ``{code, name}`` object.
Coded = int | str | dict[str, Any] | None


class CodeName(RegistryModel):
    """``{code, name}`` — a dictionary entry."""

    code: int | str | None = None
    name: str | None = None


class Document(RegistryModel):
    """An identity document of a person (``documents[]``)."""

    checks: ClassVar[Mapping[str, str]] = {"pass_date": "date"}
    write_required: ClassVar[tuple[str, ...]] = ("document_id", "number", "pass_date", "pass_org")

    document_id: Coded = None
    serial: str | None = None
    number: str | None = None
    pass_date: str | None = None
    pass_org: str | None = None
    code_org: str | None = None


class Address(RegistryModel):
    """An address of a person (``addresses[]``); the nested ``address`` is kept as received."""

    address_id: int | str | None = None
    reg_date: str | None = None
    address_type_id: Coded = None
    address: dict[str, Any] | None = None


class Person(RegistryModel):
    """A medical or pharmaceutical worker (``person``)."""

    checks: ClassVar[Mapping[str, str]] = {
        "snils": "snils",
        "inn": "inn",
        "birth_date": "date:birth",
        "death_date": "date",
    }
    write_required: ClassVar[tuple[str, ...]] = ("last_name", "first_name", "gender", "birth_date", "citizen_ship_id")

    oid: str | None = None
    is_medical_worker: bool | None = None
    is_pharm_worker: bool | None = None
    last_name: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    gender: int | None = None
    birth_date: str | None = None
    death_date: str | None = None
    birth_place: str | None = None
    snils: str | None = None
    inn: str | None = None
    citizen_ship_id: CodeName | None = None
    phone: str | None = None
    email: str | None = None
    documents: list[Document] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)

    @property
    def full_name(self) -> str:
        """``lastName firstName patronymic`` (the parts present)."""
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class Card(RegistryModel):
    """An employment record («личное дело», ``person/card``): post, department, rate, dates."""

    checks: ClassVar[Mapping[str, str]] = {
        "organization": "oid",
        "nr_pmu_depart_id": "oid",
        "contract_date": "date",
        "begin_date": "date",
        "end_date": "date",
        "rate": "rate",
    }
    write_required: ClassVar[tuple[str, ...]] = (
        "organization",
        "nr_pmu_depart_id",
        "contract_number",
        "contract_date",
        "fed_position_id",
        "position_type_id",
        "post_id",
        "begin_date",
    )

    id: str | int | None = None
    oid: str | None = None
    organization: str | None = None
    nr_pmu_depart_id: str | None = None
    nr_pmu_depart_name: str | None = None
    contract_number: str | None = None
    contract_date: str | None = None
    service_number: str | None = None
    fed_position_id: int | None = None
    position_type_id: int | None = None
    post_id: int | None = None
    post_name: str | None = None
    rate: float | None = None
    begin_date: str | None = None
    end_date: str | None = None
    end_type_id: int | None = None
    fire_reason_id: int | None = None
    personal_file_number: str | None = None


class Prof(RegistryModel):
    """A diploma of professional education (``person/prof``)."""

    checks: ClassVar[Mapping[str, str]] = {"doc_date": "date"}
    write_required: ClassVar[tuple[str, ...]] = ("doc_number",)

    id: str | int | None = None
    prof_id: str | int | None = None
    education_type_id: Coded = None
    doc_serial: str | None = None
    doc_number: str | None = None
    doc_date: str | None = None
    institution_id: int | None = None
    institution_name: str | None = None
    spec_id: int | None = None
    spec_name: str | None = None
    qualification_id: Coded = None


class Cert(RegistryModel):
    """A specialist certificate (``person/cert``)."""

    checks: ClassVar[Mapping[str, str]] = {"exam_date": "date", "pass_date": "date", "end_date": "date"}
    write_required: ClassVar[tuple[str, ...]] = ("institution_id", "cert_number", "exam_date", "spec_id")

    id: str | int | None = None
    cert_id: str | int | None = None
    institution_id: int | None = None
    cert_serial: str | None = None
    cert_number: str | None = None
    exam_date: str | None = None
    pass_date: str | None = None
    end_date: str | None = None
    end_date_extension: str | None = None
    spec_id: int | None = None
    spec_name: str | None = None


class AccreditationProcedure(RegistryModel):
    """One accreditation procedure; ``spec`` is an object in some versions and flat ``spec_id`` in others."""

    accreditation_procedure_id: str | int | None = None
    accreditation_kind_id: Coded = None
    spec: Coded = None
    spec_id: int | None = None
    mp_spec_id: int | None = None
    post: Coded = None
    passed: bool | None = None
    excluded: bool | None = None
    pass_date: str | None = None
    end_date: str | None = None
    protocol_number: str | None = None


class Accreditation(RegistryModel):
    """An accreditation record (``person/accreditation``, read only)."""

    id: str | int | None = None
    doc_serial: str | None = None
    doc_number: str | None = None
    reg_number: str | None = None
    accreditation_procedures: list[AccreditationProcedure] = Field(default_factory=list)


class Qualification(RegistryModel):
    """A qualification category (``person/qualification``)."""

    id: str | int | None = None
    qualify_category_id: Coded = None
    spec_id: int | None = None
    assign_date: str | None = None


class Nomination(RegistryModel):
    """An award (``person/nomination``)."""

    id: str | int | None = None
    nomination_id: Coded = None
    name: str | None = None
    date: str | None = None


class Employer(RegistryModel):
    """Another employer of the worker (``person/organization``)."""

    id: str | int | None = None
    name: str | None = None
    begin_date: str | None = None
    end_date: str | None = None


class Postgraduate(RegistryModel):
    """Postgraduate education (``person/postgraduate``)."""

    id: str | int | None = None
    spec_id: int | None = None
    doc_number: str | None = None
    end_date: str | None = None


class ExtEducation(RegistryModel):
    """Further (extra) education (``person/ext``)."""

    id: str | int | None = None
    doc_number: str | None = None
    hours: int | None = None
    end_date: str | None = None


class MilitaryService(RegistryModel):
    """Military service (``person/militaryService``)."""

    id: str | int | None = None
    military_service: Coded = None
    begin_date: str | None = None
    end_date: str | None = None


class Common(RegistryModel):
    """General education (``person/common``)."""

    id: str | int | None = None


class Resolution(RegistryModel):
    """A resolution record (``resolution``; its meaning is uncertain, see registries.md)."""

    resolution_spec: Coded = None
    resolution_mp_spec: Coded = None
    resolution_date: str | None = None
    resolution_number: str | None = None


class PersonFull(Person):
    """``person/full``: the person with every sub-collection (keys of parusrx ``FullPerson``)."""

    person_card: list[Card] = Field(default_factory=list)
    education_common: list[Common] = Field(default_factory=list)
    education_prof: list[Prof] = Field(default_factory=list)
    education_postgraduate: list[Postgraduate] = Field(default_factory=list)
    education_ext: list[ExtEducation] = Field(default_factory=list)
    education_cert: list[Cert] = Field(default_factory=list)
    person_accreditation: list[Accreditation] = Field(default_factory=list)
    person_qualification: list[Qualification] = Field(default_factory=list)
    person_nomination: list[Nomination] = Field(default_factory=list)
    person_organization: list[Employer] = Field(default_factory=list)
    military_service: list[MilitaryService] = Field(default_factory=list)
