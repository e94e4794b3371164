"""Bad input for every identifier module: refused quickly, by ``is_valid`` (False) and ``validate`` (our error).

The loop covers every kind in ``validators.KINDS``: the modules of this part (which must raise
:class:`InvalidIdentifier`) and the other parts' modules (passport, phone, dates … which must raise the
SDK's :class:`ValidationError`) — a kind whose module does not exist yet is skipped, one that exists is tested.
"""

from __future__ import annotations

import importlib.util
import random
import time
from types import ModuleType

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


def _module(kind: str) -> ModuleType:
    if importlib.util.find_spec(f"egisz_sdk.validators.{kind}") is None:
        pytest.skip(f"module egisz_sdk.validators.{kind} not written yet")
    return get(kind)


def _error(kind: str) -> type[Exception]:
    return InvalidIdentifier if kind in OURS else ValidationError


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", BAD, ids=lambda v: f"{type(v).__name__}:{str(v)[:12]!r}:{len(str(v))}")
def test_bad_input_is_refused(kind: str, value: object) -> None:
    module = _module(kind)
    assert module.is_valid(value) is False
    with pytest.raises(_error(kind)):
        module.validate(value)


@pytest.mark.parametrize("kind", KINDS)
def test_valid_value_with_a_newline_or_prose_is_refused(kind: str) -> None:
    if kind == "password":
        pytest.skip("a password is free text; its module decides about control characters")
    module = _module(kind)
    value = module.generate(random.Random(11))
    assert module.is_valid(value)
    bad_forms = [value + "\n", "\n" + value, value + "\r\n", value + "\x00"]
    if kind in OURS:  # other parts may accept labels of printed forms (e.g. "№" in a passport)
        bad_forms.append("№ " + value)
    for bad in bad_forms:
        assert module.is_valid(bad) is False, (kind, bad)
        with pytest.raises(_error(kind)):
            module.validate(bad)


@pytest.mark.parametrize("kind", KINDS)
def test_megabyte_input_is_rejected_in_bounded_time(kind: str) -> None:
    module = _module(kind)
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
