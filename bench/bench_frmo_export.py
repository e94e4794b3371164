"""FRMO regional export: organisations per second against the loopback fake FRMO, beside the FRMR export.

The fake FRMO of ``egisz_sdk.testing`` is served on a loopback socket with 20 ms injected per request (the
setting of ``bench_frmr_export``); the client runs in a child process so its peak RSS is its own. Two clients:
``export_organizations`` (paged ``org`` list, departments fetched with concurrency 8, resumable JSON Lines) and a
naive sequential loop (each page, then each organisation's departments one after another).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one export in this (child) process and report time, rows and this process's peak RSS."""
    import resource

    from egisz_sdk.frmo import AsyncFrmoClient, FrmoClient, frmo_config
    from egisz_sdk.signature.keys import load_private_key

    config = frmo_config(
        spec["url"],
        key=load_private_key(spec["key"].encode("ascii")),
        certificate=spec["certificate"].encode("ascii"),
        system_id=spec["system_id"],
        rate=None,
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "orgs.jsonl"
        if spec["mode"] == "export":
            from egisz_sdk.frmo.export import export_organizations

            async def main() -> int:
                async with AsyncFrmoClient(config) as client:
                    report = await export_organizations(client, out, concurrency=spec["concurrency"])
                return report.written

            written = asyncio.run(main())
        else:
            written = 0
            with FrmoClient(config) as client, open(out, "w", encoding="utf-8") as handle:
                for card in client.org.iterate():
                    departs = [d.model_dump(mode="json", by_alias=True) for d in client.depart.iterate(oid=card.oid)]
                    line = {"oid": card.oid, "organization": card.model_dump(mode="json", by_alias=True)}
                    handle.write(json.dumps({**line, "departments": departs}, ensure_ascii=False) + "\n")
                    written += 1
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"elapsed": elapsed, "written": written, "rss_mb": rss / 1024}


def _loopback(quick: bool) -> list[dict[str, Any]]:
    import subprocess

    from egisz_sdk.testing import World
    from egisz_sdk.testing.services.frmo import REST_ROOT
    from egisz_sdk.testing.services.gateway import gateway_for

    organisations = 40 if quick else 200
    world = World(seed=7, organizations=organisations)
    world.faults.add("frmo.*", latency=0.02)
    system = gateway_for(world.context).issue_system("BENCH-FRMO")
    rows = []
    with world.serve() as server:
        base = {
            "url": server.url.rstrip("/") + REST_ROOT + "/",
            "system_id": system.system_id,
            "key": system.export()["key"],
            "certificate": system.certificate.to_pem(),
            "concurrency": 8,
        }
        for mode in ("export", "naive"):
            child = subprocess.run(
                [sys.executable, __file__, "--child"],
                input=json.dumps({**base, "mode": mode}),
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(child.stdout.strip().splitlines()[-1])
            label = "export_organizations, concurrency 8" if mode == "export" else "naive sequential loop"
            rows.append(
                {
                    "benchmark": f"export {organisations} organisations with departments, loopback fake, "
                    "20 ms per request",
                    "implementation": f"egisz-sdk {label}",
                    "value": result["written"] / result["elapsed"],
                    "unit": "organisations/s",
                    "note": f"{result['written']} rows in {result['elapsed']:.1f} s; client peak RSS "
                    f"{result['rss_mb']:.0f} MB",
                }
            )
    return rows


def run(quick: bool) -> list[dict[str, Any]]:
    return _loopback(quick)


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_child(json.loads(sys.stdin.read()))))
    else:
        for row in run("--quick" in sys.argv):
            print(row)
