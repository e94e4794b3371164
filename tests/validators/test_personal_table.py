"""Table tests for the personal-data validators: valid inputs with their canonical forms, invalid ones with codes."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from egisz_sdk.errors import InvalidIdentifier, ValidationError
from egisz_sdk.validators import dates, get, okfs, okopf, passport, password, person, phone

VALID = [
    ("passport", "45 06 123456", "4506123456"),
    ("passport", "4506 123456", "4506123456"),
    ("passport", "45 06 № 123456", "4506123456"),
    ("passport", "4597-000001", "4597000001"),
    ("passport", " 0100 999999 ", "0100999999"),
    ("okfs", "16", "16"),
    ("okfs", " 14 ", "14"),
    ("okfs", "61", "61"),
    ("okopf", "1 22 47", "12247"),
    ("okopf", "75403", "75403"),
    ("okopf", "50102", "50102"),
    ("phone", "8 (912) 345-67-89", "+79123456789"),
    ("phone", "+7 912 345 67 89", "+79123456789"),
    ("phone", "89123456789", "+79123456789"),
    ("phone", "7-912-345-67-89", "+79123456789"),
    ("phone", "+7(495)1234567", "+74951234567"),
    ("phone", "9123456789", "+79123456789"),
    ("phone", "8 800 555-35-35", "+78005553535"),
    ("email", "ivan@example.ru", "ivan@example.ru"),
    ("email", "  Ivan.Petrov@Example.RU ", "Ivan.Petrov@example.ru"),
    ("email", "a+tag@mail.example.com", "a+tag@mail.example.com"),
    ("email", "админ@Почта.РФ", "админ@почта.рф"),
    ("email", "o'brien@xn--80ak6aa92e.com", "o'brien@xn--80ak6aa92e.com"),
    ("person", "Иванов", "Иванов"),
    ("person", "  иванова-петрова ", "иванова-петрова"),
    ("person", "Д’Артаньян", "Д'Артаньян"),
    ("person", "Гусейн  оглы", "Гусейн оглы"),
    ("person", "Ёлкин", "Ёлкин"),
    ("dates", "07.03.1985", "1985-03-07"),
    ("dates", "07031985", "1985-03-07"),
    ("dates", "1985-03-07", "1985-03-07"),
    ("dates", "29.02.2000", "2000-02-29"),
    ("dates", "01.01.1900", "1900-01-01"),
    ("password", "Qwerty!23", "Qwerty!23"),
    ("password", "Пароль_2024", "Пароль_2024"),
]

INVALID = [
    ("passport", "00 06 123456", "passport.region"),
    ("passport", "45 50 123456", "passport.year"),
    ("passport", "45 96 123456", "passport.year"),
    ("passport", "45 06 000000", "passport.number"),
    ("passport", "45 06 12345", "passport.length"),
    ("passport", "45 06 12345A", "passport.format"),
    ("passport", "45.06.123456", "passport.format"),
    ("okfs", "99", "okfs.unknown"),
    ("okfs", "1", "okfs.length"),
    ("okfs", "1A", "okfs.format"),
    ("okopf", "12345", "okopf.unknown"),
    ("okopf", "1 22 4", "okopf.length"),
    ("phone", "+380 44 123 45 67", "phone.country"),
    ("phone", "+1 202 555 0100", "phone.country"),
    ("phone", "38044123456", "phone.country"),
    ("phone", "+7 701 123 45 67", "phone.country"),
    ("phone", "8 (512) 345-67-89", "phone.prefix"),
    ("phone", "+7 912 345 67 8", "phone.length"),
    ("phone", "8 912 345 67 899", "phone.length"),
    ("phone", "8 912 ABC 67 89", "phone.format"),
    ("phone", "8.912.345.67.89", "phone.format"),
    ("phone", "7+9123456789", "phone.format"),
    ("phone", "+", "phone.empty"),
    ("email", "ivan.example.ru", "email.at"),
    ("email", "a@b@example.ru", "email.at"),
    ("email", "@example.ru", "email.local"),
    ("email", ".ivan@example.ru", "email.local"),
    ("email", "iv..an@example.ru", "email.local"),
    ("email", "ivan.@example.ru", "email.local"),
    ("email", "i" * 65 + "@example.ru", "email.local"),
    ("email", "ivan@example", "email.domain"),
    ("email", "ivan@-example.ru", "email.domain"),
    ("email", "ivan@example..ru", "email.domain"),
    ("email", "ivan@example.123", "email.domain"),
    ("email", "ivan@" + "a" * 64 + ".ru", "email.domain"),
    ("email", "iv an@example.ru", "email.format"),
    ("email", '"ivan"@example.ru', "email.format"),
    ("email", "ivan@[10.0.0.1]", "email.format"),
    ("email", "ivan@exa_mple.ru", "email.format"),
    ("person", "Ивaнов", "person.mixed_script"),
    ("person", "Пётр Ivanov", "person.mixed_script"),
    ("person", "Ivanov", "person.script"),
    ("person", "Иван0в", "person.digit"),
    ("person", "Иван²", "person.digit"),
    ("person", "Иванов!", "person.format"),
    ("person", "Иван\nов", "person.format"),
    ("person", "Иван\tов", "person.format"),
    ("person", "-Иванов", "person.punctuation"),
    ("person", "Иванов-", "person.punctuation"),
    ("person", "Иванова--Петрова", "person.punctuation"),
    ("person", "Иванова- Петрова", "person.punctuation"),
    ("person", "Я" * 101, "person.length"),
    ("dates", "31.02.2020", "dates.calendar"),
    ("dates", "29.02.2023", "dates.calendar"),
    ("dates", "2020-13-01", "dates.calendar"),
    ("dates", "00.01.2020", "dates.calendar"),
    ("dates", "7.3.1985", "dates.format"),
    ("dates", "1985/03/07", "dates.format"),
    ("dates", "07.03.85", "dates.format"),
    ("dates", "０７.03.1985", "dates.format"),
    ("dates", "31.12.1899", "dates.range"),
    ("dates", "01.01.2999", "dates.range"),
    ("password", "qwerty", "password.too_short"),
    ("password", "qwertyuiop", "password.no_upper"),
    ("password", "QWERTYUIOP1!", "password.no_lower"),
    ("password", "Qwertyuiop!", "password.no_digit"),
    ("password", "Qwertyuiop1", "password.no_special"),
    ("password", "", "password.empty"),
]


@pytest.mark.parametrize(("kind", "given", "canonical"), VALID)
def test_valid(kind: str, given: str, canonical: str) -> None:
    module = get(kind)
    assert module.validate(given) == canonical
    assert module.is_valid(given) is True
    assert module.normalize(canonical) == canonical


@pytest.mark.parametrize(("kind", "given", "code"), INVALID)
def test_invalid(kind: str, given: str, code: str) -> None:
    module = get(kind)
    with pytest.raises(ValidationError) as info:
        module.validate(given)
    assert info.value.code == code
    assert info.value.field
    assert module.is_valid(given) is False
    # the message is rendered in both languages, with no unfilled template fields
    assert "{" not in info.value.message_ru and "{" not in info.value.message_en


@pytest.mark.parametrize(
    ("kind", "value", "printed"),
    [
        ("passport", "4506123456", "45 06 123456"),
        ("okopf", "12247", "1 22 47"),
        ("okfs", "16", "16"),
        ("phone", "89123456789", "+7 (912) 345-67-89"),
        ("email", "A@B.RU", "A@b.ru"),
        ("person", "иванова-петрова", "Иванова-Петрова"),
        ("person", "ИВАНОВ", "Иванов"),
        ("person", "мамедов гусейн оглы", "Мамедов Гусейн оглы"),
        ("dates", "1985-03-07", "07.03.1985"),
    ],
)
def test_format(kind: str, value: str, printed: str) -> None:
    assert get(kind).format(value) == printed


def test_identifier_kinds_raise_invalid_identifier() -> None:
    for module, bad in ((passport, "00 06 123456"), (okfs, "99"), (okopf, "99999"), (phone, "+1 202 555 0100")):
        with pytest.raises(InvalidIdentifier):
            module.validate(bad)


def test_department_code() -> None:
    assert passport.validate_department_code("770-001") == "770001"
    assert passport.validate_department_code(" 770 001 ") == "770001"
    assert passport.format_department_code("770001") == "770-001"
    cases = {
        "000-001": "passport.department_region",
        "770-0011": "passport.department_length",
        "77O-001": "passport.department_format",
        "": "passport.department_empty",
    }
    for bad, code in cases.items():
        with pytest.raises(InvalidIdentifier) as info:
            passport.validate_department_code(bad)
        assert info.value.code == code
        assert not passport.is_valid_department_code(bad)
    with pytest.raises(InvalidIdentifier) as info:
        passport.validate_department_code(770001)
    assert info.value.code == "passport.department_type"
    r = random.Random(3)
    for _ in range(200):
        assert passport.is_valid_department_code(passport.generate_department_code(r))


def test_classifier_names_and_tables() -> None:
    assert okfs.name("16") == "Частная собственность"
    assert okfs.name("14") == "Муниципальная собственность"
    assert okopf.name("1 22 47") == "Публичные акционерные общества"
    assert okopf.name("75403") == "Муниципальные бюджетные учреждения"
    assert len(okfs.codes()) >= 30 and all(len(c) == 2 for c in okfs.codes())
    assert len(okopf.codes()) >= 100 and all(len(c) == 5 for c in okopf.codes())
    with pytest.raises(InvalidIdentifier) as info:
        okopf.name("99999")
    assert info.value.code == "okopf.unknown" and info.value.params["given"] == "99999"


def test_full_name() -> None:
    full = person.validate_full_name("  иванов   иван  иванович ")
    assert full == person.FullName("иванов", "иван", "иванович")
    assert full.formatted() == "Иванов Иван Иванович"
    assert person.validate_full_name("Петрова Анна").patronymic is None
    assert person.validate_full_name("Мамедов Али Гусейн оглы").patronymic == "Гусейн оглы"
    for bad, code in (
        ("Иванов", "person.full_name"),
        ("Иванов Ivan", "person.script"),
        ("Иванов Иван2", "person.digit"),
    ):
        with pytest.raises(ValidationError) as info:
            person.validate_full_name(bad)
        assert info.value.code == code
        assert not person.is_valid_full_name(bad)


def test_dates_kinds_and_bounds() -> None:
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert dates.validate(today.isoformat()) == today.isoformat()
    with pytest.raises(ValidationError) as info:
        dates.validate(tomorrow)  # birth dates end today
    assert info.value.code == "dates.range"
    assert dates.validate(tomorrow, kind="document") == tomorrow
    assert dates.validate("01.01.1850", kind="any") == "1850-01-01"
    assert dates.validate("01.01.2020", min_date="2019-12-31", max_date=dt.date(2020, 1, 1)) == "2020-01-01"
    with pytest.raises(ValidationError) as info:
        dates.validate("01.01.2020", min_date="02.01.2020")
    assert info.value.code == "dates.range" and info.value.params["min"] == "2020-01-02"
    with pytest.raises(ValidationError) as info:
        dates.validate("01.01.2020", kind="nonsense")  # type: ignore[arg-type]
    assert info.value.code == "dates.kind"
    assert dates.to_date("07031985") == dt.date(1985, 3, 7)
    assert dates.validate(dt.date(1985, 3, 7)) == "1985-03-07"
    with pytest.raises(ValidationError) as info:
        dates.validate(dt.datetime(1985, 3, 7, 12, 0))
    assert info.value.code == "dates.type"


def test_password_reports_every_failure_and_never_the_password() -> None:
    secret = "abc"
    with pytest.raises(ValidationError) as info:
        password.validate(secret)
    exc = info.value
    assert exc.code == "password.too_short"
    assert exc.params["failures"] == (
        "password.too_short",
        "password.no_upper",
        "password.no_digit",
        "password.no_special",
    )
    assert exc.value is None
    for text in (str(exc), repr(exc), exc.message_ru, exc.message_en, repr(exc.to_dict()), repr(exc.params)):
        assert secret not in text
    assert "нет заглавной буквы" in exc.message_ru and "no digit" in exc.message_en


def test_password_policy_is_configurable() -> None:
    lax = password.PasswordPolicy(min_length=4, special=False, upper=False)
    assert password.validate("abc1", policy=lax) == "abc1"
    assert not password.is_valid("abc1")
    strict = password.PasswordPolicy(min_length=12, max_length=16)
    with pytest.raises(ValidationError) as info:
        password.validate("Qwerty!23", policy=strict)
    assert info.value.code == "password.too_short"
    with pytest.raises(ValidationError) as info:
        password.validate("Qwerty!23" * 2, policy=strict)
    assert info.value.code == "password.too_long"
    with pytest.raises(ValidationError) as info:
        password.PasswordPolicy(min_length=0)
    assert info.value.code == "password.policy"
    with pytest.raises(ValidationError):
        password.PasswordPolicy(min_length=10, max_length=8)
    assert password.format("Qwerty!23") == "********"
    assert "Qwerty" not in repr(strict)
