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
    NATIVE_KINDS,
    NATIVE_ONE,
    Problem,
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
_CHECKSUM = f"{KIND}.checksum"
#: The C path (when built) and the extension's number for SNILS.
_ONE = NATIVE_ONE
_NATIVE = NATIVE_KINDS.get(KIND, -1)


def _control(total: int) -> str:
    """The two-digit control number for a weighted body sum ``total``."""
    if total < 100:
        check = total
    elif total in (100, 101):
        check = 0
    else:
        check = total % 101
        if check == 100:
            check = 0
    return f"{check:02d}"


#: The control number for every weighted sum a body can have (at most 9 · 45 = 405).
_CONTROL = tuple(_control(total) for total in range(9 * sum(_WEIGHTS) + 1))


def calc_check_digits(body: str) -> str:
    """The two-digit control number of a nine-digit body (no validation of ``body``)."""
    return _CONTROL[_weighted(body)]


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 11 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def _rule(digits: str) -> str | None:
    """``snils.checksum`` when 11 digits break the rule; ``None`` when valid.

    The single source of the SNILS rule in Python; the C path implements the same and is tested against it.
    """
    if _CONTROL[_weighted(digits)] == digits[9:11] or int(digits[:9]) <= LAST_UNCHECKED_BODY:
        return None
    return _CHECKSUM


def _problem(digits: str) -> Problem | None:
    """The broken rule of :func:`_rule` with the expected and given control numbers."""
    code = _rule(digits)
    if code is None:
        return None
    return code, {"expected": calc_check_digits(digits), "given": digits[9:11]}


def validate(value: object) -> str:
    """Return the 11-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
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
    if type(value) is str and len(value) == 11 and value.isdigit() and value.isascii():
        return _rule(value) is None
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _rule(digits) is None


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
