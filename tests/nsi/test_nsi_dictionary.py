"""Dictionary look-ups, search and frame exports; the shipped snapshots and their recorded sources."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from _nsi_helpers import LINKS, POSTS, SEX, VMP

from egisz_sdk.nsi import DictionaryNotFound, NsiError, VersionNotFound, data, load_shipped, shipped

DATA = Path(data.__file__).parent


@pytest.fixture(scope="module")
def vmp():  # type: ignore[no-untyped-def]
    return load_shipped(VMP)


def test_lookup_by_key_accepts_numbers_and_text(vmp) -> None:  # type: ignore[no-untyped-def]
    assert vmp.key_field == "ID"
    assert vmp.get(1) is vmp.get("1") and vmp.get(1)["CODE"] == "01.00.1.001"
    assert 174 in vmp and 175 not in vmp and vmp.get(175) is None
    with pytest.raises(NsiError) as caught:
        vmp.lookup(175)
    assert caught.value.code == "nsi.key.not_found"


def test_find_by_any_column_and_search_by_text(vmp) -> None:  # type: ignore[no-untyped-def]
    razdel_two = vmp.find("RAZDEL", 2)
    assert razdel_two and all(r["RAZDEL"] == 2 for r in razdel_two)
    assert [r["ID"] for r in vmp.find("CODE", "01.00.1.001")] == [1]
    burns = vmp.search("ожог")
    assert burns and all("ожог" in str(r["NAME"]).lower() for r in burns)
    assert len(vmp.search("операции", limit=3)) == 3 and vmp.search("   ") == []
    with pytest.raises(NsiError):
        vmp.find("NO_SUCH_COLUMN", 1)


def test_frames(vmp) -> None:  # type: ignore[no-untyped-def]
    frame = vmp.to_pandas()
    assert list(frame.columns) == ["ID", "NAME", "CODE", "RAZDEL", "DATE_BEGIN", "DATE_END"] and len(frame) == 174
    assert frame.loc[0, "DATE_BEGIN"] == date(2019, 1, 1)
    polars_frame = vmp.to_polars()
    assert polars_frame.shape == (174, 6) and polars_frame["ID"].to_list()[:3] == [1, 2, 3]
    table = vmp.to_arrow()
    assert table.num_rows == 174 and table.column_names[0] == "ID"


def test_shipped_index() -> None:
    assert shipped() == {SEX: ["1.0", "2.1"], VMP: ["1.1"], LINKS: ["1.2", "1.8"], POSTS: ["2017.10.27"]}
    with pytest.raises(DictionaryNotFound):
        load_shipped("1.2.643.5.1.13.13.11.1002")
    with pytest.raises(VersionNotFound):
        load_shipped(LINKS, "1.7")


@pytest.mark.parametrize("oid", data.available())
def test_every_shipped_file_names_its_sources(oid: str) -> None:
    document = data.load(oid)
    assert document["sources"] and document["retrieved"]
    for source in document["sources"]:
        assert source["repo"] and source["path"] and re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    for version in document["versions"]:
        assert version["passport"]["rowsCount"] == len(version["rows"])
        assert len({len(r) for r in version["rows"]}) == 1
    listed = DATA.joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert oid in listed


def test_recorded_compare_matches_the_shipped_versions() -> None:
    """NSI's recorded /compare for 725 1.2→1.8 names exactly the keys that differ between the shipped versions."""
    document = data.load(LINKS)
    old = {r["ID"]: r for r in data.rows(LINKS, "1.2")}
    new = {r["ID"]: r for r in data.rows(LINKS, "1.8")}
    recorded = {(str(c["ID"]), c["operation"]) for c in document["recorded_compare"]["data"]["list"]}
    expected = {(k, "INSERT") for k in new.keys() - old.keys()}
    expected |= {(k, "DELETE") for k in old.keys() - new.keys()}
    expected |= {(k, "UPDATE") for k in new.keys() & old.keys() if new[k] != old[k]}
    assert recorded == expected


def test_package_data_is_declared() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"egisz_sdk.nsi.data" = ["*.json", "*.json.gz", "*.md"]' in pyproject
    names = {item.name for item in resources.files("egisz_sdk.nsi.data").iterdir()}
    assert {f"{oid}.json" for oid in data.available()} <= names
    json.loads(DATA.joinpath(f"{VMP}.json").read_text(encoding="utf-8"))
