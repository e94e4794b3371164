"""Shared helpers of the identifier modules: type checks, separator stripping, ASCII digit tests.

Every identifier module offers the same functions (``normalize``, ``validate``, ``is_valid``,
``format``, ``generate``) and raises :class:`~egisz_sdk.errors.InvalidIdentifier` with codes
``<kind>.type``, ``<kind>.empty``, ``<kind>.format``, ``<kind>.length``, ``<kind>.checksum`` and
identifier-specific ones. The helpers here keep that behaviour identical across modules.

Robustness rules (tested for every module):

* only ``str`` is accepted — ``int`` would lose leading zeros, ``bytes`` has no defined encoding;
* digits are ASCII digits only (``str.isdigit`` accepts ``'²'`` and full-width digits — we do not);
* input longer than :data:`MAX_INPUT` is refused before any other work, so time is linear and small.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from typing import Final

from egisz_sdk.errors import InvalidIdentifier

__all__ = [
    "MAX_INPUT",
    "checked_str",
    "digits_only",
    "is_ascii_digits",
    "never_raises",
    "random_digits",
    "rng",
    "strip_separators",
]

#: Longest raw input looked at; identifiers are short, so anything longer is refused at once.
MAX_INPUT: Final = 256

_SEPARATORS: Final = " -"


def checked_str(value: object, kind: str) -> str:
    """Return ``value`` if it is a ``str`` of sane size, else raise ``<kind>.type`` / ``<kind>.length``."""
    if not isinstance(value, str):
        raise InvalidIdentifier(f"{kind}.type", field=kind, type=type(value).__name__)
    if len(value) > MAX_INPUT:
        raise InvalidIdentifier(f"{kind}.length", field=kind, value=value, length=len(value), expected="≤256")
    return value


def is_ascii_digits(text: str) -> bool:
    """True when ``text`` is non-empty and made of ASCII ``0``–``9`` only."""
    return text.isascii() and text.isdigit()


def strip_separators(value: object, kind: str, separators: str = _SEPARATORS) -> str:
    """Check the type, trim surrounding spaces and drop printed-form separators.

    Only the characters in ``separators`` (by default space and hyphen) are removed; anything else
    is left for the caller to reject, so prose such as ``"СНИЛС 112-233-445 95"`` is refused rather
    than silently reduced to digits.
    """
    text = checked_str(value, kind).strip(" ")
    if not text:
        raise InvalidIdentifier(f"{kind}.empty", field=kind)
    for sep in separators:
        text = text.replace(sep, "")
    return text


def digits_only(value: object, kind: str, lengths: tuple[int, ...], separators: str = _SEPARATORS) -> str:
    """Normalise to ASCII digits of one of ``lengths`` or raise ``.format`` / ``.length``."""
    text = strip_separators(value, kind, separators)
    if not is_ascii_digits(text):
        bad = next((ch for ch in text if not ("0" <= ch <= "9")), "")
        raise InvalidIdentifier(f"{kind}.format", field=kind, value=value, char=repr(bad))
    if len(text) not in lengths:
        expected = " или ".join(str(n) for n in lengths)
        expected_en = " or ".join(str(n) for n in lengths)
        raise InvalidIdentifier(
            f"{kind}.length",
            field=kind,
            value=value,
            length=len(text),
            expected=expected,
            expected_en=expected_en,
        )
    return text


def rng(random: _random.Random | None) -> _random.Random:
    """The caller's random generator, or a module-level one for convenience."""
    return random if random is not None else _DEFAULT_RNG


def random_digits(r: _random.Random, n: int, first: str = "0123456789") -> str:
    """``n`` random ASCII digits, the first drawn from ``first``."""
    if n <= 0:
        return ""
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def never_raises(check: Callable[[object], object]) -> Callable[[object], bool]:
    """Build an ``is_valid`` from a ``validate``: True when it returns, False on our errors."""

    def is_valid(value: object) -> bool:
        try:
            check(value)
        except InvalidIdentifier:
            return False
        return True

    is_valid.__doc__ = "True when the value is valid; never raises."
    return is_valid


_DEFAULT_RNG: Final = _random.Random()
