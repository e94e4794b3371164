"""NSI client and dictionary cache against the fake NSI on a loopback socket.

Rows:

* a full pull of a generated 100,000-row dictionary (5 typed columns) over the loopback server, pages of 5,000;
* a cold load of that version from the SQLite cache (no network) and a warm key look-up (in-memory index);
* bringing the cache to a new version where 1 % of the rows changed: incremental (``/versions`` + ``/compare``,
  applied in one transaction) against a full pull of the new version.

The dictionary is synthetic (``generated_dictionary``); real NSI dictionaries FRMR uses are 10²–10⁴ rows.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from _timing import per_second

OID = "1.2.643.5.1.13.13.99.9.100000"


def run(quick: bool) -> list[dict[str, Any]]:
    from egisz_sdk.nsi import DictionaryCache, NsiClient
    from egisz_sdk.testing import World
    from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT, NsiService, generated_dictionary

    size = 20_000 if quick else 100_000
    world = World(seed=0, services=[NsiService()])
    state = world.nsi
    passport, rows = generated_dictionary(OID, size, seed=1)
    state.add_version(passport, rows)
    out: list[dict[str, Any]] = []
    with world.serve() as server, tempfile.TemporaryDirectory() as tmp:
        client = NsiClient(DEFAULT_USER_KEY, base_url=server.url + REST_ROOT, page_size=5_000, timeout=120)
        started = time.perf_counter()
        pulled = client.pull(OID)
        pull_s = time.perf_counter() - started
        assert len(pulled) == size
        out.append(_row(f"full pull of {size:,} rows over loopback", size / pull_s, "rows/s", f"{pull_s:.2f} s"))

        cache = DictionaryCache(Path(tmp) / "bench.sqlite3")
        cache.store(pulled.passport, list(pulled.records))
        cache._loaded.clear()
        started = time.perf_counter()
        loaded = cache.load(OID)
        load_s = time.perf_counter() - started
        assert loaded is not None and len(loaded) == size
        out.append(_row(f"cold load of {size:,} rows from SQLite", size / load_s, "rows/s", f"{load_s:.2f} s"))

        keys = [str(n) for n in range(1, size + 1, max(1, size // 1000))]
        index = {"n": 0}

        def lookup() -> None:
            index["n"] = (index["n"] + 1) % len(keys)
            loaded.get(keys[index["n"]])

        rate = per_second(lookup, min_time=0.2 if quick else 0.5, repeat=1 if quick else 3)
        out.append(_row("warm key look-up (Dictionary.get)", 1e6 / rate, "µs", "target ≤ 5 µs"))

        changed = size // 100
        upserts = [{"ID": str(n), "NAME": f"Изменено {n}"} for n in range(1, changed // 2 + 1)]
        upserts += [{"ID": str(size + n), "NAME": f"Новая {n}", "ACTUAL": "true"} for n in range(1, changed // 4 + 1)]
        deletes = [str(size - n) for n in range(changed // 4)]
        state.publish(OID, "1.1", upsert=upserts, delete=deletes)

        started = time.perf_counter()
        updated = client.dictionary(OID, cache=cache)
        incremental_s = time.perf_counter() - started
        assert updated.source == "incremental" and updated.version == "1.1"
        fresh = DictionaryCache(Path(tmp) / "fresh.sqlite3")
        started = time.perf_counter()
        full = client.dictionary(OID, cache=fresh)
        full_s = time.perf_counter() - started
        assert full.source == "network" and len(full) == len(updated)
        note = f"{changed:,} changed rows; full pull into the cache {full_s:.2f} s"
        out.append(_row("cache update to a version with 1 % changed", incremental_s, "s", f"incremental; {note}"))
        out.append(_row("cache update: full / incremental", full_s / incremental_s, "×", "speed-up"))
        fresh.close()
        cache.close()
        client.close()
    return out


def _row(benchmark: str, value: float, unit: str, note: str) -> dict[str, Any]:
    return {"benchmark": benchmark, "implementation": "egisz-sdk", "value": value, "unit": unit, "note": note}
