"""Medical organisations of the synthetic population, their departments and staff schedules.

Organisation ``j`` of a seed is always the same: FRMO OID ``1.2.643.5.1.13.13.12.2.<region>.<n>``, INN, KPP and
OGRN generated for its region by the SDK's validators, an address in that region, a type, OKOPF and OKFS codes
from the validators' tables, and departments ``<OID>.0.<n>`` (some with hospital beds, some liquidated).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Final

from egisz_sdk import validators
from egisz_sdk.testing.population._records import (
    Address,
    Beds,
    Department,
    HospitalSubdivision,
    Organization,
)

__all__ = ["MO_OID_PREFIX", "POSTS", "REGIONS", "make_departments", "make_organization", "org_uid"]

#: Every FRMO organisation OID starts with this.
MO_OID_PREFIX: Final = "1.2.643.5.1.13.13.12.2"

#: (region code, subject of the Federation, city, first digits of the postal index).
REGIONS: Final = (
    (77, "г. Москва", "г. Москва", "101"),
    (78, "г. Санкт-Петербург", "г. Санкт-Петербург", "190"),
    (16, "Республика Татарстан", "г. Казань", "420"),
    (54, "Новосибирская область", "г. Новосибирск", "630"),
    (66, "Свердловская область", "г. Екатеринбург", "620"),
    (63, "Самарская область", "г. Самара", "443"),
    (31, "Белгородская область", "г. Белгород", "308"),
    (61, "Ростовская область", "г. Ростов-на-Дону", "344"),
)

#: (short form, full form, name stem, OKOPF, OKFS, organisation type code, type name).
_KINDS: Final = (
    ("ГБУЗ", "Государственное бюджетное учреждение здравоохранения", "Городская поликлиника №", "75203", "13", 1,
     "Поликлиника"),
    ("ГАУЗ", "Государственное автономное учреждение здравоохранения", "Городская клиническая больница №", "75201",
     "13", 2, "Больница"),
    ("ООО", "Общество с ограниченной ответственностью", "Медицинский центр Здоровье-", "12300", "16", 3,
     "Медицинский центр"),
)  # fmt: skip

#: Positions (``postId``, name) used for employment cards and staff schedules: rows of the positions dictionary
#: shipped as 1.2.643.5.1.13.13.11.1102 (``egisz_sdk.nsi.data``; a test checks each code and name against it).
POSTS: Final = (
    (110, "врач-терапевт участковый"),
    (122, "врач-хирург"),
    (59, "врач-педиатр участковый"),
    (34, "врач-кардиолог"),
    (45, "врач-невролог"),
    (159, "медицинская сестра"),
    (164, "медицинская сестра палатная (постовая)"),
    (195, "фельдшер"),
)

#: (depart type id, type, kind id, kind, name) of the departments an organisation gets, in order.
_DEPARTMENTS: Final = (
    (1, "Амбулаторное", 1, "Основное", "Терапевтическое отделение"),
    (2, "Стационарное", 1, "Основное", "Хирургическое отделение"),
    (1, "Амбулаторное", 2, "Вспомогательное", "Кабинет функциональной диагностики"),
    (2, "Стационарное", 1, "Основное", "Кардиологическое отделение"),
    (1, "Амбулаторное", 1, "Основное", "Педиатрическое отделение"),
    (3, "Дневной стационар", 1, "Основное", "Дневной стационар"),
)
_BED_PROFILES: Final = ((1, "терапевтические"), (2, "хирургические"), (3, "кардиологические"))


def org_uid(mo_oid: str, label: str) -> str:
    """A GUID (``entityId``) derived from the organisation and a label: stable for one seed."""
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{mo_oid}|{label}"))


def make_organization(seed: int, index: int, members: tuple[int, ...], reference: date) -> Organization:
    """Organisation ``index`` of the population of ``seed`` (``members``: ESIA oids of its employees in ESIA)."""
    r = random.Random(f"organization:{seed}:{index}")
    short_kind, long_kind, stem, okopf, okfs, type_code, type_name = _KINDS[index % len(_KINDS)]
    region, subject, city, post_prefix = REGIONS[r.randrange(len(REGIONS))]
    name = f"{stem}{r.randrange(1, 200)}"
    code = f"{region:02d}"
    post_index = f"{post_prefix}{r.randrange(0, 1000):03d}"
    street = f"{city}, ул. Лесная, д. {r.randrange(1, 120)}"
    delete_date = reference - timedelta(days=r.randrange(30, 900)) if index % 10 == 9 else None
    return Organization(
        oid=1_000_500_001 + index,
        short_name=f"{short_kind} «{name}»",
        full_name=f"{long_kind} «{name}»",
        ogrn=validators.ogrn.generate(random=r, region=code),
        inn=validators.inn.generate(random=r, kind="legal", region=code),
        kpp=validators.kpp.generate(random=r, region=code),
        okopf=okopf,
        address=street,
        members=members,
        chief_oid=members[0] if members else None,
        mo_oid=f"{MO_OID_PREFIX}.{region}.{1000 + index * 7 + r.randrange(7)}",
        region_id=region,
        mo_address=Address(address=f"{post_index}, {subject}, {street}", addr_region=region, post_index=post_index),
        org_type_code=type_code,
        org_type_name=type_name,
        okfs=okfs,
        delete_date=delete_date,
    )


def make_departments(seed: int, org: Organization, count: int, reference: date) -> tuple[Department, ...]:
    """The ``count`` departments of ``org``: inpatient ones have hospital subdivisions with beds; of three or
    more departments the last one is liquidated."""
    r = random.Random(f"departments:{seed}:{org.mo_oid}")
    out = []
    numbers = r.sample(range(100_000, 999_999), count)
    for k in range(count):
        type_id, type_name, kind_id, kind_name, name = _DEPARTMENTS[k % len(_DEPARTMENTS)]
        oid = f"{org.mo_oid}.0.{numbers[k]}"
        subdivisions: tuple[HospitalSubdivision, ...] = ()
        if type_id == 2:
            profile_id, profile = _BED_PROFILES[k % len(_BED_PROFILES)]
            beds = (Beds(bed_profile_id=profile_id, bed_profile=profile, bed_count=r.randrange(10, 61)),)
            subdivisions = (HospitalSubdivision(oid=f"{oid}.1", subdivision_name=f"{name}, пост 1", beds=beds),)
        liquidated = count >= 3 and k == count - 1
        out.append(
            Department(
                oid=oid,
                mo_oid=org.mo_oid,
                depart_name=name,
                depart_type_id=type_id,
                depart_type=type_name,
                depart_kind_id=kind_id,
                depart_kind=kind_name,
                hospital_subdivisions=subdivisions,
                liquidation_date=reference - timedelta(days=r.randrange(10, 400)) if liquidated else None,
            )
        )
    return tuple(out)
