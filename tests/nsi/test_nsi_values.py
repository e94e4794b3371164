"""Typing of NSI cell values: every wire shape of dates, nulls and numbers, and bad values flagged, never raised."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egisz_sdk.nsi._values import convert, from_storage, parse_wire_datetime, to_storage


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01.01.2019", date(2019, 1, 1)),
        ("20.11.2019 13:27", datetime(2019, 11, 20, 13, 27)),
        ("20.11.2019 13:27:05", datetime(2019, 11, 20, 13, 27, 5)),
        ("2019-01-01", date(2019, 1, 1)),
        ("2019-01-01T10:00:00", datetime(2019, 1, 1, 10, 0)),
        (1511211600000, date(2017, 11, 21)),  # epoch ms in a recorded /compare answer: Moscow midnight
        ("1511211600000", date(2017, 11, 21)),
        (1511254800000, datetime(2017, 11, 21, 12, 0)),
        (None, None),
        ("null", None),
        ("", None),
    ],
)
def test_dates_in_every_wire_shape(raw: object, expected: object) -> None:
    assert convert(raw, "DATETIME", "D", 100) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "data_type", "expected"),
    [
        ("42", "INTEGER", 42),
        (42, "INTEGER", 42),
        ("-7", "INTEGER", -7),
        (" 5 ", "INTEGER", 5),
        ("null", "INTEGER", None),
        ("true", "BOOLEAN", True),
        ("0", "BOOLEAN", False),
        (False, "BOOLEAN", False),
        ("Мужской", "VARCHAR", "Мужской"),
        (17, "VARCHAR", "17"),
        ("", "VARCHAR", ""),
        ("null", "VARCHAR", None),
        ("x", "GUID", "x"),
    ],
)
def test_typed_values(raw: object, data_type: str, expected: object) -> None:
    assert convert(raw, data_type, "C", 100) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "data_type"),
    [
        ("12a", "INTEGER"),
        ("1.5", "INTEGER"),
        (True, "INTEGER"),
        ("9" * 30, "INTEGER"),
        ("32.13.2019", "DATETIME"),
        ("yesterday", "DATETIME"),
        ("maybe", "BOOLEAN"),
        ({"a": 1}, "VARCHAR"),
    ],
)
def test_bad_values_are_flagged_not_raised(raw: object, data_type: str) -> None:
    value, problem = convert(raw, data_type, "COL", 100)
    assert value is None
    assert problem is not None and problem.code == "nsi.value.invalid" and problem.column == "COL"


def test_too_long_values_are_flagged() -> None:
    value, problem = convert("x" * 101, "VARCHAR", "NAME", 100)
    assert value is None and problem is not None and problem.code == "nsi.value.too_long"
    assert len(problem.preview) == 40


def test_wire_datetime_refuses_garbage() -> None:
    with pytest.raises(ValueError):
        parse_wire_datetime("2019-13-45")


@given(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.booleans(), st.floats(allow_nan=True)))
def test_convert_never_raises(raw: object) -> None:
    for data_type in ("INTEGER", "VARCHAR", "DATETIME", "BOOLEAN", "OTHER"):
        value, problem = convert(raw, data_type, "C", 20)
        assert problem is None or value is None


@given(st.dates(min_value=date(1901, 1, 1)) | st.datetimes(min_value=datetime(1901, 1, 1)))
def test_storage_round_trip(moment: date) -> None:
    assert from_storage(to_storage(moment), "DATETIME") == moment
