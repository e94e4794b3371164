"""Pydantic types: printed forms are normalised, errors carry our codes, the JSON schema has the pattern."""

from __future__ import annotations

import random
import re
from typing import Annotated, Any

import pydantic
import pytest
from pydantic import BaseModel

from egisz_sdk.validators import get, inn, types
from egisz_sdk.validators.types import Bik, Enp, Inn, Inn10, Inn12, Kpp, Ogrn, Ogrnip, Oid, Okpo, Snils, Validated


class Organisation(BaseModel):
    snils: Snils
    inn: Inn
    inn10: Inn10
    inn12: Inn12
    ogrn: Ogrn
    ogrnip: Ogrnip
    kpp: Kpp
    bik: Bik
    enp: Enp
    okpo: Okpo
    oid: Oid


PRINTED: dict[str, Any] = {
    "snils": "112-233-445 95",
    "inn": "5001 0073 2259",
    "inn10": "7707 083893",
    "inn12": "500100732259",
    "ogrn": "1 027739 552642",
    "ogrnip": "385768585948949",
    "kpp": "7707 AB 001",
    "bik": "04 45 25 225",
    "enp": "9152 5308 8900 0017",
    "okpo": "0060621966",
    "oid": "urn:oid:1.2.643.5.1.13.13.12.2.77.7800",
}
CANONICAL = {
    "snils": "11223344595",
    "inn": "500100732259",
    "inn10": "7707083893",
    "inn12": "500100732259",
    "ogrn": "1027739552642",
    "ogrnip": "385768585948949",
    "kpp": "7707AB001",
    "bik": "044525225",
    "enp": "9152530889000017",
    "okpo": "0060621966",
    "oid": "1.2.643.5.1.13.13.12.2.77.7800",
}


def test_printed_forms_are_normalised() -> None:
    model = Organisation(**PRINTED)
    assert model.model_dump() == CANONICAL
    assert Organisation.model_validate_json(Organisation(**CANONICAL).model_dump_json()) == model


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("snils", "112-233-445 96", "snils.checksum"),
        ("inn", "500100732202", "inn.checksum.11"),
        ("inn", 7707083893, "inn.type"),
        ("inn10", "500100732259", "inn.length"),
        ("inn12", "7707083893", "inn.length"),
        ("ogrn", "1022500001328", "ogrn.checksum"),
        ("ogrnip", "485768585948949", "ogrnip.type_digit"),
        ("kpp", "7707ab001", "kpp.format"),
        ("bik", "144525225", "bik.prefix"),
        ("enp", "9152530889000014", "enp.checksum"),
        ("okpo", "57972163", "okpo.checksum"),
        ("oid", "1.2.0643", "oid.leading_zero"),
        ("oid", None, "oid.type"),
    ],
)
def test_bad_input_reports_our_code(field: str, value: object, code: str) -> None:
    data = dict(CANONICAL, **{field: value})
    with pytest.raises(pydantic.ValidationError) as info:
        Organisation(**data)
    errors = info.value.errors()
    assert len(errors) == 1
    assert errors[0]["type"] == code
    assert errors[0]["loc"] == (field,)
    assert errors[0]["ctx"]["message_ru"]
    assert code in str(info.value)


def test_checksum_context_carries_expected_and_given() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Organisation(**dict(CANONICAL, snils="112-233-445 96"))
    error = info.value.errors()[0]
    assert error["ctx"]["expected"] == "95" and error["ctx"]["given"] == "96"
    assert "expected 95" in error["msg"]


def test_json_input_numbers_are_refused() -> None:
    payload = '{"inn": 7707083893}'

    class Only(BaseModel):
        inn: Inn

    with pytest.raises(pydantic.ValidationError) as info:
        Only.model_validate_json(payload)
    assert info.value.errors()[0]["type"] == "inn.type"


def test_json_schema_has_pattern_and_examples() -> None:
    schema = Organisation.model_json_schema()["properties"]
    for field, canonical in CANONICAL.items():
        prop = schema[field]
        assert prop["type"] == "string"
        assert re.fullmatch(prop["pattern"].strip("^$"), canonical), field
        assert prop["examples"] and prop["description"]


_TYPES = {
    "snils": Snils,
    "inn": Inn,
    "ogrn": Ogrn,
    "ogrnip": Ogrnip,
    "kpp": Kpp,
    "bik": Bik,
    "enp": Enp,
    "okpo": Okpo,
    "oid": Oid,
}


@pytest.mark.parametrize("kind", sorted(_TYPES))
def test_pattern_and_examples_match_the_validator(kind: str) -> None:
    adapter: pydantic.TypeAdapter[str] = pydantic.TypeAdapter(_TYPES[kind])
    schema = adapter.json_schema()
    pattern = re.compile(schema["pattern"])
    for example in schema["examples"]:
        assert adapter.validate_python(example) == example
    module = get(kind)
    r = random.Random(kind)
    for _ in range(200):
        value = module.generate(r)
        assert pattern.fullmatch(value), (kind, value)
        assert adapter.validate_python(value) == value


def test_inn10_and_inn12_patterns() -> None:
    r = random.Random(4)
    p10 = re.compile(pydantic.TypeAdapter(Inn10).json_schema()["pattern"])
    p12 = re.compile(pydantic.TypeAdapter(Inn12).json_schema()["pattern"])
    for _ in range(200):
        assert p10.fullmatch(inn.generate(r, kind="legal"))
        assert p12.fullmatch(inn.generate(r, kind="individual"))
    assert not p10.fullmatch("0012345678")


def test_factory_accepts_a_custom_validator() -> None:
    from egisz_sdk.errors import ValidationError

    def upper_only(value: object) -> str:
        if not isinstance(value, str) or not value.isupper():
            raise ValidationError("validation.invalid", field="code")
        return value

    class M(BaseModel):
        code: Annotated[str, Validated("code", validate=upper_only, pattern="^[A-Z]+$", examples=["AB"])]

    assert M(code="AB").code == "AB"
    with pytest.raises(pydantic.ValidationError) as info:
        M(code="ab")
    assert info.value.errors()[0]["type"] == "validation.invalid"
    assert M.model_json_schema()["properties"]["code"]["pattern"] == "^[A-Z]+$"
    assert repr(types.Validated("snils")) == "Validated('snils')"
