"""The sync and async shells driven against a hand-written MockTransport ESIA; retries; no secret leaks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.auth import AsyncEsiaClient, EsiaClient, EsiaConfig
from egisz_sdk.errors import AuthError, EsiaError, TransportError

PERSON = {"firstName": "Иван", "lastName": "Петров", "snils": "112-233-445 95", "trusted": True}
CONTACTS = {"stateFacts": ["hasSize"], "size": 1, "elements": [{"type": "EML", "value": "ivan@example.test"}]}


class MiniEsia:
    """Just enough ESIA behaviour to drive the shells: echoes state, mints tokens, serves a person."""

    def __init__(self, mint: Callable[..., str], oid: int) -> None:
        self.mint = mint
        self.oid = oid
        self.requests: list[httpx.Request] = []
        self.token_status: list[int] = []
        self.person_status: list[int] = []
        self.state_override: str | None = None
        self.date: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        headers = {"date": self.date} if self.date else {}
        if request.url.path.endswith("/te"):
            if self.token_status:
                return httpx.Response(self.token_status.pop(0), text="<html>busy</html>", headers=headers)
            form = dict(parse_qsl(request.content.decode()))
            body = {
                "access_token": self.mint(),
                "id_token": self.mint(aud="MIS_TEST", client_id=None, scope=None, sbt="id"),
                "state": self.state_override or form["state"],
                "token_type": "Bearer",
                "expires_in": 3600,
            }
            if form["grant_type"] == "refresh_token" or form.get("code") == "OFFLINE":
                body["refresh_token"] = "RT-" + form["state"]
            return httpx.Response(200, json=body, headers=headers)
        if request.url.path == f"/rs/prns/{self.oid}":
            if self.person_status:
                return httpx.Response(self.person_status.pop(0), headers={"retry-after": "0", **headers})
            return httpx.Response(200, json={**PERSON, "contacts": CONTACTS}, headers=headers)
        if request.url.path == f"/rs/prns/{self.oid}/ctts":
            return httpx.Response(200, json=CONTACTS)
        return httpx.Response(404, json={})


@pytest.fixture
def esia(mint: Callable[..., str], E: Any) -> MiniEsia:
    return MiniEsia(mint, E.OID)


@pytest.fixture
def client_config(make_config: Callable[..., EsiaConfig], esia: MiniEsia) -> EsiaConfig:
    slept: list[float] = []
    return make_config(transport=httpx.MockTransport(esia), retry=RetryPolicy(sleep=slept.append, jitter=0))


def test_sync_login_flow(client_config: EsiaConfig, esia: MiniEsia, E: Any) -> None:
    with EsiaClient(client_config) as client:
        login = client.authorization_url()
        result = client.login(f"{E.REDIRECT}?code=C1&state={login.state}", login, embed=["contacts"])
    assert result.tokens.oid == E.OID and result.tokens.scopes == ("openid", "fullname", "snils")
    assert result.person.oid == E.OID and result.person.last_name == "Петров"
    assert result.person.contacts is not None and result.person.contacts.items[0].value == "ivan@example.test"
    token_form = dict(parse_qsl(esia.requests[0].content.decode()))
    assert token_form["state"] != login.state  # a NEW state at /te
    assert esia.requests[1].headers["authorization"].startswith("Bearer ")
    assert result.tokens.refresh_token is None


def test_sync_refresh_and_contacts(client_config: EsiaConfig, E: Any) -> None:
    with EsiaClient(client_config) as client:
        tokens = client.exchange_code("OFFLINE")
        assert tokens.refresh_token is not None
        again = client.refresh(tokens)
        assert again.refresh_token is not None and again.oid == E.OID
        assert [c.type for c in client.get_contacts(E.OID, again)] == ["EML"]
        online = client.exchange_code("C2")
        with pytest.raises(AuthError) as err:
            client.refresh(online)
        assert err.value.code == "esia.no_refresh_token"


def test_token_state_mismatch(client_config: EsiaConfig, esia: MiniEsia) -> None:
    esia.state_override = "00000000-0000-4000-8000-000000000000"
    with EsiaClient(client_config) as client, pytest.raises(AuthError) as err:
        client.exchange_code("C1")
    assert err.value.code == "esia.state_mismatch"


def test_token_post_is_never_retried(client_config: EsiaConfig, esia: MiniEsia) -> None:
    esia.token_status = [503, 503]
    with EsiaClient(client_config) as client, pytest.raises(TransportError) as err:
        client.exchange_code("C1")
    assert err.value.code == "transport.status" and len(esia.requests) == 1


def test_person_get_is_retried(client_config: EsiaConfig, esia: MiniEsia, E: Any) -> None:
    esia.person_status = [503, 429]
    with EsiaClient(client_config) as client:
        tokens = client.exchange_code("C1")
        person = client.get_person(E.OID, tokens)
    assert person.first_name == "Иван" and len(esia.requests) == 4


def test_clock_corrected_from_date_header(client_config: EsiaConfig, esia: MiniEsia, E: Any, signer: Any) -> None:
    esia.date = format_datetime(E.NOW + timedelta(minutes=10), usegmt=True)
    with EsiaClient(client_config) as client:
        client.exchange_code("C1")
        assert client.clock_offset == timedelta(minutes=10)
        login = client.authorization_url()
    assert login.timestamp == "2025.03.14 09:36:53 +0000"
    esia.date = format_datetime(E.NOW + timedelta(seconds=1), usegmt=True)
    with EsiaClient(client_config) as client:
        client.exchange_code("C1")
        assert client.clock_offset == timedelta(0)


def test_no_secret_in_repr_logs_or_errors(
    client_config: EsiaConfig, esia: MiniEsia, caplog: pytest.LogCaptureFixture, E: Any, signer: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    with EsiaClient(client_config) as client:
        login = client.authorization_url(access_type="offline")
        result = client.login(f"{E.REDIRECT}?code=OFFLINE&state={login.state}", login)
        tokens = result.tokens
        esia.state_override = "forged"
        with pytest.raises(AuthError) as err:
            client.refresh(tokens)
    assert tokens.refresh_token is not None and tokens.id_token is not None
    secrets = [
        tokens.access_token.get_secret_value(),
        tokens.refresh_token.get_secret_value(),
        tokens.id_token.get_secret_value(),
        "OFFLINE",
        dict(parse_qsl(login.url.split("?", 1)[1]))["client_secret"],
        dict(parse_qsl(esia.requests[0].content.decode()))["client_secret"],
    ]
    texts = [
        caplog.text,
        repr(tokens),
        str(tokens),
        repr(result),
        repr(login),
        repr(client),
        repr(client_config),
        str(err.value),
        repr(err.value.to_dict()),
        repr(signer.key),
    ]
    assert "client_secret=***" in caplog.text and "code=***" in caplog.text and "'authorization': '***'" in caplog.text
    for secret in secrets:
        for text in texts:
            assert secret not in text
    assert hex(signer.key.d)[2:] not in repr(client_config)


async def test_async_login_refresh_and_errors(client_config: EsiaConfig, esia: MiniEsia, E: Any) -> None:
    async with AsyncEsiaClient(client_config) as client:
        login = client.authorization_url(access_type="offline")
        result = await client.login({"code": "OFFLINE", "state": login.state}, login)
        assert result.person.snils == "112-233-445 95"
        refreshed = await client.refresh(result.tokens)
        assert refreshed.oid == E.OID
        assert (await client.get_contacts(E.OID, refreshed))[0].type == "EML"
        esia.token_status = [502]
        with pytest.raises(TransportError):
            await client.exchange_code("C1")
        with pytest.raises(AuthError) as err:
            await client.get_person(1, refreshed)
        assert err.value.code == "esia.api_not_found"


def test_callback_error_is_raised_before_any_request(client_config: EsiaConfig, esia: MiniEsia) -> None:
    with EsiaClient(client_config) as client:
        login = client.authorization_url()
        with pytest.raises(EsiaError) as err:
            client.login(
                {"error": "access_denied", "error_description": "ESIA-007004: отказ", "state": login.state}, login
            )
    assert err.value.code == "esia.007004" and esia.requests == []
