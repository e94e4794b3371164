"""Bulk export: the organisation cards of a region (or of every region), with their departments, to JSON Lines.

FRMO's organisation list filters by ``orgTypeId`` only, so a regional export walks ``org`` page by page (at most
100 cards per page) and keeps the cards whose ``regionId`` is the region asked for; each kept card's departments
are fetched with bounded concurrency through the async client (its token bucket keeps the rate). After each page
the lines are flushed and the sidecar state (``<output>.state.json``: list offset, bytes written) is replaced
atomically — the machinery FRMR's staff export uses (:mod:`egisz_sdk.registries._export`) — so an interrupted
export resumes where it stopped. Memory holds one page.

Each line is ``{"oid": …, "organization": <card, wire names>, "departments": [<department>, …]}``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs

from egisz_sdk.errors import ConfigurationError, RegistryNotFound
from egisz_sdk.frmo.client import AsyncFrmoClient
from egisz_sdk.frmo.models import Organization
from egisz_sdk.registries._export import JsonlCheckpoint

__all__ = ["OrgExportProgress", "OrgExportReport", "export_organizations"]

_MAX_CONCURRENCY: Final = 64


@attrs.frozen
class OrgExportProgress:
    """Where an export is: cards scanned of ``total`` in the list, cards written (of the region)."""

    scanned: int
    total: int
    written: int


@attrs.frozen
class OrgExportReport:
    """The outcome: lines written (in all runs), cards scanned, cards whose departments vanished meanwhile
    (``skipped``: written without departments), resumed or not."""

    path: Path
    written: int
    scanned: int
    skipped: int
    resumed: bool


def _region_of(card: Organization) -> int | None:
    found = card.region_id.id if card.region_id is not None else None
    try:
        return int(str(found)) if found is not None else None
    except ValueError:
        return None


async def _departments(client: AsyncFrmoClient, oid: str, gate: asyncio.Semaphore) -> list[Any] | None:
    async with gate:
        try:
            return [
                d.model_dump(mode="json", by_alias=True, exclude_none=True)
                async for d in client.depart.iterate(oid=oid, page_size=100)
            ]
        except RegistryNotFound:
            return None


def _check(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError("config.invalid", field=name, reason_ru=f"{low}…{high}", reason_en=f"{low}…{high}")
    return value


async def export_organizations(
    client: AsyncFrmoClient,
    output: str | os.PathLike[str],
    *,
    region: int | None = None,
    org_type_id: int | None = None,
    departments: bool = True,
    concurrency: int = 4,
    page_size: int = 100,
    progress: Callable[[OrgExportProgress], None] | None = None,
) -> OrgExportReport:
    """Export the cards of ``region`` (a region number such as 77; ``None``: all) to ``output``, resumably.

    Args:
        client: an :class:`AsyncFrmoClient` (its rate limit applies to every request).
        output: the ``.jsonl`` file; ``<output>.state.json`` sits beside it until the export completes.
        region: keep cards whose ``regionId`` is this region number (1 … 99).
        org_type_id: the list's own ``orgTypeId`` filter.
        departments: also fetch each card's departments (``org/depart``).
        concurrency: department requests in flight (1 … 64).
        page_size: cards per ``org`` page (1 … 100).
        progress: called after every page.
    """
    _check("concurrency", concurrency, 1, _MAX_CONCURRENCY)
    _check("page_size", page_size, 1, 100)
    if region is not None:
        _check("region", region, 1, 99)
    identity = {"region": region, "org_type_id": org_type_id, "departments": departments}
    checkpoint = JsonlCheckpoint(output, identity, {"offset": 0, "scanned": 0, "written": 0, "skipped": 0})
    state = checkpoint.state
    gate = asyncio.Semaphore(concurrency)
    try:
        while True:
            page = await client.org.page(offset=state["offset"], limit=page_size, org_type_id=org_type_id)
            kept = [card for card in page.items if region is None or _region_of(card) == region]
            found: list[list[Any] | None] = [[] for _ in kept]
            if departments:
                found = await asyncio.gather(*(_departments(client, str(card.oid), gate) for card in kept))
            for card, units in zip(kept, found):
                record = card.model_dump(mode="json", by_alias=True, exclude_none=True)
                if units is None:
                    state["skipped"] += 1
                checkpoint.write({"oid": card.oid, "organization": record, "departments": units or []})
                state["written"] += 1
            state["scanned"] += len(page.items)
            nxt = page.next_offset
            state["offset"] = nxt if nxt is not None else state["offset"] + len(page.items)
            checkpoint.commit()
            if progress is not None:
                progress(OrgExportProgress(state["scanned"], page.total, state["written"]))
            if nxt is None:
                break
    except BaseException:
        checkpoint.close()
        raise
    checkpoint.finish()
    return OrgExportReport(checkpoint.output, state["written"], state["scanned"], state["skipped"], checkpoint.resumed)
