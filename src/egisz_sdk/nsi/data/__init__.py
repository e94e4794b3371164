"""Dictionary snapshots shipped with the SDK: real NSI answers recorded in public repositories (see SOURCES.md).

Plain data, no client code: the fake NSI serves these files, and :func:`egisz_sdk.nsi.load_shipped` turns them
into typed :class:`~egisz_sdk.nsi.Dictionary` objects for offline use. Each file holds, per version, the passport
as NSI sends it and the rows as lists of wire values in passport-field order, plus the sources (repository, path,
commit) and the date it was taken.

:func:`shipped_codes` and :func:`code_known` let code that may not use the NSI client (the fake registries) check
an incoming code against a shipped dictionary. A file marked ``"complete": false`` holds a labelled subset of a
version's rows; a code missing from a subset proves nothing, so :func:`code_known` answers ``None`` for it.
"""

from __future__ import annotations

import gzip
import json
from functools import cache, lru_cache
from typing import Any

__all__ = [
    "available",
    "code_known",
    "complete",
    "key_field",
    "load",
    "passport",
    "rows",
    "shipped_codes",
    "versions",
]


@cache
def _index() -> dict[str, str]:
    from importlib import resources

    found: dict[str, str] = {}
    for item in resources.files(__name__).iterdir():
        name = item.name
        for suffix in (".json.gz", ".json"):
            if name.endswith(suffix) and name[0].isdigit():
                found[name[: -len(suffix)]] = name
    return found


def available() -> list[str]:
    """OIDs of the shipped dictionaries."""
    return sorted(_index())


@cache
def load(oid: str) -> dict[str, Any]:
    """The whole shipped document of ``oid`` (``KeyError`` when not shipped)."""
    from importlib import resources

    name = _index()[oid]
    raw = resources.files(__name__).joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    document: dict[str, Any] = json.loads(raw)
    return document


def versions(oid: str) -> list[dict[str, Any]]:
    """The ``/versions`` entries of the shipped versions, as NSI lists them (newest first)."""
    return list(load(oid)["versions_list"])


def _version(oid: str, version: str | None) -> dict[str, Any]:
    shipped = load(oid)["versions"]
    if version is None:
        return dict(shipped[-1])
    for item in shipped:
        if item["passport"]["version"] == version:
            return dict(item)
    raise KeyError(f"{oid} {version}")


def passport(oid: str, version: str | None = None) -> dict[str, Any]:
    """The passport of a shipped version (the newest by default), as NSI sends it."""
    return dict(_version(oid, version)["passport"])


def rows(oid: str, version: str | None = None) -> list[dict[str, Any]]:
    """The rows of a shipped version as ``column → wire value`` dicts."""
    item = _version(oid, version)
    names = [f["field"] for f in item["passport"]["fields"]]
    return [dict(zip(names, row)) for row in item["rows"]]


def complete(oid: str) -> bool:
    """Whether the shipped file holds every row of each shipped version (``False``: a labelled subset)."""
    return load(oid).get("complete") is True


def key_field(oid: str, version: str | None = None) -> str:
    """The column that identifies a row: the passport's ``PRIMARY`` key (the first field when none is marked)."""
    item = _version(oid, version)["passport"]
    for key in item.get("keys") or ():
        if key.get("type") == "PRIMARY":
            return str(key["field"])
    return str(item["fields"][0]["field"])


@lru_cache(maxsize=64)
def shipped_codes(oid: str, version: str | None = None) -> frozenset[str]:
    """The codes of a shipped version (the newest by default): its key column's values as wire strings.

    ``KeyError`` when ``oid`` or ``version`` is not shipped. For a dictionary that is not :func:`complete`, the
    set is the shipped subset only.
    """
    item = _version(oid, version)
    names = [f["field"] for f in item["passport"]["fields"]]
    column = names.index(key_field(oid, version))
    return frozenset(str(row[column]) for row in item["rows"] if row[column] is not None)


def code_known(oid: str, code: str, version: str | None = None) -> bool | None:
    """Whether ``code`` is a code of the shipped dictionary ``oid`` (its newest shipped version by default).

    ``True`` when the shipped rows hold it; ``False`` only when the dictionary is shipped :func:`complete` and
    does not; ``None`` when the SDK cannot tell (``oid`` or ``version`` not shipped, or only a subset shipped),
    so a caller must not reject the code on that answer.
    """
    if not isinstance(code, str) or oid not in _index():
        return None
    try:
        codes = shipped_codes(oid, version)
    except KeyError:
        return None
    if code in codes:
        return True
    return False if complete(oid) else None
