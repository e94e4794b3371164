"""Bringing a dictionary into the cache: offline first, then incremental (``versions`` + ``compare``), then full.

One generator flow, driven by the sync or the async client:

1. a version asked for by name and already cached → no network at all;
2. offline mode → the cached copy or :class:`~egisz_sdk.nsi.OfflineError`;
3. otherwise ``/versions`` names the newest version; if it is cached, done;
4. if an older version is cached, ``/compare`` brings only the changed rows, applied in one transaction
   (structure changes, rows without keys or a row count that does not match the passport fall back to 5);
5. a full pull of every page of ``/data``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from egisz_sdk._http import Flow
from egisz_sdk.nsi import _flows as flows
from egisz_sdk.nsi import _protocol as proto
from egisz_sdk.nsi._dictionary import Dictionary
from egisz_sdk.nsi.cache import DictionaryCache
from egisz_sdk.nsi.config import NsiConfig
from egisz_sdk.nsi.errors import CacheError, OfflineError, VersionNotFound
from egisz_sdk.nsi.models import VersionInfo

__all__ = ["dictionary_flow"]

logger = logging.getLogger("egisz_sdk.nsi")

#: Refusals of an incremental update after which the version is pulled whole (anything else is raised).
_FALL_BACK = frozenset({"nsi.cache.incomplete_diff", "nsi.cache.diverged", "nsi.cache.missing"})


def _moment(info: VersionInfo) -> datetime | None:
    when = info.publish_date
    if when is None or isinstance(when, datetime):
        return when
    return datetime(when.year, when.month, when.day)


def _newest(versions: list[VersionInfo]) -> VersionInfo:
    dated = [v for v in versions if _moment(v) is not None]
    if not dated:
        return versions[0]
    return max(dated, key=lambda v: _moment(v) or datetime.min)


def dictionary_flow(
    config: NsiConfig,
    cache: DictionaryCache,
    oid: str,
    version: str | None = None,
    *,
    offline: bool = False,
    incremental: bool = True,
) -> Flow[Dictionary]:
    """The dictionary ``oid`` (``version`` or the newest), from the cache when possible."""
    oid = proto.check_oid(oid)
    if version is not None:
        version = proto.check_version(version)
        hit = cache.load(oid, version)
        if hit is not None:
            return hit
    if offline:
        hit = cache.load(oid, version)
        if hit is None:
            raise OfflineError("nsi.cache.offline_miss", field="identifier", value=oid, version=version or "*")
        return hit
    versions = yield from flows.versions_flow(config, oid)
    if not versions:
        raise VersionNotFound(
            "nsi.version.not_found", field="version", value=version or "*", result_code="", result_text=oid
        )
    target = flows.version_info(versions, version, oid) if version is not None else _newest(versions)
    hit = cache.load(oid, target.version)
    if hit is not None:
        return hit
    passport = yield from flows.passport_flow(config, oid, target.version)
    known = {v.version: v for v in versions}
    target_at = _moment(target)
    bases = [
        v for v in cache.versions(oid) if v in known and target_at and (_moment(known[v]) or target_at) < target_at
    ]
    if incremental and bases:
        base = max(bases, key=lambda v: _moment(known[v]) or datetime.min)
        comparison = yield from flows.compare_flow(
            config, oid, base, target.version, versions=versions, passport=passport
        )
        if not comparison.structure_changed:
            try:
                return cache.apply(base, passport, comparison.changes)
            except CacheError as exc:
                if exc.code not in _FALL_BACK:
                    raise
                logger.info(
                    "incremental update of %s %s→%s refused (%s); pulling it whole", oid, base, target.version, exc.code
                )
    _, rows = yield from flows.pull_flow(flows.DataPlan(config, oid, version=target.version, passport=passport))
    return cache.store(passport, rows, origin="network")
