"""The shared population as FRMO sends it: organisation cards, departments, staff schedules, licences, buildings.

Written from ``registries.md`` and the requests in parusrx ``Frmo.API.http`` — not from the SDK's client models.
Coded fields are objects (``{id, <name>}`` or ``{code, name}``); dates are ISO datetimes at midnight UTC;
departments carry ``isPlaned`` (sic: the spelling of the public requests).
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any, Final

from egisz_sdk.testing.population import REGIONS, Department, Organization, StaffSchedule
from egisz_sdk.testing.population._orgs import org_uid
from egisz_sdk.validators import okfs, okopf

__all__ = ["REGION_NAMES", "building", "department", "license", "oms", "organization", "staff", "wire_date"]

#: Region number → subject of the Federation (the regions the population uses).
REGION_NAMES: Final = {code: subject for code, subject, _, _ in REGIONS}
#: (latitude, longitude) of each region's main city, to place organisations near it.
_PLACES: Final = {
    77: (55.75, 37.62),
    78: (59.94, 30.31),
    16: (55.79, 49.12),
    54: (55.03, 82.92),
    66: (56.84, 60.61),
    63: (53.2, 50.15),
    31: (50.6, 36.59),
    61: (47.23, 39.72),
}
_FEDERAL_CITIES: Final = frozenset({77, 78, 92})


def wire_date(day: date | None) -> str | None:
    """``YYYY-MM-DDT00:00:00Z`` (or ``None``)."""
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def _region(code: int) -> dict[str, Any]:
    return {"id": code, "region": REGION_NAMES.get(code, f"Регион {code}"), "territoryCode": code,
            "isFederalCity": code in _FEDERAL_CITIES}  # fmt: skip


def organization(org: Organization) -> dict[str, Any]:
    """The card of ``org`` (``org/{oid}``)."""
    r = random.Random(f"frmo-card:{org.mo_oid}")
    lat, lon = _PLACES.get(org.region_id, (55.0, 37.0))
    address = org.mo_address
    return {
        "oid": org.mo_oid,
        "headOid": None,
        "nameFull": org.full_name,
        "nameShort": org.short_name,
        "inn": org.inn,
        "kpp": org.kpp,
        "ogrn": org.ogrn,
        "orgType": {"code": org.org_type_code, "name": org.org_type_name},
        "okopfId": {"id": org.okopf, "okopf": okopf.name(org.okopf) if okopf.is_valid(org.okopf) else ""},
        "okfsId": {"id": org.okfs, "okfs": okfs.name(org.okfs) if okfs.is_valid(org.okfs) else ""},
        "founder": None,
        "moAddress": {
            "address": address.address if address else org.address,
            "addrRegion": {"code": org.region_id, "name": REGION_NAMES.get(org.region_id, "")},
            "postIndex": address.post_index if address else None,
            "latitude": round(lat + r.uniform(-0.1, 0.1), 6),
            "longitude": round(lon + r.uniform(-0.1, 0.1), 6),
        },
        "regionId": _region(org.region_id),
        "moLevelId": {"id": 1 + org.oid % 3, "moLevel": ("I уровень", "II уровень", "III уровень")[org.oid % 3]},
        "email": f"info{org.oid % 100000}@mo{org.region_id}.example.ru",
        "deleteDate": wire_date(org.delete_date),
        "deleteReason": {"id": 1, "deleteReason": "Ликвидация"} if org.delete_date else None,
    }


def department(dep: Department) -> dict[str, Any]:
    """A department (``org/depart``) with its hospital subdivisions and beds."""
    out: dict[str, Any] = {
        "oid": dep.oid,
        "departName": dep.depart_name,
        "departTypeId": {"id": dep.depart_type_id, "departType": dep.depart_type},
        "departKindId": {"id": dep.depart_kind_id, "departKind": dep.depart_kind},
        "departStructure": {"level": "1", "headDepart": ""},
        "isPlaned": False,
        "separateDepart": False,
        "liquidationDate": wire_date(dep.liquidation_date),
    }
    if dep.hospital_subdivisions:
        out["departHospital"] = {
            "hospitalSubdivision": [
                {
                    "oid": sub.oid,
                    "subdivisionName": sub.subdivision_name,
                    "hospitalSubdivisionBeds": [
                        {"bedProfileId": {"id": b.bed_profile_id, "bedProfile": b.bed_profile}, "bedCount": b.bed_count}
                        for b in sub.beds
                    ],
                }
                for sub in dep.hospital_subdivisions
            ]
        }
    return out


def staff(schedule: StaffSchedule) -> dict[str, Any]:
    """A staff schedule (``org/staff``) with its lines."""
    return {
        "id": schedule.staff_id,
        "staffId": schedule.staff_id,
        "staffNum": schedule.staff_num,
        "staffCreateDate": wire_date(schedule.staff_create_date),
        "beginDate": wire_date(schedule.begin_date),
        "endDate": wire_date(schedule.end_date),
        "staffDetails": [
            {
                "nrPmuDepartId": d.nr_pmu_depart_id,
                "departName": d.depart_name,
                "post": {"code": d.post_id, "name": d.post_name},
                "rate": d.rate,
                "busyRate": d.busy_rate,
                "vacancy": d.vacancy,
            }
            for d in schedule.details
        ],
    }


def license(org: Organization, reference: date) -> dict[str, Any]:
    """The organisation's medical licence (``org/licenses``)."""
    r = random.Random(f"frmo-license:{org.mo_oid}")
    issued = date(2012 + r.randrange(10), 1 + r.randrange(12), 1 + r.randrange(28))
    return {
        "guid": org_uid(org.mo_oid, "license"),
        "licenseSeries": "ЛО",
        "licenseNumber": f"ЛО-{org.region_id:02d}-01-{r.randrange(1, 999_999):06d}",
        "statusId": {"id": 1, "licenseStatus": "Действующая"},
        "licenseDate": wire_date(issued),
        "licenseBeginDate": wire_date(issued),
        "licenseEnd": None,
        "activityId": {"id": 1, "activity": "Медицинская деятельность"},
        "licenserId": {"id": org.region_id, "licenser": f"Министерство здравоохранения ({org.region_id:02d})"},
    }


def building(org: Organization) -> dict[str, Any]:
    """The organisation's main building (``org/building``)."""
    r = random.Random(f"frmo-building:{org.mo_oid}")
    lat, lon = _PLACES.get(org.region_id, (55.0, 37.0))
    year = 1950 + r.randrange(70)
    return {
        "id": org_uid(org.mo_oid, "building|main"),
        "buildName": "Главный корпус",
        "buildYear": year,
        "beginDate": wire_date(date(year, 9, 1)),
        "floorCount": 2 + r.randrange(8),
        "hasTrouble": False,
        "capacityBeds": r.randrange(0, 300),
        "buildingAddress": {
            "addrRegion": REGION_NAMES.get(org.region_id, ""),
            "address": org.mo_address.address if org.mo_address else org.address,
            "latitude": round(lat + r.uniform(-0.1, 0.1), 6),
            "longitude": round(lon + r.uniform(-0.1, 0.1), 6),
        },
    }


def oms(org: Organization, year: int, department: bool) -> dict[str, Any]:
    """The organisation's (or its first department's) participation in compulsory medical insurance (OMS); the
    real fields are not public, so the record holds only what is plausible: a year and a flag."""
    label = "depart_oms" if department else "oms"
    return {"id": org_uid(org.mo_oid, f"{label}|{year}"), "year": year, "isOms": True}
