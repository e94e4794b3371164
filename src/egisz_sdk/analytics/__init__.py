"""Analytics: FRMR and FRMO exports as tidy pandas / polars frames, period reports, Dask and PySpark scale-out.

* Frames — :func:`cards_frame` (one row per worker and employment card), :func:`documents_frame` (diplomas,
  certificates, accreditation procedures), :func:`deadlines_frame`, :func:`departments_frame` and
  :func:`staff_frame` (FRMO), with codes resolved through NSI dictionaries (``codes={"post_id": dictionary}``);
  unknown codes are kept and flagged in ``<code>_unknown``.
* Reports — :class:`Period` (``2026-11``, ``2026-Q3``, ``2026``), :func:`staff_report`, :func:`vacancy_report`,
  :func:`deadline_report`, :func:`write_report` (CSV, XLSX through openpyxl).
* Scale-out — :func:`validate_dask`, :func:`dask_frame` (Dask ``map_partitions``), :func:`validate_spark`
  (PySpark ``mapInPandas``).

pandas, polars, openpyxl, dask and pyspark are optional; names load on first use. See ``docs/analytics.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:
    from egisz_sdk.analytics._codes import names_of as names_of
    from egisz_sdk.analytics._frames import cards_frame as cards_frame
    from egisz_sdk.analytics._frames import deadlines_frame as deadlines_frame
    from egisz_sdk.analytics._frames import departments_frame as departments_frame
    from egisz_sdk.analytics._frames import documents_frame as documents_frame
    from egisz_sdk.analytics._frames import identifier_quality as identifier_quality
    from egisz_sdk.analytics._frames import staff_frame as staff_frame
    from egisz_sdk.analytics._periods import Period as Period
    from egisz_sdk.analytics._reports import deadline_report as deadline_report
    from egisz_sdk.analytics._reports import staff_report as staff_report
    from egisz_sdk.analytics._reports import vacancy_report as vacancy_report
    from egisz_sdk.analytics._reports import write_report as write_report
    from egisz_sdk.analytics._rows import read_jsonl as read_jsonl
    from egisz_sdk.analytics._scale import dask_frame as dask_frame
    from egisz_sdk.analytics._scale import validate_dask as validate_dask
    from egisz_sdk.analytics._scale import validate_spark as validate_spark

_F = "egisz_sdk.analytics._frames"
_R = "egisz_sdk.analytics._reports"
_S = "egisz_sdk.analytics._scale"
_EXPORTS: dict[str, str] = {
    "Period": "egisz_sdk.analytics._periods",
    "cards_frame": _F,
    "dask_frame": _S,
    "deadline_report": _R,
    "deadlines_frame": _F,
    "departments_frame": _F,
    "documents_frame": _F,
    "identifier_quality": _F,
    "names_of": "egisz_sdk.analytics._codes",
    "read_jsonl": "egisz_sdk.analytics._rows",
    "staff_frame": _F,
    "staff_report": _R,
    "validate_dask": _S,
    "validate_spark": _S,
    "vacancy_report": _R,
    "write_report": _R,
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
