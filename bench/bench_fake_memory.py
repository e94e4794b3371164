"""Memory of the fake ESIA under a long run: resident set size after many in-process logins.

Each login is a full SDK login (authorization URL → the fake's programmatic login → token → person) with an RSA
system key and RS256 tokens (the cheapest signatures; the state kept per login is the same with GOST). The world
clock is frozen and moves one second per login, so 100,000 logins span about 28 hours of fake time: codes, flows,
tokens, sessions and spent states expire on the fake clock, and the journal is a ring buffer. The figure is the
growth of the resident set size from after a warm-up (keys made, code paths loaded) to the end.

Run: ``PYTHONPATH=src python bench/bench_fake_memory.py [logins]`` (default 100,000; ``--quick`` in ``bench/run.py``
does 3,000).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

#: Seconds of fake time per login.
STEP = 1.0
WARMUP = 300


def rss_mb() -> float:
    """The resident set size of this process in MB (Linux ``/proc``; elsewhere the peak from ``resource``)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return float(peak) / (1e6 if sys.platform == "darwin" else 1e3)


def measure(logins: int) -> dict[str, float]:
    """Run ``logins`` logins after a warm-up; returns RSS at start and end (MB), the growth and the rate."""
    import gc

    from egisz_sdk.auth import EsiaClient
    from egisz_sdk.testing import World, esia_config

    world = World(seed=0)
    world.clock.freeze()
    config = esia_config(world, client_id="BENCH_MEMORY", key_kind="rsa", jwt_algorithm="RS256", scopes="openid")
    client = EsiaClient(config)

    def login() -> None:
        request = client.authorization_url()
        client.login(world.esia.authorize("user@example.test", request.url), request)
        world.clock.advance(STEP)

    for _ in range(WARMUP):
        login()
    gc.collect()
    start = rss_mb()
    began = time.perf_counter()
    for _ in range(logins):
        login()
    elapsed = time.perf_counter() - began
    gc.collect()
    end = rss_mb()
    client.close()
    esia = world.esia
    live = len(esia.flows) + len(esia.grants) + len(esia.tokens) + len(esia.sessions) + len(esia.used_states)
    return {"start": start, "end": end, "growth": end - start, "rate": logins / elapsed, "live_records": live}


def run(quick: bool) -> list[dict[str, Any]]:
    logins = 3_000 if quick else 100_000
    result = measure(logins)
    return [
        {
            "benchmark": f"fake ESIA memory after {logins:,} in-process logins",
            "implementation": "egisz-sdk World (1 s of fake time per login)",
            "value": result["growth"],
            "unit": "MB RSS growth",
            "note": f"{result['start']:.0f} → {result['end']:.0f} MB; {result['rate']:.0f} logins/s; "
            f"{result['live_records']:.0f} live records at the end",
        }
    ]


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    figures = measure(count)
    print(
        f"{count} logins: RSS {figures['start']:.1f} → {figures['end']:.1f} MB (growth {figures['growth']:+.1f} MB), "
        f"{figures['rate']:.0f} logins/s, {figures['live_records']:.0f} live records"
    )
