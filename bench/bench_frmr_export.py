"""FRMR bulk export: workers per second and peak memory (flat in the number of workers).

Two set-ups:

* **in-process** — a synthetic registry answering ``person/list`` and ``person/full`` from an
  ``httpx.MockTransport`` (measures the client: paging, concurrency, JSON Lines, state commits);
* **loopback fake** — the fake FRMR of ``egisz_sdk.testing`` served on a loopback socket. Skipped with a
  message while the fake FRMR is not registered in ``World`` (it expects ``world.frmr`` with a ``base_url``
  relative to the server and ``organisations()`` listing organisation OIDs).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

MO = "1.2.643.5.1.13.13.12.2.77.7800"


def _synthetic(count: int) -> Any:
    import httpx

    def person(i: int) -> dict[str, Any]:
        return {"oid": f"2022.{i:07d}", "lastName": f"Фамилия{i}", "firstName": "Имя", "snils": None}

    def handle(request: httpx.Request) -> httpx.Response:
        q = request.url.params
        if request.url.path.endswith("person/list"):
            offset, limit = int(q["offset"]), min(int(q["limit"]), 100)
            items = [person(i) for i in range(offset, min(count, offset + limit))]
            body = {"requestId": "r", "total": count, "offset": offset, "limit": limit, "content": items}
            return httpx.Response(200, json=body)
        i = int(q["oid"].split(".")[1])
        full = {**person(i), "personCard": [{"id": str(i), "postId": 109, "beginDate": "2020-01-01"}] * 2}
        full["educationCert"] = [{"certNumber": f"C{i}", "specId": 10, "endDate": "2027-01-01"}]
        return httpx.Response(200, json={"requestId": "r", "content": full})

    return httpx.MockTransport(handle)


def _export(config: Any, orgs: list[str], concurrency: int) -> tuple[float, int, int]:
    from egisz_sdk.frmr import AsyncFrmrClient
    from egisz_sdk.frmr.export import export_staff

    async def main(path: Path) -> int:
        async with AsyncFrmrClient(config) as client:
            report = await export_staff(client, orgs, path, concurrency=concurrency)
        return report.written

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        written = asyncio.run(main(Path(tmp) / "timed.jsonl"))  # timed without tracing (tracemalloc is slow)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        asyncio.run(main(Path(tmp) / "traced.jsonl"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, written, peak


def _in_process(quick: bool) -> list[dict[str, Any]]:
    from egisz_sdk.registries import RegistryConfig

    rows = []
    for count in (500, 2000) if quick else (2000, 10_000):
        config = RegistryConfig(base_url="https://frmr.bench/x/", transport=_synthetic(count), rate=None)
        elapsed, written, peak = _export(config, [MO], concurrency=8)
        assert written == count
        rows.append(
            {
                "benchmark": f"export {count} workers (person/list + person/full), in-process",
                "implementation": "egisz-sdk",
                "value": written / elapsed,
                "unit": "workers/s",
                "note": f"peak traced memory {peak / 1e6:.1f} MB; concurrency 8; no rate limit",
            }
        )
    return rows


def _loopback(quick: bool) -> list[dict[str, Any]]:
    from egisz_sdk.testing import World

    world = World(seed=7)
    fake = getattr(world, "frmr", None)
    if fake is None or not hasattr(fake, "organisations"):
        print("bench_frmr_export: the fake FRMR is not registered in World yet; loopback run skipped", file=sys.stderr)
        return []
    from egisz_sdk.frmr import frmr_config

    orgs = list(fake.organisations())[: 2 if quick else 10]
    with world.serve() as server:
        config = frmr_config(server.url.rstrip("/") + "/" + str(fake.base_url).lstrip("/"), rate=None)
        elapsed, written, peak = _export(config, orgs, concurrency=8)
    return [
        {
            "benchmark": f"export {len(orgs)} organisations ({written} workers), loopback fake",
            "implementation": "egisz-sdk",
            "value": written / elapsed,
            "unit": "workers/s",
            "note": f"peak traced memory {peak / 1e6:.1f} MB; " + json.dumps({"concurrency": 8}),
        }
    ]


def run(quick: bool) -> list[dict[str, Any]]:
    return _in_process(quick) + _loopback(quick)


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
