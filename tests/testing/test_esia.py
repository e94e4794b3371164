"""The fake ESIA over the in-process transport: the happy paths and every ESIA error code path."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from _esia_helpers import REDIRECT, SCOPE, HandClient, query

from egisz_sdk.errors import AuthError, EsiaError
from egisz_sdk.signature.jose import decode_jwt
from egisz_sdk.testing import World

DEFAULT_SCOPES = ("openid", "fullname", "snils", "usr_org", "email", "mobile", "id_doc", "addresses")


@pytest.fixture(scope="module")
def shared() -> World:
    return World(seed=0)


@pytest.fixture
def world(shared: World) -> World:
    shared.reset()
    return shared


@pytest.fixture
def hand(world: World) -> HandClient:
    return HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]))


def _code(world: World, hand: HandClient, login: str = "employee@example.test", **ac: Any) -> str:
    url = world.esia.authorize(login, hand.ac_url(**ac))
    params = query(url)
    assert "code" in params, params
    return params["code"]


def _token(world: World, hand: HandClient, form: dict[str, str]) -> httpx.Response:
    with world.client() as client:
        return client.post(hand.te_path, data=form)


def _esia_code(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    return str(body["error_description"]).split(":")[0]


# ------------------------------------------------------------------ happy paths
@pytest.mark.parametrize("key_kind", ["gost256", "rsa"])
def test_code_token_person_v2(world: World, key_kind: str) -> None:
    system = world.esia.register_test_system(redirect_uris=[REDIRECT], key_kind=key_kind)
    hand = HandClient(world, system)
    code = _code(world, hand)
    form = hand.te_form(code)
    response = _token(world, hand, form)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == form["state"] and body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert "refresh_token" not in body  # online access
    header, claims = decode_jwt(
        body["access_token"], keys=world.esia.signing_certificates, algorithms=["GOST3410_2012_256"]
    )
    assert header == {"alg": "GOST3410_2012_256", "typ": "JWT", "ver": 1, "sbt": "access"}
    oid = world.esia.account("employee@example.test").person.oid  # type: ignore[union-attr]
    assert claims["urn:esia:sbj_id"] == oid and claims["client_id"] == system.client_id
    assert claims["scope"].split() == [f"{s}?oid={oid}" for s in SCOPE.split()]
    assert claims["exp"] - claims["iat"] == 3600 and claims["iss"] == world.esia.settings.issuer
    _, id_claims = decode_jwt(body["id_token"], keys=world.esia.signing_certificates, algorithms=["GOST3410_2012_256"])
    assert id_claims["urn:esia:sbj"]["urn:esia:sbj:oid"] == oid and id_claims["aud"] == system.client_id
    with world.client() as client:
        person = client.get(f"/rs/prns/{oid}", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert person.status_code == 200
    data = person.json()
    employee = world.population.person(oid)
    assert employee is not None
    assert data["lastName"] == employee.last_name and data["snils"].replace("-", "").replace(" ", "") == employee.snils
    assert "birthDate" not in data  # scope birthdate was not granted
    world.journal.assert_called("esia.token", times=1)


def test_rs256_tokens_for_a_system_registered_so(world: World) -> None:
    system = world.esia.register_test_system(redirect_uris=[REDIRECT], jwt_algorithm="RS256")
    hand = HandClient(world, system)
    body = _token(world, hand, hand.te_form(_code(world, hand))).json()
    header, _ = decode_jwt(body["access_token"], keys=world.esia.signing_certificates, algorithms=["RS256"])
    assert header["alg"] == "RS256"


def test_v1_legacy_with_detached_cms(world: World) -> None:
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT]), protocol="v1")
    code = _code(world, hand)
    response = _token(world, hand, hand.te_form(code))
    assert response.status_code == 200, response.text
    bad = hand.te_form(_code(world, hand), client_secret=hand.secret("something else"), sign=False)
    assert _esia_code(_token(world, hand, bad)) == "ESIA-007053"


def test_refresh_only_offline_and_rotates(world: World, hand: HandClient) -> None:
    body = _token(world, hand, hand.te_form(_code(world, hand, access_type="offline"))).json()
    refresh = body["refresh_token"]
    again = _token(world, hand, hand.te_form(refresh, grant_type="refresh_token"))
    assert again.status_code == 200 and again.json()["refresh_token"] != refresh
    replay = _token(world, hand, hand.te_form(refresh, grant_type="refresh_token"))
    assert _esia_code(replay) == "ESIA-007011"


def test_collections_with_and_without_embed(world: World, hand: HandClient) -> None:
    scope = " ".join(DEFAULT_SCOPES)
    code = _code(world, hand, scope=scope)
    token = _token(world, hand, hand.te_form(code, scope=scope)).json()["access_token"]
    oid = world.esia.account("employee@example.test").person.oid  # type: ignore[union-attr]
    auth = {"Authorization": f"Bearer {token}"}
    with world.client() as client:
        ctts = client.get(f"/rs/prns/{oid}/ctts", headers=auth).json()
        assert ctts["size"] == 2 and ctts["stateFacts"] == ["hasSize"]
        assert ctts["elements"][0].startswith(f"http://egisz.fake/rs/prns/{oid}/ctts/")
        one = client.get(ctts["elements"][0].removeprefix("http://egisz.fake"), headers=auth).json()
        assert one["type"] == "EML"
        missing = client.get(f"/rs/prns/{oid}/ctts/1", headers=auth)
        assert missing.status_code == 404 and missing.json()["error_description"] == "no such element"
        embedded = client.get(f"/rs/prns/{oid}/ctts", params={"embed": "(elements)"}, headers=auth).json()
        assert {e["type"] for e in embedded["elements"]} == {"EML", "MBT"}
        orgs = client.get(f"/rs/prns/{oid}/orgs", params={"embed": "(elements)"}, headers=auth).json()
        assert orgs["size"] == len(world.population.organizations)
        docs = client.get(f"/rs/prns/{oid}/docs", params={"embed": "(elements)"}, headers=auth).json()
        assert docs["elements"][0]["type"] == "RF_PASSPORT"
        addrs = client.get(f"/rs/prns/{oid}/addrs", params={"embed": "(elements)"}, headers=auth).json()
        assert {a["type"] for a in addrs["elements"]} == {"PRG", "PLV"}
        person = client.get(f"/rs/prns/{oid}", params={"embed": "(contacts.elements)"}, headers=auth).json()
        assert person["contacts"]["size"] == 2
        assert client.get(f"/rs/prns/{oid + 1}", headers=auth).status_code == 403
        assert client.get(f"/rs/prns/{oid}", headers={"Authorization": "Bearer nope"}).status_code == 401
        world.clock.advance(3601)
        assert client.get(f"/rs/prns/{oid}", headers=auth).status_code == 401


def test_collection_needs_its_scope(world: World, hand: HandClient) -> None:
    token = _token(world, hand, hand.te_form(_code(world, hand))).json()["access_token"]
    oid = world.esia.account("employee@example.test").person.oid  # type: ignore[union-attr]
    with world.client() as client:
        response = client.get(f"/rs/prns/{oid}/docs", headers={"Authorization": f"Bearer {token}"})
        element = client.get(f"/rs/prns/{oid}/docs/{oid * 10 + 1}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and "ESIA-007019" in response.json()["error_description"]
    assert element.status_code == 403 and "ESIA-007019" in element.json()["error_description"]


def test_org_scoped_token_and_organization(world: World, hand: HandClient) -> None:
    org = world.population.organizations[1]
    scope = f"openid org_shortname?org_oid={org.oid} org_inn?org_oid={org.oid}"
    code = _code(world, hand, scope=scope)
    body = _token(world, hand, hand.te_form(code, scope=scope)).json()
    with world.client() as client:
        data = client.get(f"/rs/orgs/{org.oid}", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
        other = world.population.organizations[0].oid
        denied = client.get(f"/rs/orgs/{other}", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert data["shortName"] == org.short_name and data["inn"] == org.inn and "ogrn" not in data
    assert denied.status_code == 403


def test_programmatic_login_goes_through_the_same_states(world: World, hand: HandClient) -> None:
    url = world.esia.authorize("employee@example.test", hand.ac_url(), approve=False)
    params = query(url)
    assert params["error"] == "access_denied" and params["error_description"].startswith("ESIA-007004")
    with pytest.raises(AuthError) as info:
        world.esia.authorize("employee@example.test", hand.ac_url(), password="wrong")
    assert info.value.code == "fake.login_invalid_credentials" and "wrong" not in str(info.value)
    assert world.esia.accounts["employee@example.test"].failed_logins == 1


# ------------------------------------------------------------------ /ac errors
def _ac(world: World, url: str) -> httpx.Response:
    with world.client() as client:
        return client.get(url.removeprefix("http://egisz.fake"))


def _callback_code(response: httpx.Response, state: str | None = None) -> str:
    assert response.status_code == 302, response.text
    params = query(response.headers["location"])
    assert response.headers["location"].startswith(REDIRECT)
    if state is not None:
        assert params["state"] == state
    return params["error_description"].split(":")[0]


def test_ac_unknown_system_is_an_error_page(world: World, hand: HandClient) -> None:
    response = _ac(world, hand.ac_url(client_id="NOBODY"))
    assert response.status_code == 400 and "ESIA-007002" in response.text
    with pytest.raises(EsiaError) as info:
        world.esia.authorize("employee@example.test", hand.ac_url(client_id="NOBODY"))
    assert info.value.params["esia_code"] == "007002"


@pytest.mark.parametrize("uri", ["https://evil.example/cb", "https://mis.example.test/forbidden/cb"])
def test_ac_redirect_not_registered(world: World, uri: str) -> None:
    system = world.esia.register_test_system(redirect_uris=[REDIRECT, "https://mis.example.test/forbidden/cb"])
    hand = HandClient(world, system)
    response = _ac(world, hand.ac_url(redirect_uri=uri))
    assert response.status_code == 400 and "ESIA-007023" in response.text


def test_ac_disabled_system(world: World) -> None:
    hand = HandClient(world, world.esia.register_test_system("OFF", redirect_uris=[REDIRECT], enabled=False))
    assert "ESIA-007005" in _ac(world, hand.ac_url()).text


def test_ac_missing_parameters_named(world: World, hand: HandClient) -> None:
    params = hand.ac_params()
    response = _ac(world, hand.ac_url(client_certificate_hash=None, timestamp=None, state=params["state"]))
    location = query(response.headers["location"])
    assert location["error"] == "invalid_request"
    assert location["error_description"].startswith("ESIA-007014")
    assert "[timestamp, client_certificate_hash]" in location["error_description"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"client_certificate_hash": "00" * 32}, "ESIA-007053"),
        ({"client_secret": "AAAA", "sign": False}, "ESIA-007053"),
        ({"client_secret": "not base64 !!", "sign": False}, "ESIA-007053"),
        ({"timestamp": "2013.01.25 14:36:11 +0400"}, "ESIA-007015"),
        ({"timestamp": "25.01.2013 14:36"}, "ESIA-007015"),
        ({"scope": "openid telepathy"}, "ESIA-007006"),
        ({"scope": "openid org_inn"}, "ESIA-007006"),
        ({"response_type": "token"}, "ESIA-007003"),
        ({"state": "not-a-uuid"}, "ESIA-007003"),
    ],
)
def test_ac_errors_go_back_to_the_callback(
    world: World, hand: HandClient, overrides: dict[str, Any], expected: str
) -> None:
    response = _ac(world, hand.ac_url(**overrides))
    assert _callback_code(response) == expected


def test_ac_wrong_order_of_the_signed_string(world: World, hand: HandClient) -> None:
    p = hand.ac_params()
    v1_order = p["scope"] + p["timestamp"] + p["client_id"] + p["state"]
    response = _ac(world, hand.ac_url(client_secret=hand.secret(v1_order), sign=False))
    assert _callback_code(response) == "ESIA-007053"


def test_ac_certificate_of_another_system(world: World, hand: HandClient) -> None:
    other = world.esia.register_test_system("OTHER", redirect_uris=[REDIRECT], key_kind="rsa")
    response = _ac(world, hand.ac_url(client_certificate_hash=other.certificate.thumbprint_streebog256))
    assert _callback_code(response) == "ESIA-007002"


def test_ac_state_must_be_fresh(world: World, hand: HandClient) -> None:
    url = hand.ac_url()
    assert _ac(world, url).status_code == 200
    assert _callback_code(_ac(world, url)) == "ESIA-007003"


def test_ac_scope_not_allowed_for_the_system(world: World) -> None:
    hand = HandClient(world, world.esia.register_test_system(redirect_uris=[REDIRECT], scopes=["openid", "fullname"]))
    assert _callback_code(_ac(world, hand.ac_url(scope="openid snils"))) == "ESIA-007006"


def test_offline_for_a_system_without_refresh(world: World) -> None:
    system = world.esia.register_test_system(redirect_uris=[REDIRECT], grant_types=["authorization_code"])
    assert _callback_code(_ac(world, HandClient(world, system).ac_url(access_type="offline"))) == "ESIA-007005"


def test_unconfirmed_account_and_org_membership(world: World, hand: HandClient) -> None:
    url = world.esia.authorize("unconfirmed@example.test", hand.ac_url())
    assert query(url)["error_description"].startswith("ESIA-007055")
    org = world.population.organizations[0]
    url = world.esia.authorize("user@example.test", hand.ac_url(scope=f"openid org_inn?org_oid={org.oid}"))
    assert query(url)["error_description"].startswith("ESIA-007194")


def test_blocked_and_lockout(world: World, hand: HandClient) -> None:
    for login, reason in (("blocked@example.test", "blocked"), ("locked@example.test", "locked")):
        with pytest.raises(AuthError) as info:
            world.esia.authorize(login, hand.ac_url())
        assert info.value.params["reason"] == reason
    for _ in range(world.esia.settings.max_failed_logins):
        with pytest.raises(AuthError):
            world.esia.authorize("user@example.test", hand.ac_url(), password="bad")
    with pytest.raises(AuthError) as info:
        world.esia.authorize("user@example.test", hand.ac_url())
    assert info.value.params["reason"] == "locked"
    world.clock.advance(world.esia.settings.lockout_seconds + 1)
    assert "code" in query(world.esia.authorize("user@example.test", hand.ac_url()))


# ------------------------------------------------------------------ /te errors
def test_te_json_body_names_state_and_client_id(world: World, hand: HandClient) -> None:
    form = hand.te_form(_code(world, hand))
    with world.client() as client:
        response = client.post(
            "/aas/oauth2/v3/te", content=json.dumps(form), headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "ESIA-007014: The request does not contain the mandatory parameter [state, client_id]",
    }


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"client_certificate_hash": None}, "ESIA-007014"),
        ({"client_id": "NOBODY"}, "ESIA-007002"),
        ({"grant_type": "password"}, "ESIA-007012"),
        ({"token_type": "MAC"}, "ESIA-007003"),
        ({"client_certificate_hash": "AB" * 32}, "ESIA-007053"),
        ({"timestamp": "2013.01.25 14:36:11 +0400"}, "ESIA-007015"),
        ({"client_secret": "AAAA", "sign": False}, "ESIA-007053"),
        ({"redirect_uri": "https://elsewhere.example/cb"}, "ESIA-007011"),
        ({"scope": "openid fullname snils inn"}, "ESIA-007006"),
    ],
)
def test_te_errors(world: World, hand: HandClient, overrides: dict[str, Any], expected: str) -> None:
    response = _token(world, hand, hand.te_form(_code(world, hand), **overrides))
    assert _esia_code(response) == expected


def test_te_code_single_use_and_expiry(world: World, hand: HandClient) -> None:
    code = _code(world, hand)
    assert _token(world, hand, hand.te_form(code)).status_code == 200
    assert _esia_code(_token(world, hand, hand.te_form(code))) == "ESIA-007011"
    late = _code(world, hand)
    world.clock.advance(world.esia.settings.code_ttl + 1)
    response = _token(world, hand, hand.te_form(late, timestamp=None, sign=False))
    assert _esia_code(response) == "ESIA-007014"
    assert _esia_code(_token(world, hand, hand.te_form(late))) == "ESIA-007011"


def test_te_code_of_another_system(world: World, hand: HandClient) -> None:
    other = HandClient(world, world.esia.register_test_system("OTHER", redirect_uris=[REDIRECT]))
    code = _code(world, hand)
    assert _esia_code(_token(world, other, other.te_form(code))) == "ESIA-007011"


def test_te_state_reuse(world: World, hand: HandClient) -> None:
    ac = hand.ac_params()
    url = "http://egisz.fake/aas/oauth2/v2/ac?" + urlencode(ac)
    code = query(world.esia.authorize("employee@example.test", url))["code"]
    response = _token(world, hand, hand.te_form(code, state=ac["state"]))
    assert _esia_code(response) == "ESIA-007003"
    assert response.json()["state"] == ac["state"]


def test_logout(world: World, hand: HandClient) -> None:
    with world.client() as client:
        ok = client.get("/idp/ext/Logout", params={"client_id": hand.system.client_id, "redirect_url": REDIRECT})
        bad = client.get("/idp/ext/Logout", params={"client_id": hand.system.client_id, "redirect_url": "https://x/"})
    assert ok.status_code == 302 and ok.headers["location"] == REDIRECT
    assert bad.status_code == 400 and "ESIA-007023" in bad.text


def test_register_client_refuses_bad_input(world: World) -> None:
    from egisz_sdk.errors import ConfigurationError

    cert = world.esia.signing_certificates[0]
    for kwargs in ({"redirect_uris": ["/relative"]}, {"scopes": ["telepathy"]}, {"jwt_algorithm": "HS256"}):
        args: dict[str, Any] = {"redirect_uris": [REDIRECT], "certificate": cert, **kwargs}
        with pytest.raises(ConfigurationError) as info:
            world.esia.register_client("X", **args)
        assert info.value.code == "fake.client_invalid"
