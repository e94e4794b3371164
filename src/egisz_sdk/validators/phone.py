"""Russian telephone numbers, normalised to E.164: ``+7XXXXXXXXXX``.

Accepted input: ``8 (912) 345-67-89``, ``+7 912 345 67 89``, ``89123456789``, ``7-912-345-67-89``,
``+7(912)3456789`` and the bare ten-digit national number ``9123456789``. Spaces, hyphens and
parentheses are removed (they belong to the printed form); a ``+`` is allowed only in front.

Rules:

* letters or other characters → ``phone.format``;
* ``+`` followed by a country code other than 7, or eleven digits starting with neither 7 nor 8
  → ``phone.country``;
* the national number (10 digits after +7/8) must start with 3, 4, 8 or 9 — the geographic (ABC),
  toll-free and mobile (DEF) codes of Russia. ``+7 6xx`` and ``+7 7xx`` belong to Kazakhstan, which
  shares country code 7 → ``phone.country``; ``0``, ``1``, ``2``, ``5`` are unused → ``phone.prefix``;
* too few or too many digits → ``phone.length``.

>>> validate("8 (912) 345-67-89")
'+79123456789'
>>> format("89123456789")
'+7 (912) 345-67-89'
"""

from __future__ import annotations

import random as _random

from egisz_sdk.errors import InvalidIdentifier
from egisz_sdk.validators._base import is_ascii_digits, never_raises, random_digits, rng
from egisz_sdk.validators._text import char_repr, checked_text

__all__ = ["KIND", "format", "generate", "is_valid", "normalize", "validate"]

KIND = "phone"
_SEPARATORS = " -()"
_RUSSIAN_FIRST = frozenset("3489")
_KAZAKH_FIRST = frozenset("67")


def normalize(value: object) -> str:
    """Return ``+7`` and the ten-digit national number; refuse anything that is not a Russian number."""
    text = checked_text(value, KIND, error=InvalidIdentifier)
    plus = text.startswith("+")
    body = text[1:] if plus else text
    for sep in _SEPARATORS:
        body = body.replace(sep, "")
    if not body:
        raise InvalidIdentifier(f"{KIND}.empty", field=KIND)
    if not is_ascii_digits(body):
        bad = next(ch for ch in body if not ("0" <= ch <= "9"))
        raise InvalidIdentifier(f"{KIND}.format", field=KIND, value=value, char=char_repr(bad))
    if plus:
        if body[0] != "7":
            raise InvalidIdentifier(f"{KIND}.country", field=KIND, value=value, country="+" + body[:3])
        national = body[1:]
    elif len(body) == 11:
        if body[0] not in "78":
            raise InvalidIdentifier(f"{KIND}.country", field=KIND, value=value, country=body[0])
        national = body[1:]
    else:
        national = body
    if len(national) != 10:
        raise InvalidIdentifier(f"{KIND}.length", field=KIND, value=value, length=len(body), expected="10–11")
    if national[0] in _KAZAKH_FIRST:
        raise InvalidIdentifier(f"{KIND}.country", field=KIND, value=value, country="+7 " + national[:3])
    if national[0] not in _RUSSIAN_FIRST:
        raise InvalidIdentifier(f"{KIND}.prefix", field=KIND, value=value, prefix=national[:3])
    return "+7" + national


def validate(value: object) -> str:
    """Return the E.164 form ``+7XXXXXXXXXX`` or raise :class:`InvalidIdentifier` saying why."""
    return normalize(value)


is_valid = never_raises(validate)


def format(value: object) -> str:
    """The printed form ``+7 (912) 345-67-89``."""
    n = validate(value)[2:]
    return f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"


def generate(random: _random.Random | None = None, *, mobile: bool = True) -> str:
    """A random valid number in E.164; a mobile (9xx) one unless ``mobile=False`` (geographic 3xx/4xx/8xx)."""
    r = rng(random)
    first = "9" if mobile else r.choice("348")
    return "+7" + first + random_digits(r, 9)
