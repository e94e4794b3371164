"""Sample FRMR bodies for the fake-FRMR tests (wire names)."""

from __future__ import annotations

import random
from typing import Any

from egisz_sdk import validators
from egisz_sdk.testing import World


def fresh_snils(world: World, salt: int = 0) -> str:
    """A valid SNILS no worker of ``world`` has."""
    rng = random.Random(f"fresh:{salt}")
    while True:
        value: str = validators.snils.generate(rng)
        if world.frmr.by_snils(value) is None:
            return value


def new_person(world: World, salt: int = 0, **changes: Any) -> dict[str, Any]:
    """A person body FRMR takes (wire names)."""
    body = {
        "lastName": "Тестова",
        "firstName": "Анна",
        "patronymic": "Сергеевна",
        "gender": 2,
        "birthDate": "1990-04-12",
        "snils": fresh_snils(world, salt),
        "inn": validators.inn.generate(random.Random(salt), kind="individual"),
        "citizenShipId": {"code": 1, "name": "Гражданин Российской Федерации"},
        "isMedicalWorker": True,
        "documents": [
            {"documentId": 14, "serial": "4510", "number": f"{100000 + salt}", "passDate": "2010-05-01",
             "passOrg": "ОВД"}
        ],
    }  # fmt: skip
    body.update(changes)
    return body


def new_card(world: World, mo: str, **changes: Any) -> dict[str, Any]:
    """A card body at organisation ``mo`` in its first live department."""
    department = next(d for d in world.population.departments_of(mo) if not d.liquidated)
    body = {
        "organization": mo,
        "nrPmuDepartId": department.oid,
        "contractNumber": "17/к",
        "contractDate": "2024-02-01",
        "fedPositionId": 109,
        "positionTypeId": 1,
        "postId": 109,
        "rate": 1.0,
        "beginDate": "2024-02-01",
    }
    body.update(changes)
    return body
