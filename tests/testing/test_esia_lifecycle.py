"""The fake ESIA's records expire on the world clock and stay bounded; refusals have their own codes; the
programmatic login is journaled; the v1 token endpoint takes the callback state (a setting); REST trailing slashes."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest
from _esia_helpers import REDIRECT, HandClient, query

from egisz_sdk.errors import AuthError
from egisz_sdk.testing import EsiaService, EsiaSettings, World
from egisz_sdk.testing.services.esia import AuthorizationRequest


def _login(world: World, hand: HandClient, login: str = "employee@example.test") -> httpx.Response:
    code = query(world.esia.authorize(login, hand.ac_url(access_type="offline")))["code"]
    with world.client() as client:
        return client.post(hand.te_path, data=hand.te_form(code))


def _sizes(world: World) -> dict[str, int]:
    esia = world.esia
    tables = {"flows": esia.flows, "grants": esia.grants, "tokens": esia.tokens, "sessions": esia.sessions}
    return {name: len(table) for name, table in {**tables, "used_states": esia.used_states}.items()}


def test_records_expire_on_the_world_clock() -> None:
    world = World()
    world.clock.freeze()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    for _ in range(3):
        assert _login(world, hand).status_code == 200
    world.esia.begin_authorization(
        AuthorizationRequest.from_wire(hand.ac_params(), "v2")
    )  # a login started and abandoned
    assert len(world.esia.flows) == 1
    assert all(size >= 3 for name, size in _sizes(world).items() if name != "flows"), _sizes(world)
    world.clock.advance(world.esia.settings.refresh_token_ttl + 1)
    assert _login(world, hand).status_code == 200
    # only the last login's code, refresh token, access token, session and two states are left (flows end at once)
    assert _sizes(world) == {"flows": 0, "grants": 2, "tokens": 1, "sessions": 1, "used_states": 2}


def test_records_are_bounded_in_number() -> None:
    world = World(services=[EsiaService(EsiaSettings(max_records=10))])
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    for _ in range(14):
        assert _login(world, hand).status_code == 200
    assert max(_sizes(world).values()) <= 10, _sizes(world)


@pytest.mark.parametrize(
    ("login", "code", "status"),
    [
        ("blocked@example.test", "fake.login_blocked", 403),
        ("locked@example.test", "fake.login_locked", 403),
        ("nobody@example.test", "fake.login_invalid_credentials", 401),
    ],
)
def test_refusals_have_their_own_codes_and_are_journaled(login: str, code: str, status: int) -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    with pytest.raises(AuthError) as info:
        world.esia.authorize(login, hand.ac_url())
    assert info.value.code == code
    entry = world.journal.last("esia.authorize")
    assert entry.status == status and entry.params["login"] == login and entry.params["client_secret"] == "***"


def test_wrong_password_then_lockout_codes() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    for _ in range(world.esia.settings.max_failed_logins):
        with pytest.raises(AuthError) as info:
            world.esia.authorize("user@example.test", hand.ac_url(), password="bad")
        assert info.value.code == "fake.login_invalid_credentials"
    with pytest.raises(AuthError) as info:
        world.esia.authorize("user@example.test", hand.ac_url())
    assert info.value.code == "fake.login_locked"


def test_programmatic_login_is_journaled() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    world.esia.authorize("employee@example.test", hand.ac_url())
    entry = world.journal.assert_called("esia.authorize", times=1)[0]
    assert entry.method == "CALL" and entry.path == "/aas/oauth2/v2/ac" and entry.status == 302


def _v1_login_with_callback_state(world: World) -> httpx.Response:
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]), protocol="v1")
    ac = hand.ac_params()
    state = ac["state"]
    code = query(world.esia.authorize("employee@example.test", "http://egisz.fake/aas/oauth2/ac?" + urlencode(ac)))
    with world.client() as client:
        return client.post(hand.te_path, data=hand.te_form(code["code"], state=state))


def test_v1_token_endpoint_takes_the_callback_state_by_default() -> None:
    response = _v1_login_with_callback_state(World())
    assert response.status_code == 200, response.text


def test_v1_fresh_state_rule_is_a_setting() -> None:
    world = World(esia=EsiaSettings(fresh_token_state=frozenset({"v1", "v2"})))
    response = _v1_login_with_callback_state(world)
    assert response.status_code == 400 and "ESIA-007003" in response.json()["error_description"]


def test_v1_state_reuse_at_ac_is_still_refused() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]), protocol="v1")
    ac = hand.ac_params()
    url = "http://egisz.fake/aas/oauth2/ac?" + urlencode(ac)
    world.esia.authorize("employee@example.test", url)
    again = query(world.esia.authorize("employee@example.test", url))
    assert again["error_description"].startswith("ESIA-007003")


def test_rest_routes_accept_a_trailing_slash() -> None:
    world = World()
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))
    token = _login(world, hand).json()["access_token"]
    oid = world.esia.account("employee@example.test").person.oid  # type: ignore[union-attr]
    with world.client(headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get(f"/rs/prns/{oid}/").status_code == 200
        assert client.get(f"/rs/prns/{oid}/ctts/").status_code == 403  # routed: the token lacks the scope
        assert client.get(f"/rs/prns/{oid}//").status_code == 404


@pytest.mark.parametrize("field", ["code_ttl", "max_records", "flow_ttl"])
def test_settings_are_range_checked(field: str) -> None:
    from egisz_sdk.errors import ConfigurationError

    for bad in (float("nan"), -1, 1e30):
        with pytest.raises(ConfigurationError):
            EsiaSettings(**{field: bad})  # type: ignore[arg-type]
