"""Dictionary snapshots shipped with the SDK: real NSI answers recorded in public repositories (see SOURCES.md).

Plain data, no client code: the fake NSI serves these files, and :func:`egisz_sdk.nsi.load_shipped` turns them
into typed :class:`~egisz_sdk.nsi.Dictionary` objects for offline use. Each file holds, per version, the passport
as NSI sends it and the rows as lists of wire values in passport-field order, plus the sources (repository, path,
commit) and the date it was taken.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

__all__ = ["available", "load", "passport", "rows", "versions"]


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
