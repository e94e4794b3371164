"""GOST R 34.10-2012 sign and verify (ms per operation): our backends against gost-engine and gostcrypto.

Part 1 (child process ``_gost_engine_bench.py``): our ``c``, ``libcrypto`` and ``python`` backends against
gost-engine driven in-process through EVP (``EVP_PKEY_sign`` / ``EVP_PKEY_verify`` via ctypes), interleaved, on
every parameter set gost-engine knows (four with ``--quick``). Targets: sign ≤ 2× and verify ≤ 2× gost-engine.

Part 2 (below): the pure-Python backend against gostcrypto (pure Python, PyPI), the peer of the same kind.

Both run in the same process and the same run, on tc26-256-A, tc26-256-B (= CryptoPro-A) and tc26-512-A, over
a fixed 32/64-byte digest; the note gives gostcrypto's time divided by ours. "verify" cycles through more keys
than the public-key table cache holds, so every verification is cold; "verify (same key again)" repeats one
key, which then has a cached table (gostcrypto has no such cache: the ratio uses its single-key figure). The
fixed-base tables are built before timing; their one-off cost is a row of its own. ``openssl speed`` has no
GOST signature test in Debian's gost-engine build, so OpenSSL is not measured here.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _timing import per_second
from egisz_sdk.signature.gost import _ec
from egisz_sdk.signature.gost import gost3410 as ours
from egisz_sdk.signature.gost.curves import get

#: (our curve name, gostcrypto's name for the same set)
CURVES = [
    ("tc26-256-A", "id-tc26-gost-3410-2012-256-paramSetA"),
    ("tc26-256-B", "id-tc26-gost-3410-2012-256-paramSetB"),
    ("tc26-512-A", "id-tc26-gost-3410-12-512-paramSetA"),
]


def _ours(name: str, min_time: float, repeat: int) -> dict[str, float]:
    curve = get(name)
    group = _ec.group(curve.p, curve.a, curve.b, curve.q, curve.x, curve.y)
    fresh = _ec.Group(curve.p, curve.a, curve.b, curve.q, curve.x, curve.y)  # not the shared one: it may be built
    start = time.perf_counter()
    fresh._base_table()
    build_ms = (time.perf_counter() - start) * 1e3
    group._base_table()
    digest = bytes(range(1, curve.size + 1))

    pool = []
    for _ in range(2 * _ec._KEY_CACHE + 1):
        key = ours.generate_private_key(curve)
        pool.append((ours.public_key(curve, key), ours.sign_digest(curve, key, digest)))
    turn = itertools.cycle(pool)

    def verify_cold() -> None:
        pub, sig = next(turn)
        ours.verify_digest(curve, pub, digest, sig, backend="python")

    d = ours.generate_private_key(curve)
    pub = ours.public_key(curve, d)
    signature = ours.sign_digest(curve, d, digest)
    for _ in range(_ec._KEY_TABLE_AFTER + 1):  # the key gets its table
        ours.verify_digest(curve, pub, digest, signature, backend="python")
    return {
        "build": build_ms,
        "sign": 1e3 / per_second(lambda: ours.sign_digest(curve, d, digest, backend="python"), min_time, repeat),
        "verify": 1e3 / per_second(verify_cold, min_time, repeat),
        "verify (same key again)": 1e3
        / per_second(lambda: ours.verify_digest(curve, pub, digest, signature, backend="python"), min_time, repeat),
    }


def _gostcrypto(name: str, size: int, min_time: float, repeat: int) -> dict[str, float] | None:
    try:
        from gostcrypto import gostsignature
    except ImportError:
        return None
    mode = gostsignature.MODE_256 if size == 32 else gostsignature.MODE_512
    signer = gostsignature.new(mode, gostsignature.CURVES_R_1323565_1_024_2019[name])
    key = bytearray(range(7, 7 + size))
    pub = signer.public_key_generate(key)
    digest = bytearray(range(1, size + 1))
    sig = signer.sign(key, digest)
    if not signer.verify(pub, digest, sig):
        raise AssertionError("gostcrypto does not verify its own signature")
    return {
        "sign": 1e3 / per_second(lambda: signer.sign(key, digest), min_time, repeat),
        "verify": 1e3 / per_second(lambda: signer.verify(pub, digest, sig), min_time, repeat),
    }


def _engine_rows(quick: bool) -> list[dict[str, Any]]:
    """Our backends against gost-engine in-process (child process), with the verdicts of the targets."""
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent / "src"), str(here)]))
    done = subprocess.run(
        [sys.executable, str(here / "_gost_engine_bench.py"), "1" if quick else "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return [
            {
                "benchmark": "GOST R 34.10-2012 vs gost-engine",
                "implementation": "-",
                "value": 0.0,
                "unit": "ms/op",
                "note": f"not measured: {reason}",
            }
        ]
    rows: list[dict[str, Any]] = []
    for entry in json.loads(done.stdout):
        ms = entry["ms"]
        for op in ("sign", "verify"):
            peer = ms[f"gost-engine {op}"]
            rows.append(
                {
                    "benchmark": f"{op} {entry['curve']}",
                    "implementation": "peer: gost-engine (EVP, in-process)",
                    "value": peer,
                    "unit": "ms/op",
                }
            )
            for backend in ("c", "libcrypto", "python"):
                value = ms.get(f"{backend} {op}")
                if value is None:
                    continue
                ratio = value / peer
                note = f"{ratio:.2f}× gost-engine"
                if backend == "c":
                    note += f"; target ≤ 2×: {'met' if ratio <= 2 else 'NOT met'}"
                if backend == "python" and op == "verify":
                    note += " (same key: its cached table)"
                rows.append(
                    {
                        "benchmark": f"{op} {entry['curve']}",
                        "implementation": f"egisz-sdk backend '{backend}'",
                        "value": value,
                        "unit": "ms/op",
                        "note": note,
                    }
                )
    return rows


def run(quick: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _engine_rows(quick)
    min_time = 0.2 if quick else 1.0
    for our_name, peer_name in CURVES:
        mine = _ours(our_name, min_time, 2 if quick else 3)
        theirs = _gostcrypto(peer_name, get(our_name).size, min_time, 1 if quick else 2)
        rows.append(
            {
                "benchmark": f"fixed-base table build {our_name}",
                "implementation": "egisz-sdk",
                "value": mine["build"],
                "unit": "ms (once per curve)",
            }
        )
        for op in ("sign", "verify", "verify (same key again)"):
            peer = theirs["verify" if op.startswith("verify") else op] if theirs else None
            rows.append(
                {
                    "benchmark": f"GOST R 34.10-2012 {op} {our_name}",
                    "implementation": "egisz-sdk backend 'python'",
                    "value": mine[op],
                    "unit": "ms/op",
                    "note": f"{peer / mine[op]:.0f}× faster than gostcrypto" if peer else "gostcrypto not installed",
                }
            )
            if peer and op in ("sign", "verify"):
                rows.append(
                    {
                        "benchmark": f"GOST R 34.10-2012 {op} {our_name}",
                        "implementation": "gostcrypto 1.2.5",
                        "value": peer,
                        "unit": "ms/op",
                    }
                )
    return rows
