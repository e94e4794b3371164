"""Table tests: every valid and invalid example of the reference (tests/vectors/identifiers.json)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators import bik, get, inn, ogrn, oid

DATA: dict[str, Any] = json.loads((VECTORS / "identifiers.json").read_text(encoding="utf-8"))
VALID = [(kind, given, canonical) for kind, body in DATA["kinds"].items() for given, canonical in body["valid"]]
INVALID = [(kind, given, code) for kind, body in DATA["kinds"].items() for given, code in body["invalid"]]


@pytest.mark.parametrize(("kind", "given", "canonical"), VALID)
def test_valid_examples(kind: str, given: str, canonical: str) -> None:
    module = get(kind)
    assert module.validate(given) == canonical
    assert module.is_valid(given) is True
    assert module.normalize(given) == canonical
    assert module.normalize(module.format(given)) == canonical


@pytest.mark.parametrize(("kind", "given", "code"), INVALID)
def test_invalid_examples(kind: str, given: str, code: str) -> None:
    module = get(kind)
    with pytest.raises(InvalidIdentifier) as info:
        module.validate(given)
    assert info.value.code == code
    assert info.value.field == kind
    assert module.is_valid(given) is False


def test_checksum_errors_carry_expected_and_given() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        inn.validate("500100732202")
    assert info.value.code == "inn.checksum.11"
    assert info.value.params == {"expected": "5", "given": "0"}
    with pytest.raises(InvalidIdentifier) as info:
        get("snils").validate("112-233-445 96")
    assert info.value.params == {"expected": "95", "given": "96"}
    assert "95" in info.value.message_ru and "96" in info.value.message_en


def test_inn_second_check_digit_is_reported_as_12th() -> None:
    valid = "500100732259"
    with pytest.raises(InvalidIdentifier) as info:
        inn.validate(valid[:11] + "0")
    assert info.value.code == "inn.checksum.12"
    assert info.value.params == {"expected": "9", "given": "0"}


def test_inn_kind_restricts_length() -> None:
    assert inn.validate("7707083893", kind="legal") == "7707083893"
    assert inn.validate("500100732259", kind="individual") == "500100732259"
    with pytest.raises(InvalidIdentifier) as info:
        inn.validate("7707083893", kind="individual")
    assert info.value.code == "inn.length"
    assert info.value.params["expected"] == "12"
    assert inn.is_valid("500100732259", kind="legal") is False
    with pytest.raises(ValueError, match=r"identifier\.argument"):
        inn.validate("7707083893", kind="company")  # type: ignore[arg-type]


def test_inn_digits_three_and_four_are_not_checked() -> None:
    for office in ("00", "99", "57"):
        body = "77" + office + "08389"
        value = body + inn.calc_check_digits(body)
        assert inn.is_valid(value), value


@pytest.mark.parametrize(("account", "bik_value", "code"), DATA["accounts"])
def test_accounts(account: str, bik_value: str, code: str | None) -> None:
    if code is None:
        assert bik.validate_account(account, bik_value) == account
        assert bik.is_valid_account(account, bik_value)
        return
    with pytest.raises(InvalidIdentifier) as info:
        bik.validate_account(account, bik_value)
    assert info.value.code == code
    assert not bik.is_valid_account(account, bik_value)


def test_account_checksum_params() -> None:
    with pytest.raises(InvalidIdentifier) as info:
        bik.validate_account("30101810500000000225", "044525225")
    assert info.value.params == {"expected": "4", "given": "5", "bik": "044525225"}


def test_generated_accounts_validate_and_every_key_substitution_is_detected() -> None:
    r = random.Random(5)
    for correspondent in (False, True):
        for _ in range(100):
            b = bik.generate(r)
            account = bik.generate_account(r, bik=b, correspondent=correspondent)
            assert account.startswith("301" if correspondent else "407")
            assert bik.validate_account(account, b) == account
            for d in "0123456789":
                if d != account[8]:
                    assert not bik.is_valid_account(account[:8] + d + account[9:], b)


def test_ogrn_validate_any() -> None:
    assert ogrn.validate_any("1027739552642") == "1027739552642"
    assert ogrn.validate_any("385768585948949") == "385768585948949"
    assert ogrn.is_valid_any("385 768 585 948 949")
    assert not ogrn.is_valid_any("385768585948948")
    with pytest.raises(InvalidIdentifier) as info:
        ogrn.validate_any("385768585948948")
    assert info.value.code == "ogrnip.checksum"
    with pytest.raises(InvalidIdentifier) as info:
        ogrn.validate_any("10277395526")
    assert info.value.code == "ogrn.length"
    assert info.value.params["expected_en"] == "13 or 15"


@pytest.mark.parametrize("value", DATA["organizations"]["valid"])
def test_oid_organizations_valid(value: str) -> None:
    assert oid.validate_organization(value) == value


@pytest.mark.parametrize("value", DATA["organizations"]["invalid"])
def test_oid_organizations_invalid(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        oid.validate_organization(value)
    assert info.value.code == "oid.organization"


@pytest.mark.parametrize("value", DATA["departments"]["valid"])
def test_oid_departments_valid(value: str) -> None:
    assert oid.validate_department(value) == value


@pytest.mark.parametrize("value", DATA["departments"]["invalid"])
def test_oid_departments_invalid(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        oid.validate_department(value)
    assert info.value.code == "oid.department"


def test_oid_nsi_dictionaries() -> None:
    for value in DATA["nsi_dictionaries"]["yes"]:
        assert oid.is_nsi_dictionary(value), value
    for value in DATA["nsi_dictionaries"]["no"]:
        assert not oid.is_nsi_dictionary(value), value
    assert not oid.is_nsi_dictionary(None)


def test_generate_constraints_are_checked() -> None:
    cases: list[tuple[str, dict[str, object]]] = [
        ("inn", {"region": "00"}),
        ("inn", {"region": 77}),
        ("inn", {"kind": "company"}),
        ("ogrn", {"year": 1999}),
        ("ogrn", {"type_digit": "3"}),
        ("ogrnip", {"year": "2020"}),
        ("kpp", {"region": "7"}),
        ("bik", {"region": "ab"}),
        ("okpo", {"kind": "x"}),
        ("oid", {"region": "00"}),
    ]
    for kind, kwargs in cases:
        with pytest.raises(ValueError) as info:
            get(kind).generate(random.Random(1), **kwargs)
        assert getattr(info.value, "code", None) == "identifier.argument", (kind, kwargs)


def test_generate_respects_constraints() -> None:
    r = random.Random(7)
    for _ in range(200):
        assert inn.generate(r, kind="legal", region="05").startswith("05")
        assert len(inn.generate(r, kind="individual")) == 12
        value = ogrn.generate(r, year=2013, region="77", type_digit="5")
        assert value[:5] == "51377" and ogrn.is_valid(value)
        value = get("ogrnip").generate(r, year=2004, region="01")
        assert value[:5] == "30401"
        assert get("kpp").generate(r, region="50").startswith("50")
        assert get("kpp").generate(r, letters=True)[4:6].isalpha()
        assert get("bik").generate(r, region="45").startswith("0445")
        assert len(get("okpo").generate(r, kind="legal")) == 8
        assert len(get("okpo").generate(r, kind="individual")) == 10
        assert oid.validate_organization(oid.generate(r, region="05")).startswith(oid.ORGANIZATION_ROOT + ".5.")


@pytest.mark.parametrize("kind", ["snils", "inn", "ogrn", "ogrnip", "kpp", "bik", "enp", "okpo", "oid"])
def test_module_docstring_examples_run(kind: str) -> None:
    import doctest

    result = doctest.testmod(get(kind), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
