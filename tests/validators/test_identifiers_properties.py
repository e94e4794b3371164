"""Property tests: generated values validate, formatting round-trips, and single-digit substitutions.

For each check-digit scheme the set of single-digit substitutions it *can* detect is characterised
mathematically here (independently of the module code), and the validator must reject exactly those:

* SNILS: the control number is ``g(s)`` where ``s = Σ d_i·(9-i)`` and ``g`` is ``s mod 101`` with the
  residues 0 and 100 merged into ``00``. A body substitution changes ``s`` by ``δ·w`` with ``0 < |δ·w| ≤ 81``,
  never a multiple of 101, so it is missed only when both residues fall in ``{0, 100}`` — or when the new
  body is ``≤ 001-001-998`` (no control number defined).
* INN10 / OGRN (``… mod 11 mod 10``): the weights (``2,4,10,3,5,9,4,6,8``; ``10^k ≡ ±1``) are units mod 11
  and ``|δ| < 11``, so the remainder always changes; it is missed only when the remainders are
  ``{0, 10}`` (both give check digit 0). For INN a new ``00`` prefix is caught by the region rule; for OGRN
  a new first digit other than 1/5 is caught by the type rule.
* A substitution of a check digit itself is always detected.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from egisz_sdk.validators import get, inn, ogrn, snils

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
KINDS = ("snils", "inn", "ogrn", "ogrnip", "kpp", "bik", "enp", "okpo", "oid")


def _substitutions(value: str) -> list[tuple[int, int, str]]:
    """(position, δ, new value) for every single-digit substitution."""
    out = []
    for i, ch in enumerate(value):
        for d in "0123456789":
            if d != ch:
                out.append((i, int(d) - int(ch), value[:i] + d + value[i + 1 :]))
    return out


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_generated_values_validate_and_round_trip(seed: int) -> None:
    r = random.Random(seed)
    for kind in KINDS:
        module = get(kind)
        value = module.generate(r)
        assert module.validate(value) == value, (kind, value)
        assert module.is_valid(value)
        assert module.normalize(module.format(value)) == value


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.sampled_from(["legal", "individual", "any"]), st.integers(min_value=1, max_value=99))
def test_inn_generate_respects_kind_and_region(seed: int, kind: str, region: int) -> None:
    value = inn.generate(random.Random(seed), kind=kind, region=f"{region:02d}")  # type: ignore[arg-type]
    assert value.startswith(f"{region:02d}")
    assert inn.validate(value, kind=kind) == value  # type: ignore[arg-type]
    assert len(value) in {"legal": (10,), "individual": (12,), "any": (10, 12)}[kind]


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(min_value=2002, max_value=2099))
def test_ogrn_generate_respects_year(seed: int, year: int) -> None:
    value = ogrn.generate(random.Random(seed), year=year)
    assert value[1:3] == f"{year % 100:02d}" and ogrn.is_valid(value)
    ip = get("ogrnip").generate(random.Random(seed), year=max(year, 2004))
    assert ip[1:3] == f"{max(year, 2004) % 100:02d}" and get("ogrnip").is_valid(ip)


def _snils_class(digits: str) -> int | None:
    """The control-number class of a SNILS body; None when the body has no control number."""
    body = digits[:9]
    if int(body) <= 1001998:
        return None
    residue = sum(int(c) * (9 - i) for i, c in enumerate(body)) % 101
    return 0 if residue in (0, 100) else residue


@settings(max_examples=150, deadline=None)
@given(SEEDS)
def test_snils_detects_exactly_the_detectable_substitutions(seed: int) -> None:
    value = snils.generate(random.Random(seed))
    for i, _delta, changed in _substitutions(value):
        if i >= 9:
            detectable = True
        else:
            new_class = _snils_class(changed)
            detectable = new_class is not None and new_class != _snils_class(value)
        assert snils.is_valid(changed) is (not detectable), (value, changed)


_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)


@settings(max_examples=150, deadline=None)
@given(SEEDS)
def test_inn10_detects_exactly_the_detectable_substitutions(seed: int) -> None:
    value = inn.generate(random.Random(seed), kind="legal")
    remainder = sum(int(c) * w for c, w in zip(value, _W10)) % 11
    for i, delta, changed in _substitutions(value):
        if changed.startswith("00") or i == 9:
            detectable = True
        else:
            new_remainder = (remainder + delta * _W10[i]) % 11
            assert new_remainder != remainder
            detectable = {remainder, new_remainder} != {0, 10}
        assert inn.is_valid(changed) is (not detectable), (value, changed)


@settings(max_examples=150, deadline=None)
@given(SEEDS)
def test_ogrn_detects_exactly_the_detectable_substitutions(seed: int) -> None:
    value = ogrn.generate(random.Random(seed))
    remainder = int(value[:12]) % 11
    for i, delta, changed in _substitutions(value):
        if changed[0] not in "15" or i == 12:
            detectable = True
        else:
            new_remainder = (remainder + delta * pow(10, 11 - i, 11)) % 11
            assert new_remainder != remainder
            detectable = {remainder, new_remainder} != {0, 10}
        assert ogrn.is_valid(changed) is (not detectable), (value, changed)


@settings(max_examples=100, deadline=None)
@given(SEEDS)
def test_luhn_and_okpo_detect_every_check_digit_change(seed: int) -> None:
    r = random.Random(seed)
    for kind in ("enp", "okpo", "ogrnip"):
        module = get(kind)
        value = module.generate(r)
        for d in "0123456789":
            if d != value[-1]:
                assert not module.is_valid(value[:-1] + d)


@settings(max_examples=100, deadline=None)
@given(SEEDS)
def test_enp_detects_every_single_digit_substitution(seed: int) -> None:
    """Luhn detects every single-digit error (the doubling map is a permutation of 0-9)."""
    enp = get("enp")
    value = enp.generate(random.Random(seed))
    for _i, _delta, changed in _substitutions(value):
        assert not enp.is_valid(changed)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=40)
    | st.from_regex(r"[0-9 A-Za-z.\-\n]{0,20}", fullmatch=True)
    | st.from_regex(r"[0-9]{8,16}", fullmatch=True)
)
def test_is_valid_never_raises_and_agrees_with_validate(text: str) -> None:
    for kind in KINDS:
        module = get(kind)
        ok = module.is_valid(text)
        try:
            module.validate(text)
        except ValueError:
            assert ok is False, (kind, text)
        else:
            assert ok is True, (kind, text)
