"""Typed NSI errors (all are :class:`~egisz_sdk.errors.NsiError`, a :class:`~egisz_sdk.errors.RegistryError`).

NSI reports most failures inside an HTTP 200 answer (``{"result": "ERROR", "resultCode": "03x0006", …}``) and an
unknown dictionary as ``{"result": "OK", "total": -1, "list": []}``; the client turns each into one of these.
"""

from __future__ import annotations

from egisz_sdk.errors import NsiError

__all__ = [
    "CacheError",
    "DictionaryNotFound",
    "NotChanged",
    "NsiError",
    "NsiValueError",
    "OfflineError",
    "VersionNotFound",
]


class DictionaryNotFound(NsiError):
    """NSI knows no dictionary with this identifier (``total: -1``)."""

    default_code = "nsi.dictionary.not_found"


class VersionNotFound(NsiError):
    """The requested version does not exist (``03x0006``)."""

    default_code = "nsi.version.not_found"


class NotChanged(NsiError):
    """NSI says the dictionary did not change between the two dates (``03x0002``)."""

    default_code = "nsi.not_changed"


class NsiValueError(NsiError):
    """A cell does not fit its column's type (raised only in strict mode; otherwise the row is flagged)."""

    default_code = "nsi.value.invalid"


class CacheError(NsiError):
    """The local dictionary cache cannot serve or store a dictionary."""

    default_code = "nsi.cache.error"


class OfflineError(CacheError):
    """Offline mode: the dictionary (version) asked for is not in the cache."""

    default_code = "nsi.cache.offline_miss"
