"""Private helpers shared by the personal-data validators (passport, phone, e-mail, names, dates …).

The numeric identifiers use :mod:`egisz_sdk.validators._base`; the modules here need a few more things:
errors of a chosen class (names, dates and e-mail are not *identifiers*, so they raise
:class:`~egisz_sdk.errors.ValidationError`), character classes for Cyrillic text, and a printable
description of an offending character. :func:`never_raises` (which catches any ``ValidationError``) is
the one of :mod:`._base`, re-exported here.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import MAX_INPUT, never_raises

__all__ = [
    "CYRILLIC_LETTERS",
    "LATIN_LETTERS",
    "MAX_INPUT",
    "char_repr",
    "checked_text",
    "first_not_in",
    "load_table",
    "never_raises",
]

#: The Russian alphabet, both cases, with Ё/ё.
CYRILLIC_LETTERS: Final = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
#: ASCII Latin letters, both cases.
LATIN_LETTERS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

ErrorClass = type[ValidationError]


def checked_text(
    value: object,
    kind: str,
    *,
    error: ErrorClass = ValidationError,
    limit: int = MAX_INPUT,
    strip: str = " ",
) -> str:
    """Check the type and size of ``value``, trim ``strip`` characters, refuse an empty result.

    Raises ``<kind>.type`` for anything but ``str``, ``<kind>.length`` for input longer than ``limit``
    (checked before any other work, so huge inputs cost nothing) and ``<kind>.empty``.
    """
    if not isinstance(value, str):
        raise error(f"{kind}.type", field=kind, type=type(value).__name__)
    if len(value) > limit:
        raise error(f"{kind}.length", field=kind, value=value, length=len(value), expected=f"≤{limit}")
    text = value.strip(strip)
    if not text:
        raise error(f"{kind}.empty", field=kind)
    return text


def char_repr(ch: str) -> str:
    """A readable description of one character: ``'x' (U+0078 LATIN SMALL LETTER X)``."""
    name = unicodedata.name(ch, "")
    return f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"


def first_not_in(text: str, allowed: frozenset[str] | str) -> str | None:
    """The first character of ``text`` that is not in ``allowed``, or ``None``."""
    for ch in text:
        if ch not in allowed:
            return ch
    return None


def load_table(filename: str) -> dict[str, str]:
    """Load ``code → name`` from ``validators/data/<filename>`` (JSON with a ``codes`` object)."""
    import json
    from importlib import resources

    raw = json.loads(resources.files("egisz_sdk.validators.data").joinpath(filename).read_text(encoding="utf-8"))
    return {str(code): str(name) for code, name in raw["codes"].items()}
