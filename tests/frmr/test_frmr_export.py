"""Bulk export: streamed JSON Lines, resumable after an interruption without refetching, Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.errors import RegistryUnavailable
from egisz_sdk.frmr import AsyncFrmrClient
from egisz_sdk.frmr.export import ExportProgress, export_staff, jsonl_to_parquet, state_path
from egisz_sdk.registries import RegistryConfig


def _client(mock: Any, handler: Any) -> AsyncFrmrClient:
    config = RegistryConfig(
        base_url="https://frmr.test/4f52d90e921a0/",
        transport=httpx.MockTransport(handler),
        rate=None,
        retry=RetryPolicy(attempts=1),
    )
    return AsyncFrmrClient(config)


def _people(mock: Any, n: int) -> None:
    for i in range(n):
        p = mock.add_person(lastName=f"W{i:03d}", firstName="Имя")
        mock.add("cards", p["oid"], postId=109)


async def test_export_streams_every_worker(mock: Any, tmp_path: Path) -> None:
    _people(mock, 23)
    seen: list[ExportProgress] = []
    out = tmp_path / "staff.jsonl"
    async with _client(mock, mock.handler) as client:
        report = await export_staff(client, [mock.MO], out, page_size=10, concurrency=3, progress=seen.append)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert report.written == 23 and len(lines) == 23 and not report.resumed
    assert {line["person"]["oid"] for line in lines} == set(mock.people)
    assert all(line["mo"] == mock.MO and len(line["person"]["personCard"]) == 1 for line in lines)
    assert [p.done for p in seen] == [10, 20, 23] and not state_path(out).exists()


async def test_export_resumes_without_refetching(mock: Any, tmp_path: Path) -> None:
    _people(mock, 25)
    out = tmp_path / "staff.jsonl"
    fetched: list[str] = []
    budget = {"full": 13}

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("person/full"):
            if budget["full"] == 0:
                return mock.error(503, "Service Unavailable", "down")
            budget["full"] -= 1
            fetched.append(request.url.params["oid"])
        return mock.handler(request)

    async with _client(mock, flaky) as client:
        with pytest.raises(RegistryUnavailable):
            await export_staff(client, [mock.MO, mock.MO + "1"], out, page_size=10, concurrency=1)
    state = json.loads(state_path(out).read_text())
    assert state["offset"] == 10 and state["written"] == 10
    first_run = list(fetched)
    fetched.clear()
    budget["full"] = 10_000
    async with _client(mock, flaky) as client:
        report = await export_staff(client, [mock.MO, mock.MO + "1"], out, page_size=10, concurrency=2)
    assert report.resumed and report.written == 50
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 50 and len({(x["mo"], x["person"]["oid"]) for x in lines}) == 50
    assert not set(first_run[:10]) & set(fetched[:15])  # the committed page is not fetched again
    assert len(fetched) == 40


async def test_parquet_from_the_export(mock: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    _people(mock, 7)
    out = tmp_path / "staff.jsonl"
    async with _client(mock, mock.handler) as client:
        await export_staff(client, [mock.MO], out)
    assert jsonl_to_parquet(out, tmp_path / "staff.parquet", batch=3) == 7
    table = pq.read_table(tmp_path / "staff.parquet")
    assert table.num_rows == 7 and table.column("cards").to_pylist() == [1] * 7
    assert json.loads(table.column("record")[0].as_py())["oid"] in mock.people


async def test_the_next_page_is_asked_for_while_workers_are_fetched(mock: Any, tmp_path: Path) -> None:
    _people(mock, 25)
    order: list[str] = []

    def recording(request: httpx.Request) -> httpx.Response:
        order.append("list" if request.url.path.endswith("person/list") else "full")
        return mock.handler(request)

    async with _client(mock, recording) as client:
        report = await export_staff(client, [mock.MO, mock.MO], tmp_path / "staff.jsonl", page_size=10, concurrency=2)
    assert report.written == 50 and order.count("list") == 6 and order.count("full") == 50
    lists = [index for index, kind in enumerate(order) if kind == "list"]
    assert lists[1] < 10  # page 2 was asked for before page 1's ten workers were all fetched
    async with _client(mock, mock.handler) as client:  # one at a time: the same lines in the same order
        await export_staff(client, [mock.MO, mock.MO], tmp_path / "one.jsonl", page_size=10, concurrency=1)

    def people(name: str) -> list[tuple[str, str]]:
        lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
        return [(row["mo"], row["person"]["oid"]) for row in map(json.loads, lines)]

    assert people("staff.jsonl") == people("one.jsonl")


async def test_an_interrupted_export_leaves_no_page_asked_ahead(mock: Any, tmp_path: Path) -> None:
    import asyncio

    _people(mock, 25)

    def slow_lists(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("person/full") and request.url.params["oid"] == sorted(mock.people)[3]:
            return mock.error(503, "Service Unavailable", "down")
        return mock.handler(request)

    tasks_before = len(asyncio.all_tasks())
    async with _client(mock, slow_lists) as client:
        with pytest.raises(RegistryUnavailable):
            await export_staff(client, [mock.MO], tmp_path / "staff.jsonl", page_size=10, concurrency=2)
    assert len(asyncio.all_tasks()) == tasks_before
