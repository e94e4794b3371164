"""БИК — bank identification code: 9 digits, and the control key of a 20-digit bank account.

Structure: ``04`` (Russia) + region (2 digits) + division of the Bank of Russia (2) + bank number (3).
A BIK itself has no check digit (code ``bik.prefix`` when it does not start with ``04``).

A bank account (20 digits) is checked *together with* the BIK (:func:`validate_account`): the 9th
digit of the account is a control key such that ``Σ(digit_i · [7, 1, 3][i % 3]) ≡ 0 (mod 10)`` over
the 23 digits ``prefix + account``, where the prefix is ``"0" + bik[4:6]`` for a correspondent account
(one starting ``301``) and ``bik[6:9]`` for every other account. Codes ``account.checksum`` (with
``expected`` and ``given`` key digits and the ``bik``), ``account.type`` / ``.empty`` / ``.format`` /
``.length``.

>>> validate("044525225")
'044525225'
>>> validate_account("30101810400000000225", "044525225")
'30101810400000000225'
"""

from __future__ import annotations

import random as _random
from typing import Final

from egisz_sdk.validators._base import (
    Problem,
    digits_only,
    quiet_digits,
    raise_problem,
    random_digits,
    region_constraint,
    rng,
    weighted_sum,
)

__all__ = [
    "KIND",
    "calc_account_key",
    "format",
    "generate",
    "generate_account",
    "is_valid",
    "is_valid_account",
    "normalize",
    "validate",
    "validate_account",
]

KIND: Final = "bik"
_LENGTHS: Final = (9,)
_ACCOUNT_LENGTHS: Final = (20,)
_ACCOUNT_WEIGHTS: Final = (7, 1, 3) * 8  # 24 ≥ 23 positions
_KEY_INDEX: Final = 8  # the control key is the 9th digit of the account
_DIGITS: Final = "0123456789"


def _problem(digits: str) -> Problem | None:
    """``bik.prefix`` when 9 digits do not start with ``04``; ``None`` when valid."""
    if digits[0] != "0" or digits[1] != "4":
        return f"{KIND}.prefix", {"expected": "04", "given": digits[:2]}
    return None


def normalize(value: object) -> str:
    """Remove spaces and hyphens; refuse anything that is not 9 ASCII digits."""
    return digits_only(value, KIND, _LENGTHS)


def validate(value: object) -> str:
    """Return the 9-digit canonical form or raise :class:`InvalidIdentifier` saying why."""
    digits = normalize(value)
    return raise_problem(value, KIND, digits, _problem(digits))


def is_valid(value: object) -> bool:
    """True when :func:`validate` would accept ``value``; never raises."""
    digits = quiet_digits(value, _LENGTHS)
    return digits is not None and _problem(digits) is None


def format(value: object) -> str:
    """The printed form of a valid BIK: its 9 digits without separators."""
    return validate(value)


def _account_prefix(account: str, bik: str) -> str:
    return "0" + bik[4:6] if account.startswith("301") else bik[6:9]


def calc_account_key(account: str, bik: str) -> str:
    """The control key (9th digit) that makes the 20-digit ``account`` valid with ``bik`` (inputs not validated)."""
    digits = _account_prefix(account, bik) + account[:_KEY_INDEX] + "0" + account[_KEY_INDEX + 1 :]
    total = weighted_sum(digits, _ACCOUNT_WEIGHTS)
    # the key sits at position 3 + 8 = 11 of the 23 digits, weight 3; 7 is the inverse of 3 mod 10
    return _DIGITS[(-total * 7) % 10]


def _account_problem(digits: str, bik: str) -> Problem | None:
    """``account.checksum`` (with the expected and given key and the BIK) when the key is wrong; else ``None``."""
    expected = calc_account_key(digits, bik)
    given = digits[_KEY_INDEX]
    return None if given == expected else ("account.checksum", {"expected": expected, "given": given, "bik": bik})


def validate_account(account: object, bik: object) -> str:
    """Return the 20-digit account or raise :class:`InvalidIdentifier` (``account.*``, or ``bik.*`` for the BIK)."""
    bik_digits = validate(bik)
    digits = digits_only(account, "account", _ACCOUNT_LENGTHS)
    return raise_problem(account, "account", digits, _account_problem(digits, bik_digits))


def is_valid_account(account: object, bik: object) -> bool:
    """True when :func:`validate_account` would accept the pair; never raises."""
    bik_digits = quiet_digits(bik, _LENGTHS)
    if bik_digits is None or _problem(bik_digits) is not None:
        return False
    digits = quiet_digits(account, _ACCOUNT_LENGTHS)
    return digits is not None and _account_problem(digits, bik_digits) is None


def generate(random: _random.Random | None = None, *, region: str | None = None) -> str:
    """A random valid BIK: ``04`` + region (random unless given, ``"01"``–``"99"``) + 5 random digits."""
    r = rng(random)
    return "04" + region_constraint(region, r) + random_digits(r, 5)


def generate_account(
    random: _random.Random | None = None, *, bik: str | None = None, correspondent: bool = False
) -> str:
    """A random 20-digit account whose control key is valid with ``bik`` (random BIK when omitted).

    ``correspondent=True`` gives a correspondent account (``30101`` + 15 digits); otherwise the
    account starts with a settlement balance account ``40702``.
    """
    r = rng(random)
    bik_digits = validate(bik) if bik is not None else generate(r)
    start = "30101" if correspondent else "40702"
    draft = start + random_digits(r, 15)
    key = calc_account_key(draft, bik_digits)
    return draft[:_KEY_INDEX] + key + draft[_KEY_INDEX + 1 :]
