"""End to end against the fake ESIA (``egisz_sdk.testing``), in-process and over its loopback server, sync and async.

The fake implements ESIA independently from the same reference, so these tests check that our client and an
independent server agree on every signed string, encoding and token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.auth import AsyncEsiaClient, EsiaClient, EsiaConfig, TokenError, org_scopes
from egisz_sdk.errors import AuthError, ConfigurationError, EsiaError, TransportError
from egisz_sdk.testing import EsiaSettings, ServerHandle, World, esia_config

REDIRECT = "https://mis.example.test/esia/callback"
SCOPES = "openid fullname birthdate snils contacts id_doc"
USER = "user@example.test"
EMPLOYEE = "employee@example.test"


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=11)


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[ServerHandle]:
    with world.serve() as handle:
        yield handle


@pytest.fixture
def fresh(world: World) -> World:
    world.reset()
    return world


def make_config(target: World | ServerHandle, *, client_id: str = "E2E_MIS", **kw: Any) -> EsiaConfig:
    """A client config for a system registered in ``target`` (a world in-process, or its loopback server)."""
    kw.setdefault("scopes", SCOPES)
    kw.setdefault("retry", RetryPolicy(sleep=lambda s: None, jitter=0))
    return esia_config(target, client_id=client_id, redirect_uri=REDIRECT, **kw)


# ------------------------------------------------------------------------ happy paths


def check_login(world: World, client: EsiaClient, login_name: str = USER) -> Any:
    login = client.authorization_url(access_type="offline")
    callback = world.esia.authorize(login_name, login.url)
    result = client.login(callback, login, embed=["contacts"])
    account = world.esia.account(login_name)
    assert account is not None
    assert result.tokens.oid == account.person.oid == result.person.oid
    assert result.person.snils is not None
    assert result.person.snils.replace("-", "").replace(" ", "") == account.person.snils.replace("-", "").replace(
        " ", ""
    )
    assert result.person.contacts is not None and result.person.contacts.size >= 1
    assert result.tokens.refresh_token is not None
    return result


@pytest.mark.parametrize(("key_kind", "jwt_algorithm"), [("gost256", "GOST3410_2012_256"), ("rsa", "RS256")])
def test_in_process_login_refresh_logout(fresh: World, key_kind: str, jwt_algorithm: str) -> None:
    with EsiaClient(make_config(fresh, key_kind=key_kind, jwt_algorithm=jwt_algorithm)) as client:
        result = check_login(fresh, client)
        refreshed = client.refresh(result.tokens)
        assert refreshed.oid == result.tokens.oid and refreshed.refresh_token is not None
        assert client.get_contacts(refreshed.oid, refreshed)
        assert client.get_documents(refreshed.oid, refreshed)[0].type == "RF_PASSPORT"
        with pytest.raises(EsiaError) as err:  # a refresh token is single-use
            client.refresh(result.tokens)
        assert err.value.code == "esia.007011"
        logout = client.http.request("GET", client.logout_url(REDIRECT))
    assert logout.status_code in (302, 303) and logout.headers["location"] == REDIRECT
    fresh.journal.assert_called("esia.token", times=3)
    fresh.journal.assert_called("esia.logout", times=1)


def test_loopback_login_sync(fresh: World, server: ServerHandle) -> None:
    with EsiaClient(make_config(server)) as client:
        result = check_login(fresh, client)
        assert client.refresh(result.tokens).oid == result.tokens.oid


async def test_async_in_process_and_loopback(fresh: World, server: ServerHandle) -> None:
    for config in (
        make_config(fresh),
        make_config(server, client_id="E2E_ASYNC"),
    ):
        async with AsyncEsiaClient(config) as client:
            login = client.authorization_url(access_type="offline")
            result = await client.login(fresh.esia.authorize(USER, login.url), login)
            assert result.person.last_name
            refreshed = await client.refresh(result.tokens)
            assert [c.type for c in await client.get_contacts(refreshed.oid, refreshed)]


def test_html_login_pages_over_loopback(fresh: World, server: ServerHandle) -> None:
    """Drive the fake's HTML login (password → SMS → consent) with a cookie-keeping httpx client."""
    import re

    with EsiaClient(make_config(server)) as client:
        login = client.authorization_url()
        with httpx.Client(base_url=server.url, follow_redirects=False) as browser:
            page = browser.get(login.url)
            location = None
            for _ in range(6):
                if page.is_redirect:
                    location = page.headers["location"]
                    if location.startswith(REDIRECT):
                        break
                    page = browser.get(location)
                    continue
                html = page.text
                action = re.search(r'<form[^>]*action="([^"]+)"', html)
                assert action, html[:500]
                fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
                if 'name="password"' in html:
                    fields.update(login=USER, password=fresh.esia.account(USER).password)  # type: ignore[union-attr]
                elif 'name="sms_code"' in html or 'name="code"' in html:
                    name = "sms_code" if 'name="sms_code"' in html else "code"
                    fields[name] = fresh.esia.pending_sms(USER) or ""
                else:
                    fields["decision"] = "allow"
                page = browser.post(action.group(1).replace("&amp;", "&"), data=fields)
        assert location is not None and location.startswith(REDIRECT), location
        result = client.login(location, login)
    assert result.person.oid == fresh.esia.account(USER).person.oid  # type: ignore[union-attr]


