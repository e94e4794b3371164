"""The framework of the fake world: router, journal, faults, clock, determinism — no crypto needed."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import httpx
import pytest

from egisz_sdk import validators
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import Request, Response, Route, ServiceContext, World


def test_same_seed_same_population_and_identifiers_valid() -> None:
    a, b, c = World(seed=7), World(seed=7), World(seed=8)
    assert a.population == b.population
    assert a.population.people != c.population.people
    for person in a.population.people:
        assert validators.snils.is_valid(person.snils)
        assert validators.inn.is_valid(person.inn)
        assert validators.phone.is_valid(person.phone)
        assert validators.passport.is_valid(person.passport_series + person.passport_number)
    for org in a.population.organizations:
        assert validators.ogrn.is_valid(org.ogrn)
        assert validators.inn.validate(org.inn, kind="legal") == org.inn
        assert validators.kpp.is_valid(org.kpp)
        assert all(a.population.person(oid) for oid in org.members)


def test_reset_returns_to_the_seeded_state() -> None:
    world = World(seed=3)
    first = world.population.people[0]
    world.esia.accounts["user@example.test"].failed_logins = 3
    world.faults.add("esia.token", status=500)
    world.clock.advance(3600)
    with world.client() as client:
        client.get("/nowhere")
    world.reset()
    assert world.population.people[0] == first
    assert world.esia.accounts["user@example.test"].failed_logins == 0
    assert world.faults.rules == [] and len(world.journal) == 0
    assert abs(world.clock.time() - datetime.now(timezone.utc).timestamp()) < 5


def test_on_reset_hook_survives_resets() -> None:
    world = World()
    seen: list[int] = []
    world.on_reset(lambda w: seen.append(len(w.journal)))
    world.reset()
    assert seen == [0, 0]


def test_population_minimum_enforced() -> None:
    with pytest.raises(ConfigurationError) as info:
        World(people=2)
    assert info.value.code == "fake.population_too_small"


def test_not_found_lists_near_misses_and_is_journaled() -> None:
    world = World()
    with world.client() as client:
        response = client.post("/aas/oauth2/v3/tee")
    assert response.status_code == 404
    assert "POST /aas/oauth2/v3/te (esia.token)" in response.json()["closest"][0]
    world.journal.assert_called("fake.not_found", times=1)


def test_method_not_allowed() -> None:
    with World().client() as client:
        response = client.delete("/aas/oauth2/v3/te")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_journal_assertions_and_redaction() -> None:
    world = World()
    with world.client() as client:
        client.post("/aas/oauth2/v3/te", data={"client_id": "X", "client_secret": "s3cr3t", "code": "c0de"})
    entry = world.journal.last("esia.token")
    assert entry.status == 400
    assert entry.params["client_secret"] == "***" and entry.params["code"] == "***"
    assert entry.params["client_id"] == "X"
    assert "s3cr3t" not in repr(world.journal.to_list())
    world.journal.assert_called("esia.token", times=1, client_id="X")
    with pytest.raises(AssertionError, match=r"esia\.token×1"):
        world.journal.assert_called("esia.token", times=2)
    with pytest.raises(AssertionError):
        world.journal.assert_called("esia.ac")
    world.journal.clear()
    world.journal.assert_not_called("esia.token")
    with pytest.raises(AssertionError, match="journal is empty"):
        world.journal.last()


def test_fault_status_next_n_calls() -> None:
    world = World()
    world.faults.add("esia.token", status=503, body={"error": "busy"}, times=2)
    with world.client() as client:
        codes = [client.post("/aas/oauth2/v3/te").status_code for _ in range(3)]
        assert client.get("/aas/oauth2/v2/ac").status_code == 400  # other operations untouched
    assert codes == [503, 503, 400]
    faulted = [e.fault for e in world.journal.calls("esia.token")]
    assert faulted[0] and faulted[0].startswith("http 503") and faulted[2] is None


def test_fault_pattern_and_429_retry_after() -> None:
    world = World()
    world.faults.add("esia.*", status=429, retry_after=7)
    with world.client() as client:
        response = client.get("/aas/oauth2/v2/ac")
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    world.faults.clear()
    world.faults.add("esia.ac", status=429)
    with world.client() as client:
        assert client.get("/aas/oauth2/v2/ac").headers["retry-after"] == "1"


def _pattern(seed: int) -> list[int]:
    world = World(seed=seed)
    world.faults.add("esia.token", status=500, probability=0.5)
    with world.client() as client:
        return [client.post("/aas/oauth2/v3/te").status_code for _ in range(40)]


def test_fault_probability_is_seeded() -> None:
    first, again, other = _pattern(1), _pattern(1), _pattern(2)
    assert first == again
    assert first != other
    assert 8 < first.count(500) < 32


def test_fault_latency_sync_and_async() -> None:
    world = World()
    world.faults.add("esia.token", latency=0.2, times=1)
    with world.client() as client:
        started = world.clock.time()
        response = client.post("/aas/oauth2/v3/te")
        elapsed = world.clock.time() - started
    assert response.status_code == 400 and elapsed >= 0.19  # the real answer, delayed
    world.faults.add("esia.token", latency=0.2, status=502, times=1)

    async def call() -> tuple[int, float]:
        async with world.async_client() as client:
            t0 = asyncio.get_running_loop().time()
            r = await client.post("/aas/oauth2/v3/te")
            return r.status_code, asyncio.get_running_loop().time() - t0

    status, took = asyncio.run(call())
    assert status == 502 and took >= 0.19


def test_in_process_reset_and_garbage_raise_httpx_errors() -> None:
    world = World()
    world.faults.add("esia.token", kind="reset", times=1)
    world.faults.add("esia.ac", kind="garbage", times=1)
    with world.client() as client:
        with pytest.raises(httpx.ReadError):
            client.post("/aas/oauth2/v3/te")
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/aas/oauth2/v2/ac")
        assert client.post("/aas/oauth2/v3/te").status_code == 400


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "explode"}, "kind"),
        ({"probability": 1.5}, "probability"),
        ({"status": 42}, "status"),
    ],
)
def test_bad_fault_rules_are_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        World().faults.add("esia.token", **kwargs)  # type: ignore[arg-type]
    assert info.value.code == "fake.fault_invalid" and info.value.field == field


def test_test_api_faults_journal_reset_clock() -> None:
    world = World()
    with world.client() as client:
        created = client.post("/__fake__/faults", json={"operation": "esia.token", "status": 500, "times": 1})
        assert created.status_code == 201 and created.json()[0]["times"] == 1
        assert client.get("/__fake__/faults").json()[0]["operation"] == "esia.token"
        assert client.post("/aas/oauth2/v3/te").status_code == 500
        journal = client.get("/__fake__/journal", params={"operation": "esia.token"}).json()
        assert [e["status"] for e in journal] == [500]
        bad = client.post("/__fake__/faults", json={"operation": "x", "colour": "red"})
        assert bad.status_code == 400 and bad.json()["error"] == "fake.fault_invalid"
        now = datetime.fromisoformat(client.post("/__fake__/clock", json={"advance": 7200}).json()["now"])
        assert (now - datetime.now(timezone.utc)).total_seconds() > 7000
        assert client.post("/__fake__/reset").json() == {"reset": True, "seed": 0}
        assert client.get("/__fake__/journal").json() == []
        assert client.get("/__fake__/faults").json() == []
        assert client.get("/__fake__/sms/nobody@example.test").status_code == 404
        info = client.get("/__fake__/info").json()
        assert info["seed"] == 0 and "esia" in info["services"]


def test_clock_freeze_set_advance() -> None:
    world = World()
    world.clock.set(datetime(2024, 1, 1, 12, 0))
    assert world.clock.now() == datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    world.clock.advance(30)
    assert world.clock.now().second == 30
    world.clock.unfreeze()
    assert not world.clock.frozen


class _Counter:
    """A minimal service state: a counter with reset()."""

    def __init__(self) -> None:
        self.count = 1

    def reset(self) -> None:
        self.count = 1


def _hello(state: _Counter, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    state.count += 1
    return Response.json({"hello": params["name"], "count": state.count, "seed": ctx.seed})


class _DemoService:
    name = "demo"
    routes = (Route("GET", "/demo/{name}", "demo.hello", _hello),)
    test_routes = (Route("GET", "/__fake__/demo", "fake.demo", lambda s, c, r, p: Response.json(s.count), False),)

    def create_state(self, context: ServiceContext) -> _Counter:
        return _Counter()

    def describe(self, state: _Counter, context: ServiceContext) -> dict[str, int]:
        return {"count": state.count}


def test_services_plug_in() -> None:
    world = World(seed=5)
    world.add_service(_DemoService())
    with world.client() as client:
        assert client.get("/demo/мир").json() == {"hello": "мир", "count": 2, "seed": 5}
        assert client.get("/__fake__/demo").json() == 2
    assert world.service("demo").count == 2 and world.demo is world.service("demo")
    assert world.describe()["demo"] == {"count": 2}
    world.journal.assert_called("demo.hello", times=1)
    world.journal.assert_not_called("fake.demo")
    world.reset()
    assert world.demo.count == 1
    with pytest.raises(ConfigurationError):
        world.add_service(_DemoService())
    with pytest.raises(ConfigurationError) as info:
        world.service("nothing")
    assert info.value.code == "fake.unknown_service"


def test_world_with_only_the_given_services() -> None:
    world = World(services=[_DemoService()])
    assert world.services == ["demo"]
    with world.client() as client:
        assert client.get("/aas/oauth2/v2/ac").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"set": "garbage"}, {"advance": "x"}, {"advance": True}, [1, 2], "x", {"sett": "2026-01-01"}, b"{not json"],
)
def test_clock_api_refuses_bad_requests_with_400(body: object) -> None:
    world = World()
    with world.client() as client:
        before = client.get("/__fake__/clock").json()["now"]
        if isinstance(body, bytes):
            response = client.post("/__fake__/clock", content=body, headers={"content-type": "application/json"})
        else:
            response = client.post("/__fake__/clock", json=body)
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "fake.clock_invalid"
        assert "trace" not in response.json()
        assert client.get("/__fake__/clock").json()["now"] >= before  # nothing half-applied: still the live clock


def test_clock_api_accepts_a_z_suffix() -> None:
    world = World()
    with world.client() as client:
        response = client.post("/__fake__/clock", json={"set": "2026-01-01T00:00:00Z"})
    assert response.status_code == 200 and response.json()["now"] == "2026-01-01T00:00:00+00:00"


def test_journal_records_bounded_redacted_bodies_and_matches_globs() -> None:
    world = World(journal_size=3)
    with world.client() as client:
        client.post(
            "/aas/oauth2/v3/te",
            json={"client_secret": "s3cr3t", "snils": "11223344595", "note": "x" * 5000, "items": list(range(500))},
        )
        client.post("/aas/oauth2/te", data={"client_id": "A", "code": "c0de"})
    json_entry = world.journal.calls("esia.token")[0]
    assert json_entry.body["client_secret"] == "***" and json_entry.body["snils"] == "***"
    assert len(json_entry.body["note"]) < 300 and len(json_entry.body["items"]) <= 51
    form_entry = world.journal.last("esia.token_v1")
    assert form_entry.body == {"client_id": "A", "code": "***"}
    assert [e.operation for e in world.journal.calls("esia.*")] == ["esia.token", "esia.token_v1"]
    world.journal.assert_called("esia.token*", times=2)
    with world.client() as client:
        for _ in range(3):
            client.get("/aas/oauth2/v2/ac")
    assert len(world.journal) == 3 and world.journal.count("esia.token*") == 0  # a ring buffer of three


def test_journal_size_is_range_checked() -> None:
    for size in (0, -1, 10**9, 1.5, True):
        with pytest.raises(ConfigurationError):
            World(journal_size=size)  # type: ignore[arg-type]
