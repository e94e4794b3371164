"""NSI (ФНСИ, nsi.rosminzdrav.ru): the reference dictionaries FRMR and FRMO codes point into.

* :class:`NsiClient` / :class:`AsyncNsiClient` — ``searchDictionary``, ``passport``, ``versions``, ``data``
  (columns, sorting, ``EXACT``/``LIKE`` filters, pages from 1, lazy iteration over all pages) and ``compare``;
  rows come back typed by the passport (:class:`Record`), errors inside HTTP 200 as typed errors.
* :class:`DictionaryCache` — a SQLite cache keyed by OID and version, updated incrementally, usable offline;
  :class:`Dictionary` answers key and column look-ups, text search and exports to pandas / polars / Arrow.
* :mod:`egisz_sdk.nsi.data` — dictionary snapshots shipped with the SDK (with their public sources).

Names load lazily, so ``import egisz_sdk.nsi.data`` does not load the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:
    from egisz_sdk.nsi._dictionary import Dictionary
    from egisz_sdk.nsi._shipped import load_shipped, shipped
    from egisz_sdk.nsi._values import CellProblem
    from egisz_sdk.nsi.cache import CachedVersion, DictionaryCache, default_cache_path
    from egisz_sdk.nsi.client import AsyncNsiClient, NsiClient
    from egisz_sdk.nsi.config import PRODUCTION_URL, TEST_URL, NsiConfig
    from egisz_sdk.nsi.errors import (
        CacheError,
        DictionaryNotFound,
        NotChanged,
        NsiError,
        NsiValueError,
        OfflineError,
        VersionNotFound,
    )
    from egisz_sdk.nsi.models import (
        Change,
        Comparison,
        Field,
        Filter,
        MatchMode,
        Operation,
        Page,
        Passport,
        Record,
        SortDirection,
        VersionInfo,
    )

__all__ = [
    "PRODUCTION_URL",
    "TEST_URL",
    "AsyncNsiClient",
    "CacheError",
    "CachedVersion",
    "CellProblem",
    "Change",
    "Comparison",
    "Dictionary",
    "DictionaryCache",
    "DictionaryNotFound",
    "Field",
    "Filter",
    "MatchMode",
    "NotChanged",
    "NsiClient",
    "NsiConfig",
    "NsiError",
    "NsiValueError",
    "OfflineError",
    "Operation",
    "Page",
    "Passport",
    "Record",
    "SortDirection",
    "VersionInfo",
    "VersionNotFound",
    "default_cache_path",
    "load_shipped",
    "shipped",
]

_MODULES = {
    "egisz_sdk.nsi._dictionary": ["Dictionary"],
    "egisz_sdk.nsi._shipped": ["load_shipped", "shipped"],
    "egisz_sdk.nsi._values": ["CellProblem"],
    "egisz_sdk.nsi.cache": ["CachedVersion", "DictionaryCache", "default_cache_path"],
    "egisz_sdk.nsi.client": ["AsyncNsiClient", "NsiClient"],
    "egisz_sdk.nsi.config": ["PRODUCTION_URL", "TEST_URL", "NsiConfig"],
    "egisz_sdk.nsi.errors": [
        "CacheError",
        "DictionaryNotFound",
        "NotChanged",
        "NsiError",
        "NsiValueError",
        "OfflineError",
        "VersionNotFound",
    ],
    "egisz_sdk.nsi.models": [
        "Change",
        "Comparison",
        "Field",
        "Filter",
        "MatchMode",
        "Operation",
        "Page",
        "Passport",
        "Record",
        "SortDirection",
        "VersionInfo",
    ],
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
