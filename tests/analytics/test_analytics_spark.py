"""Batch validation on PySpark through ``mapInPandas`` — where pyspark and Java are installed.

pyspark is the ``spark`` extra (also in ``test``); Java comes from the machine. Where either is missing the test is
skipped with the reason — except in CI (``EGISZ_REQUIRE_INTEROP=1``), where it fails instead.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from typing import Any

import pytest

from _support import require
from egisz_sdk import analytics
from egisz_sdk.validators.batch import validate_column

VALUES = ["112-233-445 95", "11223344595", "11223344596", None, "x", "08765430300"] * 10


def _spark(monkeypatch: pytest.MonkeyPatch) -> Any:
    require(importlib.util.find_spec("pyspark") is not None, "pyspark (pip install 'egisz-sdk[spark]')")
    require(shutil.which("java") is not None, "Java for pyspark (no `java` on PATH)")
    # The executors' Python must be one that has egisz-sdk installed: this interpreter.
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from pyspark.sql import SparkSession

    return SparkSession.builder.master("local[2]").appName("egisz-analytics-test").getOrCreate()


def test_validate_spark_equals_the_single_machine_result(monkeypatch: pytest.MonkeyPatch) -> None:
    spark = _spark(monkeypatch)
    try:
        frame = spark.createDataFrame([(i, v) for i, v in enumerate(VALUES)], "row INT, snils STRING")
        rows = analytics.validate_spark(frame.repartition(3), "snils", "snils").orderBy("row").collect()
    finally:
        spark.stop()
    want = validate_column("snils", VALUES)
    assert [r["snils_valid"] for r in rows] == [bool(v) for v in want.valid]
    assert [r["snils_code"] for r in rows] == want.codes
    assert [r["snils_canonical"] for r in rows] == want.canonical


def test_without_pyspark_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from egisz_sdk.errors import ConfigurationError

    real = builtins.__import__

    def blocked(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyspark"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", blocked)
    with pytest.raises(ConfigurationError) as caught:
        analytics.validate_spark(object(), "snils", "snils")
    assert caught.value.code == "analytics.spark.missing" and "egisz-sdk[spark]" in str(caught.value)
