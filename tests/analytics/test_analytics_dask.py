"""Batch validation and the tidy frames on a local Dask cluster (two workers), partition-wise."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _analytics_records import frmo_records, frmr_records

from egisz_sdk import analytics
from egisz_sdk.errors import ValidationError
from egisz_sdk.validators.batch import validate_column

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

VALUES = ["112-233-445 95", "11223344595", "11223344596", None, "x", "08765430300", "", "001-001-998 00"] * 25


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two in-process workers (threads): quick to start, still two workers exchanging tasks."""
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_validate_dask_equals_the_single_machine_result(client: Any) -> None:
    series = dd.from_pandas(pd.Series(VALUES, dtype=object), npartitions=7)
    lazy = analytics.validate_dask(series, "snils")
    assert lazy.npartitions == 7 and list(lazy.columns) == ["valid", "code", "canonical"]
    got = lazy.compute()
    want = validate_column("snils", VALUES)
    assert list(got["valid"]) == [bool(v) for v in want.valid]
    assert [None if pd.isna(c) else c for c in got["code"]] == want.codes
    assert [None if pd.isna(c) else c for c in got["canonical"]] == want.canonical
    assert list(got.index) == list(range(len(VALUES)))
    counts = lazy["code"].value_counts().compute().to_dict()
    assert counts == want.counts()


def test_validate_dask_refuses_an_unknown_kind_before_any_worker_runs() -> None:
    series = dd.from_pandas(pd.Series(["1"]), npartitions=1)
    with pytest.raises(ValidationError) as caught:
        analytics.validate_dask(series, "no-such-kind")
    assert caught.value.code == "batch.kind"


def test_dask_frame_builds_the_same_frames_block_by_block(client: Any, tmp_path: Path) -> None:
    path = tmp_path / "staff.jsonl"
    records = frmr_records() * 50
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    lazy = analytics.dask_frame(path, "cards", codes={"post_id": {109: "врач-терапевт"}}, blocksize=4096)
    assert lazy.npartitions > 3
    got = lazy.compute().reset_index(drop=True)
    want = analytics.cards_frame(records, codes={"post_id": {109: "врач-терапевт"}})
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    report = analytics.staff_report(got, "2026-Q3")
    assert list(report["headcount"]) == [1, 1, 1]  # the same worker's cards repeated: each card counted once
    frmo = tmp_path / "frmo.jsonl"
    frmo.write_text(json.dumps(frmo_records()[0], ensure_ascii=False) + "\n", encoding="utf-8")
    staff = analytics.dask_frame([frmo], "staff").compute()
    assert list(staff["staff_id"]) == ["s2025", "s2026", "s2026"]


def test_a_process_cluster_validates_too(tmp_path: Path) -> None:
    """Workers in their own processes: the task (function, kind, options) must pickle and import there."""
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster),
    ):
        series = dd.from_pandas(pd.Series(VALUES, dtype=object), npartitions=4)
        counts = analytics.validate_dask(series, "snils")["code"].value_counts().compute().to_dict()
    assert counts == validate_column("snils", VALUES).counts()
