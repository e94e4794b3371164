"""Hypothesis properties of the personal-data validators, and their behaviour on hostile input."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators import dates, email, get, okfs, okopf, passport, password, person, phone

KINDS = ("passport", "okfs", "okopf", "phone", "email", "person", "dates", "password")
#: Kinds where the printed form reads back to the canonical one.
ROUND_TRIP = ("passport", "okfs", "okopf", "phone", "email", "dates")
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_generated_values_validate(kind: str, seed: int) -> None:
    module = get(kind)
    value = module.generate(random.Random(seed))
    assert module.validate(value) == value
    assert module.is_valid(value)


@pytest.mark.parametrize("kind", ROUND_TRIP)
@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_normalize_of_format_is_canonical(kind: str, seed: int) -> None:
    module = get(kind)
    canonical = module.validate(module.generate(random.Random(seed)))
    assert module.normalize(module.format(canonical)) == canonical


@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_person_format_is_idempotent_and_valid(seed: int) -> None:
    r = random.Random(seed)
    part = person.generate(r, part=r.choice(["surname", "given", "patronymic"]))
    printed = person.format(part.lower())
    assert printed == part
    assert person.format(printed) == printed


@settings(max_examples=100, deadline=None)
@given(seed=seeds, noise=st.sampled_from(["", " ", "  ", "\u00a0"]))
def test_phone_printed_variants_agree(seed: int, noise: str) -> None:
    e164 = phone.generate(random.Random(seed))
    national = e164[2:]
    variants = [e164, "8" + national, "7" + national, national, phone.format(e164)]
    variants.append(f"8 ({national[:3]}) {national[3:6]}-{national[6:8]}-{national[8:]}")
    for v in variants:
        assert phone.validate(v) == e164
    if noise == "\u00a0":  # a non-breaking space is not a separator: refused, not guessed
        assert not phone.is_valid(national[:3] + noise + national[3:])


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()))
def test_dates_three_shapes_agree(day: dt.date) -> None:
    iso = day.isoformat()
    dotted = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    assert dates.validate(iso) == dates.validate(dotted) == dates.validate(dotted.replace(".", "")) == iso
    assert dates.format(iso) == dotted


@settings(max_examples=60, deadline=None)
@given(
    policy=st.builds(
        password.PasswordPolicy,
        min_length=st.integers(1, 40),
        max_length=st.just(64),
        upper=st.booleans(),
        lower=st.booleans(),
        digit=st.booleans(),
        special=st.booleans(),
    ),
    length=st.none() | st.integers(1, 80),
)
def test_generated_passwords_satisfy_their_policy(policy: password.PasswordPolicy, length: int | None) -> None:
    value = password.generate(policy=policy, length=length)
    assert password.check(value, policy) == ()
    assert password.validate(value, policy=policy) == value


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40))
def test_arbitrary_text_never_crashes_and_is_valid_agrees(text: str) -> None:
    for kind in KINDS:
        module = get(kind)
        ok = module.is_valid(text)
        try:
            module.validate(text)
        except ValidationError as exc:
            assert exc.code.startswith(kind + ".")
            assert ok is False, (kind, text)
        else:
            assert ok is True, (kind, text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30))
def test_password_errors_never_contain_the_password(text: str) -> None:
    secret = "⟦" + text + "⟧"  # the brackets appear in no message: finding one means the password leaked
    try:
        password.validate(secret)
    except ValidationError as exc:
        assert exc.value is None
        for shown in (str(exc), repr(exc), repr(exc.to_dict()), repr(exc.params)):
            assert "⟦" not in shown and "⟧" not in shown


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=12),
    pos=st.integers(0, 12),
    latin=st.sampled_from("aeopcyx"),  # lookalikes of а е о р с у х
)
def test_latin_lookalike_in_a_cyrillic_name_is_mixed_script(name: str, pos: int, latin: str) -> None:
    i = pos % (len(name) + 1)
    spoofed = name[:i] + latin + name[i:]  # every example is checked: a Latin letter among Cyrillic ones
    with pytest.raises(ValidationError) as info:
        person.validate(spoofed)
    assert info.value.code == "person.mixed_script"


HOSTILE: list[object] = [
    None,
    12345,
    4506123456,
    1.5,
    b"4506123456",
    object(),
    ["x"],
    "",
    "   ",
    "€",
    "²",
    "４５０６１２３４５６",
    "Ｉｖａｎ@example.ru",
    "\n",
    "1" * (1 << 20),
    "я" * (1 << 20),
    "a@" + "b." * (1 << 19),
]


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_input_is_typed_error_in_bounded_time(kind: str) -> None:
    module = get(kind)
    for value in HOSTILE:
        start = time.perf_counter()
        assert module.is_valid(value) is False, (kind, str(value)[:20])
        with pytest.raises(ValidationError) as info:
            module.validate(value)
        assert info.value.code.startswith(kind + "."), info.value.code
        assert time.perf_counter() - start < 0.05, (kind, str(value)[:20])
        assert len(str(info.value)) < 1000


def test_non_string_types_name_the_type() -> None:
    for module in (passport, okfs, okopf, phone, email, person, dates, password):
        with pytest.raises(ValidationError) as info:
            module.validate(12345)
        assert info.value.code == f"{module.KIND}.type"
        assert info.value.params["type"] == "int"
