"""Scale-out: batch validation and the tidy frames on Dask (``map_partitions``) and PySpark (``mapInPandas``).

Each partition goes through :func:`egisz_sdk.validators.batch.validate_column` as one column, so the vectorised
numpy path does the work inside every worker; rows are never validated one by one in Python unless the fast path
refuses them (then the per-row path gives the exact error code, as on one machine). Dask (extra ``dask``) and
PySpark (extra ``spark``) are imported inside the functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from egisz_sdk.analytics import _rows
from egisz_sdk.analytics._codes import CodeBooks
from egisz_sdk.analytics._frames import frame_of, optional
from egisz_sdk.errors import ConfigurationError

__all__ = ["dask_frame", "validate_dask", "validate_partition", "validate_spark"]

#: Frames :func:`dask_frame` builds: name → (row builder, columns, code column → name column).
_FRAMES: dict[str, tuple[Any, tuple[str, ...], dict[str, str]]] = {
    "cards": (_rows.card_rows, _rows.CARD_COLUMNS, _rows.CARD_NAMES),
    "documents": (_rows.document_rows, _rows.DOCUMENT_COLUMNS, {}),
    "departments": (_rows.department_rows, _rows.DEPARTMENT_COLUMNS, _rows.DEPARTMENT_NAMES),
    "staff": (_rows.staff_rows, _rows.STAFF_COLUMNS, _rows.STAFF_NAMES),
}


def validate_partition(values: Any, kind: str, options: dict[str, Any] | None = None) -> Any:
    """Validate one pandas Series; a DataFrame ``valid`` (bool), ``code``, ``canonical`` on the Series' index.

    ``code`` and ``canonical`` are object columns of ``str`` or ``None`` (no per-cell conversion to a string dtype).
    """
    pd = optional("pandas")
    np = optional("numpy")
    from egisz_sdk.validators.batch import validate_column

    # One vectorised conversion instead of the per-cell check of a pandas Series; missing cells (NaN, None, pd.NA,
    # NaT) become None — a copy that only a column holding some is worth.
    column = values.to_numpy(dtype=object, na_value=None) if values.hasnans else values.to_numpy(dtype=object)
    result = validate_column(kind, column, **(options or {}))
    index = values.index
    return pd.DataFrame(
        {
            "valid": pd.Series(np.fromiter(result.valid, dtype=bool, count=len(result.valid)), index=index),
            "code": pd.Series(result.codes, index=index, dtype=object),
            "canonical": pd.Series(result.canonical, index=index, dtype=object),
        }
    )


def _meta(pd: Any) -> Any:
    return pd.DataFrame(
        {
            "valid": pd.Series(dtype="bool"),
            "code": pd.Series(dtype=object),
            "canonical": pd.Series(dtype=object),
        }
    )


def validate_dask(column: Any, kind: str, /, **options: Any) -> Any:
    """A lazy Dask DataFrame ``valid, code, canonical`` for a Dask Series of identifiers (extra ``dask``).

    Partition-wise (``map_partitions``): each worker validates its partition with the column checker (the C path
    where built). Compute it, or aggregate first: ``validate_dask(df.snils, "snils").code.value_counts(split_out=1)
    .compute()`` — a handful of distinct codes needs one output partition, not Dask's default shuffle.
    """
    optional("dask.dataframe")
    pd = optional("pandas")
    from egisz_sdk.validators.batch import validate_column

    validate_column(kind, [], **options)  # an unknown kind or a wrong option fails here, not in every worker
    return column.map_partitions(validate_partition, kind, options, meta=_meta(pd))


def _partition(lines: Sequence[str], frame: str, codes: CodeBooks | None) -> Any:
    from egisz_sdk.analytics._codes import resolve_rows

    build, columns, names = _FRAMES[frame]
    records = [_rows.parse_line(line, 0) for line in lines if line.strip()]
    rows = build(records)
    flags = resolve_rows(rows, names, codes)
    return frame_of(rows, [*columns, *flags], "pandas")


def dask_frame(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    frame: str = "cards",
    *,
    codes: CodeBooks | None = None,
    blocksize: int | str = "64MiB",
) -> Any:
    """A Dask DataFrame of one tidy frame (``cards``, ``documents``, ``departments``, ``staff``) of JSON Lines files.

    The files are split into blocks of ``blocksize`` at line boundaries; each block is parsed and made into rows
    by a worker, so a region's export never sits in one process. ``codes`` as for :func:`cards_frame` (the code
    books travel to the workers with the task). Line numbers in errors are not known per block (reported as 0).
    """
    if frame not in _FRAMES:
        raise ConfigurationError("config.invalid", field="frame", reason_ru=", ".join(_FRAMES),
                                 reason_en=", ".join(_FRAMES))  # fmt: skip
    bag = optional("dask.bag")
    dd = optional("dask.dataframe")
    delayed = optional("dask").delayed
    paths = [os.fspath(p) for p in ([path] if isinstance(path, (str, os.PathLike)) else path)]
    lines = bag.read_text(paths, blocksize=blocksize)
    meta = _partition([], frame, codes)
    parts = [delayed(_partition)(part, frame, codes) for part in lines.to_delayed()]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def validate_spark(frame: Any, column: str, kind: str, /, **options: Any) -> Any:
    """A Spark DataFrame with ``<column>_valid``, ``<column>_code``, ``<column>_canonical`` added (``mapInPandas``).

    Needs the ``spark`` extra and Java; the executors' Python (``PYSPARK_PYTHON``) must have egisz-sdk. Each Arrow
    batch a Spark executor hands over is validated as one pandas column.
    """
    try:
        import pyspark.sql.types as types
    except ImportError:
        raise ConfigurationError("analytics.spark.missing", field="pyspark") from None
    from egisz_sdk.validators.batch import validate_column

    validate_column(kind, [], **options)
    schema = types.StructType(
        [
            *frame.schema.fields,
            types.StructField(f"{column}_valid", types.BooleanType(), False),
            types.StructField(f"{column}_code", types.StringType(), True),
            types.StructField(f"{column}_canonical", types.StringType(), True),
        ]
    )

    def run(batches: Any) -> Any:
        for batch in batches:
            found = validate_partition(batch[column], kind, options)
            out = batch.copy()
            out[f"{column}_valid"] = found["valid"].to_numpy()
            out[f"{column}_code"] = found["code"].to_numpy()
            out[f"{column}_canonical"] = found["canonical"].to_numpy()
            yield out

    return frame.mapInPandas(run, schema=schema)
