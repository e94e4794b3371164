"""The sans-IO core: request building (userKey, paging, filters) and parsing of odd or broken NSI answers."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from egisz_sdk.errors import TransportError
from egisz_sdk.nsi import Filter, MatchMode, NsiConfig, NsiError
from egisz_sdk.nsi import _protocol as proto

CONFIG = NsiConfig(user_key="k", base_url="https://nsi.example/port/rest")
COLUMNS = {"ID": "INTEGER", "NAME": "VARCHAR", "D": "DATETIME"}


def _answer(body: Any, status: int = 200, content_type: str = "application/json") -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = httpx.Request("GET", "https://nsi.example/port/rest/data?userKey=k")
    return httpx.Response(status, content=raw, headers={"content-type": content_type}, request=request)


def test_requests_carry_user_key_paging_and_filters() -> None:
    request = proto.data_request(
        CONFIG,
        "1.2.643.5.1.13.13.11.1102",
        version="4.3",
        page=2,
        size=10,
        columns=["ID", "NAME"],
        sorting="NAME",
        direction="DESC",
        filters=[Filter("ID", "109"), Filter("NAME", "%врач%", MatchMode.LIKE)],
    )
    assert request.method == "GET" and request.url.path == "/port/rest/data"
    assert request.url.params.multi_items() == [
        ("userKey", "k"),
        ("identifier", "1.2.643.5.1.13.13.11.1102"),
        ("version", "4.3"),
        ("page", "2"),
        ("size", "10"),
        ("columns", "ID,NAME"),
        ("sorting", "NAME"),
        ("sortingDirection", "DESC"),
        ("filters", "ID|109|EXACT"),
        ("filters", "NAME|%врач%|LIKE"),
    ]
    compare = proto.compare_request(CONFIG, "1.2.3", date(2019, 10, 3), datetime(2019, 10, 4, 17, 42))
    assert compare.url.params["date1"] == "2019-10-03 00:00" and compare.url.params["date2"] == "2019-10-04 17:42"


@pytest.mark.parametrize("bad", [Filter("ID", "a|b"), Filter("ID;", "1"), Filter("ID", "x" * 300)])
def test_filters_that_cannot_be_sent(bad: Filter) -> None:
    with pytest.raises(NsiError):
        proto.data_request(CONFIG, "1.2.3", filters=[bad])


def test_a_recorded_data_page_parses() -> None:
    body = {
        "result": "OK",
        "resultText": None,
        "resultCode": None,
        "total": 174,
        "list": [
            [
                {"column": "ID", "value": "1"},
                {"column": "NAME", "value": "null"},
                {"column": "D", "value": "01.01.2019"},
            ]
        ],
    }
    page = proto.parse_data(_answer(body), "1.2.3", COLUMNS, 1, 100, max_chars=100, strict=False)
    assert page.total == 174 and page.items[0].as_dict() == {
        "ID": 1,
        "NAME": None,
        "D": date(2019, 1, 1),
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"result": "ERROR", "resultText": "Справочник не изменялся", "resultCode": "03x0002"}, "nsi.not_changed"),
        (
            {"result": "ERROR", "resultText": "Запрашиваемая версия не существует", "resultCode": "03x0006"},
            "nsi.version.not_found",
        ),
        ({"result": "ERROR", "resultText": "что-то", "resultCode": "99x9999"}, "nsi.error"),
        ({"result": "OK", "total": -1, "list": []}, "nsi.dictionary.not_found"),
        ({"result": "MAYBE"}, "nsi.bad_response"),
        ({"result": "OK", "total": -5, "list": []}, "nsi.bad_response"),
        ({"result": "OK", "total": "many", "list": []}, "nsi.bad_response"),
        ({"result": "OK", "total": 1, "list": {"a": 1}}, "nsi.bad_response"),
        ({"result": "OK", "total": 1, "list": [[1, 2]]}, "nsi.bad_response"),
        ({"result": "OK", "total": 1, "list": ["row"]}, "nsi.bad_response"),
        ({"result": "OK", "total": 3, "list": [[], [], []]}, "nsi.bad_response"),  # more rows than the page size
    ],
)
def test_errors_inside_http_200(body: dict[str, Any], code: str) -> None:
    with pytest.raises(NsiError) as caught:
        proto.parse_data(_answer(body), "1.2.3", COLUMNS, 1, 2, max_chars=100, strict=False)
    assert caught.value.code == code


def test_html_and_error_statuses_are_transport_errors() -> None:
    with pytest.raises(TransportError) as html:
        proto.parse_passport(_answer(b"<html>login</html>", content_type="text/html"), "1.2.3")
    assert html.value.code == "transport.bad_json" and "userKey=***" in str(html.value)
    with pytest.raises(TransportError) as status:
        proto.parse_passport(_answer({"result": "OK"}, status=503), "1.2.3")
    assert status.value.code == "transport.status"


def test_compare_rows_with_numbers_epoch_dates_and_bad_operations() -> None:
    body = {
        "result": "OK",
        "fields": None,
        "keys": None,
        "data": {"total": 1, "list": [{"ID": 1, "NAME": "x", "D": 1511211600000, "operation": "UPDATE"}]},
    }
    page, changed = proto.parse_compare(_answer(body), "1.2.3", COLUMNS, 1, 10, max_chars=100, strict=False)
    assert not changed and page.items[0].record["D"] == date(2017, 11, 21)
    body["data"]["list"][0]["operation"] = "MERGE"
    with pytest.raises(NsiError) as caught:
        proto.parse_compare(_answer(body), "1.2.3", COLUMNS, 1, 10, max_chars=100, strict=False)
    assert caught.value.code == "nsi.bad_response"


def test_passport_keeps_only_primary_keys() -> None:
    body = {
        "result": "OK",
        "oid": "1.2.643.5.1.13.13.11.1040",
        "version": "1.0",
        "fields": [{"field": "CODE", "dataType": "INTEGER"}, {"field": "NAME", "dataType": "VARCHAR"}],
        "keys": [{"field": "CODE", "type": "PRIMARY"}, {"field": "NAME", "type": "VALUE"}],
        "publishDate": "06.12.2016 00:00",
        "rowsCount": "3",
    }
    passport = proto.parse_passport(_answer(body), "1.2.643.5.1.13.13.11.1040")
    assert passport.keys == ("CODE",) and passport.rows_count is None and passport.publish_date is not None


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
        max_leaves=12,
    )
)
def test_any_json_answer_is_parsed_or_refused_with_a_typed_error(body: Any) -> None:
    for parse in (
        lambda r: proto.parse_data(r, "1.2.3", COLUMNS, 1, 5, max_chars=50, strict=False),
        lambda r: proto.parse_compare(r, "1.2.3", COLUMNS, 1, 5, max_chars=50, strict=False),
        lambda r: proto.parse_versions(r, "1.2.3", 1, 5),
        lambda r: proto.parse_passport(r, "1.2.3"),
        lambda r: proto.parse_search(r, 1, 5),
    ):
        with contextlib.suppress(NsiError, TransportError):
            parse(_answer(body))
