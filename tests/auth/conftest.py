"""Fixtures for the ESIA client tests: a GOST signer for the system, ESIA's own keys, a token minter."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

import pytest

from egisz_sdk.auth import EsiaConfig
from egisz_sdk.signature.gost.streebog import streebog256
from egisz_sdk.signature.jose import encode_jwt
from egisz_sdk.signature.keys import GostPrivateKey, generate_gost_key

#: A fixed "now" for deterministic tests: 2025-03-14 09:26:53 UTC.
NOW = datetime(2025, 3, 14, 9, 26, 53, tzinfo=timezone.utc)
ISSUER = "http://esia-portal1.test.gosuslugi.ru/"
CLIENT_ID = "MIS_TEST"
REDIRECT = "https://mis.example.test/esia/callback"
OID = 1000404445


class StubCertificate:
    """Enough of a certificate for the sans-IO core: DER bytes and their Streebog-256 thumbprint."""

    def __init__(self, der: bytes) -> None:
        self.der = der
        self.thumbprint_streebog256 = streebog256(der).hex().upper()


class RecordingSigner:
    """A GOST signer that records every message it signs."""

    algorithm = "GOST3410_2012_256"

    def __init__(self, key: GostPrivateKey, der: bytes = b"0\x03\x02\x01\x00-system-certificate") -> None:
        self.key = key
        self.certificate = StubCertificate(der)
        self.signed: list[bytes] = []

    def sign(self, data: bytes) -> bytes:
        self.signed.append(data)
        return self.key.sign(data)


@pytest.fixture(scope="session")
def E() -> SimpleNamespace:
    """The constants above, for test modules (conftest is not importable under ``--import-mode=importlib``)."""
    return SimpleNamespace(
        NOW=NOW, ISSUER=ISSUER, CLIENT_ID=CLIENT_ID, REDIRECT=REDIRECT, OID=OID, claims_for=claims_for
    )


@pytest.fixture(scope="session")
def system_key() -> GostPrivateKey:
    return generate_gost_key(random=random.Random(1))


@pytest.fixture(scope="session")
def esia_key() -> GostPrivateKey:
    return generate_gost_key(random=random.Random(2))


@pytest.fixture(scope="session")
def other_key() -> GostPrivateKey:
    return generate_gost_key(random=random.Random(3))


@pytest.fixture
def signer(system_key: GostPrivateKey) -> RecordingSigner:
    return RecordingSigner(system_key)


@pytest.fixture
def make_config(signer: RecordingSigner, esia_key: GostPrivateKey) -> Callable[..., EsiaConfig]:
    def make(**kw: Any) -> EsiaConfig:
        base: dict[str, Any] = {
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT,
            "signer": signer,
            "scopes": "openid fullname snils",
            "verification_keys": [esia_key.public_key()],
            "clock": lambda: NOW,
        }
        base.update(kw)
        return EsiaConfig(**base)

    return make


def claims_for(now: datetime = NOW, **overrides: Any) -> dict[str, Any]:
    t = int(now.timestamp())
    claims: dict[str, Any] = {
        "nbf": t,
        "exp": t + 3600,
        "iat": t,
        "iss": ISSUER,
        "urn:esia:sid": "5b6c9ee0-sid",
        "urn:esia:sbj_id": OID,
        "client_id": CLIENT_ID,
        "scope": f"openid?oid={OID} fullname?oid={OID} snils?oid={OID}",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.fixture
def mint(esia_key: GostPrivateKey) -> Callable[..., str]:
    """Mint an ESIA-shaped access token signed with ESIA's test key (or ``key=``); ``sbt="id"`` for an id token."""

    def make(
        key: Any = None, alg: str = "GOST3410_2012_256", now: datetime = NOW, sbt: str = "access", **overrides: Any
    ) -> str:
        header = {"ver": 1, "sbt": sbt}
        return encode_jwt(claims_for(now, **overrides), key or esia_key, alg=alg, headers=header)

    return make
