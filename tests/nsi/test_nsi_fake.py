"""The fake NSI as a service of the world: reset, describe, test API, user keys, generated dictionaries."""

from __future__ import annotations

import httpx
from _nsi_helpers import LINKS, VMP, nsi_world

from egisz_sdk.nsi import DictionaryCache, NsiClient
from egisz_sdk.testing import World
from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT, NsiService, generated_dictionary


def test_test_api_publishes_versions_over_the_loopback_server(tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = nsi_world()
    with world.serve() as server, DictionaryCache(tmp_path / "c.db") as cache:
        nsi = NsiClient(DEFAULT_USER_KEY, base_url=server.url + REST_ROOT)
        assert nsi.dictionary(LINKS, cache=cache).version == "1.8"
        answer = httpx.post(
            server.url + "/__fake__/nsi/publish",
            json={"oid": LINKS, "version": "1.9", "upsert": [{"ID": "1", "DOSE_ID": "7"}], "delete": ["2"]},
        )
        assert answer.status_code == 200 and answer.json() == {"oid": LINKS, "version": "1.9", "rows": 64}
        updated = nsi.dictionary(LINKS, cache=cache)
        assert (updated.version, updated.source, updated.get(1)["DOSE_ID"], updated.get(2)) == (
            "1.9",
            "incremental",
            7,
            None,
        )
        calls = httpx.get(server.url + "/__fake__/nsi/calls").json()
        assert calls["compare"] >= 1 and calls["versions"] >= 2
        assert httpx.post(server.url + "/__fake__/nsi/publish", json={"oid": 1}).status_code == 400
        nsi.close()


def test_reset_describe_and_keys() -> None:
    world = World(seed=3, services=[NsiService(user_keys=("K1", "K2"), shipped=False)])
    state = world.nsi
    assert state.dictionaries == {} and state.user_keys == {"K1", "K2"}
    passport, rows = generated_dictionary("1.2.643.5.1.13.13.99.9.1", 10, seed=3)
    state.add_version(passport, rows)
    described = world.describe()
    assert described["services"] == ["nsi"]
    assert described["nsi"]["dictionaries"][0]["versions"] == [{"version": "1.0", "rows": 10}]
    world.reset()
    assert world.nsi.dictionaries == {}
    shipped_world = nsi_world()
    assert {VMP, LINKS} <= set(shipped_world.nsi.dictionaries)


def test_generated_dictionaries_are_deterministic() -> None:
    first = generated_dictionary("1.2.3.4", 50, seed=9)
    assert first == generated_dictionary("1.2.3.4", 50, seed=9)
    assert first != generated_dictionary("1.2.3.4", 50, seed=10)
    passport, rows = first
    assert passport["rowsCount"] == 50 and rows[0]["ID"] == "1" and "Сгенерированный" in passport["fullName"]
