"""Bad input for every identifier module: refused quickly, by ``is_valid`` (False) and ``validate`` (our error).

The loop covers every kind in ``validators.KINDS``: the numeric identifiers (which must raise
:class:`InvalidIdentifier`) and the personal-data modules (passport, phone, dates … which must raise the
SDK's :class:`ValidationError`). Passwords are included: a control character in a password (a trailing
newline read from a file) is refused with ``password.control``.
"""

from __future__ import annotations

import random
import time

import pytest

from egisz_sdk.errors import InvalidIdentifier, ValidationError
from egisz_sdk.validators import KINDS, get, kpp

OURS = ("snils", "inn", "ogrn", "ogrnip", "kpp", "bik", "enp", "okpo", "oid")
MEGABYTE = 1 << 20

BAD: list[object] = [
    None,
    7707083893,
    0,
    1.5,
    b"7707083893",
    bytearray(b"7707083893"),
    object(),
    ["7707083893"],
    "",
    "€",
    "²",
    "ⅷ",
    "٣",
    "７７０７０８３８９３",  # full-width digits
    "７７０７０８３８９３１２",
    "\n",
    "7707\n083893",
    "\t",
    "1" * MEGABYTE,
    "7" * (MEGABYTE + 3),
    " " * MEGABYTE,
    "1." * (MEGABYTE // 2),
]


def _error(kind: str) -> type[Exception]:
    return InvalidIdentifier if kind in OURS else ValidationError


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", BAD, ids=lambda v: f"{type(v).__name__}:{str(v)[:12]!r}:{len(str(v))}")
def test_bad_input_is_refused(kind: str, value: object) -> None:
    module = get(kind)
    assert module.is_valid(value) is False
    with pytest.raises(_error(kind)):
        module.validate(value)


@pytest.mark.parametrize("kind", KINDS)
def test_valid_value_with_a_newline_or_prose_is_refused(kind: str) -> None:
    module = get(kind)
    value = module.generate(random.Random(11))
    assert module.is_valid(value)
    bad_forms = [value + "\n", "\n" + value, value + "\r\n", value + "\x00"]
    if kind in OURS:  # other parts may accept labels of printed forms (e.g. "№" in a passport)
        bad_forms.append("№ " + value)
    for bad in bad_forms:
        assert module.is_valid(bad) is False, (kind, bad)
        with pytest.raises(_error(kind)):
            module.validate(bad)


@pytest.mark.parametrize("control", ["\n", "\r\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85"])
def test_password_with_a_control_character_is_refused_with_its_own_code(control: str) -> None:
    password = get("password")
    secret = "Qwerty!23"
    assert password.is_valid(secret)
    for bad in (secret + control, control + secret, secret[:4] + control + secret[4:]):
        with pytest.raises(ValidationError) as info:
            password.validate(bad)
        assert info.value.code == "password.control"
        assert info.value.params["failures"] == ("password.control",)
        assert info.value.value is None and secret not in str(info.value) and secret not in repr(info.value.params)
        assert password.check(bad) == ("password.control",)
    # a control character is not a "special character": it cannot make a weak password pass
    assert password.check("Qwerty23" + control) == ("password.control", "password.no_special")


@pytest.mark.parametrize("kind", KINDS)
def test_megabyte_input_is_rejected_in_bounded_time(kind: str) -> None:
    module = get(kind)
    huge = "1" * MEGABYTE
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        assert module.is_valid(huge) is False
        try:
            module.validate(huge)
        except ValidationError:
            pass
        else:
            pytest.fail("accepted a megabyte")
        best = min(best, time.perf_counter() - start)
    assert best < 0.010, f"{kind}: {best * 1000:.2f} ms"


@pytest.mark.parametrize("kind", OURS)
def test_type_errors_name_the_type(kind: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        get(kind).validate(12345)
    assert info.value.code == f"{kind}.type"
    assert info.value.params["type"] == "int"


@pytest.mark.parametrize("kind", OURS)
def test_overlong_input_is_a_length_error_without_the_whole_value(kind: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        get(kind).validate("1" * MEGABYTE)
    assert info.value.code == f"{kind}.length"
    assert len(str(info.value)) < 1000


@pytest.mark.parametrize("letter", "АВЕКМНОРСТХ")
def test_kpp_refuses_cyrillic_lookalikes(letter: str) -> None:
    latin = "ABEKMHOPCTX"["АВЕКМНОРСТХ".index(letter)]
    assert kpp.is_valid(f"7707{latin}{latin}001")
    lookalike = f"7707{letter}{letter}001"
    assert not kpp.is_valid(lookalike)
    with pytest.raises(InvalidIdentifier) as info:
        kpp.validate(lookalike)
    assert info.value.code == "kpp.format"
