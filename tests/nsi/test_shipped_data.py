"""The dictionary files shipped in ``egisz_sdk.nsi.data``: every file loads, agrees with SOURCES.md and with its own
passports, and the code lookups (``shipped_codes``, ``code_known``) the fake registries use answer from them."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

import egisz_sdk.nsi.data as shipped
from egisz_sdk.testing import World
from egisz_sdk.testing.services.nsi import NsiService, NsiState

DATA = Path(shipped.__file__).resolve().parent
SOURCES = (DATA / "SOURCES.md").read_text(encoding="utf-8")
SEX = "1.2.643.5.1.13.13.11.1040"
VMP = "1.2.643.5.1.13.13.99.2.359"
LINKS = "1.2.643.5.1.13.2.1.1.725"


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in DATA.iterdir():
        for suffix in (".json.gz", ".json"):
            if path.name.endswith(suffix) and path.name[0].isdigit():
                found[path.name[: -len(suffix)]] = path
    return found


def _raw(path: Path) -> dict[str, object]:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    document: dict[str, object] = json.loads(raw)
    return document


def _table() -> dict[str, dict[str, int]]:
    """``OID → {version: rows}`` as the table at the top of SOURCES.md states it."""
    table: dict[str, dict[str, int]] = {}
    for line in SOURCES.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"`[0-9.]+`", cells[0]):
            table[cells[0].strip("`")] = {v: int(n) for v, n in re.findall(r"([0-9.]+) \((\d+)\)", cells[2])}
    return table


ALL = sorted(_files())


def test_every_file_on_disk_is_available_and_named_in_sources() -> None:
    assert ALL, "no shipped dictionary"
    assert shipped.available() == ALL
    assert sorted(_table()) == ALL


@pytest.mark.parametrize("oid", ALL)
def test_file_loads_with_its_sources(oid: str) -> None:
    document = shipped.load(oid)
    assert document == _raw(_files()[oid])
    assert document["oid"] == oid and document["title"]
    assert isinstance(document["complete"], bool)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(document["retrieved"]))
    for source in document["sources"]:
        assert source["repo"].count("/") == 1 and source["path"]
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert f"`{source['repo']}`" in SOURCES


@pytest.mark.parametrize("oid", ALL)
def test_row_counts_match_sources_and_passports(oid: str) -> None:
    stated = _table()[oid]
    document = shipped.load(oid)
    counted = {item["passport"]["version"]: len(item["rows"]) for item in document["versions"]}
    assert counted == stated
    listed = {v["version"] for v in shipped.versions(oid)}
    for item in document["versions"]:
        passport = item["passport"]
        assert passport["oid"] == oid and passport["version"] in listed
        if document["complete"]:
            assert passport["rowsCount"] == len(item["rows"])
        else:
            assert passport.get("rowsCount") is None or passport["rowsCount"] >= len(item["rows"])


@pytest.mark.parametrize("oid", ALL)
def test_passport_fields_cover_rows_and_keys_are_unique(oid: str) -> None:
    for item in shipped.load(oid)["versions"]:
        passport = item["passport"]
        version = passport["version"]
        names = [f["field"] for f in passport["fields"]]
        assert len(set(names)) == len(names)
        assert {k["field"] for k in passport.get("keys") or ()} <= set(names)
        assert all(isinstance(row, list) and len(row) == len(names) for row in item["rows"])
        assert all(v is None or isinstance(v, str) for row in item["rows"] for v in row)
        column = names.index(shipped.key_field(oid, version))
        keys = [row[column] for row in item["rows"]]
        assert None not in keys
        assert len(set(keys)) == len(keys), f"{oid} {version}: duplicate keys"
        assert shipped.shipped_codes(oid, version) == frozenset(keys)
        assert len(shipped.rows(oid, version)) == len(item["rows"])


def test_key_field_follows_the_passport() -> None:
    assert shipped.key_field(SEX, "1.0") == "CODE"
    assert shipped.key_field(SEX, "2.1") == "ID"
    assert shipped.key_field(SEX) == "ID"
    assert shipped.key_field(VMP) == "ID"


def test_shipped_codes_of_the_newest_and_of_a_named_version() -> None:
    assert shipped.shipped_codes(SEX) == frozenset({"1", "2", "3"})
    assert shipped.shipped_codes(SEX, "1.0") == frozenset({"1", "2", "3"})
    assert len(shipped.shipped_codes(VMP)) == 174
    assert len(shipped.shipped_codes(LINKS, "1.2")) == 103
    assert len(shipped.shipped_codes(LINKS)) == 65
    assert isinstance(shipped.shipped_codes(VMP), frozenset)


def test_shipped_codes_refuses_what_is_not_shipped() -> None:
    with pytest.raises(KeyError):
        shipped.shipped_codes("1.2.643.5.1.13.13.11.1002")
    with pytest.raises(KeyError):
        shipped.shipped_codes(SEX, "9.9")


def test_code_known_decides_only_from_complete_dictionaries() -> None:
    assert shipped.code_known(SEX, "2") is True
    assert shipped.code_known(SEX, "4") is False
    assert shipped.code_known(SEX, "") is False
    assert shipped.code_known(SEX, "3", "1.0") is True
    assert shipped.code_known(SEX, "3", "9.9") is None
    assert shipped.code_known(VMP, "174") is True and shipped.code_known(VMP, "175") is False
    assert shipped.code_known("1.2.643.5.1.13.13.99.2.206", "61") is None
    assert shipped.code_known("../etc", "1") is None
    assert shipped.code_known(SEX, 2) is None  # type: ignore[arg-type]


def test_code_known_on_a_subset_never_answers_false(monkeypatch: pytest.MonkeyPatch) -> None:
    subset = dict(shipped.load(SEX), complete=False)
    monkeypatch.setattr(shipped, "load", lambda oid: subset if oid == SEX else {})
    assert shipped.complete(SEX) is False
    assert shipped.code_known(SEX, "1") is True
    assert shipped.code_known(SEX, "4") is None


def test_every_dictionary_is_complete_unless_sources_label_it_a_subset() -> None:
    for oid in ALL:
        if not shipped.complete(oid):
            assert "subset" in shipped.load(oid)["note"].lower()
            assert f"`{oid}`" in SOURCES.split("## Subsets", 1)[-1]


def test_the_fake_nsi_serves_every_shipped_version() -> None:
    state: NsiState = World(seed=0, services=[NsiService()]).nsi
    for oid in ALL:
        served = {v.version: v for v in state.dictionaries[oid]}
        for item in shipped.load(oid)["versions"]:
            version = item["passport"]["version"]
            assert version in served
            assert len(served[version].rows) == len(item["rows"])
            column = shipped.key_field(oid, version)
            assert {r[column] for r in served[version].rows} == shipped.shipped_codes(oid, version)


def test_what_sources_lists_as_not_found_is_not_shipped() -> None:
    missing = set(re.findall(r"^\| `([0-9.]+)` \|", SOURCES.split("## Not found", 1)[1], re.M))
    assert {"1.2.643.5.1.13.13.11.1002", "1.2.643.5.1.13.13.99.2.206"} <= missing
    assert not missing & set(shipped.available())


def test_the_code_lookup_example_in_the_docs_runs() -> None:
    import contextlib
    import io

    page = (Path(__file__).resolve().parents[2] / "docs" / "nsi-cache.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", page, re.S) if "shipped_codes" in b]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "nsi-cache.md", "exec"), {})
    assert out.getvalue().splitlines() == ["['1', '2', '3'] ID", "True False", "True None False"]
