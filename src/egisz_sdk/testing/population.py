"""The synthetic population of the fake world: people and organisations with valid identifiers.

Everything is derived from one seed: the same seed gives the same people, organisations, logins and
object ids. Identifiers come from the SDK's own generators (``egisz_sdk.validators.<kind>.generate``), so
every value passes the validators exactly as the real registries would require.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from egisz_sdk import validators

__all__ = ["Organization", "Person", "Population", "generate_population"]

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
_CITIES = ("г. Москва", "г. Санкт-Петербург", "г. Казань", "г. Новосибирск", "г. Екатеринбург", "г. Самара")
_ORG_KINDS = (
    ("ГБУЗ", "Государственное бюджетное учреждение здравоохранения", "Городская поликлиника №"),
    ("ГАУЗ", "Государственное автономное учреждение здравоохранения", "Городская клиническая больница №"),
    ("ООО", "Общество с ограниченной ответственностью", "Медицинский центр Здоровье-"),
)
_ORG_OPF = {"ГБУЗ": "75203", "ГАУЗ": "75201", "ООО": "12300"}

Gender = Literal["M", "F"]


@dataclass(frozen=True)
class Person:
    """A synthetic person (all identifiers valid)."""

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
class Organization:
    """A synthetic organisation (legal entity) with valid OGRN/INN/KPP."""

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


@dataclass
class Population:
    """People and organisations of one seed."""

    seed: int
    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)

    def person(self, oid: int) -> Person | None:
        """The person with ``oid``."""
        return next((p for p in self.people if p.oid == oid), None)

    def organization(self, oid: int) -> Organization | None:
        """The organisation with ``oid``."""
        return next((o for o in self.organizations if o.oid == oid), None)

    def organizations_of(self, person_oid: int) -> list[Organization]:
        """Organisations the person is an employee of."""
        return [o for o in self.organizations if person_oid in o.members]


def _person(r: random.Random, oid: int, index: int) -> Person:
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
        birth_place=r.choice(_CITIES),
        snils=validators.get("snils").generate(random=r),
        inn=validators.get("inn").generate(random=r, kind="individual"),
        phone=validators.get("phone").generate(random=r),
        email=f"{latin}{'a' if gender == 'F' else ''}.{index}@example.test",
        passport_series=passport[:4],
        passport_number=passport[4:],
        passport_issued=issued,
        passport_issuer=f"ГУ МВД России по {r.choice(('г. Москве', 'Республике Татарстан', 'Самарской области'))}",
        passport_department=department,
    )


def generate_population(seed: int = 0, people: int = 20, organizations: int = 4) -> Population:
    """Build the population of ``seed``: ``people`` persons and ``organizations`` organisations.

    Person oids start at 1000000001, organisation oids at 1000500001; each organisation has two or three
    members drawn from the population (the first person of the population is a member of the first one).
    """
    r = random.Random(f"population:{seed}")
    pop = Population(seed=seed)
    for i in range(people):
        pop.people.append(_person(r, 1_000_000_001 + i, i + 1))
    for j in range(organizations):
        short_kind, long_kind, stem = _ORG_KINDS[j % len(_ORG_KINDS)]
        number = r.randrange(1, 200)
        name = f"{stem}{number}"
        inn = validators.get("inn").generate(random=r, kind="legal")
        members = sorted({pop.people[0].oid} | {pop.people[(j * 3 + k) % len(pop.people)].oid for k in range(1, 3)})
        pop.organizations.append(
            Organization(
                oid=1_000_500_001 + j,
                short_name=f"{short_kind} «{name}»",
                full_name=f"{long_kind} «{name}»",
                ogrn=validators.get("ogrn").generate(random=r),
                inn=inn,
                kpp=validators.get("kpp").generate(random=r),
                okopf=_ORG_OPF[short_kind],
                address=f"{r.choice(_CITIES)}, ул. Лесная, д. {r.randrange(1, 120)}",
                members=tuple(members),
                chief_oid=members[0] if members else None,
            )
        )
    return pop
