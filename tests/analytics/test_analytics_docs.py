"""Every ```python example in docs/analytics.md runs and prints what the page shows.

A block preceded by ``<!-- needs: pyspark -->`` needs pyspark and Java: the first test runs every other block; the
second runs the page whole where pyspark and Java are installed and is skipped, with the reason, elsewhere (in CI,
``EGISZ_REQUIRE_INTEROP=1``, it fails instead).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
from pathlib import Path

import pytest

from _support import require

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"(<!-- needs: (\w+) -->\n)?```python\n(.*?)```(?:\s*\nOutput:\s*\n\s*```text\n(.*?)```)?", re.S)


def run_page(with_spark: bool) -> int:
    for module in ("pandas", "openpyxl", "dask", "distributed"):
        pytest.importorskip(module)
    blocks = BLOCK.findall((DOCS / "analytics.md").read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": "docs_example"}
    ran = 0
    for index, (_, needs, code, expected) in enumerate(blocks):
        if needs == "pyspark" and not with_spark:
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"analytics.md#example{index + 1}", "exec"), namespace)
        if expected:
            assert out.getvalue() == expected, f"analytics.md example {index + 1}"
        ran += 1
    return ran


def test_every_example_but_spark_runs_and_prints_what_the_page_shows() -> None:
    assert run_page(with_spark=False) >= 5


def test_the_spark_example_runs_where_pyspark_and_java_are() -> None:
    require(importlib.util.find_spec("pyspark") is not None, "pyspark (pip install 'egisz-sdk[spark]')")
    require(shutil.which("java") is not None, "Java for pyspark (no `java` on PATH)")
    assert run_page(with_spark=True) >= 6
