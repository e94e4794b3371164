"""The shared synthetic population of the fake world, deterministic per seed.

People (ESIA accounts, SNILS, passports, INN), medical organisations (FRMO OIDs, INN/KPP/OGRN of their region,
addresses, types, OKOPF/OKFS codes), departments (some with beds, some liquidated), medical workers (FRMR OIDs,
employment cards, diplomas, certificates, accreditations) and staff schedules. Identifiers come from the SDK's
own validators' ``generate()``, so every value passes them. Records are frozen dataclasses made on first access;
services serve them from their own angle (ESIA the people, FRMR the workers, FRMO the organisations).

>>> from egisz_sdk.testing.population import Population
>>> population = Population(seed=1, people=10, organizations=2)
>>> population.organizations[0].mo_oid.startswith("1.2.643.5.1.13.13.12.2.")
True
"""

from __future__ import annotations

from egisz_sdk.testing.population._orgs import MO_OID_PREFIX, POSTS, REGIONS
from egisz_sdk.testing.population._population import Population, RecordSequence, generate_population
from egisz_sdk.testing.population._records import (
    Accreditation,
    AccreditationProcedure,
    Address,
    Beds,
    Department,
    Diploma,
    EmploymentCard,
    Gender,
    HospitalSubdivision,
    MedicalWorker,
    Organization,
    Person,
    QualificationCertificate,
    StaffDetail,
    StaffSchedule,
)
from egisz_sdk.testing.population._workers import worker_index, worker_oid

__all__ = [
    "MO_OID_PREFIX",
    "POSTS",
    "REGIONS",
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
    "Population",
    "QualificationCertificate",
    "RecordSequence",
    "StaffDetail",
    "StaffSchedule",
    "generate_population",
    "worker_index",
    "worker_oid",
]
