"""Паспорт гражданина РФ — the internal passport: series ``SS SS`` and number ``NNNNNN``.

Rules: the series is four digits — the OKATO code of the issuing region (two digits) and the last two
digits of the year the blank was printed; the number is six digits. **There is no check digit**: a
passport can only be confirmed against the МВД database, so validation here checks shape and
plausibility only:

* region part ``00`` does not exist in OKATO → ``passport.region``;
* the blank year must be ``97``–``99`` or ``00`` up to next year (passports of this form exist since
  1997; blanks can be printed a year ahead) → ``passport.year``;
* number ``000000`` is never issued → ``passport.number``.

Canonical form ``"SSSSNNNNNN"`` (10 digits); printed ``"SS SS NNNNNN"``. Spaces, hyphens and the sign
``№`` are accepted as separators (``"45 06 № 123456"``); nothing else is stripped.

The issuing department code (``код подразделения``) is ``NNN-NNN``: region (2 digits), the level of
the unit (1 digit) and the unit (3 digits); it has no check digit either. See
:func:`validate_department_code` and :func:`format_department_code` (canonical form: 6 digits).

>>> validate("45 06 123456")
'4506123456'
>>> format("4506123456")
'45 06 123456'
>>> format_department_code("770001")
'770-001'
"""

from __future__ import annotations

import datetime as _dt
import random as _random

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import MAX_INPUT, digits_only, is_ascii_digits, never_raises, random_digits, rng

__all__ = [
    "KIND",
    "format",
    "format_department_code",
    "generate",
    "generate_department_code",
    "is_valid",
    "is_valid_department_code",
    "normalize",
    "validate",
    "validate_department_code",
]

KIND = "passport"
_SEPARATORS = " -№"
#: First blank year of the current passport form (1997).
_FIRST_YEAR = 1997


def _year_ok(yy: int) -> bool:
    last = _dt.date.today().year + 1
    full = 1900 + yy if yy >= 97 else 2000 + yy
    return _FIRST_YEAR <= full <= last


def normalize(value: object) -> str:
    """Remove spaces, hyphens and ``№``; refuse anything that is not 10 ASCII digits."""
    return digits_only(value, KIND, (10,), _SEPARATORS)


def validate(value: object) -> str:
    """Return the canonical ``"SSSSNNNNNN"`` or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    region, year, number = digits[:2], digits[2:4], digits[4:]
    if region == "00":
        raise InvalidIdentifier(f"{KIND}.region", field=KIND, value=value, region=region)
    if not _year_ok(int(year)):
        raise InvalidIdentifier(f"{KIND}.year", field=KIND, value=value, year=year)
    if number == "000000":
        raise InvalidIdentifier(f"{KIND}.number", field=KIND, value=value)
    return digits


is_valid = never_raises(validate)


def format(value: object) -> str:
    """The printed form ``"SS SS NNNNNN"`` of a valid passport series and number."""
    d = validate(value)
    return f"{d[0:2]} {d[2:4]} {d[4:]}"


def generate(random: _random.Random | None = None, *, region: str | None = None) -> str:
    """A random plausible series and number (``region``: two-digit OKATO code, random if omitted)."""
    r = rng(random)
    reg = region if region is not None else f"{r.randint(1, 99):02d}"
    if len(reg) != 2 or not is_ascii_digits(reg) or reg == "00":
        raise InvalidIdentifier(f"{KIND}.region", field="region", value=reg, region=reg)
    year = r.randint(_FIRST_YEAR, _dt.date.today().year) % 100
    number = random_digits(r, 6)
    if number == "000000":
        number = "000001"
    return f"{reg}{year:02d}{number}"


def validate_department_code(value: object) -> str:
    """Return the issuing department code as 6 digits (``"770001"``) or raise saying why.

    Accepts ``"770-001"``, ``"770 001"`` and ``"770001"``. There is no check digit; the first two
    digits are the region and may not be ``00``.
    """
    field = "department_code"
    if not isinstance(value, str):
        raise InvalidIdentifier(f"{KIND}.department_type", field=field, type=type(value).__name__)
    if len(value) > MAX_INPUT:
        raise InvalidIdentifier(f"{KIND}.department_length", field=field, value=value, length=len(value))
    compact = value.replace("-", "").replace(" ", "")
    if not compact:
        raise InvalidIdentifier(f"{KIND}.department_empty", field=field)
    if not is_ascii_digits(compact):
        bad = next((ch for ch in compact if not ("0" <= ch <= "9")), "")
        raise InvalidIdentifier(f"{KIND}.department_format", field=field, value=value, char=repr(bad))
    if len(compact) != 6:
        raise InvalidIdentifier(f"{KIND}.department_length", field=field, value=value, length=len(compact))
    if compact[:2] == "00":
        raise InvalidIdentifier(f"{KIND}.department_region", field=field, value=value, region="00")
    return compact


is_valid_department_code = never_raises(validate_department_code)


def format_department_code(value: object) -> str:
    """The printed form ``"NNN-NNN"`` of a valid department code."""
    d = validate_department_code(value)
    return f"{d[:3]}-{d[3:]}"


def generate_department_code(random: _random.Random | None = None) -> str:
    """A random plausible department code (6 digits)."""
    r = rng(random)
    return f"{r.randint(1, 99):02d}{r.randint(0, 3)}{random_digits(r, 3)}"
