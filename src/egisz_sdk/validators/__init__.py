"""Russian identifiers used by the EGISZ registries: normalise, validate with a reason, format, generate.

Each identifier is a module with the same functions::

    from egisz_sdk.validators import snils
    snils.normalize("112-233-445 95")   # '11223344595'  (separators only; anything else is refused)
    snils.validate("112-233-445 96")    # raises InvalidIdentifier(code='snils.checksum', expected='95', given='96')
    snils.is_valid(None)                # False, never raises
    snils.format("11223344595")         # '112-233-445 95'
    snils.generate(random.Random(1))    # a valid random value for test data

Modules load on first use (``validators.inn`` or :func:`get`), which keeps ``import egisz_sdk`` fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get
from egisz_sdk.errors import InvalidIdentifier

if TYPE_CHECKING:
    from egisz_sdk.validators import (
        bik,
        dates,
        email,
        enp,
        inn,
        kpp,
        ogrn,
        ogrnip,
        oid,
        okfs,
        okopf,
        okpo,
        passport,
        password,
        person,
        phone,
        snils,
    )

__all__ = [
    "KINDS",
    "InvalidIdentifier",
    "bik",
    "dates",
    "email",
    "enp",
    "get",
    "inn",
    "kpp",
    "ogrn",
    "ogrnip",
    "oid",
    "okfs",
    "okopf",
    "okpo",
    "passport",
    "password",
    "person",
    "phone",
    "snils",
]

#: Every identifier kind with a module of the uniform API, in documentation order.
KINDS: tuple[str, ...] = (
    "snils",
    "inn",
    "ogrn",
    "ogrnip",
    "kpp",
    "bik",
    "enp",
    "okpo",
    "oid",
    "passport",
    "okfs",
    "okopf",
    "phone",
    "email",
    "person",
    "dates",
    "password",
)

_SUBMODULES = frozenset(KINDS) | {"types", "batch"}


def get(kind: str) -> ModuleType:
    """The identifier module for ``kind`` (e.g. ``"snils"``); ``LookupError`` for an unknown kind."""
    if kind not in KINDS:
        raise LookupError(f"unknown identifier kind {kind!r}; known: {', '.join(KINDS)}")
    return importlib.import_module(f"egisz_sdk.validators.{kind}")


_EXPORTS = {name: f"{__name__}.{name}" for name in _SUBMODULES}


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
