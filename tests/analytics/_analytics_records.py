"""Export records for the analytics tests, written by hand from registries.md (wire names), plus the population
of the fake world rendered the same way (``population_records``)."""

from __future__ import annotations

from typing import Any

MO = "1.2.643.5.1.13.13.12.2.77.7800"
DEP_A = MO + ".0.100001"
DEP_B = MO + ".0.100002"


def person(oid: str, snils: str, last: str, cards: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "mo": MO,
        "person": {
            "oid": oid,
            "snils": snils,
            "lastName": last,
            "firstName": "Анна",
            "birthDate": "1980-05-01",
            "gender": 2,
            "personCard": cards,
            **more,
        },
    }


def card(
    cid: str, post: int, depart: str, rate: float, begin: str, end: str | None = None, **more: Any
) -> dict[str, Any]:
    out = {
        "id": cid,
        "organization": MO,
        "nrPmuDepartId": depart,
        "nrPmuDepartName": "Отд " + depart[-1],
        "postId": post,
        "postName": f"пост {post}",
        "positionTypeId": 1,
        "rate": rate,
        "beginDate": begin,
        **more,
    }
    if end:
        out["endDate"] = end
        out["endTypeId"] = 1
    return out


def frmr_records() -> list[dict[str, Any]]:
    cert = {
        "certId": "c1",
        "certNumber": "123",
        "examDate": "2021-10-01",
        "passDate": "2021-10-05",
        "endDate": "2026-10-05",
        "specId": 27,
        "specName": "Терапия",
        "institutionId": 101,
    }
    accreditation = {
        "id": "a1",
        "regNumber": "7777",
        "accreditationProcedures": [
            {"accreditationKindId": 2, "specId": 46, "passed": True, "passDate": "2021-08-01", "endDate": "2026-08-20"}
        ],
    }
    prof = {"profId": "p1", "docNumber": "9", "docDate": "2000-06-30", "specId": 27, "specName": "Лечебное дело"}
    return [
        person(
            "2022.0000001",
            "11223344595",
            "Иванова",
            [card("k1", 109, DEP_A, 1.0, "2015-01-10"), card("k2", 110, DEP_B, 0.5, "2020-02-01", positionTypeId=2)],
            educationCert=[cert],
            personAccreditation=[accreditation],
            educationProf=[prof],
        ),
        person("2022.0000002", "11223344596", "Петрова", [card("k3", 109, DEP_A, 0.75, "2018-03-01", "2026-08-31")]),
        person("2022.0000003", "08765430300", "Сидорова", [card("k4", 999, DEP_A, 1.0, "2026-08-15")]),
        person("2022.0000004", "", "Безкарточная", []),
    ]


def frmo_records() -> list[dict[str, Any]]:
    return [
        {
            "org": {
                "oid": MO,
                "nameShort": "ГБУЗ «ГП №1»",
                "nameFull": "ГБУЗ «Городская поликлиника №1»",
                "regionId": {"id": 77, "region": "г. Москва"},
            },
            "departments": [
                {
                    "oid": DEP_A,
                    "departName": "Терапевтическое",
                    "departTypeId": {"id": 1, "departType": "Амбулаторное"},
                    "departKindId": {"id": 1, "departKind": "Основное"},
                },
                {
                    "oid": DEP_B,
                    "departName": "Хирургическое",
                    "departTypeId": {"id": 2, "departType": "Стационарное"},
                    "departKindId": {"id": 1, "departKind": "Основное"},
                    "liquidationDate": "2025-12-31",
                    "departHospital": {
                        "hospitalSubdivision": [
                            {
                                "oid": DEP_B + ".1",
                                "hospitalSubdivisionBeds": [
                                    {"bedProfileId": {"id": 2, "bedProfile": "хирургические"}, "bedCount": 30},
                                    {"bedProfileId": 1, "bedCount": 5},
                                ],
                            }
                        ]
                    },
                },
            ],
            "staff": [
                {
                    "staffId": "s2025",
                    "staffNum": "ШР-2025",
                    "beginDate": "2025-01-01",
                    "endDate": "2025-12-31",
                    "staffDetails": [
                        {
                            "nrPmuDepartId": DEP_A,
                            "departName": "Терапевтическое",
                            "post": {"code": 109, "name": "врач-терапевт участковый"},
                            "rate": 9,
                            "busyRate": 1,
                        }
                    ],
                },
                {
                    "staffId": "s2026",
                    "staffNum": "ШР-2026",
                    "beginDate": "2026-01-01",
                    "endDate": "2026-12-31",
                    "staffDetails": [
                        {
                            "nrPmuDepartId": DEP_A,
                            "departName": "Терапевтическое",
                            "post": {"code": 109, "name": "врач-терапевт участковый"},
                            "rate": 3,
                            "busyRate": 1.75,
                            "vacancy": 99,
                        },
                        {
                            "nrPmuDepartId": DEP_B,
                            "departName": "Хирургическое",
                            "post": {"code": 110, "name": "врач-хирург"},
                            "rate": 2,
                            "busyRate": 0.5,
                            "vacancy": 1.5,
                        },
                    ],
                },
            ],
        }
    ]
