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
    Problem,
    checksum_problem,
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


def calc_check_digit(body: str) -> str:
    """The check digit of a 14-digit body (not validated)."""
    return _DIGITS[int(body[:14]) % 13 % 10]


def _problem(digits: str) -> Problem | None:
    """The first rule 15 digits break (``ogrnip.type_digit``, ``ogrnip.checksum``); ``None`` when valid."""
    if digits[0] != "3":
        return f"{KIND}.type_digit", {"expected": "3", "given": digits[0]}
    return checksum_problem(f"{KIND}.checksum", calc_check_digit(digits), digits[14])


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 15 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the 15-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _problem(digits) is None


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
