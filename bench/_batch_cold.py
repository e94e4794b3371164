"""Child process of the batch benchmark: time import + first call (cold) and later calls (warm).

Usage: ``python _batch_cold.py KIND ROWS.pickle BACKEND``. The rows are loaded before the clock starts; the
cold figure covers ``from egisz_sdk.validators.batch import validate_column``, the first call and
``counts()`` (wall time, and the CPU time of the process over the same span); the warm figure is the best of
three further calls. Prints one JSON document.
"""

from __future__ import annotations

import json
import pickle
import sys
import time


def main() -> None:
    kind, path, backend = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, "rb") as fh:
        rows = pickle.load(fh)
    start, cpu = time.perf_counter(), time.process_time()
    from egisz_sdk.validators.batch import validate_column

    result = validate_column(kind, rows, backend=backend)
    counts = result.counts()
    cold = time.perf_counter() - start
    cold_cpu = time.process_time() - cpu
    warm = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        again = validate_column(kind, rows, backend=backend).counts()
        warm = min(warm, time.perf_counter() - t)
        assert again == counts
    doc = {"cold": cold, "cold_cpu": cold_cpu, "warm": warm, "counts": counts, "numpy_imported": "numpy" in sys.modules}
    print(json.dumps(doc))


if __name__ == "__main__":
    main()
