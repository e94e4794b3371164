"""People of the synthetic population: names, birth data, SNILS, INN, phone, e-mail and passport.

Every identifier comes from the SDK's own generators (``egisz_sdk.validators.<kind>.generate``), so every value
passes the validators exactly as the real registries require. Person ``i`` of a seed is always the same person.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from egisz_sdk import validators
from egisz_sdk.testing.population._records import Gender, Person

__all__ = ["CITIES", "make_person"]

#: SNILS bodies and phone numbers are a bijection of the person's index (unique in a population of any size).
_SNILS_SPAN = 899_999_999
_STEP = 7919

_MALE_FIRST = ("Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Иван", "Николай", "Павел", "Олег")
_FEMALE_FIRST = ("Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Мария", "Светлана", "Юлия", "Екатерина")
_FATHER = ("Александр", "Сергей", "Владимир", "Николай", "Иван", "Петр", "Михаил", "Андрей", "Юрий", "Виктор")
_PATRONYMIC_M = {
    "Александр": "Александрович",
    "Сергей": "Сергеевич",
    "Владимир": "Владимирович",
    "Николай": "Николаевич",
    "Иван": "Иванович",
    "Петр": "Петрович",
    "Михаил": "Михайлович",
    "Андрей": "Андреевич",
    "Юрий": "Юрьевич",
    "Виктор": "Викторович",
}
_PATRONYMIC_F = {k: v[:-2] + "на" for k, v in _PATRONYMIC_M.items()}
_SURNAMES = (
    ("Иванов", "Иванова", "ivanov"),
    ("Смирнов", "Смирнова", "smirnov"),
    ("Кузнецов", "Кузнецова", "kuznetsov"),
    ("Попов", "Попова", "popov"),
    ("Соколов", "Соколова", "sokolov"),
    ("Лебедев", "Лебедева", "lebedev"),
    ("Новиков", "Новикова", "novikov"),
    ("Морозов", "Морозова", "morozov"),
    ("Волков", "Волкова", "volkov"),
    ("Федоров", "Федорова", "fedorov"),
)
#: Cities people are born in.
CITIES = ("г. Москва", "г. Санкт-Петербург", "г. Казань", "г. Новосибирск", "г. Екатеринбург", "г. Самара")


def make_person(seed: int, index: int) -> Person:
    """Person ``index`` (0-based) of the population of ``seed``; its ESIA oid is ``1000000001 + index``."""
    r = random.Random(f"person:{seed}:{index}")
    oid = 1_000_000_001 + index
    gender: Gender = "M" if r.random() < 0.5 else "F"
    first = r.choice(_MALE_FIRST if gender == "M" else _FEMALE_FIRST)
    father = r.choice(_FATHER)
    middle = (_PATRONYMIC_M if gender == "M" else _PATRONYMIC_F)[father]
    male, female, latin = r.choice(_SURNAMES)
    last = male if gender == "M" else female
    birth = date(1950, 1, 1) + timedelta(days=r.randrange(0, 365 * 50))
    issued = max(birth + timedelta(days=365 * 20 + r.randrange(0, 365 * 5)), date(1997, 10, 1))
    passport = validators.get("passport").generate(random=r)
    department = f"{r.randrange(100, 1000)}-{r.randrange(0, 1000):03d}"
    return Person(
        oid=oid,
        last_name=last,
        first_name=first,
        middle_name=middle,
        gender=gender,
        birth_date=birth,
        birth_place=r.choice(CITIES),
        snils=_snils(seed, index),
        inn=validators.get("inn").generate(random=r, kind="individual"),
        phone=_phone(seed, index),
        email=f"{latin}{'a' if gender == 'F' else ''}.{index + 1}@example.test",
        passport_series=passport[:4],
        passport_number=passport[4:],
        passport_issued=issued,
        passport_issuer=f"ГУ МВД России по {r.choice(('г. Москве', 'Республике Татарстан', 'Самарской области'))}",
        passport_department=department,
    )


def _offset(seed: int, label: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{label}:{seed}".encode()).digest()[:8], "big")


def _snils(seed: int, index: int) -> str:
    body = str(100_000_000 + (index * _STEP + _offset(seed, "snils")) % _SNILS_SPAN)
    return body + validators.snils.calc_check_digits(body)


def _phone(seed: int, index: int) -> str:
    return f"+79{(index * _STEP + _offset(seed, 'phone')) % 1_000_000_000:09d}"
