"""Deadlines per specialty: valid / expiring / expired / missing, rulesets, frames and iCalendar."""

from __future__ import annotations

import datetime as dt

import pytest

from egisz_sdk.errors import ValidationError
from egisz_sdk.frmr import PersonFull
from egisz_sdk.frmr.compliance import GUIDES, LAW, Ruleset, deadlines, parse_date, to_ics, to_pandas, to_polars, to_rows

TODAY = dt.date(2025, 6, 1)
WORKER = PersonFull.model_validate(
    {
        "oid": "2022.0055647",
        "lastName": "Иванова",
        "firstName": "Мария",
        "educationCert": [
            {
                "certNumber": "C1",
                "specId": 10,
                "specName": "Терапия",
                "examDate": "2019-06-20",
                "endDate": "2024-06-20",
            },
            {"certNumber": "C2", "specId": 11, "specName": "Кардиология", "passDate": "2020-06-20T00:00:00Z"},
        ],
        "personAccreditation": [
            {
                "regNumber": "R-1",
                "accreditationProcedures": [
                    {"spec": {"code": 10, "name": "Терапия"}, "passed": True, "passDate": "01.06.2023"},
                    {"spec": {"code": 12, "name": "Неврология"}, "passed": False, "passDate": "2024-01-01"},
                ],
            }
        ],
    }
)


def test_statuses_under_the_law() -> None:
    rows = {r.specialty: r for r in deadlines(WORKER, today=TODAY, within=30, required=["10", "13"])}
    assert rows["10"].status == "valid" and rows["10"].source == "accreditation"
    assert rows["10"].deadline == dt.date(2028, 6, 1) and rows["10"].remind_on == dt.date(2028, 5, 2)
    assert rows["11"].status == "expiring" and rows["11"].deadline == dt.date(2025, 6, 20)
    assert rows["13"].status == "missing" and rows["13"].deadline is None
    assert "12" not in rows  # a failed procedure is no evidence


def test_rulesets_change_the_deadline() -> None:
    rows = {r.specialty: r for r in deadlines(WORKER, today=TODAY, ruleset="guides")}
    assert rows["10"].deadline == dt.date(2025, 6, 1) and rows["10"].status == "expiring"
    later = {r.specialty: r for r in deadlines(WORKER, today=dt.date(2025, 7, 1), ruleset=GUIDES)}
    assert later["10"].status == "expired" and later["11"].status == "expired"
    assert LAW.accreditation_years == 5 and "323-FZ" in LAW.source and GUIDES.accreditation_years == 2
    with pytest.raises(ValidationError):
        deadlines(WORKER, today=TODAY, ruleset="nope")
    with pytest.raises(Exception):
        Ruleset("x", accreditation_years=0)


def test_dates_in_the_wild() -> None:
    assert parse_date("2019-01-09T00:00:00Z") == dt.date(2019, 1, 9)
    assert parse_date("09.01.2019") == dt.date(2019, 1, 9)
    assert parse_date("31.02.2019") is None and parse_date(None) is None and parse_date("junk") is None


def test_rows_frames_and_calendar() -> None:
    items = deadlines(WORKER, today=TODAY, required=["13"])
    rows = to_rows(items)
    assert rows[0]["deadline"] == "2028-06-01" and {r["status"] for r in rows} == {"valid", "expiring", "missing"}
    assert list(to_pandas(items)["status"]) == [r["status"] for r in rows]
    assert to_polars(items).height == len(rows)
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(to_ics(items))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2  # the missing one has no date
    first = next(e for e in events if e.decoded("dtstart") == dt.date(2028, 6, 1))
    [alarm] = first.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(days=-30)
    assert "Иванова" in str(first["summary"])
