"""egisz-sdk: a typed Python SDK for EGISZ (ЕГИСЗ) — FRMR, FRMO, NSI, ESIA, identifiers and GOST signatures.

The top-level package stays cheap to import: subpackages load on first attribute access.

>>> import egisz_sdk
>>> egisz_sdk.validators.snils.is_valid("112-233-445 95")
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get
from egisz_sdk._version import __version__
from egisz_sdk.errors import (
    AuthError,
    ConfigurationError,
    EgiszError,
    EsiaError,
    InvalidIdentifier,
    RegistryError,
    SignatureError,
    TransportError,
    ValidationError,
)

if TYPE_CHECKING:
    from egisz_sdk import analytics, auth, documents, frmo, frmr, nsi, registries, signature, testing, validators

__all__ = [
    "AuthError",
    "ConfigurationError",
    "EgiszError",
    "EsiaError",
    "InvalidIdentifier",
    "RegistryError",
    "SignatureError",
    "TransportError",
    "ValidationError",
    "__version__",
    "analytics",
    "auth",
    "documents",
    "frmo",
    "frmr",
    "nsi",
    "registries",
    "signature",
    "testing",
    "validators",
]

#: Subpackages loaded on first attribute access (add new top-level subpackages here).
_LAZY = {"analytics", "auth", "documents", "frmo", "frmr", "nsi", "registries", "signature", "testing", "validators"}


_EXPORTS = {name: f"{__name__}.{name}" for name in _LAZY}


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
