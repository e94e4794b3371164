"""СНИЛС — the insurance number of an individual personal account (11 digits, ``XXX-XXX-XXX YY``).

Rules: nine body digits and a two-digit control number. The control number is the sum of the body
digits weighted 9…1 (leftmost ×9); a sum below 100 is the number itself, 100 and 101 give ``00``,
larger sums are taken modulo 101 (and 100 again gives ``00``). Numbers up to ``001-001-998`` were
issued before the control number existed and have none: any two digits are accepted there.

>>> validate("112-233-445 95")
'11223344595'
>>> format("11223344595")
'112-233-445 95'
"""

from __future__ import annotations

import random as _random

from egisz_sdk.validators._base import (
    Problem,
    checksum_problem,
    digits_only,
    quiet_digits,
    raise_problem,
    random_digits,
    rng,
    weighted_sum_function,
)

__all__ = ["KIND", "calc_check_digits", "format", "generate", "is_valid", "normalize", "validate"]

KIND = "snils"
#: The largest body (as an integer) issued without a control number.
LAST_UNCHECKED_BODY = 1001998
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 1)
_LENGTHS = (11,)
_weighted = weighted_sum_function(_WEIGHTS)


def calc_check_digits(body: str) -> str:
    """The two-digit control number of a nine-digit body (no validation of ``body``)."""
    total = _weighted(body)
    if total < 100:
        check = total
    elif total in (100, 101):
        check = 0
    else:
        check = total % 101
        if check == 100:
            check = 0
    return f"{check:02d}"


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 11 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def _problem(digits: str) -> Problem | None:
    """``snils.checksum`` with the expected and given control numbers; ``None`` when 11 digits are valid."""
    body = digits[:9]
    if int(body) <= LAST_UNCHECKED_BODY:
        return None
    return checksum_problem(f"{KIND}.checksum", calc_check_digits(body), digits[9:11])


def validate(value: object) -> str:
    """Return the 11-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _problem(digits) is None


def format(value: object) -> str:
    """The printed form ``XXX-XXX-XXX YY`` of a valid SNILS."""
    d = validate(value)
    return f"{d[0:3]}-{d[3:6]}-{d[6:9]} {d[9:]}"


def generate(random: _random.Random | None = None) -> str:
    """A random valid SNILS with a control number (body above ``001-001-998``)."""
    r = rng(random)
    while True:
        body = random_digits(r, 9)
        if int(body) > LAST_UNCHECKED_BODY:
            return body + calc_check_digits(body)
