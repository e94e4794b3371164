"""ОГРН — primary state registration number of a legal entity: 13 digits.

Structure: ``S YY RR KK NNNNN C`` — record type ``S`` (``1`` or ``5`` for an OGRN; other first digits
denote ГРН record numbers, not OGRNs), the last two digits of the registration year, the region code,
the tax-office code, a five-digit record number and the check digit.

Rule: ``d[12] == int(d[0..11]) % 11 % 10`` (remainder 10 becomes check digit 0).

Error codes: ``ogrn.type_digit`` (first digit is not 1 or 5), ``ogrn.checksum`` (with ``expected`` and
``given``), plus the common ``ogrn.type`` / ``.empty`` / ``.format`` / ``.length``.

For a field that may hold either number (certificates carry OGRN or OGRNIP), use
:func:`validate_any` / :func:`is_valid_any`, which dispatch on the length (13 or 15 digits).

>>> validate("1027739552642")
'1027739552642'
>>> is_valid("1022500001328")
False
>>> validate_any("385768585948949")
'385768585948949'
"""

from __future__ import annotations

import random as _random
from typing import Final

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
    year_constraint,
)

__all__ = [
    "KIND",
    "calc_check_digit",
    "format",
    "generate",
    "is_valid",
    "is_valid_any",
    "normalize",
    "validate",
    "validate_any",
]

KIND: Final = "ogrn"
_LENGTHS: Final = (13,)
_DIGITS: Final = "0123456789"
_TYPE_DIGIT: Final = f"{KIND}.type_digit"
_CHECKSUM: Final = f"{KIND}.checksum"
#: The C path (when built) and the extension's number for OGRN.
_ONE: Final = NATIVE_ONE
_NATIVE: Final = NATIVE_KINDS.get(KIND, -1)


def calc_check_digit(body: str) -> str:
    """The check digit of a 12-digit body (not validated)."""
    return _DIGITS[int(body[:12]) % 11 % 10]


def _rule(digits: str) -> str | None:
    """The code of the first rule 13 digits break (``ogrn.type_digit``, ``ogrn.checksum``); ``None`` when valid.

    The single source of the OGRN rules in Python; the C path implements the same and is tested against it.
    """
    if digits[0] != "1" and digits[0] != "5":
        return _TYPE_DIGIT
    return None if _DIGITS[int(digits[:12]) % 11 % 10] == digits[12] else _CHECKSUM


def _problem(digits: str) -> Problem | None:
    """The broken rule of :func:`_rule` with its template parameters."""
    code = _rule(digits)
    if code is None:
        return None
    if code == _TYPE_DIGIT:
        return code, {"expected": "1/5", "given": digits[0]}
    return code, {"expected": calc_check_digit(digits), "given": digits[12]}


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 13 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the 13-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
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
    if type(value) is str and len(value) == 13 and value.isdigit() and value.isascii():
        return _rule(value) is None
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _rule(digits) is None


def validate_any(value: object) -> str:
    """Validate an OGRN (13 digits) or an OGRNIP (15 digits), chosen by the length after normalising.

    Errors use the ``ogrn.*`` codes, or ``ogrnip.*`` once the value has 15 digits.
    """
    from egisz_sdk.validators import ogrnip

    digits = digits_only(value, KIND, (13, 15))
    return ogrnip.validate(value) if len(digits) == 15 else validate(value)


def is_valid_any(value: object) -> bool:
    """True when ``value`` is a valid OGRN or a valid OGRNIP; never raises."""
    from egisz_sdk.validators import ogrnip

    return is_valid(value) or ogrnip.is_valid(value)


def format(value: object) -> str:
    """The printed form of a valid OGRN: its 13 digits without separators."""
    return validate(value)


def generate(
    random: _random.Random | None = None,
    *,
    year: int | None = None,
    region: str | None = None,
    type_digit: str | None = None,
) -> str:
    """A random valid OGRN.

    Args:
        random: the random generator (for reproducible test data).
        year: registration year, 2002–2099 (OGRNs exist since 2002); random when omitted.
        region: two-digit region code ``"01"``–``"99"``; random when omitted.
        type_digit: ``"1"`` or ``"5"``; random when omitted.
    """
    r = rng(random)
    if type_digit is None:
        type_digit = r.choice("15")
    elif type_digit not in ("1", "5"):
        raise ValidationError(
            "identifier.argument", field="type_digit", name="type_digit", value=type_digit, allowed="1, 5"
        )
    body = type_digit + year_constraint(year, 2002, r) + region_constraint(region, r) + random_digits(r, 7)
    return body + calc_check_digit(body)
