"""GOST R 34.11-2012 (Streebog) and GOST R 34.10-2012 written from the standards, in pure Python.

* :mod:`~egisz_sdk.signature.gost.streebog` — hashing (with an accelerated OpenSSL backend when present),
  HMAC and PBKDF2;
* :mod:`~egisz_sdk.signature.gost.curves` — every TC26 and CryptoPro parameter set;
* :mod:`~egisz_sdk.signature.gost.gost3410` — key generation, signing, verification.

Submodules load on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from egisz_sdk.signature.gost import curves, gost3410, streebog

__all__ = ["curves", "gost3410", "streebog"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"egisz_sdk.signature.gost.{name}")
    raise AttributeError(f"module 'egisz_sdk.signature.gost' has no attribute {name!r}")
