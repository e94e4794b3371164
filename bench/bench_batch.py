"""Batch validation throughput (1,000,000 SNILS) and the cost of ``import egisz_sdk``.

Targets: 1,000,000 SNILS in at most 0.2 s (≥ 5 M rows/s) with numpy; ``import egisz_sdk`` under 150 ms.
The per-row loop over ``snils.is_valid`` is the peer: it is what a caller without a batch API writes.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _timing import seconds

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.2
TARGET_IMPORT_MS = 150.0


def _column(n: int) -> list[str]:
    from egisz_sdk.validators import snils

    r = random.Random(2024)
    base = [snils.generate(r) for _ in range(10_000)]
    # one row in 1,000 broken, so the per-row fallback does some work as in real data
    base = [v[:9] + f"{(int(v[9:]) + 1) % 100:02d}" if i % 1000 == 7 else v for i, v in enumerate(base)]
    return (base * (n // len(base) + 1))[:n]


def _python(code: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def _import_time(repeat: int) -> tuple[float, list[tuple[str, float]]]:
    """Best wall-time difference of ``import egisz_sdk`` over an empty interpreter, and the slowest imports."""
    base = min(_python("pass") for _ in range(repeat))
    full = min(_python("import egisz_sdk") for _ in range(repeat))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    trace = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import egisz_sdk"], capture_output=True, text=True, env=env
    ).stderr
    rows = []
    for line in trace.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((m.group(4), int(m.group(2)) / 1000))
    top = sorted(rows, key=lambda x: -x[1])[:5]
    return (full - base) * 1000, top


def run(quick: bool) -> list[dict[str, Any]]:
    import numpy as np

    from egisz_sdk.validators import snils
    from egisz_sdk.validators.batch import validate_column

    n = 1_000_000
    repeat = 3 if quick else 7
    rows_list = _column(n)
    rows_array = np.array(rows_list)
    out: list[dict[str, Any]] = []

    t_list = seconds(lambda: validate_column("snils", rows_list), repeat=repeat)
    t_array = seconds(lambda: validate_column("snils", rows_array), repeat=repeat)
    n_peer = 100_000 if quick else n
    peer_rows = rows_list[:n_peer]
    t_pure = seconds(lambda: validate_column("snils", peer_rows, backend="python"), repeat=1) * n / n_peer
    is_valid = snils.is_valid
    t_loop = seconds(lambda: [is_valid(v) for v in peer_rows], repeat=1) * n / n_peer
    note = f"target ≤ {TARGET_SECONDS} s"
    for label, t in (("numpy, list[str] input", t_list), ("numpy, numpy str_ array input", t_array)):
        out.append(
            {
                "benchmark": "1M SNILS batch",
                "implementation": f"egisz-sdk {label}",
                "value": t,
                "unit": "s",
                "note": f"{note}; {'met' if t <= TARGET_SECONDS else 'NOT met'}",
            }
        )
        out.append(
            {
                "benchmark": "1M SNILS batch",
                "implementation": f"egisz-sdk {label}",
                "value": n / t / 1e6,
                "unit": "M rows/s",
                "note": f"{t_loop / t:.0f}× the per-row loop",
            }
        )
    extrapolated = "" if n_peer == n else f" (measured on {n_peer:,} rows, scaled)"
    out.append(
        {
            "benchmark": "1M SNILS batch",
            "implementation": "egisz-sdk backend='python' (no numpy)",
            "value": t_pure,
            "unit": "s",
            "note": "exact codes per row" + extrapolated,
        }
    )
    out.append(
        {
            "benchmark": "1M SNILS batch",
            "implementation": "peer: [snils.is_valid(v) for v in rows]",
            "value": t_loop,
            "unit": "s",
            "note": "bool only, no codes" + extrapolated,
        }
    )

    import_ms, top = _import_time(5 if quick else 15)
    slowest = ", ".join(f"{name} {ms:.1f} ms" for name, ms in top)
    out.append(
        {
            "benchmark": "import egisz_sdk",
            "implementation": "fresh interpreter, minus `python -c pass`",
            "value": import_ms,
            "unit": "ms",
            "note": f"target < {TARGET_IMPORT_MS:.0f} ms; slowest (cumulative, -X importtime): {slowest}",
        }
    )
    return out
