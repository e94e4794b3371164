"""Password policy checks (the guides: at least 8 characters, upper- and lower-case letters, a digit
and a special character) — configurable, and careful never to leak the password.

:func:`validate` checks **every** rule and raises one :class:`~egisz_sdk.errors.ValidationError`
whose ``code`` is the first failed rule and whose ``params["failures"]`` lists all failed codes:
``password.control``, ``password.too_short``, ``password.too_long``, ``password.no_upper``,
``password.no_lower``, ``password.no_digit``, ``password.no_special``. The error's ``value`` is always
``None`` and no message, ``repr`` or parameter contains the password or its characters.

Control characters (U+0000–U+001F and U+007F–U+009F: newline, carriage return, tab, NUL …) are refused
with ``password.control`` whatever the policy. A password read from a file or pasted from a terminal
often carries a trailing ``"\n"``; accepting it would store a password the user can never type.

Character classes: letters of any script count as upper- or lower-case (``str.isupper`` /
``str.islower``), digits are ASCII ``0``–``9``, a special character is anything that is neither a
letter, a digit, whitespace nor a control character (``!``, ``_``, ``№`` …).

>>> validate("Qwerty!23")
'Qwerty!23'
>>> is_valid("qwerty")
False
"""

from __future__ import annotations

import random as _random
import secrets
import string
from typing import Final

import attrs

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._text import never_raises

__all__ = ["DEFAULT", "KIND", "PasswordPolicy", "check", "format", "generate", "is_valid", "normalize", "validate"]

KIND = "password"
_SPECIALS: Final = "!@#$%^&*()-_=+[]{};:,.?/"


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValidationError(
            f"{KIND}.policy",
            field=attribute.name,
            value=value,
            reason_ru=f"{attribute.name} должно быть не меньше 1",
            reason_en=f"{attribute.name} must be at least 1",
        )


@attrs.frozen
class PasswordPolicy:
    """Which rules a password must satisfy; the default is the one the EGISZ guides state."""

    min_length: int = attrs.field(default=8, validator=_positive)
    max_length: int = attrs.field(default=128, validator=_positive)
    upper: bool = True
    lower: bool = True
    digit: bool = True
    special: bool = True

    def __attrs_post_init__(self) -> None:
        required = sum((self.upper, self.lower, self.digit, self.special))
        if self.max_length < max(self.min_length, required):
            raise ValidationError(
                f"{KIND}.policy",
                field="max_length",
                value=self.max_length,
                reason_ru="max_length меньше min_length или числа обязательных классов символов",
                reason_en="max_length is below min_length or the number of required character classes",
            )


#: The policy of the EGISZ/ESIA guides: ≥ 8 characters, upper, lower, digit, special.
DEFAULT: Final = PasswordPolicy()

_RULES_RU: Final = {
    "control": "содержит управляющий символ (перевод строки, табуляция, NUL …)",
    "too_short": "короче {min_length} символов",
    "too_long": "длиннее {max_length} символов",
    "no_upper": "нет заглавной буквы",
    "no_lower": "нет строчной буквы",
    "no_digit": "нет цифры",
    "no_special": "нет специального символа",
}
_RULES_EN: Final = {
    "control": "contains a control character (newline, tab, NUL …)",
    "too_short": "shorter than {min_length} characters",
    "too_long": "longer than {max_length} characters",
    "no_upper": "no upper-case letter",
    "no_lower": "no lower-case letter",
    "no_digit": "no digit",
    "no_special": "no special character",
}


def check(value: str, policy: PasswordPolicy = DEFAULT) -> tuple[str, ...]:
    """The codes of every rule ``value`` fails (empty when it complies); ``value`` must be a ``str``."""
    sample = value[: policy.max_length]  # a longer value fails too_long anyway; bounded work
    has_control = has_upper = has_lower = has_digit = has_special = False
    for ch in sample:
        if "0" <= ch <= "9":
            has_digit = True
        elif ch.isalpha():
            has_upper = has_upper or ch.isupper()
            has_lower = has_lower or ch.islower()
        elif ch < " " or "\x7f" <= ch <= "\x9f":
            has_control = True
        elif not ch.isspace() and not ch.isalnum():
            has_special = True
    failures: list[str] = ["control"] if has_control else []
    n = len(value)
    if n < policy.min_length:
        failures.append("too_short")
    if n > policy.max_length:
        failures.append("too_long")
    if policy.upper and not has_upper:
        failures.append("no_upper")
    if policy.lower and not has_lower:
        failures.append("no_lower")
    if policy.digit and not has_digit:
        failures.append("no_digit")
    if policy.special and not has_special:
        failures.append("no_special")
    return tuple(f"{KIND}.{f}" for f in failures)


def normalize(value: object) -> str:
    """Passwords are never normalised: return ``value`` unchanged after the type check."""
    if not isinstance(value, str):
        raise ValidationError(f"{KIND}.type", field=KIND, value=None, type=type(value).__name__)
    return value


def validate(value: object, *, policy: PasswordPolicy = DEFAULT) -> str:
    """Return ``value`` when it satisfies ``policy``; otherwise raise one error listing every failed rule."""
    if not isinstance(policy, PasswordPolicy):  # checked first: a wrong option is not the password's fault
        raise ValidationError(
            "identifier.argument", field="policy", name="policy", value=type(policy).__name__, allowed="PasswordPolicy"
        )
    text = normalize(value)
    if not text:
        raise ValidationError(f"{KIND}.empty", field=KIND, value=None, failures=(f"{KIND}.empty",))
    failures = check(text, policy)
    if failures:
        names = [f.split(".", 1)[1] for f in failures]
        fmt = {"min_length": policy.min_length, "max_length": policy.max_length}
        raise ValidationError(
            failures[0],
            field=KIND,
            value=None,
            failures=failures,
            failed_ru="; ".join(_RULES_RU[n].format(**fmt) for n in names),
            failed_en="; ".join(_RULES_EN[n].format(**fmt) for n in names),
        )
    return text


is_valid = never_raises(validate)


def format(value: object, *, policy: PasswordPolicy = DEFAULT) -> str:
    """A fixed mask ``"********"`` for a valid password (its length is not revealed)."""
    validate(value, policy=policy)
    return "********"


def generate(
    random: _random.Random | None = None, *, policy: PasswordPolicy = DEFAULT, length: int | None = None
) -> str:
    """A random password that satisfies ``policy``.

    Uses :mod:`secrets` (the operating system's CSPRNG) unless a ``random.Random`` is passed — do that
    only for reproducible test data, never for real passwords.
    """
    r: _random.Random = random if random is not None else secrets.SystemRandom()
    size = length if length is not None else max(policy.min_length, 16)
    size = min(max(size, policy.min_length), policy.max_length)
    pools = []
    if policy.upper:
        pools.append(string.ascii_uppercase)
    if policy.lower:
        pools.append(string.ascii_lowercase)
    if policy.digit:
        pools.append(string.digits)
    if policy.special:
        pools.append(_SPECIALS)
    alphabet = "".join(pools) or string.ascii_letters + string.digits
    chars = [r.choice(pool) for pool in pools]
    chars += [r.choice(alphabet) for _ in range(size - len(chars))]
    r.shuffle(chars)
    return "".join(chars)
