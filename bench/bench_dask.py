"""10 M SNILS validated on Dask (a local cluster of two worker processes) against pandas on one core, same run.

The column is made with numpy (random bodies, check digits computed with array arithmetic, one row in 1,000
broken); each Dask partition generates its own slice inside its worker, so no data crosses processes. Both sides
do the same work: validate the column and count the error codes. The pandas side is one call of
``validate_column`` on one ``pandas.Series`` in this process; the Dask side is
``validate_dask(series, "snils").code.value_counts(split_out=1).compute()`` on the persisted series (one output
partition: a handful of distinct codes needs no shuffle).

Run alone: ``python bench/bench_dask.py [--rows 10000000] [--partitions 20]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 1)


def snils_partition(n: int, seed: int) -> Any:
    """``n`` SNILS as a pandas Series of ``str`` (object dtype): valid, except one row in 1,000."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    body = rng.integers(2_000_000, 999_999_999, size=n, dtype=np.int64)  # above 001-001-998: checked
    digits = (body[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = (digits @ np.array(WEIGHTS)) % 101 % 100
    check[np.arange(n) % 1000 == 7] += 1  # a wrong check digit (100 stays a 3-digit mismatch → 00 after % 100)
    check %= 100
    chars = np.empty((n, 11), dtype=np.uint8)
    chars[:, :9] = digits
    chars[:, 9] = check // 10
    chars[:, 10] = check % 10
    chars += 48
    text = chars.view("S11").ravel().astype("U11").tolist()  # Python str, as a column read from a file holds
    return pd.Series(text, dtype=object, name="snils")


def _pandas_side(n: int) -> tuple[float, dict[str, int]]:
    import pandas as pd

    from egisz_sdk.analytics._scale import validate_partition

    series = pd.concat([snils_partition(n // 10, seed) for seed in range(10)], ignore_index=True)
    _warm_up()  # as the workers are
    start = time.perf_counter()
    counts = validate_partition(series, "snils")["code"].value_counts().to_dict()
    return time.perf_counter() - start, counts


def _warm_up() -> None:
    """Run in every worker before timing: import the SDK and pandas and validate a few rows (as a warm worker has)."""
    import pandas as pd

    from egisz_sdk.analytics._scale import validate_partition

    validate_partition(pd.Series(["112-233-445 95", None], dtype=object), "snils")


def _dask_side(n: int, partitions: int, workers: int) -> tuple[float, dict[str, int], float]:
    import dask.dataframe as dd
    import distributed

    from egisz_sdk import analytics

    size = n // partitions
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", memory_limit="4GiB"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        started = time.perf_counter()
        series = dd.from_map(snils_partition, [size] * partitions, [seed * 7919 for seed in range(partitions)])
        series = series.persist()
        distributed.wait(series)
        made = time.perf_counter() - started
        client.run(_warm_up)  # long-lived workers: imports and the first call are not what is measured
        start = time.perf_counter()
        counts = analytics.validate_dask(series, "snils")["code"].value_counts(split_out=1).compute().to_dict()
        elapsed = time.perf_counter() - start
        client.close()
    return elapsed, counts, made


def run(quick: bool, rows: int | None = None, partitions: int = 20) -> list[dict[str, Any]]:
    """Benchmark rows for docs/benchmarks.md (``quick``: 1 M rows instead of 10 M)."""
    n = rows or (1_000_000 if quick else 10_000_000)
    t_pandas, c_pandas = _pandas_side(n)
    t_dask, c_dask, made = _dask_side(n, partitions, workers=2)
    broken = sum(c_pandas.values())
    assert broken == sum(c_dask.values()) and broken > 0, (c_pandas, c_dask)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    where = f"{cores} cores, load average {load:.1f} at the end"
    return [
        {
            "benchmark": f"{n / 1e6:g}M SNILS, validate + count codes",
            "implementation": "pandas, one core (validate_column on one Series)",
            "value": t_pandas,
            "unit": "s",
            "note": f"{n / t_pandas / 1e6:.2f} M rows/s; {broken:,} invalid rows found",
        },
        {
            "benchmark": f"{n / 1e6:g}M SNILS, validate + count codes",
            "implementation": f"Dask, 2 worker processes, {partitions} partitions (validate_dask)",
            "value": t_dask,
            "unit": "s",
            "note": f"{n / t_dask / 1e6:.2f} M rows/s; {t_pandas / t_dask:.2f}× pandas; data made in workers in "
            f"{made:.1f} s (not timed); {where}",
        },
    ]


def main() -> int:
    # One BLAS thread per process: "one core" for pandas, one core per Dask worker (inherited by the workers).
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--partitions", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    for row in run(False, args.rows, args.partitions):
        print(f"| {row['benchmark']} | {row['implementation']} | {row['value']:.3g} {row['unit']} | {row['note']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
