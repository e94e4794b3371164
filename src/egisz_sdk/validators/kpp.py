"""КПП — tax registration reason code: 9 characters ``NNNNPPXXX``.

Structure: ``NNNN`` is the tax office (region code + office number), ``PP`` the reason for registration,
``XXX`` a sequence number. Since 2012 the reason part may hold upper-case Latin letters ``A``–``Z``, so
the FNS pattern is ``([0-9][1-9]|[1-9][0-9])([0-9]{2})([0-9A-Z]{2})([0-9]{3})``. There is no check digit.

Traps: some libraries reject the letters (``7707AB001`` is valid); lower-case letters and Cyrillic
lookalikes (``А``, ``В``, ``Е`` … look like Latin ones) are *not* accepted — we refuse rather than guess.

Error codes: ``kpp.format`` (a character that is neither an ASCII digit nor ``A``–``Z``),
``kpp.position`` (a letter outside positions 5–6), ``kpp.region`` (starts with ``00``), and the common
``kpp.type`` / ``.empty`` / ``.length``.

>>> validate("7707 AB 001")
'7707AB001'
>>> is_valid("7707ab001")
False
"""

from __future__ import annotations

import random as _random
from typing import Final

from egisz_sdk.validators._base import (
    Problem,
    clean,
    raise_problem,
    random_digits,
    region_constraint,
    rng,
    strip_separators,
)

__all__ = ["KIND", "format", "generate", "is_valid", "normalize", "validate"]

KIND: Final = "kpp"
_ALLOWED: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_UPPER: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The codes :func:`normalize` raises: the character set and the length (the shape of any KPP).
_SHAPE: Final = ("kpp.format", "kpp.length")


def _problem(text: str) -> Problem | None:
    """The first rule a separator-free text breaks; ``None`` when valid. Shape rules (:data:`_SHAPE`) come first."""
    for ch in text:
        if ch not in _ALLOWED:
            return f"{KIND}.format", {"char": repr(ch)}
    if len(text) != 9:
        return f"{KIND}.length", {"length": len(text), "expected": "9", "expected_en": "9"}
    for position, ch in enumerate(text, start=1):
        if not ("0" <= ch <= "9") and position not in (5, 6):
            return f"{KIND}.position", {"char": repr(ch), "position": position}
    if text[0] == "0" and text[1] == "0":
        return f"{KIND}.region", {}
    return None


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 9 characters of ``0``–``9`` / ``A``–``Z``."""
    text = strip_separators(value, KIND)
    problem = _problem(text)
    return raise_problem(value, KIND, text, problem if problem is not None and problem[0] in _SHAPE else None)


def validate(value: object) -> str:
    """Return the 9-character canonical form or raise :class:`InvalidIdentifier` saying why."""
    text = strip_separators(value, KIND)
    return raise_problem(value, KIND, text, _problem(text))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    text = clean(value)
    return text is not None and _problem(text) is None


def format(value: object) -> str:
    """The printed form of a valid KPP: its 9 characters without separators."""
    return validate(value)


def generate(random: _random.Random | None = None, *, region: str | None = None, letters: bool = False) -> str:
    """A random valid KPP.

    Args:
        random: the random generator (for reproducible test data).
        region: the first two digits, ``"01"``–``"99"``; random when omitted.
        letters: put upper-case Latin letters in positions 5–6 (the form allowed since 2012).
    """
    r = rng(random)
    region = region_constraint(region, r)
    reason = r.choice(_UPPER) + r.choice(_UPPER) if letters else random_digits(r, 2)
    return region + random_digits(r, 2) + reason + random_digits(r, 3)
