"""ОКПО — code in the All-Russian classifier of enterprises and organisations: 8 or 10 digits.

Organisations have 8 digits, individual entrepreneurs 10 (older registers print organisation codes
with two leading zeros as 10 digits too). The last digit is a check digit over the others:

.. code-block:: text

    w(i, shift) = ((i + shift - 1) % 10) + 1          # i is the 0-based position
    c = Σ d[i] · w(i, 1) % 11                          # weights 1, 2, 3, …
    if c == 10: c = Σ d[i] · w(i, 3) % 11              # second pass, weights 3, 4, 5, …
    if c == 10: c = 0

Error codes: ``okpo.checksum`` (with ``expected`` and ``given``), and the common ``okpo.type`` /
``.empty`` / ``.format`` / ``.length``.

>>> validate("57972160")
'57972160'
>>> is_valid("57972163")
False
"""

from __future__ import annotations

import random as _random
from typing import Final, Literal

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import (
    checksum_problem,
    digits_only,
    quiet_digits,
    raise_problem,
    random_digits,
    rng,
    weighted_sum,
)

__all__ = ["KIND", "calc_check_digit", "format", "generate", "is_valid", "normalize", "validate"]

KIND: Final = "okpo"
_LENGTHS: Final = (8, 10)
_DIGITS: Final = "0123456789"
_PASS1: Final = tuple(((i + 1 - 1) % 10) + 1 for i in range(9))
_PASS2: Final = tuple(((i + 3 - 1) % 10) + 1 for i in range(9))


def calc_check_digit(body: str) -> str:
    """The check digit of a 7- or 9-digit body (not validated)."""
    check = weighted_sum(body, _PASS1[: len(body)]) % 11
    if check == 10:
        check = weighted_sum(body, _PASS2[: len(body)]) % 11
        if check == 10:
            check = 0
    return _DIGITS[check]


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 8 or 10 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the canonical digits or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    return raise_problem(
        value, KIND, digits, checksum_problem(f"{KIND}.checksum", calc_check_digit(digits[:-1]), digits[-1])
    )


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and digits[-1] == calc_check_digit(digits[:-1])


def format(value: object) -> str:
    """The printed form of a valid OKPO: its digits without separators."""
    return validate(value)


def generate(random: _random.Random | None = None, *, kind: Literal["any", "legal", "individual"] = "any") -> str:
    """A random valid OKPO: 8 digits for ``kind="legal"``, 10 for ``"individual"``, either for ``"any"``."""
    r = rng(random)
    if kind == "legal":
        length = 8
    elif kind == "individual":
        length = 10
    elif kind == "any":
        length = r.choice(_LENGTHS)
    else:
        raise ValidationError(
            "identifier.argument", field="kind", name="kind", value=kind, allowed="any, legal, individual"
        )
    body = random_digits(r, length - 1)
    return body + calc_check_digit(body)
