"""Child process of the GOST R 34.10 benchmark: our backends against gost-engine driven in-process (EVP, ctypes).

Usage: ``python _gost_engine_bench.py QUICK``. For every parameter set gost-engine knows, it generates a key in
the engine, checks that our code derives the same public key and that signatures verify both ways, then times
in turn — round after round, best round kept, so load spikes hit every contender alike; each round is timed
in CPU time of this process (``time.process_time``), which excludes the time spent waiting for a core — the engine's
``EVP_PKEY_sign`` / ``EVP_PKEY_verify`` and our ``sign_digest`` / ``verify_digest`` on the ``c``, ``libcrypto``
and ``python`` backends (same key, same digest). Prints one JSON list of rows (ms per operation).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable

from _gost_engine_evp import EvpGost
from egisz_sdk.signature.gost import _c_ec, _libcrypto_ec
from egisz_sdk.signature.gost import gost3410 as g
from egisz_sdk.signature.gost.curves import get

SETS = [
    ("gost2012_256", "TCA", "tc26-256-A"),
    ("gost2012_256", "TCB", "tc26-256-B"),
    ("gost2012_256", "TCC", "tc26-256-C"),
    ("gost2012_256", "TCD", "tc26-256-D"),
    ("gost2012_256", "A", "CryptoPro-A"),
    ("gost2012_256", "B", "CryptoPro-B"),
    ("gost2012_256", "C", "CryptoPro-C"),
    ("gost2012_256", "XA", "CryptoPro-XchA"),
    ("gost2012_256", "XB", "CryptoPro-XchB"),
    ("gost2012_512", "A", "tc26-512-A"),
    ("gost2012_512", "B", "tc26-512-B"),
    ("gost2012_512", "C", "tc26-512-C"),
]
QUICK_SETS = {"tc26-256-A", "tc26-256-B", "tc26-512-A", "tc26-512-C"}


def _batch(fn: Callable[[], object], n: int) -> float:
    """CPU time of this process per call, in ms: time spent waiting for a core on the shared machine is excluded."""
    start = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - start) / n * 1e3


def _measure(engine: EvpGost, name: str, backends: list[str], quick: bool) -> dict[str, float]:
    """Best ms per operation of every contender on one parameter set, after checking they agree."""
    curve = get(name)
    d, pub = engine.private_key(), engine.public_key()
    digest = bytes(range(1, curve.size + 1))
    theirs = engine.sign(digest)
    contenders: dict[str, Callable[[], object]] = {
        "gost-engine sign": lambda: engine.sign(digest),
        "gost-engine verify": lambda: engine.verify(digest, theirs),
    }
    for b in backends:
        assert g.public_key(curve, d, backend=b) == pub
        g.verify_digest(curve, pub, digest, theirs, backend=b)
        assert engine.verify(digest, g.sign_digest(curve, d, digest, backend=b))
        contenders[f"{b} sign"] = functools.partial(g.sign_digest, curve, d, digest, backend=b)
        contenders[f"{b} verify"] = functools.partial(g.verify_digest, curve, pub, digest, theirs, backend=b)
    n = 20 if curve.size == 32 else 6
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(5 if quick else 15):
        for label, fn in contenders.items():
            scale = 1 if label.startswith(("gost-engine", "c ")) else 0.25  # the slower paths: fewer calls
            best[label] = min(best[label], _batch(fn, max(2, int(n * scale))))
    return best


def main() -> None:
    quick = sys.argv[1] == "1"
    backends = ["c"] if _c_ec.available() else []
    backends += ["libcrypto"] if _libcrypto_ec.available() else []
    backends += ["python"]
    rows = []
    for algorithm, paramset, name in SETS:
        if quick and name not in QUICK_SETS:
            continue
        rows.append({"curve": name, "ms": _measure(EvpGost(algorithm, paramset), name, backends, quick)})
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
