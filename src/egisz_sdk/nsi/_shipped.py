"""Typed access to the dictionary snapshots shipped in :mod:`egisz_sdk.nsi.data` (offline, no userKey)."""

from __future__ import annotations

from egisz_sdk.nsi import data
from egisz_sdk.nsi._dictionary import Dictionary
from egisz_sdk.nsi._protocol import passport_from, typed_record
from egisz_sdk.nsi.cache import DictionaryCache
from egisz_sdk.nsi.errors import DictionaryNotFound, VersionNotFound

__all__ = ["load_shipped", "shipped"]


def shipped() -> dict[str, list[str]]:
    """``OID → versions`` of every dictionary shipped with the SDK."""
    return {oid: [v["passport"]["version"] for v in data.load(oid)["versions"]] for oid in data.available()}


def load_shipped(oid: str, version: str | None = None, *, cache: DictionaryCache | None = None) -> Dictionary:
    """A shipped dictionary version (the newest by default) as a typed :class:`Dictionary`.

    With ``cache``, the version is also stored there (origin ``"shipped"``), so later offline calls find it.
    """
    if oid not in data.available():
        raise DictionaryNotFound("nsi.dictionary.not_found", field="identifier", value=oid)
    try:
        wire = data.passport(oid, version)
    except KeyError:
        raise VersionNotFound(
            "nsi.version.not_found", field="version", value=version, result_code="", result_text=oid
        ) from None
    passport = passport_from(wire)
    columns = {f.name: f.data_type for f in passport.fields}
    records = [
        typed_record(row.items(), columns, max_chars=1 << 20, strict=False) for row in data.rows(oid, passport.version)
    ]
    if cache is not None:
        return cache.store(passport, records, origin="shipped")
    return Dictionary(passport, records, source="shipped")
