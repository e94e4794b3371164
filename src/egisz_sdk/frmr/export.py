"""Bulk export: every worker (``person/full``) of one or many organisations, streamed to JSON Lines.

The export walks ``person/list`` page by page (at most 100 workers per page; the next page is asked for, and its
workers queued, while the current one's workers are fetched) and fetches each worker's ``person/full`` with
bounded concurrency through the async client (whose token bucket keeps the rate). After
each page the lines are flushed and a small sidecar state file (``<output>.state.json``: organisation index,
record offset, bytes written) is replaced atomically. An interrupted export resumes from there: the output is
cut back to the last committed byte and nothing already written is fetched again. Memory holds two pages.

Each line is ``{"mo": <organisation OID>, "person": <person/full record, wire names>}``.
:func:`jsonl_to_parquet` turns the finished file into Parquet (extra ``parquet``), in bounded batches.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from egisz_sdk.errors import ConfigurationError, RegistryNotFound
from egisz_sdk.frmr.client import AsyncFrmrClient
from egisz_sdk.frmr.models import Person, PersonFull
from egisz_sdk.registries._export import JsonlCheckpoint, state_path
from egisz_sdk.registries._models import Page

__all__ = ["ExportProgress", "ExportReport", "export_staff", "jsonl_to_parquet", "state_path"]

_MAX_CONCURRENCY: Final = 64


@attrs.frozen
class ExportProgress:
    """Where an export is: organisation ``index`` of ``count``, workers done of ``total`` there, lines written."""

    mo: str
    index: int
    count: int
    done: int
    total: int
    written: int


@attrs.frozen
class ExportReport:
    """The outcome: lines written (in all runs), workers skipped (vanished between list and fetch), resumed or not."""

    path: Path
    written: int
    skipped: int
    resumed: bool
    organisations: int


async def _full(client: AsyncFrmrClient, mo: str, item: Person, gate: asyncio.Semaphore) -> PersonFull | None:
    async with gate:
        try:
            if item.oid:
                return await client.person_full.get(mo=mo, oid=item.oid)
            if item.snils:
                return await client.person_full.get(mo=mo, snils=item.snils)
        except RegistryNotFound:
            return None
    return None


async def export_staff(
    client: AsyncFrmrClient,
    organisations: Sequence[str],
    output: str | os.PathLike[str],
    *,
    concurrency: int = 4,
    page_size: int = 100,
    progress: Callable[[ExportProgress], None] | None = None,
) -> ExportReport:
    """Export every worker of ``organisations`` (OIDs) to ``output`` (JSON Lines), resumably.

    Args:
        client: an :class:`AsyncFrmrClient` (its rate limit applies to every request).
        organisations: organisation OIDs, e.g. a region's list.
        output: the ``.jsonl`` file; ``<output>.state.json`` sits beside it until the export completes.
        concurrency: ``person/full`` requests in flight (1 … 64).
        page_size: workers per ``person/list`` page (1 … 100).
        progress: called after every page.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= _MAX_CONCURRENCY:
        raise ConfigurationError("config.invalid", field="concurrency", reason_ru="1…64", reason_en="1…64")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 100:
        raise ConfigurationError("config.invalid", field="page_size", reason_ru="1…100", reason_en="1…100")
    orgs = [str(o) for o in organisations]
    checkpoint = JsonlCheckpoint(output, {"orgs": orgs}, {"index": 0, "offset": 0, "written": 0})
    state = checkpoint.state
    state.setdefault("skipped", 0)
    gate = asyncio.Semaphore(concurrency)
    # two pages in flight: the next page's workers queue for the gate while this page's last ones are fetched,
    # so the pipe never drains at a page boundary; pages are written (and committed) strictly in order
    batches: deque[tuple[Page[Person], list[asyncio.Task[PersonFull | None]]]] = deque()
    position: tuple[int, int] | None = (state["index"], state["offset"]) if state["index"] < len(orgs) else None
    try:
        while True:
            while len(batches) < 2 and position is not None:
                index, offset = position
                page = await client.person_list.page(mo=orgs[index], offset=offset, limit=page_size)
                batches.append((page, [asyncio.ensure_future(_full(client, orgs[index], i, gate)) for i in page.items]))
                upcoming = page.next_offset
                position = (index, upcoming) if upcoming is not None else None
                if upcoming is None and index + 1 < len(orgs):
                    position = (index + 1, 0)
            if not batches:
                break
            page, tasks = batches[0]
            fulls = await asyncio.gather(*tasks)
            batches.popleft()
            mo = orgs[state["index"]]
            for full in fulls:
                if full is None:
                    state["skipped"] += 1
                    continue
                record = full.model_dump(mode="json", by_alias=True, exclude_none=True)
                checkpoint.write({"mo": mo, "person": record})
                state["written"] += 1
            nxt = page.next_offset
            if nxt is None:
                state["index"] += 1
                state["offset"] = 0
            else:
                state["offset"] = nxt
            checkpoint.commit()
            if progress is not None:
                done = page.total if nxt is None else nxt
                progress(ExportProgress(mo, state["index"], len(orgs), done, page.total, state["written"]))
    except BaseException:
        pending = [task for _, tasks in batches for task in tasks]
        for task in pending:  # workers fetched for pages not committed are dropped: a rerun fetches them again
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        checkpoint.close()
        raise
    checkpoint.finish()
    return ExportReport(checkpoint.output, state["written"], state["skipped"], checkpoint.resumed, len(orgs))


def jsonl_to_parquet(source: str | os.PathLike[str], target: str | os.PathLike[str], *, batch: int = 1000) -> int:
    """Convert an export to Parquet in batches (extra ``parquet``); returns the row count.

    Columns: ``mo, oid, snils, last_name, first_name, patronymic, birth_date, cards`` (number of employment
    records) and ``record`` (the whole ``person/full`` as JSON text, so nothing is lost).
    """
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigurationError("dependency.missing", package="pyarrow", extra="parquet") from exc
    names = ["mo", "oid", "snils", "last_name", "first_name", "patronymic", "birth_date", "cards", "record"]
    schema = pyarrow.schema([(n, pyarrow.int32() if n == "cards" else pyarrow.string()) for n in names])
    final = Path(target)
    tmp = final.with_name(final.name + ".tmp")
    rows = 0
    with open(source, encoding="utf-8") as lines, pyarrow.parquet.ParquetWriter(tmp, schema) as writer:
        columns: dict[str, list[Any]] = {n: [] for n in names}

        def flush() -> None:
            if columns["mo"]:
                writer.write_table(pyarrow.table(columns, schema=schema))
                for values in columns.values():
                    values.clear()

        for line in lines:
            if not line.strip():
                continue
            item = json.loads(line)
            person = item.get("person") or {}
            columns["mo"].append(item.get("mo"))
            for column, key in (("oid", "oid"), ("snils", "snils"), ("last_name", "lastName")):
                columns[column].append(person.get(key))
            for column, key in (("first_name", "firstName"), ("patronymic", "patronymic"), ("birth_date", "birthDate")):
                columns[column].append(person.get(key))
            columns["cards"].append(len(person.get("personCard") or []))
            columns["record"].append(json.dumps(person, ensure_ascii=False))
            rows += 1
            if len(columns["mo"]) >= batch:
                flush()
        flush()
    os.replace(tmp, final)
    return rows
