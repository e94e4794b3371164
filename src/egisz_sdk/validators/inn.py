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
    Problem,
    checksum_problem,
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
_DIGITS: Final = "0123456789"
_sum10: Final = weighted_sum_function(_W10)
_sum11: Final = weighted_sum_function(_W11)
_sum12: Final = weighted_sum_function(_W12)


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
        return _DIGITS[_sum10(body) % 11 % 10]
    first = _DIGITS[_sum11(body) % 11 % 10]
    return first + _DIGITS[_sum12(body + first) % 11 % 10]


def _problem(digits: str) -> Problem | None:
    """The first rule a 10- or 12-digit string breaks; ``None`` when valid.

    The single source of the INN rules, used by :func:`validate` and by the fast :func:`is_valid`.
    """
    if digits[0] == "0" and digits[1] == "0":
        return f"{KIND}.region", {"expected": "01–99", "given": "00"}
    if len(digits) == 10:
        return checksum_problem(f"{KIND}.checksum.10", _DIGITS[_sum10(digits) % 11 % 10], digits[9])
    eleventh = checksum_problem(f"{KIND}.checksum.11", _DIGITS[_sum11(digits) % 11 % 10], digits[10])
    if eleventh is not None:
        return eleventh
    return checksum_problem(f"{KIND}.checksum.12", _DIGITS[_sum12(digits) % 11 % 10], digits[11])


def normalize(value: object, kind: InnKind = "any") -> str:
    """Remove spaces and hyphens; refuse anything that is not 10 or 12 ASCII digits (as ``kind`` allows)."""
    return digits_only(value, KIND, _lengths(kind))


def validate(value: object, kind: InnKind = "any") -> str:
    """Return the canonical digits or raise :class:`InvalidIdentifier` saying why.

    Args:
        value: the INN as a string; spaces and hyphens are allowed.
        kind: ``"legal"`` accepts only 10 digits, ``"individual"`` only 12, ``"any"`` either.
    """
    digits = normalize(value, kind)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object, kind: InnKind = "any") -> bool:
    """True when :func:`validate` would accept ``value``; never raises for any ``value``."""
    digits = quiet_digits(value, _LENGTHS.get(kind) or _lengths(kind))
    return digits is not None and _problem(digits) is None


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
