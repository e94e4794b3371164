"""ЕНП — the unified number of a compulsory medical insurance (OMS) policy: 16 digits.

Rule: the 16th digit is a check digit over the first 15. The FFOMS algorithm (doubling every other
digit counted from the right of the 15-digit body, digit sums, complement to a multiple of ten) is
numerically identical to the Luhn check, so a valid ENP is a 16-digit string that passes Luhn.

No other structure is validated: the public documents do not fix a meaning for the other digits that
holds for every issued number (older numbers embed a region and a birth date, newer ones need not).

Error codes: ``enp.checksum`` (with ``expected`` and ``given``), and the common ``enp.type`` /
``.empty`` / ``.format`` / ``.length``.

>>> calc_check_digit("915253088900001")
'7'
>>> is_valid("9152530889000017")
True
"""

from __future__ import annotations

import random as _random
from typing import Final

from egisz_sdk.validators._base import checksum_problem, digits_only, quiet_digits, raise_problem, random_digits, rng

__all__ = ["KIND", "calc_check_digit", "format", "generate", "is_valid", "normalize", "validate"]

KIND: Final = "enp"
_LENGTHS: Final = (16,)
_DIGITS: Final = "0123456789"
# value a digit contributes when doubled: 2·d, minus 9 when that has two digits
_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def calc_check_digit(body: str) -> str:
    """The check digit of a 15-digit body (Luhn; the body is not validated)."""
    total = 0
    for i, ch in enumerate(reversed(body[:15])):
        d = ord(ch) - 48
        total += _DOUBLED[d] if i % 2 == 0 else d
    return _DIGITS[(10 - total % 10) % 10]


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 16 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the 16-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    return raise_problem(
        value, KIND, digits, checksum_problem(f"{KIND}.checksum", calc_check_digit(digits), digits[15])
    )


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and digits[15] == calc_check_digit(digits)


def format(value: object) -> str:
    """The printed form of a valid ENP: its 16 digits without separators."""
    return validate(value)


def generate(random: _random.Random | None = None) -> str:
    """A random valid ENP (15 random digits and the check digit)."""
    r = rng(random)
    body = random_digits(r, 15)
    return body + calc_check_digit(body)
