"""Token verification: signature (GOST and RS256), algorithm, key, issuer, audience, times, subject."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from egisz_sdk.auth import EsiaConfig, TokenError, subject_oid, verify_token
from egisz_sdk.auth.esia._tokens import clock_offset
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.signature.jose import b64url_encode


def test_valid_gost_token(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    claims = verify_token(mint(), make_config(), now=E.NOW)
    assert claims["urn:esia:sbj_id"] == E.OID and subject_oid(claims) == E.OID


def test_rotation_two_keys(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any, esia_key: Any, other_key: Any
) -> None:
    config = make_config(verification_keys=[other_key.public_key(), esia_key.public_key()])
    assert verify_token(mint(key=other_key), config, now=E.NOW)["iss"] == E.ISSUER
    assert verify_token(mint(), config, now=E.NOW)["iss"] == E.ISSUER


def test_rs256_token(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = make_config(verification_keys=[key.public_key()])
    assert verify_token(mint(key=key, alg="RS256"), config, now=E.NOW)["client_id"] == E.CLIENT_ID
    with pytest.raises(TokenError) as err:
        verify_token(
            mint(key=key, alg="RS256"),
            make_config(verification_keys=[key.public_key()], token_algorithms=("GOST3410_2012_256",)),
            now=E.NOW,
        )
    assert err.value.code == "esia.token.alg_not_allowed"


def test_wrong_key(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any, other_key: Any) -> None:
    with pytest.raises(TokenError) as err:
        verify_token(mint(key=other_key), make_config(), now=E.NOW)
    assert err.value.code == "esia.token.signature"


def test_unknown_key_for_algorithm(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(TokenError) as err:
        verify_token(mint(key=key, alg="RS256"), make_config(), now=E.NOW)  # only a GOST key configured
    assert err.value.code == "esia.token.unknown_key"


def _swap(token: str, **header: Any) -> str:
    import json

    _head, body, sig = token.split(".")
    new = b64url_encode(json.dumps({"typ": "JWT", **header}).encode())
    return ".".join((new, body, sig))


def test_alg_none_and_alg_swap(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    token = mint()
    with pytest.raises(TokenError) as err:
        verify_token(_swap(token, alg="none"), make_config(), now=E.NOW)
    assert err.value.code == "esia.token.alg_none"
    with pytest.raises(TokenError) as err:
        verify_token(_swap(token, alg="HS256"), make_config(), now=E.NOW)
    assert err.value.code == "esia.token.alg_not_allowed"
    with pytest.raises(TokenError) as err:  # RS256 header over a GOST signature, with only GOST keys known
        verify_token(_swap(token, alg="RS256"), make_config(), now=E.NOW)
    assert err.value.code == "esia.token.unknown_key"


def test_tampered_payload(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    head, _, sig = mint().split(".")
    forged = mint(urn_esia_x=1).split(".")[1]
    with pytest.raises(TokenError) as err:
        verify_token(f"{head}.{forged}.{sig}", make_config(), now=E.NOW)
    assert err.value.code == "esia.token.signature"


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c", "e30.e30"])
def test_malformed(make_config: Callable[..., EsiaConfig], E: Any, token: str) -> None:
    with pytest.raises(TokenError) as err:
        verify_token(token, make_config(), now=E.NOW)
    assert err.value.code == "esia.token.malformed"


def test_claim_checks(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    config = make_config()
    cases = [
        ({"iss": "http://evil.test/"}, "esia.token.issuer"),
        ({"iss": None}, "esia.token.claim_missing"),
        ({"client_id": "OTHER_MIS"}, "esia.token.audience"),
        ({"client_id": None}, "esia.token.claim_missing"),
        ({"exp": None}, "esia.token.claim_missing"),
        ({"exp": "tomorrow"}, "esia.token.malformed"),
        ({"urn:esia:sbj_id": None}, "esia.token.claim_missing"),
    ]
    for overrides, code in cases:
        with pytest.raises(TokenError) as err:
            verify_token(mint(**overrides), config, now=E.NOW)
        assert err.value.code == code, overrides
    # an id token names the client in "aud" (a string or a list)
    id_token = {"client_id": None, "scope": None, "sbt": "id"}
    assert verify_token(mint(**id_token, aud=E.CLIENT_ID), config, now=E.NOW, kind="id")
    assert verify_token(mint(**id_token, aud=["x", E.CLIENT_ID]), config, now=E.NOW, kind="id")


def test_times_with_leeway(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    config = make_config(leeway=30)
    token = mint()
    assert verify_token(token, config, now=E.NOW + timedelta(seconds=3600 + 29))
    with pytest.raises(TokenError) as err:
        verify_token(token, config, now=E.NOW + timedelta(seconds=3600 + 31))
    assert err.value.code == "esia.token.expired"
    assert verify_token(token, config, now=E.NOW - timedelta(seconds=29))
    with pytest.raises(TokenError) as err:
        verify_token(token, config, now=E.NOW - timedelta(seconds=31))
    assert err.value.code == "esia.token.not_yet_valid"
    with pytest.raises(TokenError) as err:
        verify_token(mint(nbf=None), config, now=E.NOW - timedelta(seconds=120))
    assert err.value.code == "esia.token.not_yet_valid" and err.value.field == "iat"


def test_v1_subject_form(make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any) -> None:
    token = mint(**{"urn:esia:sbj_id": None, "urn:esia:sbj": {"urn:esia:sbj:oid": str(E.OID)}})
    assert subject_oid(verify_token(token, make_config(), now=E.NOW)) == E.OID
    assert subject_oid({"urn:esia:sbj_id": True}) is None and subject_oid({"urn:esia:sbj_id": "x1"}) is None


def test_verification_cannot_be_turned_off(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    with pytest.raises(ConfigurationError) as err:
        verify_token(mint(), make_config(verification_keys=()), now=E.NOW)
    assert err.value.code == "esia.no_verification_keys"


def test_errors_do_not_contain_the_token(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any, other_key: Any
) -> None:
    token = mint(key=other_key)
    with pytest.raises(TokenError) as err:
        verify_token(token, make_config(), now=E.NOW)
    for part in token.split("."):
        assert part not in str(err.value) and part not in repr(err.value.to_dict())


def test_clock_offset_from_date_header(E: Any) -> None:
    assert clock_offset("Fri, 14 Mar 2025 09:31:53 GMT", E.NOW) == timedelta(minutes=5)
    assert clock_offset(None, E.NOW) is None and clock_offset("garbage", E.NOW) is None