def test_organisation_scoped_token(fresh: World) -> None:
    with EsiaClient(make_config(fresh, scopes="openid fullname usr_org")) as client:
        login = client.authorization_url()
        result = client.login(fresh.esia.authorize(EMPLOYEE, login.url), login)
        orgs = client.get_organizations(result.tokens.oid, result.tokens)
        assert orgs and orgs[0].oid is not None
        org_oid = orgs[0].oid
        scoped = client.authorization_url(
            scopes="openid usr_org", scope_org=" ".join(org_scopes(["org_shortname", "org_inn"], org_oid))
        )
        tokens = client.login(fresh.esia.authorize(EMPLOYEE, scoped.url), scoped).tokens
        assert any(s.startswith("org_inn?org_oid=") for s in tokens.scopes)
        org = client.get_organization(org_oid, tokens)
        assert org.inn
    # an organisation the user does not belong to: ESIA-007194
    member, foreign = _member_and_foreign_org(fresh)
    with EsiaClient(make_config(fresh, client_id="E2E_ORG2", scopes="openid")) as client:
        bad = client.authorization_url(scope_org=" ".join(org_scopes(["org_inn"], foreign)))
        with pytest.raises(EsiaError) as err:
            client.login(fresh.esia.authorize(member, bad.url), bad)
    assert err.value.code == "esia.007194"


def _member_and_foreign_org(world: World) -> tuple[str, int]:
    every = {o.oid for o in world.population.organizations}
    for account in world.esia.accounts.values():
        mine = {o.oid for o in world.population.organizations_of(account.person.oid)}
        if mine and every - mine and account.status == "confirmed" and account.locked_until is None:
            return account.login, min(every - mine)
    raise AssertionError("the seeded population has no suitable employee")


# ------------------------------------------------------------------------ abuse


def test_state_mismatch_on_callback(fresh: World) -> None:
    with EsiaClient(make_config(fresh)) as client:
        login = client.authorization_url()
        other = client.authorization_url()
        callback = fresh.esia.authorize(USER, other.url)
        with pytest.raises(AuthError) as err:
            client.login(callback, login)
    assert err.value.code == "esia.state_mismatch"
    assert fresh.journal.count("esia.token") == 0


def test_replayed_and_expired_codes(fresh: World) -> None:
    with EsiaClient(make_config(fresh)) as client:
        login = client.authorization_url()
        callback = fresh.esia.authorize(USER, login.url)
        client.login(callback, login)
        with pytest.raises(EsiaError) as err:
            client.login(callback, login)
        assert err.value.code == "esia.007011" and err.value.params["status"] == 400
        login = client.authorization_url()
        callback = fresh.esia.authorize(USER, login.url)
        fresh.clock.advance(fresh.esia.settings.code_ttl + 1)
        with pytest.raises(EsiaError) as err:
            client.login(callback, login)
    assert err.value.code == "esia.007011"  # the code expired; our timestamp is still within ESIA's window


def test_user_refuses_consent(fresh: World) -> None:
    with EsiaClient(make_config(fresh)) as client:
        login = client.authorization_url()
        callback = fresh.esia.authorize(USER, login.url, approve=False)
        with pytest.raises(EsiaError) as err:
            client.login(callback, login)
    assert err.value.code == "esia.007004" and err.value.params["source"] == "callback"


