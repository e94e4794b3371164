"""The SQLite dictionary cache: offline use, incremental updates, atomicity, several processes, bounds."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from _nsi_helpers import LINKS, SEX, VMP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egisz_sdk.nsi import (
    CacheError,
    Dictionary,
    DictionaryCache,
    NsiClient,
    OfflineError,
    default_cache_path,
    load_shipped,
)
from egisz_sdk.nsi.cache import SCHEMA_VERSION
from egisz_sdk.testing.services.nsi import NsiState


def _same(a: Dictionary, b: Dictionary) -> bool:
    return a.version == b.version and [r.as_dict() for r in a] == [r.as_dict() for r in b]


def test_full_pull_then_offline_without_network(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    pulled = client.dictionary(VMP, cache=cache)
    assert len(pulled) == 174 and pulled.source == "network"
    before = dict(state.calls)
    again = client.dictionary(VMP, "1.1", cache=cache)  # a named, cached version: no request at all
    offline = client.dictionary(VMP, cache=cache, offline=True)
    assert dict(state.calls) == before
    assert _same(again, pulled) and _same(offline, pulled)


def test_offline_miss_is_a_typed_error(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    with pytest.raises(OfflineError) as caught:
        client.dictionary(LINKS, cache=cache, offline=True)
    assert caught.value.code == "nsi.cache.offline_miss" and not state.calls


def test_cache_survives_reopening(client: NsiClient, tmp_path: Path) -> None:
    with DictionaryCache(tmp_path / "c.sqlite3") as first:
        pulled = client.dictionary(LINKS, "1.2", cache=first)
    with DictionaryCache(tmp_path / "c.sqlite3") as second:
        loaded = second.load(LINKS, "1.2")
        assert loaded is not None and loaded.source == "cache" and _same(loaded, pulled)
        assert loaded.get(1) == pulled.get("1")


def test_incremental_update_uses_compare_not_data(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    client.dictionary(LINKS, "1.2", cache=cache)
    data_calls = state.calls["data"]
    updated = client.dictionary(LINKS, cache=cache)
    assert updated.version == "1.8" and updated.source == "incremental"
    assert state.calls["data"] == data_calls and state.calls["compare"] >= 1
    assert _same(updated, client.pull(LINKS, "1.8"))
    assert cache.versions(LINKS)[:2] == ["1.8", "1.2"]


def test_incremental_update_of_one_percent(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    client.dictionary(VMP, cache=cache)
    state.publish(
        VMP,
        "1.2",
        upsert=[{"ID": "3", "NAME": "Изменённое наименование"}, {"ID": "175", "NAME": "Новая запись", "RAZDEL": "1"}],
        delete=["174"],
    )
    data_calls = state.calls["data"]
    updated = client.dictionary(VMP, cache=cache)
    assert updated.source == "incremental" and state.calls["data"] == data_calls
    assert updated.get(3)["NAME"] == "Изменённое наименование" and updated.get(175)["RAZDEL"] == 1
    assert updated.get(174) is None and len(updated) == 174
    assert _same(updated, client.pull(VMP, "1.2"))


def test_structure_change_falls_back_to_a_full_pull(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    client.dictionary(SEX, "1.0", cache=cache)
    data_calls = state.calls["data"]
    updated = client.dictionary(SEX, cache=cache)
    assert updated.version == "2.1" and updated.source == "network" and updated.key_field == "ID"
    assert state.calls["data"] > data_calls


def test_a_diverging_update_is_not_stored(client: NsiClient, cache: DictionaryCache, state: NsiState) -> None:
    client.dictionary(VMP, cache=cache)
    new = state.publish(VMP, "1.2", upsert=[{"ID": "1", "NAME": "x"}])
    new.passport["rowsCount"] = 999  # the passport announces a row count the changes cannot produce
    with pytest.raises(CacheError):
        cache.apply("1.1", client.passport(VMP, "1.2"), client.compare(VMP, "1.1", "1.2").changes)
    assert cache.versions(VMP) == ["1.1"]


def test_a_failing_update_changes_nothing(
    client: NsiClient, cache: DictionaryCache, state: NsiState, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.dictionary(LINKS, "1.2", cache=cache)
    calls = {"n": 0}
    real = DictionaryCache._encode

    def flaky(passport, record):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise sqlite3.OperationalError("disk I/O error")
        return real(passport, record)

    monkeypatch.setattr(DictionaryCache, "_encode", staticmethod(flaky))
    with pytest.raises(CacheError) as caught:
        client.dictionary(LINKS, cache=cache)
    assert caught.value.code == "nsi.cache.error" and caught.value.params["kind"] == "OperationalError"
    monkeypatch.undo()
    assert cache.versions(LINKS) == ["1.2"]
    with sqlite3.connect(cache.path) as raw:  # type: ignore[arg-type]
        assert raw.execute("SELECT count(*) FROM rows WHERE version='1.8'").fetchone() == (0,)
        assert raw.execute("SELECT count(*) FROM rows WHERE version='1.2'").fetchone() == (103,)


def test_several_processes_write_one_cache(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    code = (
        "import sys\n"
        "from egisz_sdk.nsi import DictionaryCache, load_shipped\n"
        "cache = DictionaryCache(sys.argv[1], timeout=60)\n"
        "for _ in range(5):\n"
        "    for oid in ('1.2.643.5.1.13.13.99.2.359', '1.2.643.5.1.13.2.1.1.725'):\n"
        "        load_shipped(oid, cache=cache)\n"
        "print('ok')\n"
    )
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        for _ in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with DictionaryCache(path) as cache:
        assert len(cache.load(VMP) or ()) == 174 and len(cache.load(LINKS) or ()) == 65
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_schema_version_and_corrupt_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    DictionaryCache(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE meta SET value='0' WHERE key='schema_version'")
    with pytest.raises(CacheError) as caught:
        DictionaryCache(path)
    assert caught.value.code == "nsi.cache.schema" and caught.value.params["expected"] == SCHEMA_VERSION
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError) as bad:
        DictionaryCache(junk)
    assert bad.value.code == "nsi.cache.corrupt"


def test_bounds(tmp_path: Path) -> None:
    with DictionaryCache(tmp_path / "small.sqlite3", max_rows=100) as small:
        with pytest.raises(CacheError) as caught:
            load_shipped(VMP, cache=small)
        assert caught.value.code == "nsi.cache.too_large" and small.versions(VMP) == []
    with DictionaryCache(tmp_path / "few.sqlite3", keep_versions=1) as few:
        load_shipped(LINKS, "1.2", cache=few)
        load_shipped(LINKS, "1.8", cache=few)
        assert few.versions(LINKS) == ["1.8"]
    with pytest.raises(CacheError):
        DictionaryCache(tmp_path / "x.sqlite3", max_rows=0)


def test_default_location_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EGISZ_SDK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_cache_path() == tmp_path / "xdg" / "egisz-sdk" / "nsi.sqlite3"
    monkeypatch.setenv("EGISZ_SDK_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_path() == tmp_path / "mine" / "nsi.sqlite3"
    with DictionaryCache() as cache:
        assert cache.path == tmp_path / "mine" / "nsi.sqlite3" and cache.path.exists()


async def test_async_client_updates_the_cache(aclient, cache: DictionaryCache, state: NsiState) -> None:  # type: ignore[no-untyped-def]
    first = await aclient.dictionary(LINKS, "1.2", cache=cache)
    second = await aclient.dictionary(LINKS, cache=cache)
    assert (first.version, second.version, second.source) == ("1.2", "1.8", "incremental")
    assert (await aclient.dictionary(LINKS, cache=cache, offline=True)).version == "1.8"


def test_the_default_cache_is_opened_and_closed_by_the_client(
    world, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT

    monkeypatch.setenv("EGISZ_SDK_CACHE_DIR", str(tmp_path / "default"))
    with NsiClient(DEFAULT_USER_KEY, base_url="http://egisz.fake" + REST_ROOT, transport=world.transport()) as nsi:
        assert nsi.dictionary(LINKS).version == "1.8"
        assert nsi.cache is not None and nsi.cache.path == tmp_path / "default" / "nsi.sqlite3"
    assert nsi.cache is None
    with DictionaryCache() as reopened:
        assert reopened.versions(LINKS) == ["1.8"]


def test_offline_default_is_the_newest_published_version(tmp_path: Path) -> None:
    with DictionaryCache(tmp_path / "order.sqlite3") as cache:
        load_shipped(LINKS, "1.8", cache=cache)
        load_shipped(LINKS, "1.2", cache=cache)  # stored last, published first
        assert cache.versions(LINKS) == ["1.2", "1.8"] and cache.newest(LINKS) == "1.8"
        assert (cache.load(LINKS) or load_shipped(VMP)).version == "1.8"
        assert cache.newest(VMP) is None and cache.load(VMP) is None


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    updates=st.sets(st.integers(1, 60), max_size=12),
    deletes=st.sets(st.integers(1, 60), max_size=12),
    inserts=st.integers(0, 5),
    page_size=st.integers(1, 40),
)
def test_incremental_equals_full_pull_for_any_change_set(
    tmp_path_factory: pytest.TempPathFactory, updates: set[int], deletes: set[int], inserts: int, page_size: int
) -> None:
    from _nsi_helpers import nsi_world

    from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT, generated_dictionary

    world = nsi_world()
    oid = "1.2.643.5.1.13.13.99.9.60"
    passport, rows = generated_dictionary(oid, 60, seed=len(updates))
    world.nsi.add_version(passport, rows)
    nsi = NsiClient(DEFAULT_USER_KEY, base_url="http://x" + REST_ROOT, transport=world.transport(), page_size=page_size)
    with DictionaryCache(tmp_path_factory.mktemp("prop") / "c.db") as cache:
        nsi.dictionary(oid, cache=cache)
        upsert = [{"ID": str(n), "NAME": f"изменено {n}", "ACTUAL": "false"} for n in sorted(updates - deletes)]
        upsert += [{"ID": str(60 + n), "NAME": f"новая {n}", "DATE_BEGIN": "02.03.2024"} for n in range(1, inserts + 1)]
        world.nsi.publish(oid, "1.1", upsert=upsert, delete=[str(n) for n in deletes])
        updated = nsi.dictionary(oid, cache=cache)
        assert updated.version == "1.1"
        if updates - deletes or deletes or inserts:
            assert updated.source == "incremental"
        assert _same(updated, nsi.pull(oid, "1.1"))
        cache._loaded.clear()
        reloaded = cache.load(oid, "1.1")
        assert reloaded is not None and _same(reloaded, updated)
    nsi.close()
