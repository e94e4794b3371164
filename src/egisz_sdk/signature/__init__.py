"""Electronic signatures: GOST R 34.11/34.10-2012, RSA/ECDSA, X.509 with Russian qualified attributes,
CAdES-BES, raw signatures and JWS, and pluggable signers.

Public names load lazily from the private modules listed in ``_EXPORTS`` (name → module), which keeps
``import egisz_sdk.signature`` cheap; the module that defines a name is its single source.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name → module that defines it. Each part of the signature package adds its own names here.
_EXPORTS: dict[str, str] = {
    "gost": "egisz_sdk.signature.gost",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'egisz_sdk.signature' has no attribute {name!r}")
    if module == f"{__name__}.{name}":
        value = importlib.import_module(module)
    else:
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