def test_tokens_signed_by_an_unknown_key_are_refused(fresh: World) -> None:
    from egisz_sdk.testing.pki import TestPki

    stranger = TestPki(seed=999).issue("gost256", common_name="не ЕСИА").certificate
    with EsiaClient(make_config(fresh, verification_keys=[stranger])) as client:
        login = client.authorization_url()
        with pytest.raises(TokenError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
    assert err.value.code == "esia.token.signature"


def test_algorithm_not_allowed(fresh: World) -> None:
    config = make_config(fresh, jwt_algorithm="RS256", token_algorithms=("GOST3410_2012_256",))
    with EsiaClient(config) as client:
        login = client.authorization_url()
        with pytest.raises(TokenError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
    assert err.value.code == "esia.token.alg_not_allowed"


def test_expired_access_token(world: World) -> None:
    short = World(seed=11, esia=EsiaSettings(access_token_ttl=1))
    ahead = lambda: datetime.now(timezone.utc) + timedelta(seconds=30)  # noqa: E731
    config = make_config(short, leeway=0, clock=ahead, use_server_clock=False)
    with EsiaClient(config) as client:
        login = client.authorization_url()
        with pytest.raises(TokenError) as err:
            client.login(short.esia.authorize(USER, login.url), login)
    assert err.value.code == "esia.token.expired"


class Tamper(httpx.MockTransport):
    """Wraps the fake's transport and rewrites the token response."""

    def __init__(self, inner: httpx.MockTransport, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.inner = inner
        self.edit = edit
        super().__init__(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path.endswith("/te") and response.status_code == 200:
            response.read()
            return httpx.Response(200, json=self.edit(json.loads(response.content)))
        return response


def _forge_payload(body: dict[str, Any]) -> dict[str, Any]:
    import base64

    head, payload, sig = body["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["urn:esia:sbj_id"] = 1
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return {**body, "access_token": f"{head}.{forged}.{sig}"}


def _alg_none(body: dict[str, Any]) -> dict[str, Any]:
    import base64

    _, payload, _ = body["access_token"].split(".")
    head = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return {**body, "access_token": f"{head}.{payload}."}


@pytest.mark.parametrize(
    ("edit", "error", "code"),
    [
        (_forge_payload, TokenError, "esia.token.signature"),
        (_alg_none, TokenError, "esia.token.alg_none"),
        (lambda b: {**b, "state": "9b7c2b3e-0000-4000-8000-000000000000"}, AuthError, "esia.state_mismatch"),
    ],
)
def test_tampered_token_responses(fresh: World, edit: Any, error: type[Exception], code: str) -> None:
    with EsiaClient(make_config(fresh, transport=Tamper(fresh.transport(), edit))) as client:
        login = client.authorization_url()
        with pytest.raises(error) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
    assert err.value.code == code  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("variant", "code"), [("expired", "esia.certificate_expired"), ("not_yet_valid", "esia.certificate_not_yet_valid")]
)
def test_client_certificate_outside_its_validity_is_refused_before_sending(
    fresh: World, variant: str, code: str
) -> None:
    with EsiaClient(make_config(fresh, variant=variant)) as client:
        with pytest.raises(ConfigurationError) as err:
            client.authorization_url()
        assert err.value.code == code
        with pytest.raises(ConfigurationError):
            client.exchange_code("any")
    assert fresh.journal.count("esia.token") == 0


def test_wrong_owner_certificate_not_registered_for_the_system(fresh: World) -> None:
    from egisz_sdk.signature import SoftwareSigner

    wrong = fresh.pki.issue("gost256", common_name="ИС E2E_MIS", variant="wrong_owner")
    config = attrs.evolve(make_config(fresh), signer=SoftwareSigner(wrong.key, wrong.certificate))
    with EsiaClient(config) as client:
        login = client.authorization_url()
        with pytest.raises(EsiaError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
    assert err.value.code == "esia.007053"


def test_certificate_of_another_system(fresh: World) -> None:
    other = make_config(fresh, client_id="OTHER_MIS")
    config = make_config(fresh)
    swapped = attrs.evolve(config, signer=other.signer)  # our mnemonic, another registered system's certificate
    with EsiaClient(swapped) as client:
        login = client.authorization_url()
        callback = fresh.esia.authorize(USER, login.url)
        with pytest.raises(EsiaError) as err:
            client.login(callback, login)
    assert err.value.code == "esia.007002"


def test_html_instead_of_json_and_5xx_not_retried(fresh: World) -> None:
    with EsiaClient(make_config(fresh)) as client:
        fresh.faults.add("esia.token", status=200, body="<html><body>Портал недоступен</body></html>", times=1)
        login = client.authorization_url()
        with pytest.raises(TransportError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
        assert err.value.code == "transport.bad_json"
        fresh.faults.add("esia.token", status=503, times=3)
        login = client.authorization_url()
        with pytest.raises(TransportError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
        assert err.value.code == "transport.status"
    assert fresh.journal.count("esia.token") == 2  # one POST each: never retried


def test_person_get_retried_after_429(fresh: World) -> None:
    with EsiaClient(make_config(fresh)) as client:
        login = client.authorization_url()
        result = client.login(fresh.esia.authorize(USER, login.url), login)
        fresh.faults.add("esia.person", status=429, retry_after=0, times=1)
        assert client.get_person(result.tokens.oid, result.tokens).oid == result.tokens.oid
    assert fresh.journal.count("esia.person") == 3


def test_garbage_and_timeout_over_the_socket(fresh: World, server: ServerHandle) -> None:
    with EsiaClient(make_config(server, timeout=0.3)) as client:
        fresh.faults.add("esia.token", kind="garbage", times=1)
        login = client.authorization_url()
        with pytest.raises(TransportError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
        assert err.value.code == "transport.protocol"
        fresh.faults.add("esia.token", latency=1.0, times=1)
        login = client.authorization_url()
        with pytest.raises(TransportError) as err:
            client.login(fresh.esia.authorize(USER, login.url), login)
        assert err.value.code == "transport.timeout"


def test_legacy_v1_protocol_with_cms_client_secret(fresh: World) -> None:
    with EsiaClient(make_config(fresh, protocol="v1", client_id="E2E_V1")) as client:
        login = client.authorization_url(access_type="offline")
        assert "/aas/oauth2/ac?" in login.url and "client_certificate_hash" not in login.url
        result = client.login(fresh.esia.authorize(USER, login.url), login)
        assert result.tokens.oid == fresh.esia.account(USER).person.oid  # type: ignore[union-attr]
        assert client.refresh(result.tokens).oid == result.tokens.oid
    fresh.journal.assert_called("esia.token_v1", times=2)
