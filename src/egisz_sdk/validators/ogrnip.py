"""ОГРНИП — primary state registration number of an individual entrepreneur: 15 digits.

Structure: ``S YY RR NNNNNNNNN C`` — record type ``S`` (always ``3`` for an OGRNIP), the last two digits
of the registration year, the region code, a nine-digit record number and the check digit.

Rule: ``d[14] == int(d[0..13]) % 13 % 10``. Remainders 10, 11 and 12 become check digits 0, 1 and 2.

Trap: python-stdnum omits the final ``% 10`` and so rejects every OGRNIP whose remainder is 10–12
(about 3 in 13, 23 %); Faker's generated OGRNIPs fail it for the same reason.

Error codes: ``ogrnip.type_digit`` (first digit is not 3), ``ogrnip.checksum`` (with ``expected`` and
``given``), plus the common ``ogrnip.type`` / ``.empty`` / ``.format`` / ``.length``.

>>> validate("385768585948949")
'385768585948949'
>>> is_valid("385768585948948")
False
"""

from __future__ import annotations

import random as _random
from typing import Final

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
    year_constraint,
)

__all__ = ["KIND", "calc_check_digit", "format", "generate", "is_valid", "normalize", "validate"]

KIND: Final = "ogrnip"
_LENGTHS: Final = (15,)
_DIGITS: Final = "0123456789"
_TYPE_DIGIT: Final = f"{KIND}.type_digit"
_CHECKSUM: Final = f"{KIND}.checksum"
#: The C path (when built) and the extension's number for OGRNIP.
_ONE: Final = NATIVE_ONE
_NATIVE: Final = NATIVE_KINDS.get(KIND, -1)


def calc_check_digit(body: str) -> str:
    """The check digit of a 14-digit body (not validated)."""
    return _DIGITS[int(body[:14]) % 13 % 10]


def _rule(digits: str) -> str | None:
    """The code of the first rule 15 digits break (``ogrnip.type_digit``, ``ogrnip.checksum``); ``None`` when valid.

    The single source of the OGRNIP rules in Python; the C path implements the same and is tested against it.
    """
    if digits[0] != "3":
        return _TYPE_DIGIT
    return None if _DIGITS[int(digits[:14]) % 13 % 10] == digits[14] else _CHECKSUM


def _problem(digits: str) -> Problem | None:
    """The broken rule of :func:`_rule` with its template parameters."""
    code = _rule(digits)
    if code is None:
        return None
    if code == _TYPE_DIGIT:
        return code, {"expected": "3", "given": digits[0]}
    return code, {"expected": calc_check_digit(digits), "given": digits[14]}


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 15 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the 15-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
    if type(value) is str and is_valid(value) and value.isdigit():
        return value  # valid, and made of ASCII digits only: already canonical
    digits = normalize(value)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    if _ONE is not None:
        return _ONE(_NATIVE, value) == 0
    return _is_valid_python(value)


def _is_valid_python(value: object) -> bool:
    """:func:`is_valid` without the C path (the fallback where the extension was not built)."""
    if type(value) is str and len(value) == 15 and value.isdigit() and value.isascii():
        return _rule(value) is None
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _rule(digits) is None


def format(value: object) -> str:
    """The printed form of a valid OGRNIP: its 15 digits without separators."""
    return validate(value)


def generate(random: _random.Random | None = None, *, year: int | None = None, region: str | None = None) -> str:
    """A random valid OGRNIP.

    Args:
        random: the random generator (for reproducible test data).
        year: registration year, 2004–2099 (OGRNIPs exist since 2004); random when omitted.
        region: two-digit region code ``"01"``–``"99"``; random when omitted.
    """
    r = rng(random)
    body = "3" + year_constraint(year, 2004, r) + region_constraint(region, r) + random_digits(r, 9)
    return body + calc_check_digit(body)
