"""E-mail addresses: a pragmatic syntax check, not the full RFC 5322 grammar.

What is accepted: ``local@domain`` with exactly one ``@``; the local part is a *dot-atom* (ASCII
letters, digits and ``!#$%&'*+-/=?^_`{|}~``, plus Cyrillic letters for SMTPUTF8 mailboxes such as
``админ@почта.рф``; dots neither first, last nor doubled), at most 64 characters; the domain has at
least two labels separated by dots, each 1–63 characters of letters (ASCII or Cyrillic, so IDN
domains like ``минздрав.рф`` pass), digits and inner hyphens, the top-level label not all digits;
the whole address at most 254 characters and the domain at most 253 (also after IDNA/punycode
encoding of each label).

Not accepted on purpose: quoted local parts (``"a b"@x.ru``), comments, IP-literal domains
(``user@[10.0.0.1]``) and single-label domains — they are legal in the RFCs but never valid
addresses for a registry card. Deliverability is not checked (no DNS).

Surrounding spaces are trimmed (the guides insist on it); the domain is lower-cased, the local part
is kept as typed (mail servers may treat it case-sensitively).

>>> validate("  Ivan.Petrov@Example.RU ")
'Ivan.Petrov@example.ru'
"""

from __future__ import annotations

import random as _random
import string
from typing import Final

from egisz_sdk.errors import ValidationError
from egisz_sdk.validators._base import rng
from egisz_sdk.validators._text import CYRILLIC_LETTERS, char_repr, checked_text, first_not_in, never_raises

__all__ = ["KIND", "format", "generate", "is_valid", "normalize", "validate"]

KIND = "email"
MAX_LENGTH: Final = 254
MAX_LOCAL: Final = 64
MAX_DOMAIN: Final = 253
MAX_LABEL: Final = 63

_ATEXT: Final = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~") | CYRILLIC_LETTERS
_LABEL: Final = frozenset(string.ascii_lowercase + string.digits + "-") | CYRILLIC_LETTERS


def _fail(code: str, value: object, **params: object) -> ValidationError:
    return ValidationError(f"{KIND}.{code}", field=KIND, value=value, **params)


def normalize(value: object) -> str:
    """Trim surrounding spaces and lower-case the domain (no other checks than one ``@``)."""
    text = checked_text(value, KIND, limit=1024, strip=" \t")
    count = text.count("@")
    if count != 1:
        raise _fail("at", value, count=count)
    local, domain = text.split("@")
    return f"{local}@{domain.lower()}"


def _check_local(local: str, value: object) -> None:
    if not local:
        raise _fail("local", value, reason_ru="пусто", reason_en="empty")
    if len(local) > MAX_LOCAL:
        raise _fail("local", value, reason_ru=f"длиннее {MAX_LOCAL} символов", reason_en=f"over {MAX_LOCAL} characters")
    bad = first_not_in(local.replace(".", ""), _ATEXT)
    if bad is not None:
        raise _fail("format", value, char=char_repr(bad))
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise _fail(
            "local",
            value,
            reason_ru="точка в начале, в конце или две подряд",
            reason_en="leading, trailing or double dot",
        )


def _check_domain(domain: str, value: object) -> None:
    if len(domain) > MAX_DOMAIN:
        raise _fail(
            "domain", value, reason_ru=f"длиннее {MAX_DOMAIN} символов", reason_en=f"over {MAX_DOMAIN} characters"
        )
    labels = domain.split(".")
    if len(labels) < 2:
        raise _fail("domain", value, reason_ru="нет точки", reason_en="no dot")
    ace_length = len(labels) - 1
    for label in labels:
        if not label:
            raise _fail("domain", value, reason_ru="пустая часть", reason_en="empty label")
        bad = first_not_in(label, _LABEL)
        if bad is not None:
            raise _fail("format", value, char=char_repr(bad))
        if label.startswith("-") or label.endswith("-"):
            raise _fail("domain", value, reason_ru="дефис на краю части", reason_en="hyphen at a label edge")
        ace = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        if len(ace) > MAX_LABEL:
            raise _fail("domain", value, reason_ru=f"часть длиннее {MAX_LABEL}", reason_en=f"label over {MAX_LABEL}")
        ace_length += len(ace)
    if labels[-1].isdigit():
        raise _fail("domain", value, reason_ru="домен верхнего уровня из цифр", reason_en="numeric top-level domain")
    if ace_length > MAX_DOMAIN:
        raise _fail("domain", value, reason_ru="слишком длинный в IDNA", reason_en="too long in IDNA form")


def validate(value: object) -> str:
    """Return the trimmed address with a lower-cased domain, or raise :class:`ValidationError` saying why."""
    address = normalize(value)
    if len(address) > MAX_LENGTH:
        raise ValidationError(f"{KIND}.length", field=KIND, value=value, length=len(address), expected=f"≤{MAX_LENGTH}")
    local, domain = address.split("@")
    _check_local(local, value)
    _check_domain(domain, value)
    return address


is_valid = never_raises(validate)


def format(value: object) -> str:
    """The printed form: the validated address itself."""
    return validate(value)


_DOMAINS: Final = ("example.ru", "mail.example.com", "пример.испытание", "clinic.example.org")


def generate(random: _random.Random | None = None) -> str:
    """A random valid address on a reserved or illustrative domain (safe for test data)."""
    r = rng(random)
    local = "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(1, 8)))
    if r.random() < 0.5:
        local += "." + "".join(r.choice(string.ascii_lowercase + string.digits) for _ in range(r.randint(1, 6)))
    return f"{local}@{r.choice(_DOMAINS)}"
