"""Reports by period: staff as of the period end, vacancies from staff schedules, deadlines per month; CSV, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from _analytics_records import DEP_A, DEP_B, MO, card, frmo_records, frmr_records, person

from egisz_sdk import analytics
from egisz_sdk.analytics import Period
from egisz_sdk.errors import ConfigurationError, ValidationError

pd = pytest.importorskip("pandas")


@pytest.mark.parametrize(
    ("text", "start", "end", "months"),
    [
        ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), 1),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), 3),
        ("2024-q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), 3),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), 1),
        (" 2026 ", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 12),
    ],
)
def test_periods(text: str, start: dt.date, end: dt.date, months: int) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, len(period.months())) == (start, end, months)
    assert start in period and end + dt.timedelta(days=1) not in period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-00", "26-11", "1899", "2026-11-01", "", "Q3-2026"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Period.parse(text)
    assert caught.value.code == "analytics.period.invalid"


def test_staff_report_counts_cards_in_force_at_the_period_end() -> None:
    cards = analytics.cards_frame(frmr_records())
    q3 = analytics.staff_report(cards, "2026-Q3")
    got = {(r.department_oid, r.post_id): (r.headcount, r.rate) for r in q3.itertuples()}
    # k3 ended 2026-08-31 (before 30.09); k4 began 15.08; the worker without cards is not staff
    assert got == {(DEP_A, "109"): (1, 1.0), (DEP_A, "999"): (1, 1.0), (DEP_B, "110"): (1, 0.5)}
    august = analytics.staff_report(cards, "2026-08")  # on 31.08 k3 still counts
    assert {(r.post_id, r.headcount, r.rate) for r in august.itertuples() if r.department_oid == DEP_A} == {
        ("109", 2, 1.75),
        ("999", 1, 1.0),
    }
    assert analytics.staff_report(cards, "2014").empty


def test_staff_report_counts_a_worker_exported_under_two_organisations_once() -> None:
    other = "1.2.643.5.1.13.13.12.2.77.7801"
    record = person("2022.0000009", "11223344595", "Двойная", [card("d1", 109, DEP_A, 1.0, "2019-01-01"),
                    {**card("d2", 109, other + ".0.1", 0.5, "2019-01-01"), "organization": other}])  # fmt: skip
    twice = [record, {**record, "mo": other}]
    report = analytics.staff_report(analytics.cards_frame(twice), "2026")
    assert sorted(zip(report["mo"], report["headcount"], report["rate"])) == [(MO, 1, 1.0), (other, 1, 0.5)]


def test_vacancy_report_recomputes_rate_minus_busy_rate() -> None:
    staff = analytics.staff_frame(frmo_records())
    q3 = analytics.vacancy_report(staff, "2026-Q3")
    assert [(r.post_id, r.rate, r.busy_rate, r.vacancy) for r in q3.itertuples()] == [
        ("109", 3.0, 1.75, 1.25),  # the registry said 99: not trusted
        ("110", 2.0, 0.5, 1.5),
    ]
    old = analytics.vacancy_report(staff, "2025")
    assert list(old["vacancy"]) == [8.0]


def test_deadline_report_has_every_month() -> None:
    found = analytics.deadlines_frame(frmr_records(), today=dt.date(2026, 1, 1))
    year = analytics.deadline_report(found, "2026")
    assert list(year["month"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert year.set_index("month").loc["2026-08"].to_dict() == {"certificate": 0, "accreditation": 1, "total": 1}
    assert year.set_index("month").loc["2026-10"].to_dict() == {"certificate": 1, "accreditation": 0, "total": 1}
    assert int(year["total"].sum()) == 2
    empty = analytics.deadline_report(found.iloc[0:0], "2026-Q1")
    assert list(empty["total"]) == [0, 0, 0]


def test_reports_take_polars_frames_and_refuse_foreign_frames() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    cards = analytics.cards_frame(frmr_records(), backend="polars")
    assert len(analytics.staff_report(cards, "2026-Q3")) == 3
    with pytest.raises(ValidationError) as caught:
        analytics.vacancy_report(pd.DataFrame({"x": [1]}), "2026")
    assert caught.value.code == "analytics.frame.invalid"


def test_write_report_csv_and_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    report = analytics.staff_report(analytics.cards_frame(frmr_records()), "2026-Q3")
    out = analytics.write_report(report, tmp_path / "staff.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["post_id"] == "109" and rows[2]["rate"] == "0.5" and len(rows) == 3
    vacancies = analytics.vacancy_report(analytics.staff_frame(frmo_records()), "2026-Q3")
    book_path = analytics.write_report({"staff": report, "vacancies": vacancies}, tmp_path / "q3.xlsx")
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["staff", "vacancies"]
    sheet = book["vacancies"]
    assert [c.value for c in sheet[1]] == list(vacancies.columns)
    assert sheet.cell(row=2, column=8).value == 1.25
    with pytest.raises(ConfigurationError):
        analytics.write_report({"a": report, "b": report}, tmp_path / "two.csv")
    with pytest.raises(ConfigurationError):
        analytics.write_report(report, tmp_path / "staff.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q3.xlsx", "staff.csv"]
