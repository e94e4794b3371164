"""ИНН — taxpayer identification number: 10 digits for a legal entity, 12 for an individual.

Rules (Federal Tax Service):

* INN10 (legal entity): ``d[9] == Σ(d[0..8] · [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10``.
* INN12 (individual, also an individual entrepreneur):
  ``d[10] == Σ(d[0..9] · [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10`` and
  ``d[11] == Σ(d[0..10] · [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10``.
* The first two digits are a region code; the FNS pattern forbids ``00`` (code ``inn.region``).
* Digits 3–4 are not checked: until 2026 they were the tax-office code, from 2026-01-01 they are an index
  assigned by the FNS, so any value is accepted.

Error codes name the failing digit: ``inn.checksum.10`` (the check digit of INN10),
``inn.checksum.11`` and ``inn.checksum.12`` (the first and second check digits of INN12; when both are
wrong the 11th is reported, because the 12th is computed over it). Checksum errors carry ``expected``
and ``given`` digits.

Trap: the popular ``validators`` package accepts ``500100732202`` (wrong 11th digit); python-stdnum
accepts the ``00`` prefix.

>>> validate("7707083893")
'7707083893'
>>> validate("500100732259", kind="individual")
'500100732259'
>>> is_valid("7707083890")
False
"""

from __future__ import annotations

import random as _random
from typing import Final, Literal

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import (
    NATIVE_KINDS,
    NATIVE_ONE,
    Problem,
    digits_only,
    quiet_digits,
    raise_problem,
    random_digits,
    region_constraint,
    rng,
    weighted_sum_function,
)

__all__ = [
    "KIND",
    "InnKind",
    "calc_check_digits",
    "format",
    "generate",
    "is_valid",
    "normalize",
    "validate",
]

KIND: Final = "inn"

#: ``"legal"`` (10 digits), ``"individual"`` (12 digits) or ``"any"`` (either).
InnKind = Literal["any", "legal", "individual"]

_W10: Final = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11: Final = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12: Final = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_LENGTHS: Final[dict[str, tuple[int, ...]]] = {"any": (10, 12), "legal": (10,), "individual": (12,)}
_sum10: Final = weighted_sum_function(_W10)
_sum11: Final = weighted_sum_function(_W11)
_sum12: Final = weighted_sum_function(_W12)
#: The check digit for every weighted sum a body can have (the sums stay below 9 · Σ weights < 1000).
_CHECK: Final = "".join(str(total % 11 % 10) for total in range(1000))
_REGION: Final = f"{KIND}.region"
_CHECKSUM10: Final = f"{KIND}.checksum.10"
_CHECKSUM11: Final = f"{KIND}.checksum.11"
_CHECKSUM12: Final = f"{KIND}.checksum.12"
#: The C path (when built): the extension's number for each ``kind`` argument.
_ONE: Final = NATIVE_ONE
_NATIVE: Final[dict[str, int]] = (
    {"any": NATIVE_KINDS["inn"], "legal": NATIVE_KINDS["inn10"], "individual": NATIVE_KINDS["inn12"]}
    if NATIVE_KINDS
    else {}
)


def _lengths(kind: str) -> tuple[int, ...]:
    lengths = _LENGTHS.get(kind)
    if lengths is None:
        raise ValidationError(
            "identifier.argument", field="kind", name="kind", value=kind, allowed="any, legal, individual"
        )
    return lengths


def calc_check_digits(body: str) -> str:
    """The check digit(s) for a body of 9 digits (INN10) or 10 digits (INN12); ``body`` is not validated."""
    if len(body) == 9:
        return _CHECK[_sum10(body)]
    first = _CHECK[_sum11(body)]
    return first + _CHECK[_sum12(body + first)]


def _rule(digits: str) -> str | None:
    """The code of the first rule a 10- or 12-digit string breaks; ``None`` when valid.

    The single source of the INN rules in Python, used by :func:`validate` (through :func:`_problem`) and by
    the pure-Python :func:`is_valid`; the C path implements the same rules and is tested against this.
    """
    if digits[0] == "0" and digits[1] == "0":
        return _REGION
    if len(digits) == 10:
        return None if _CHECK[_sum10(digits)] == digits[9] else _CHECKSUM10
    if _CHECK[_sum11(digits)] != digits[10]:
        return _CHECKSUM11
    return None if _CHECK[_sum12(digits)] == digits[11] else _CHECKSUM12


def _problem(digits: str) -> Problem | None:
    """The broken rule of :func:`_rule` with its template parameters (the expected and given digits)."""
    code = _rule(digits)
    if code is None:
        return None
    if code == _REGION:
        return code, {"expected": "01–99", "given": "00"}
    if code == _CHECKSUM10:
        return code, {"expected": _CHECK[_sum10(digits)], "given": digits[9]}
    if code == _CHECKSUM11:
        return code, {"expected": _CHECK[_sum11(digits)], "given": digits[10]}
    return code, {"expected": _CHECK[_sum12(digits)], "given": digits[11]}


def normalize(value: object, kind: InnKind = "any") -> str:
    """Remove spaces and hyphens; refuse anything that is not 10 or 12 ASCII digits (as ``kind`` allows)."""
    return digits_only(value, KIND, _lengths(kind))


def validate(value: object, kind: InnKind = "any") -> str:
    """Return the canonical digits or raise :class:`InvalidIdentifier` saying why.

    Args:
        value: the INN as a string; spaces and hyphens are allowed.
        kind: ``"legal"`` accepts only 10 digits, ``"individual"`` only 12, ``"any"`` either.
    """
    if type(value) is str and is_valid(value, kind) and value.isdigit():
        return value  # valid, and made of ASCII digits only: already canonical
    digits = normalize(value, kind)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object, kind: InnKind = "any") -> bool:
    """True when :func:`validate` would accept ``value``; never raises for any ``value``."""
    if _ONE is not None:
        native = _NATIVE.get(kind)
        if native is not None:
            return _ONE(native, value) == 0
    return _is_valid_python(value, kind)


def _is_valid_python(value: object, kind: str = "any") -> bool:
    """:func:`is_valid` without the C path (the fallback where the extension was not built)."""
    lengths = _LENGTHS.get(kind) or _lengths(kind)
    if type(value) is str and len(value) in lengths and value.isdigit() and value.isascii():
        return _rule(value) is None
    digits = quiet_digits(value, lengths)
    return digits is not None and _rule(digits) is None


def format(value: object, kind: InnKind = "any") -> str:
    """The printed form of a valid INN: the digits without separators (INN has no grouped form)."""
    return validate(value, kind)


def generate(random: _random.Random | None = None, *, kind: InnKind = "any", region: str | None = None) -> str:
    """A random valid INN.

    Args:
        random: the random generator (for reproducible test data).
        kind: ``"legal"`` (10 digits), ``"individual"`` (12) or ``"any"`` (either, at random).
        region: the first two digits, ``"01"``–``"99"``; random (never ``"00"``) when omitted.
    """
    r = rng(random)
    lengths = _lengths(kind)
    length = r.choice(lengths)
    body = region_constraint(region, r) + random_digits(r, (9 if length == 10 else 10) - 2)
    return body + calc_check_digits(body)
