"""Token checks that once let a wrong token through, each with the regression test that failed before:

* access and id tokens were interchangeable (``verify_token(id_token, kind="access")`` passed, ``login()`` took an
  id token as the access token) — ESIA's ``sbt`` marking and each kind's audience claim are now checked;
* an answer without ``id_token`` was accepted although ``openid`` was requested;
* an id token for another user was reported as an audience problem — it is ``esia.token.subject``;
* ``exp`` = NaN / Infinity / 1e300 never expired, ``exp`` = -1e300 or ``nbf`` = 1e300 raised a bare OverflowError;
* ``leeway=nan`` switched the expiry check off, and ``inf`` / ``1e12`` / ``timeout=nan`` were accepted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from egisz_sdk.auth import EsiaClient, EsiaConfig, TokenError, verify_token
from egisz_sdk.errors import ConfigurationError

ID_TOKEN = {"client_id": None, "scope": None, "sbt": "id", "urn:esia:sbj_id": None}


def _code(call: Callable[[], Any]) -> str:
    with pytest.raises(TokenError) as info:
        call()
    return info.value.code


def test_an_id_token_is_not_an_access_token_nor_the_reverse(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    config = make_config()
    id_token = mint(**ID_TOKEN, aud=E.CLIENT_ID, sub=E.OID)
    access = mint()
    assert verify_token(id_token, config, now=E.NOW, kind="id")["aud"] == E.CLIENT_ID
    assert _code(lambda: verify_token(id_token, config, now=E.NOW, kind="access")) == "esia.token.kind"
    assert _code(lambda: verify_token(access, config, now=E.NOW, kind="id")) == "esia.token.kind"
    # without the sbt marking the claims decide: "aud" only is an id token, "client_id" only an access token
    unmarked_id = mint(client_id=None, scope=None, sbt=None, aud=E.CLIENT_ID)
    assert _code(lambda: verify_token(unmarked_id, config, now=E.NOW, kind="access")) == "esia.token.kind"
    # an access token may not borrow the id token's audience claim
    borrowed = mint(client_id=None, aud=E.CLIENT_ID)  # marked access, audience only in "aud"
    assert _code(lambda: verify_token(borrowed, config, now=E.NOW, kind="access")) == "esia.token.claim_missing"


class SwappingEsia:
    """A token endpoint that answers with the tokens it is told to (to play a swapped or incomplete answer)."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        return httpx.Response(200, json={**self.body, "state": form["state"], "token_type": "Bearer"})


def _login(config: EsiaConfig, body: dict[str, Any]) -> str:
    config = EsiaConfig(**{**_fields(config), "transport": httpx.MockTransport(SwappingEsia(body))})
    with EsiaClient(config) as client:
        request = client.authorization_url()
        with pytest.raises(TokenError) as info:
            client.login({"code": "C", "state": request.state}, request)
    return info.value.code


def _fields(config: EsiaConfig) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(config, f.name) for f in attrs.fields(EsiaConfig)}


def test_login_refuses_an_id_token_in_the_access_token_slot(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    id_token = mint(**ID_TOKEN, aud=E.CLIENT_ID, sub=E.OID)
    assert _login(make_config(), {"access_token": id_token, "id_token": id_token}) == "esia.token.kind"
    access = mint()
    assert _login(make_config(), {"access_token": access, "id_token": access}) == "esia.token.kind"


def test_an_openid_login_without_an_id_token_is_refused(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    assert _login(make_config(), {"access_token": mint()}) == "esia.token.id_token_missing"


def test_an_id_token_of_another_user_is_a_subject_mismatch(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    stranger = mint(**ID_TOKEN, aud=E.CLIENT_ID, sub=E.OID + 1)
    assert _login(make_config(), {"access_token": mint(), "id_token": stranger}) == "esia.token.subject"


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("exp", math.nan),
        ("exp", math.inf),
        ("exp", 1e300),
        ("exp", -1e300),
        ("exp", 1.5e9),
        ("exp", 10**20),
        ("exp", True),
        ("nbf", 1e300),
        ("nbf", -math.inf),
        ("iat", math.nan),
    ],
    ids=repr,
)
def test_time_claims_must_be_integers_in_range(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any, claim: str, value: Any
) -> None:
    token = mint(**{claim: value})
    assert _code(lambda: verify_token(token, make_config(), now=E.NOW)) == "esia.token.malformed"


def test_a_correct_token_still_expires(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    token = mint()
    later = E.NOW + timedelta(days=365)
    assert _code(lambda: verify_token(token, make_config(), now=later)) == "esia.token.expired"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("leeway", math.nan),
        ("leeway", math.inf),
        ("leeway", 1e12),
        ("leeway", -1),
        ("timeout", math.nan),
        ("timeout", math.inf),
        ("timeout", 0),
        ("timeout", 1e12),
    ],
    ids=repr,
)
def test_numeric_settings_are_finite_and_in_range(
    make_config: Callable[..., EsiaConfig], field: str, value: float
) -> None:
    with pytest.raises(ConfigurationError) as info:
        make_config(**{field: value})
    assert info.value.code == "config.invalid" and info.value.field == field


@pytest.mark.parametrize("sbt", [["access"], {"a": 1}, 1, "ACCESS"], ids=repr)
def test_a_strange_sbt_marking_is_a_kind_mismatch_not_a_crash(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any, sbt: Any
) -> None:
    assert _code(lambda: verify_token(mint(sbt=sbt), make_config(), now=E.NOW)) == "esia.token.kind"


def test_huge_numbers_from_esia_are_typed_errors(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    huge = "9" * 5000  # int() refuses more than 4300 digits with a bare ValueError
    token = mint(**{"urn:esia:sbj_id": huge})
    assert _code(lambda: verify_token(token, make_config(), now=E.NOW)) == "esia.token.claim_missing"
    for expires_in in (huge, 10**12, -5, 3600.5, True):
        body = {"access_token": mint(), "id_token": mint(**ID_TOKEN, aud=E.CLIENT_ID, sub=E.OID)}
        body["expires_in"] = expires_in
        config = EsiaConfig(**{**_fields(make_config()), "transport": httpx.MockTransport(SwappingEsia(body))})
        with EsiaClient(config) as client:
            tokens = client.exchange_code("C", request=client.authorization_url())
            assert tokens.expires_in is None and tokens.expires_at is not None  # from the verified exp instead
    with EsiaClient(make_config()) as client:
        for oid in (huge, 10**5000, 2**63):
            with pytest.raises(ConfigurationError):
                client.get_person(oid, "AT")
