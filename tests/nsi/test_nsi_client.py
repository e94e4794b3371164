"""NsiClient / AsyncNsiClient against the fake NSI, through the in-process transport and the loopback server."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from _nsi_helpers import LINKS, SEX, VMP

from egisz_sdk.nsi import (
    AsyncNsiClient,
    DictionaryNotFound,
    Filter,
    MatchMode,
    NsiClient,
    NsiError,
    NsiValueError,
    Operation,
    SortDirection,
    VersionNotFound,
)
from egisz_sdk.testing import World
from egisz_sdk.testing.services.nsi import REST_ROOT, NsiState


def test_search_finds_by_name_and_oid(client: NsiClient) -> None:
    page = client.search("ВМП")
    assert [p.oid for p in page.items] == [VMP]
    assert page.items[0].fields == ()  # search results carry no structure
    assert [p.oid for p in client.search(LINKS).items] == [LINKS]
    assert client.search("нет такого справочника").items == ()


def test_passport_has_types_keys_and_dates(client: NsiClient) -> None:
    passport = client.passport(VMP)
    assert passport.version == "1.1" and passport.rows_count == 174
    assert [(f.name, f.data_type) for f in passport.fields][:2] == [("ID", "INTEGER"), ("NAME", "VARCHAR")]
    assert passport.keys == ("ID",) and passport.key_field == "ID"
    assert passport.publish_date == datetime(2019, 11, 20, 13, 27)
    assert client.passport(LINKS, "1.2").rows_count == 103


def test_versions_newest_first(client: NsiClient) -> None:
    versions = client.versions(LINKS)
    assert [v.version for v in versions] == ["1.8", "1.2"]
    assert versions[0].publish_date == datetime(2018, 8, 28, 15, 48) and versions[1].archive is True


def test_data_pages_from_one_and_types_rows(client: NsiClient) -> None:
    first = client.data(VMP, page=1, size=100)
    second = client.data(VMP, page=2, size=100)
    assert first.total == second.total == 174
    assert len(first.items) == 100 and len(second.items) == 74 and second.last
    row = first.items[0]
    assert row["ID"] == 1 and row["DATE_BEGIN"] == date(2019, 1, 1) and row["DATE_END"] is None and row.ok


def test_data_columns_sorting_and_filters(client: NsiClient) -> None:
    page = client.data(VMP, columns=["ID", "CODE"], sorting="ID", direction=SortDirection.DESC, size=3)
    assert [r["ID"] for r in page.items] == [174, 173, 172] and set(page.items[0]) == {"ID", "CODE"}
    exact = client.data(VMP, filters=[Filter("CODE", "01.00.1.001")])
    assert [r["ID"] for r in exact.items] == [1]
    like = client.data(VMP, filters=[Filter("NAME", "%ожог%", MatchMode.LIKE)])
    assert like.total >= 2 and all("ожог" in str(r["NAME"]).lower() for r in like.items)


def test_iter_data_walks_every_page_lazily(client: NsiClient, state: NsiState) -> None:
    rows = client.iter_data(VMP, size=40)
    first = next(rows)
    assert first["ID"] == 1 and state.calls["data"] == 1  # one page fetched so far
    rest = list(rows)
    assert len(rest) == 173 and state.calls["data"] == 5


async def test_async_client_matches_the_sync_one(aclient: AsyncNsiClient) -> None:
    rows = [r async for r in aclient.iter_data(VMP, size=60)]
    assert len(rows) == 174 and rows[-1]["ID"] == 174
    assert (await aclient.passport(LINKS)).version == "1.8"
    comparison = await aclient.compare(LINKS, "1.2", "1.8")
    assert comparison.total == 76


def test_compare_between_real_versions(client: NsiClient) -> None:
    comparison = client.compare(LINKS, "1.2", "1.8")
    counts = {op: sum(1 for c in comparison.changes if c.operation is op) for op in Operation}
    # the same counts as NSI's own recorded answer for this pair (rdm-sync fixture): 9 / 20 / 47
    assert counts == {Operation.INSERT: 9, Operation.UPDATE: 20, Operation.DELETE: 47}
    assert comparison.total == 76 and not comparison.structure_changed
    assert all(isinstance(c.record["ID"], int) for c in comparison.changes)


def test_compare_reports_structure_changes(client: NsiClient) -> None:
    comparison = client.compare(SEX, "1.0", "2.1")
    assert comparison.structure_changed


def test_compare_of_a_version_with_itself_is_unchanged(client: NsiClient) -> None:
    comparison = client.compare(LINKS, "1.8", "1.8")
    assert comparison.unchanged and comparison.changes == ()


def test_unknown_dictionary_and_version_are_typed_errors(client: NsiClient) -> None:
    with pytest.raises(DictionaryNotFound) as missing:
        client.passport("1.2.643.5.1.13.13.99.2.99999")
    assert missing.value.code == "nsi.dictionary.not_found"
    with pytest.raises(VersionNotFound) as version:
        client.passport(LINKS, "9.9")
    assert version.value.code == "nsi.version.not_found" and version.value.result_code == "03x0006"
    with pytest.raises(VersionNotFound):
        client.compare(LINKS, "1.2", "7.7")


@pytest.mark.parametrize(("page", "size"), [(0, 10), (1, 0), (-1, 5), (1, 10**6)])
def test_paging_is_checked_before_sending(client: NsiClient, state: NsiState, page: int, size: int) -> None:
    with pytest.raises(NsiError) as caught:
        client.data(VMP, page=page, size=size)
    assert caught.value.code == "nsi.page.invalid"
    assert state.calls["data"] == 0


@pytest.mark.parametrize("oid", ["", "abc", "1.2.3; DROP", "1" * 200])
def test_bad_identifiers_never_leave_the_client(client: NsiClient, state: NsiState, oid: str) -> None:
    with pytest.raises(NsiError) as caught:
        client.passport(oid)
    assert caught.value.code == "nsi.param.invalid" and not state.calls


def test_bad_cells_are_flagged_or_raise_in_strict_mode(world: World, state: NsiState) -> None:
    base = state.get(VMP)
    state.publish(VMP, "1.2", upsert=[{"ID": "1", "RAZDEL": "первый", "DATE_BEGIN": "31.02.2019"}])
    with NsiClient("FAKE-NSI-USER-KEY-0001", base_url="http://x" + REST_ROOT, transport=world.transport()) as nsi:
        row = nsi.data(VMP, filters=[Filter("ID", "1")]).items[0]
        assert row["RAZDEL"] is None and row["DATE_BEGIN"] is None and row["NAME"] == base.rows[0]["NAME"]
        assert {(p.column, p.code) for p in row.problems} == {
            ("RAZDEL", "nsi.value.invalid"),
            ("DATE_BEGIN", "nsi.value.invalid"),
        }
    with (
        NsiClient(
            "FAKE-NSI-USER-KEY-0001", base_url="http://x" + REST_ROOT, transport=world.transport(), strict=True
        ) as nsi,
        pytest.raises(NsiValueError) as caught,
    ):
        nsi.data(VMP, filters=[Filter("ID", "1")])
    assert caught.value.field in {"RAZDEL", "DATE_BEGIN"}


def test_the_fake_refuses_bad_paging_itself(world: World) -> None:
    with world.client() as http:
        answer = http.get(
            REST_ROOT + "/data",
            params={"userKey": "FAKE-NSI-USER-KEY-0001", "identifier": VMP, "page": "0", "size": "10"},
        ).json()
        assert answer["result"] == "ERROR" and answer["resultCode"] == "FAKE-PAGING"
        past = http.get(
            REST_ROOT + "/data",
            params={"userKey": "FAKE-NSI-USER-KEY-0001", "identifier": VMP, "page": "9", "size": "100"},
        ).json()
        assert past["result"] == "OK" and past["total"] == 174 and past["list"] == []
        unknown = http.get(
            REST_ROOT + "/versions",
            params={"userKey": "FAKE-NSI-USER-KEY-0001", "identifier": "1.2.3.4", "page": "1", "size": "5"},
        )
        assert unknown.status_code == 200 and unknown.json() == {
            "result": "OK",
            "resultText": None,
            "resultCode": None,
            "total": -1,
            "list": [],
        }


def test_a_page_size_capped_by_the_service_is_followed(client: NsiClient, state: NsiState) -> None:
    state.max_page_size = 30  # NSI's own cap is not published; the client asks 50 and gets 30
    rows = list(client.iter_data(VMP))
    assert [r["ID"] for r in rows] == list(range(1, 175))
    assert state.calls["data"] == 6
    assert len(client.pull(LINKS, "1.2")) == 103
    assert client.compare(LINKS, "1.2", "1.8").total == 76
    assert len(client.compare(LINKS, "1.2", "1.8").changes) == 76
