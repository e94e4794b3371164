"""Run every benchmark module (``bench/bench_*.py``) and print Markdown tables for docs/benchmarks.md.

Each module defines ``run(quick: bool) -> list[dict]``; a row has ``benchmark``, ``implementation``,
``value``, ``unit`` and optionally ``note``. Peers are measured in the same run as our code, so the
ratios are meaningful on whatever machine runs this. ``--quick`` shortens every measurement;
``--only NAME`` runs one module; ``--json FILE`` also writes the raw rows.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    all_rows = []
    print(f"# machine: {platform.platform()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}\n")
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        rows = _load(path).run(args.quick)
        all_rows.extend(rows)
        print(f"## {name}\n\n| benchmark | implementation | result | note |\n|---|---|---|---|")
        for row in rows:
            print(
                f"| {row['benchmark']} | {row['implementation']} | {row['value']:.4g} {row['unit']} | "
                f"{row.get('note', '')} |"
            )
        print()
    if args.json:
        args.json.write_text(json.dumps(all_rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
