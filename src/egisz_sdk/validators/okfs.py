"""ОКФС — the all-Russian classifier of forms of ownership (ОК 027-99): a two-digit code.

There is no check digit: a code is valid when it exists in the classifier. The table shipped with the
SDK (``validators/data/okfs.json``) is a **snapshot** of the codes in force; :func:`name` returns the
Russian name. Typical codes for medical organisations: ``12`` federal, ``13`` regional (subject of the
Federation), ``14`` municipal, ``16`` private.

>>> validate("14")
'14'
>>> name("16")
'Частная собственность'
"""

from __future__ import annotations

import random as _random
from functools import cache

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import digits_only, never_raises, rng
from egisz_sdk.validators._text import load_table

__all__ = ["KIND", "codes", "format", "generate", "is_valid", "name", "normalize", "validate"]

KIND = "okfs"


@cache
def _table() -> dict[str, str]:
    return load_table("okfs.json")


def codes() -> tuple[str, ...]:
    """Every code of the shipped table, sorted."""
    return tuple(sorted(_table()))


def normalize(value: object) -> str:
    """Trim spaces; refuse anything that is not two ASCII digits."""
    return digits_only(value, KIND, (2,))


def validate(value: object) -> str:
    """Return the two-digit code if the classifier has it, else raise (``okfs.unknown`` …)."""
    code = normalize(value)
    if code not in _table():
        raise InvalidIdentifier(f"{KIND}.unknown", field=KIND, value=value, given=code)
    return code


is_valid = never_raises(validate)


def name(value: object) -> str:
    """The Russian name of a valid code (``"16"`` → ``"Частная собственность"``)."""
    return _table()[validate(value)]


def format(value: object) -> str:
    """The printed form of a valid code (the two digits themselves)."""
    return validate(value)


def generate(random: _random.Random | None = None) -> str:
    """A random code from the table."""
    return rng(random).choice(codes())
