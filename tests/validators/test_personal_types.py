"""Pydantic types of the personal-data kinds, and the docstring examples of their modules."""

from __future__ import annotations

import doctest
import importlib

import pydantic
import pytest
from pydantic import BaseModel

from egisz_sdk.validators import types


class Worker(BaseModel):
    passport: types.Passport
    department: types.DepartmentCode
    okfs: types.Okfs
    okopf: types.Okopf
    phone: types.Phone
    email: types.Email
    surname: types.PersonNamePart
    birth_date: types.RuDate


GOOD = {
    "passport": "45 06 № 123456",
    "department": "770-001",
    "okfs": "16",
    "okopf": "1 22 47",
    "phone": "8 (912) 345-67-89",
    "email": " Ivan@Example.RU ",
    "surname": "  Иванова-Петрова ",
    "birth_date": "07.03.1985",
}


def test_types_store_canonical_forms() -> None:
    worker = Worker(**GOOD)
    assert worker.model_dump() == {
        "passport": "4506123456",
        "department": "770001",
        "okfs": "16",
        "okopf": "12247",
        "phone": "+79123456789",
        "email": "Ivan@example.ru",
        "surname": "Иванова-Петрова",
        "birth_date": "1985-03-07",
    }


@pytest.mark.parametrize(
    ("field", "bad", "code"),
    [
        ("passport", "00 06 123456", "passport.region"),
        ("department", "000-001", "passport.department_region"),
        ("okfs", "99", "okfs.unknown"),
        ("okopf", "12345", "okopf.unknown"),
        ("phone", "+380441234567", "phone.country"),
        ("email", "ivan@localhost", "email.domain"),
        ("surname", "Ивaнова", "person.mixed_script"),
        ("birth_date", "31.02.1985", "dates.calendar"),
        ("birth_date", 19850307, "dates.type"),
    ],
)
def test_types_report_sdk_codes(field: str, bad: object, code: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Worker(**{**GOOD, field: bad})
    error = info.value.errors()[0]
    assert error["type"] == code
    assert error["loc"] == (field,)
    assert error["ctx"]["message_ru"]


def test_json_schema_has_patterns_and_examples() -> None:
    schema = Worker.model_json_schema()["properties"]
    assert schema["phone"]["pattern"] == r"^\+7[3489][0-9]{9}$"
    assert schema["passport"]["examples"] == ["4506123456"]
    assert schema["email"]["format"] == "idn-email"
    assert schema["birth_date"]["format"] == "date"
    import re

    for field, value in Worker(**GOOD).model_dump().items():
        pattern = schema[field].get("pattern")
        if pattern:
            assert re.fullmatch(pattern, value), field


def test_types_are_exported() -> None:
    for name in ("DepartmentCode", "Email", "Okfs", "Okopf", "Passport", "PersonNamePart", "Phone", "RuDate"):
        assert name in types.__all__


@pytest.mark.parametrize("kind", ["passport", "okfs", "okopf", "phone", "email", "person", "dates", "password"])
def test_docstring_examples_run(kind: str) -> None:
    module = importlib.import_module(f"egisz_sdk.validators.{kind}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
