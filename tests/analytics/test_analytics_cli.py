"""``egisz report staff / deadlines / vacancies`` through click's runner: from export files and from FRMR."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("click")
pytest.importorskip("pandas")
from _analytics_records import DEP_A, MO, frmo_records, frmr_records
from click.testing import CliRunner

from egisz_sdk.cli._report import report


def jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def stand_in_frmr(records: list[dict[str, Any]], seen: list[str]) -> httpx.MockTransport:
    """person/list and person/full of ``records`` in FRMR's envelope (registries.md), nothing else."""
    people = {r["person"]["oid"]: r["person"] for r in records}

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path.rsplit("4f52d90e921a0/", 1)[-1]
        q = dict(request.url.params)
        seen.append(path)
        if path == "person/list" and q.get("mo") == MO:
            offset, limit = int(q.get("offset", "0")), int(q.get("limit", "10"))
            chunk = [{"oid": o} for o in sorted(people)][offset : offset + limit]
            body = {"requestId": "r", "total": len(people), "offset": offset, "limit": limit, "content": chunk}
            return httpx.Response(200, json=body)
        if path == "person/full" and q.get("oid") in people:
            return httpx.Response(200, json={"requestId": "r", "content": people[q["oid"]]})
        return httpx.Response(404, json={"timestamp": "t", "code": 404, "reasonPhrase": "Not Found", "message": "-"})

    return httpx.MockTransport(handler)


def test_staff_from_an_export_file_as_csv(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "staff.jsonl", frmr_records())
    out = tmp_path / "staff.csv"
    result = CliRunner().invoke(report, ["staff", "--from", source, "--period", "2026-Q3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["department_oid"], r["post_id"], r["headcount"], r["rate"]) for r in rows][:2] == [
        (DEP_A, "109", "1", "1.0"),
        (DEP_A, "999", "1", "1.0"),
    ]
    assert "3 rows written" in result.output


def test_staff_from_frmr_as_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    seen: list[str] = []
    out = tmp_path / "staff.xlsx"
    args = ["--base-url", "https://frmr.test/4f52d90e921a0/", "staff", "--mo", MO, "--period", "2026-08"]
    result = CliRunner().invoke(
        report, [*args, "--format", "xlsx", "-o", str(out)], obj={"transport": stand_in_frmr(frmr_records(), seen)}
    )
    assert result.exit_code == 0, result.output
    assert seen.count("person/full") == 4 and "person/list" in seen
    sheet = openpyxl.load_workbook(out)["staff 2026-08"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[3:] for v in values] == [
        ["109", "пост 109", 2, 1.75],
        ["999", "пост 999", 1, 1],
        ["110", "пост 110", 1, 0.5],
    ]


def test_deadlines_and_vacancies(tmp_path: Path) -> None:
    staff = jsonl(tmp_path / "staff.jsonl", frmr_records())
    out = tmp_path / "deadlines.csv"
    done = CliRunner().invoke(report, ["deadlines", "--from", staff, "--period", "2026", "-o", str(out)])
    assert done.exit_code == 0, done.output
    months = {r["month"]: r["total"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert len(months) == 12 and months["2026-08"] == "1" and months["2026-10"] == "1"
    frmo = jsonl(tmp_path / "frmo.jsonl", frmo_records())
    out = tmp_path / "vacancies.csv"
    done = CliRunner().invoke(report, ["vacancies", "--from", frmo, "--mo", MO, "--period", "2026-Q3", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert [r["vacancy"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["1.25", "1.5"]


@pytest.mark.parametrize(
    "args",
    [
        ["staff", "--period", "2026-Q3", "-o", "x.csv"],  # neither --mo nor --from
        ["staff", "--mo", MO, "--period", "2026-Q5", "-o", "x.csv"],
        ["staff", "--mo", MO, "--period", "2026", "-o", "x.pdf"],
        ["staff", "--mo", MO, "--period", "2026", "--format", "pdf", "-o", "x.csv"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(report, args)
    assert result.exit_code == 2, result.output


def test_a_broken_export_exits_1_and_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"mo": "x", "person": {}}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(
        report, ["staff", "--from", str(bad), "--period", "2026", "-o", str(tmp_path / "s.csv")]
    )
    assert result.exit_code == 1 and "analytics.input.invalid" in result.output and "2" in result.output
    assert not (tmp_path / "s.csv").exists()
