"""The sans-IO core: exact signed strings per protocol, parameter sets, encodings, error parsing."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from egisz_sdk.auth import EsiaConfig, format_timestamp, org_scopes, parse_callback
from egisz_sdk.auth.esia import _protocol as proto
from egisz_sdk.errors import AuthError, ConfigurationError, EsiaError, TransportError

TS = "2025.03.14 09:26:53 +0000"
NOW = datetime(2025, 3, 14, 9, 26, 53, tzinfo=timezone.utc)  # the conftest's fixed clock
CLIENT_ID = "MIS_TEST"
REDIRECT = "https://mis.example.test/esia/callback"


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_timestamp_format_and_offsets() -> None:
    assert format_timestamp(NOW) == TS
    msk = datetime(2013, 1, 25, 14, 36, 11, tzinfo=timezone(timedelta(hours=4)))
    assert format_timestamp(msk) == "2013.01.25 14:36:11 +0400"
    assert format_timestamp(datetime(2020, 1, 2, 3, 4, 5)) == "2020.01.02 03:04:05 +0000"


def test_v2_authorization_url_parameters_and_signed_string(make_config: Callable[..., EsiaConfig], signer: Any) -> None:
    config = make_config()
    req = proto.authorization_request(config, now=NOW, state="3f1c6c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
    assert req.url.startswith("https://esia-portal1.test.gosuslugi.ru/aas/oauth2/v2/ac?")
    q = query(req.url)
    assert list(q) == [
        "client_id",
        "client_secret",
        "redirect_uri",
        "scope",
        "response_type",
        "state",
        "timestamp",
        "access_type",
        "client_certificate_hash",
    ]
    assert q["scope"] == "openid fullname snils" and q["response_type"] == "code" and q["access_type"] == "online"
    assert q["timestamp"] == TS and req.timestamp == TS
    assert q["client_certificate_hash"] == signer.certificate.thumbprint_streebog256
    assert len(q["client_certificate_hash"]) == 64 and q["client_certificate_hash"].isupper()
    expected = CLIENT_ID + "openid fullname snils" + TS + req.state + REDIRECT
    assert signer.signed == [expected.encode()]
    secret = q["client_secret"]
    assert "=" not in secret and "+" not in secret and "/" not in secret
    signer.key.public_key().verify(expected.encode(), unb64(secret))
    assert len(unb64(secret)) == 64


def test_url_encoding_of_timestamp_plus_and_spaces(make_config: Callable[..., EsiaConfig]) -> None:
    msk = datetime(2013, 1, 25, 14, 36, 11, tzinfo=timezone(timedelta(hours=4)))
    req = proto.authorization_request(make_config(), now=msk, state="s")
    raw = urlsplit(req.url).query
    assert "timestamp=2013.01.25%2014%3A36%3A11%20%2B0400" in raw
    assert "scope=openid%20fullname%20snils" in raw
    assert "redirect_uri=https%3A%2F%2Fmis.example.test%2Fesia%2Fcallback" in raw
    assert "+" not in raw


def test_v2_with_scope_org_signs_it_between_scope_and_timestamp(
    make_config: Callable[..., EsiaConfig], signer: Any
) -> None:
    req = proto.authorization_request(
        make_config(),
        now=NOW,
        state="st",
        scopes=["openid", "usr_org"],
        scope_org="org_inn org_emps",
        access_type="offline",
    )
    q = query(req.url)
    assert q["scope_org"] == "org_inn org_emps" and q["access_type"] == "offline"
    assert signer.signed[-1] == (CLIENT_ID + "openid usr_org" + "org_inn org_emps" + TS + "st" + REDIRECT).encode()
    assert org_scopes(["org_inn", "org_emps"], 1000299353) == (
        "org_inn?org_oid=1000299353",
        "org_emps?org_oid=1000299353",
    )


def test_v1_authorization_url_and_signed_string(make_config: Callable[..., EsiaConfig]) -> None:
    config = make_config(protocol="v1")
    assert proto.secret_string(config, scope="openid", timestamp=TS, state="st") == "openid" + TS + CLIENT_ID + "st"
    with pytest.raises(ConfigurationError) as err:
        proto.authorization_request(config, now=NOW, scope_org="org_inn")
    assert err.value.code == "esia.scope_org_v1"


def test_v3_token_request_form_and_signed_string(make_config: Callable[..., EsiaConfig], signer: Any) -> None:
    prepared = proto.token_request(make_config(), "CODE-123", now=NOW, state="new-state")
    request = prepared.request
    assert request.method == "POST"
    # relative: the shared HTTP layer adds ESIA's base URL and User-Agent from HttpConfig
    assert str(request.url) == "/aas/oauth2/v3/te" and "user-agent" not in request.headers
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.extensions["egisz_idempotent"] is False
    form = dict(parse_qsl(request.content.decode()))
    assert set(form) == {
        "client_id",
        "code",
        "grant_type",
        "client_secret",
        "state",
        "redirect_uri",
        "scope",
        "timestamp",
        "token_type",
        "client_certificate_hash",
    }
    assert form["grant_type"] == "authorization_code" and form["token_type"] == "Bearer"
    assert form["state"] == "new-state" == prepared.state and form["code"] == "CODE-123"
    expected = CLIENT_ID + "openid fullname snils" + TS + "new-state" + REDIRECT + "CODE-123"
    assert signer.signed == [expected.encode()]
    signer.key.public_key().verify(expected.encode(), unb64(form["client_secret"]))
    assert b"%2B0000" in request.content  # "+" of the offset form-encoded as %2B


def test_token_request_gets_a_fresh_state_each_time(make_config: Callable[..., EsiaConfig]) -> None:
    config = make_config()
    a = proto.token_request(config, "c", now=NOW)
    b = proto.token_request(config, "c", now=NOW)
    assert a.state != b.state and len(a.state) == 36 and a.state[14] == "4"


def test_refresh_request_signs_as_v2_ac(make_config: Callable[..., EsiaConfig], signer: Any) -> None:
    prepared = proto.refresh_request(make_config(), "RT-9", now=NOW, state="rs")
    form = dict(parse_qsl(prepared.request.content.decode()))
    assert form["grant_type"] == "refresh_token" and form["refresh_token"] == "RT-9" and "code" not in form
    assert signer.signed == [(CLIENT_ID + "openid fullname snils" + TS + "rs" + REDIRECT).encode()]


def test_v1_token_endpoint_has_no_certificate_hash(make_config: Callable[..., EsiaConfig]) -> None:
    config = make_config(protocol="v1")
    assert proto.TE_PATH["v1"] == "/aas/oauth2/te" and proto.AC_PATH["v1"] == "/aas/oauth2/ac"
    assert (
        proto.secret_string(config, scope="openid", timestamp=TS, state="s", code="c")
        == "openid" + TS + CLIENT_ID + "s"
    )


def test_logout_url_uses_redirect_url(make_config: Callable[..., EsiaConfig]) -> None:
    url = proto.logout_url(make_config(), "https://mis.example.test/bye")
    assert url.startswith("https://esia-portal1.test.gosuslugi.ru/idp/ext/Logout?")
    assert query(url) == {"client_id": CLIENT_ID, "redirect_url": "https://mis.example.test/bye"}
    assert "redirect_uri" not in url


def test_certificate_hash_from_der_or_pem_bytes(make_config: Callable[..., EsiaConfig], system_key: Any) -> None:
    from egisz_sdk.signature.gost.streebog import streebog256

    der = b"0\x82\x01\x00fake-der"
    pem = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"

    class BytesSigner:
        algorithm = "GOST3410_2012_256"

        def __init__(self, cert: bytes) -> None:
            self.certificate = cert

        def sign(self, data: bytes) -> bytes:
            return bytes(64)

    for cert in (der, pem):
        config = make_config(signer=BytesSigner(cert))
        assert proto.certificate_hash(config) == streebog256(der).hex().upper()


def test_environments_and_issuers(make_config: Callable[..., EsiaConfig]) -> None:
    prod = make_config(environment="production")
    assert prod.base_url == "https://esia.gosuslugi.ru" and prod.expected_issuer == "http://esia.gosuslugi.ru/"
    test = make_config()
    assert test.expected_issuer == "http://esia-portal1.test.gosuslugi.ru/"
    fake = make_config(environment="http://127.0.0.1:8080/")
    assert fake.base_url == "http://127.0.0.1:8080" and fake.expected_issuer == "http://127.0.0.1:8080/"
    assert make_config(environment="http://x.test", issuer="http://iss/").expected_issuer == "http://iss/"
    for bad in ({"environment": "staging"}, {"client_id": "has space"}, {"redirect_uri": "/relative"}):
        with pytest.raises(ConfigurationError):
            make_config(**bad)


# ------------------------------------------------------------------- callback


def test_callback_success_and_state_check() -> None:
    result = parse_callback(f"{REDIRECT}?code=C-1&state=abc", "abc")
    assert result.code == "C-1" and result.state == "abc" and "C-1" not in repr(result)
    assert parse_callback({"code": ["C-2"], "state": ["abc"]}, "abc").code == "C-2"
    assert parse_callback("code=C-3&state=abc", "abc").code == "C-3"
    with pytest.raises(AuthError) as err:
        parse_callback(f"{REDIRECT}?code=C-1&state=forged", "abc")
    assert err.value.code == "esia.state_mismatch"
    for bad in (f"{REDIRECT}?code=C-1", f"{REDIRECT}?state=abc"):
        with pytest.raises(AuthError) as err:
            parse_callback(bad, "abc")
        assert err.value.code == "esia.callback_invalid"


@pytest.mark.parametrize(
    ("error", "description", "code"),
    [
        ("access_denied", "ESIA-007004: Владелец ресурса отклонил запрос", "esia.007004"),
        (
            "invalid_request",
            "ESIA-007014: Запрос не содержит обязательного параметра [client_certificate_hash]",
            "esia.007014",
        ),
        ("invalid_client", "ESIA-007053: client_secret сформирован некорректно", "esia.007053"),
        ("unauthorized_client", "ESIA-007005: ...", "esia.007005"),
        ("invalid_scope", "ESIA-007194: org", "esia.007194"),
        ("server_error", "ESIA-099999: что-то новое", "esia.error"),
        ("access_denied", None, "esia.error"),
    ],
)
def test_callback_errors(error: str, description: str | None, code: str) -> None:
    params = {"error": error, "state": "abc"}
    if description is not None:
        params["error_description"] = description
    with pytest.raises(EsiaError) as err:
        parse_callback(params, "abc")
    assert err.value.code == code
    if description:
        assert err.value.esia_code == description.split(":")[0]
        assert err.value.params["description"] == description.split(": ", 1)[1]
    assert err.value.params["source"] == "callback"
    assert "ЕСИА" in err.value.message_ru


# ------------------------------------------------------------------- token endpoint answers


def resp(
    status: int, body: Any = None, *, content: bytes | None = None, ctype: str = "application/json"
) -> httpx.Response:
    request = httpx.Request("POST", "https://esia.test/aas/oauth2/v3/te")
    data = content if content is not None else json.dumps(body).encode()
    return httpx.Response(status, content=data, headers={"content-type": ctype}, request=request)


def test_token_response_parsed_and_state_checked() -> None:
    ok = {
        "access_token": "AT",
        "id_token": "IT",
        "refresh_token": "RT",
        "state": "s1",
        "token_type": "Bearer",
        "expires_in": 3600,
    }
    raw = proto.parse_token_response(resp(200, ok), "s1")
    assert raw.access_token == "AT" and raw.refresh_token == "RT" and raw.expires_in == 3600
    assert "AT" not in repr(raw) and "RT" not in repr(raw)
    with pytest.raises(AuthError) as err:
        proto.parse_token_response(resp(200, {**ok, "state": "other"}), "s1")
    assert err.value.code == "esia.state_mismatch" and err.value.params["where"] == "token"
    with pytest.raises(AuthError) as err:
        proto.parse_token_response(resp(200, {k: v for k, v in ok.items() if k != "state"}), "s1")
    assert err.value.code == "esia.state_mismatch"
    with pytest.raises(AuthError) as err:
        proto.parse_token_response(resp(200, {"state": "s1"}), "s1")
    assert err.value.code == "esia.token_response_invalid"


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (400, {"error": "invalid_grant", "error_description": "ESIA-007011: код недействителен"}, "esia.007011"),
        (400, {"error": "invalid_request", "error_description": "ESIA-007014: ... [state, client_id]"}, "esia.007014"),
        (401, {"error": "invalid_client", "error_description": "ESIA-007053: client_secret"}, "esia.007053"),
        (400, {"error": "invalid_request", "error_description": "ESIA-007015: Неверное время запроса"}, "esia.007015"),
        (400, {"error": "invalid_request"}, "esia.error"),
    ],
)
def test_token_endpoint_errors(status: int, body: dict[str, str], code: str) -> None:
    with pytest.raises(EsiaError) as err:
        proto.parse_token_response(resp(status, body), "s1")
    assert err.value.code == code and err.value.params["status"] == status and err.value.params["source"] == "token"


@pytest.mark.parametrize(
    ("status", "content", "ctype", "code"),
    [
        (200, "<html>Госуслуги: технические работы</html>".encode(), "text/html", "transport.bad_json"),
        (200, b"\x00\x01garbage", "application/json", "transport.bad_json"),
        (502, b"<html>Bad Gateway</html>", "text/html", "transport.status"),
        (503, b"", "text/plain", "transport.status"),
        (400, b"<html>400</html>", "text/html", "transport.status"),
    ],
)
def test_token_endpoint_non_json(status: int, content: bytes, ctype: str, code: str) -> None:
    with pytest.raises(TransportError) as err:
        proto.parse_token_response(resp(status, content=content, ctype=ctype), "s1")
    assert err.value.code == code


def test_person_requests_and_collections(make_config: Callable[..., EsiaConfig]) -> None:
    config = make_config()
    request = proto.person_request(config, 1000404445, "AT", embed=["contacts", "documents"])
    assert request.url.path == "/rs/prns/1000404445"
    assert request.url.query == b"embed=(contacts.elements,documents.elements)"
    assert request.headers["authorization"] == "Bearer AT"
    coll = proto.collection_request(config, 5, "AT", "contacts")
    assert coll.url.path == "/rs/prns/5/ctts" and coll.url.query == b"embed=(elements)"
    assert proto.collection_request(config, 5, "AT", "organizations").url.path == "/rs/prns/5/orgs"
    assert proto.organization_request(config, 77, "AT").url.path == "/rs/orgs/77"
    with pytest.raises(ConfigurationError):
        proto.collection_request(config, 5, "AT", "secrets")

    body = {
        "stateFacts": ["hasSize"],
        "size": 2,
        "elements": [
            {"type": "EML", "vrfStu": "VERIFIED", "value": "a@b.test", "id": 1},
            {"type": "MBT", "vrfStu": "NOT_VERIFIED", "value": "+7(900)0000000", "id": 2, "future": "kept"},
        ],
    }
    contacts = proto.parse_collection(httpx.Response(200, json=body, request=coll), "contacts")
    assert contacts.size == 2 and [c.type for c in contacts.items] == ["EML", "MBT"]
    assert contacts.items[0].verified and not contacts.items[1].verified
    assert contacts.items[1].model_extra == {"future": "kept"}
    links = proto.parse_collection(
        httpx.Response(200, json={"stateFacts": [], "size": 1, "elements": ["https://esia/rs/prns/5/ctts/1"]}),
        "contacts",
    )
    assert links.links == ["https://esia/rs/prns/5/ctts/1"] and links.items == []

    person_body = {
        "firstName": "Иван",
        "lastName": "Петров",
        "middleName": "Сергеевич",
        "birthDate": "01.02.1980",
        "snils": "112-233-445 95",
        "trusted": True,
        "contacts": body,
    }
    person = proto.parse_person(httpx.Response(200, json=person_body, request=request), 1000404445)
    assert person.oid == 1000404445 and person.full_name == "Петров Иван Сергеевич"
    assert person.contacts is not None and person.contacts.items[0].value == "a@b.test"


@pytest.mark.parametrize(
    ("status", "code"), [(401, "esia.api_unauthorized"), (403, "esia.api_unauthorized"), (404, "esia.api_not_found")]
)
def test_person_api_errors(status: int, code: str) -> None:
    with pytest.raises(AuthError) as err:
        proto.parse_person(httpx.Response(status, json={}))
    assert err.value.code == code


def test_module_constants_match_the_fixtures(E: Any) -> None:
    assert (E.NOW, E.CLIENT_ID, E.REDIRECT) == (NOW, CLIENT_ID, REDIRECT)
    assert format_timestamp(E.NOW) == TS
