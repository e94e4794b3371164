"""The shared population's records in FRMR's wire shape (camelCase JSON objects, field names of ``registries.md``).

Dates are written ``YYYY-MM-DD``. Whether FRMR writes body dates as dates or as ``…T00:00:00`` datetimes is not
known (query ``passDate`` travels as a datetime); the fake reads both on input. Coded fields are bare codes,
as the FRMR DTOs have them (``fedPositionId:int``), except ``citizenShipId`` and ``educationTypeId``
(``{code, name}`` objects in parusrx). Codes here are samples, not NSI data (the population's own note).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from egisz_sdk.testing.population import (
    Accreditation,
    Diploma,
    EmploymentCard,
    MedicalWorker,
    Person,
    QualificationCertificate,
)

__all__ = ["CITIZEN_RF", "PASSPORT_RF", "accreditation", "card", "cert", "iso", "person", "prof"]

#: ``citizenShipId`` of a citizen of Russia (dictionary 1.2.643.5.1.13.13.99.2.315; sample code).
CITIZEN_RF: Final = {"code": 1, "name": "Гражданин Российской Федерации"}
#: ``documentId`` of a Russian passport (sample code: the FRMR document dictionary is not identified).
PASSPORT_RF: Final = 14


def iso(value: date | None) -> str | None:
    """``YYYY-MM-DD`` or ``None``."""
    return value.isoformat() if value is not None else None


def person(who: Person, worker: MedicalWorker) -> dict[str, Any]:
    """``person``: the person's identity, SNILS/INN and passport (``documents[]``)."""
    return {
        "oid": worker.oid,
        "isMedicalWorker": worker.is_medical_worker,
        "isPharmWorker": worker.is_pharm_worker,
        "lastName": who.last_name,
        "firstName": who.first_name,
        "patronymic": who.middle_name,
        "gender": 1 if who.gender == "M" else 2,
        "birthDate": iso(who.birth_date),
        "deathDate": None,
        "birthPlace": who.birth_place,
        "snils": who.snils,
        "inn": who.inn,
        "citizenShipId": dict(CITIZEN_RF),
        "phone": who.phone,
        "email": who.email,
        "documents": [
            {
                "documentId": PASSPORT_RF,
                "serial": who.passport_series,
                "number": who.passport_number,
                "passDate": iso(who.passport_issued),
                "passOrg": who.passport_issuer,
                "codeOrg": who.passport_department,
            }
        ],
        "addresses": [],
    }


def card(item: EmploymentCard, worker_oid: str) -> dict[str, Any]:
    """``person/card`` (the employment record); ``fedPositionId`` mirrors ``postId`` (sample)."""
    return {
        "id": item.id,
        "oid": worker_oid,
        "organization": item.organization,
        "nrPmuDepartId": item.nr_pmu_depart_id,
        "nrPmuDepartName": item.nr_pmu_depart_name,
        "contractNumber": item.contract_number,
        "contractDate": iso(item.contract_date),
        "fedPositionId": item.post_id,
        "positionTypeId": item.position_type_id,
        "postId": item.post_id,
        "postName": item.post_name,
        "rate": item.rate,
        "beginDate": iso(item.begin_date),
        "endDate": iso(item.end_date),
        "endTypeId": item.end_type_id,
        "fireReasonId": None,
        "personalFileNumber": None,
    }


def prof(item: Diploma) -> dict[str, Any]:
    """``person/prof`` (a diploma)."""
    return {
        "profId": item.prof_id,
        "educationTypeId": {"code": item.education_type_id, "name": None},
        "docSerial": item.doc_serial,
        "docNumber": item.doc_number,
        "docDate": iso(item.doc_date),
        "institutionId": item.institution_id,
        "institutionName": item.institution_name,
        "specId": item.spec_id,
        "specName": item.spec_name,
        "qualificationId": item.qualification_id,
    }


def cert(item: QualificationCertificate) -> dict[str, Any]:
    """``person/cert`` (a specialist certificate)."""
    return {
        "certId": item.cert_id,
        "institutionId": item.institution_id,
        "certSerial": item.cert_serial,
        "certNumber": item.cert_number,
        "examDate": iso(item.exam_date),
        "passDate": iso(item.pass_date),
        "endDate": iso(item.end_date),
        "specId": item.spec_id,
        "specName": item.spec_name,
    }


def accreditation(item: Accreditation) -> dict[str, Any]:
    """``person/accreditation`` with its procedures."""
    return {
        "id": item.id,
        "docSerial": item.doc_serial,
        "docNumber": item.doc_number,
        "regNumber": item.reg_number,
        "accreditationProcedures": [
            {
                "accreditationKindId": p.accreditation_kind_id,
                "specId": p.spec_id,
                "spec": p.spec_name,
                "passed": p.passed,
                "excluded": False,
                "passDate": iso(p.pass_date),
                "endDate": iso(p.end_date),
                "protocolNumber": p.protocol_number,
            }
            for p in item.procedures
        ],
    }
