"""GOST R 34.11-2012 (Streebog) and GOST R 34.10-2012 written from the standards, in pure Python.

* :mod:`~egisz_sdk.signature.gost.streebog` — hashing (with an accelerated OpenSSL backend when present),
  HMAC and PBKDF2;
* :mod:`~egisz_sdk.signature.gost.curves` — every TC26 and CryptoPro parameter set;
* :mod:`~egisz_sdk.signature.gost.gost3410` — key generation, signing, verification.

Submodules load on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:
    from egisz_sdk.signature.gost import curves, gost3410, streebog

__all__ = ["curves", "gost3410", "streebog"]


_EXPORTS = {name: f"{__name__}.{name}" for name in __all__}


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
