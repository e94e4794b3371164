"""FRMR bulk export: workers per second and peak memory (flat in the number of workers).

Two set-ups:

* **in-process** — a synthetic registry answering ``person/list`` and ``person/full`` from an
  ``httpx.MockTransport`` (measures the client: paging, concurrency, JSON Lines, state commits);
* **loopback fake** — the fake FRMR of ``egisz_sdk.testing`` on a loopback socket behind the fake gateway (real
  GOST tokens), 5,000 workers in 10 organisations, 20 ms latency injected per request; ``export_staff`` against a
  naive sequential loop, each in a child process whose peak RSS is reported. Each row also reports the CPU
  time per row of the client (the child's ``time.process_time``) and of the server (this process's, which does
  nothing else meanwhile) — figures that stay meaningful on a shared machine where wall-clock rates do not.

``python bench/bench_frmr_export.py --loopback [--quick]`` (or ``EGISZ_BENCH_FRMR=loopback`` through
``bench/run.py --only frmr_export``) runs the loopback part alone; ``--concurrency N`` changes the export's.
"""

from __future__ import annotations

import asyncio
import json
import os
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


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one export in this (child) process and report time, rows and this process's peak RSS."""
    import resource

    from egisz_sdk.frmr import FrmrClient, frmr_config
    from egisz_sdk.signature.keys import load_private_key

    config = frmr_config(
        spec["url"],
        key=load_private_key(spec["key"].encode("ascii")),
        certificate=spec["certificate"].encode("ascii"),
        system_id=spec["system_id"],
        rate=None,
    )
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.jsonl"
        if spec["mode"] == "export":
            from egisz_sdk.frmr import AsyncFrmrClient
            from egisz_sdk.frmr.export import export_staff

            async def main() -> int:
                async with AsyncFrmrClient(config) as client:
                    report = await export_staff(client, spec["orgs"], out, concurrency=spec["concurrency"])
                return report.written

            written = asyncio.run(main())
        else:  # the naive loop: one organisation, one page, one worker after another
            written = 0
            with FrmrClient(config) as client, open(out, "w", encoding="utf-8") as handle:
                for mo in spec["orgs"]:
                    for person in client.person_list.iterate(mo=mo):
                        full = client.person_full.get(mo=mo, oid=person.oid)
                        handle.write(full.model_dump_json(by_alias=True) + "\n")
                        written += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"elapsed": elapsed, "cpu": cpu, "written": written, "rss_mb": rss / 1024}


def _loopback(quick: bool, concurrency: int = 8) -> list[dict[str, Any]]:
    """The fake FRMR on a loopback socket, 20 ms injected per request; the client runs in a child process so its
    peak RSS and CPU time are its own (the server stays in this process)."""
    import subprocess

    from egisz_sdk.testing import World

    workers = 500 if quick else 5000
    world = World(seed=7, people=workers + 4, organizations=10)
    orgs = world.frmr.organisations()
    world.faults.add("frmr.*", latency=0.02)
    system = world.gateway.issue_system("BENCH")
    rows = []
    with world.serve() as server:
        base = {
            "url": server.url.rstrip("/") + world.frmr.base_url,
            "system_id": system.system_id,
            "key": system.export()["key"],
            "certificate": system.certificate.to_pem(),
            "orgs": orgs,
            "concurrency": concurrency,
        }
        for mode in ("export", "naive"):
            server_cpu = time.process_time()
            child = subprocess.run(
                [sys.executable, __file__, "--child"],
                input=json.dumps({**base, "mode": mode}),
                capture_output=True,
                text=True,
                check=True,
            )
            server_cpu = time.process_time() - server_cpu
            result = json.loads(child.stdout.strip().splitlines()[-1])
            rows_done = max(1, result["written"])
            label = (
                f"export_staff, concurrency {concurrency}"
                if mode == "export"
                else "naive sequential loop (list, then full)"
            )
            rows.append(
                {
                    "benchmark": f"export {workers} workers from 10 organisations, loopback fake, 20 ms per request",
                    "implementation": f"egisz-sdk {label}",
                    "value": result["written"] / result["elapsed"],
                    "unit": "rows/s",
                    "note": f"{result['written']} rows in {result['elapsed']:.1f} s; client peak RSS "
                    f"{result['rss_mb']:.0f} MB; CPU per row: client {result['cpu'] / rows_done * 1000:.2f} ms, "
                    f"server {server_cpu / rows_done * 1000:.2f} ms",
                }
            )
    return rows


def run(quick: bool) -> list[dict[str, Any]]:
    if os.environ.get("EGISZ_BENCH_FRMR") == "loopback":
        return _loopback(quick)
    return _in_process(quick) + _loopback(quick)


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_child(json.loads(sys.stdin.read()))))
    else:
        quick = "--quick" in sys.argv
        chosen = int(sys.argv[sys.argv.index("--concurrency") + 1]) if "--concurrency" in sys.argv else 8
        for row in _loopback(quick, chosen) if "--loopback" in sys.argv else run(quick):
            print(row)
