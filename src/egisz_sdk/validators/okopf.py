"""ОКОПФ — the all-Russian classifier of organisational and legal forms (ОК 028-2012): five digits.

Often printed in groups ``1 22 47`` (public joint-stock companies); the canonical form is ``"12247"``.
There is no check digit: a code is valid when it exists in the classifier. The table shipped with the
SDK (``validators/data/okopf.json``) is a **snapshot**; :func:`name` returns the Russian name. Codes
typical of medical organisations: ``75403`` municipal budget institutions, ``75203`` regional budget
institutions, ``75103`` federal budget institutions, ``12300`` limited liability companies,
``50102`` individual entrepreneurs.

>>> validate("1 22 47")
'12247'
>>> format("12247")
'1 22 47'
"""

from __future__ import annotations

import random as _random
from functools import cache

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import digits_only, never_raises, rng
from egisz_sdk.validators._text import load_table

__all__ = ["KIND", "codes", "format", "generate", "is_valid", "name", "normalize", "validate"]

KIND = "okopf"


@cache
def _table() -> dict[str, str]:
    return load_table("okopf.json")


def codes() -> tuple[str, ...]:
    """Every code of the shipped table, sorted."""
    return tuple(sorted(_table()))


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not five ASCII digits."""
    return digits_only(value, KIND, (5,))


def validate(value: object) -> str:
    """Return the five-digit code if the classifier has it, else raise (``okopf.unknown`` …)."""
    code = normalize(value)
    if code not in _table():
        raise InvalidIdentifier(f"{KIND}.unknown", field=KIND, value=value, given=code)
    return code


is_valid = never_raises(validate)


def name(value: object) -> str:
    """The Russian name of a valid code (``"12300"`` → ``"Общества с ограниченной ответственностью"``)."""
    return _table()[validate(value)]


def format(value: object) -> str:
    """The printed form ``"N NN NN"`` of a valid code."""
    c = validate(value)
    return f"{c[0]} {c[1:3]} {c[3:]}"


def generate(random: _random.Random | None = None) -> str:
    """A random code from the table."""
    return rng(random).choice(codes())
