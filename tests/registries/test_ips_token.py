"""The IPS gateway token: format, caching, one re-issue on 401, thread/task safety, verification by OpenSSL."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from _gost_openssl import openssl
from egisz_sdk.auth import IPS_TEST_AUDIENCE, IpsTokenAuth
from egisz_sdk.errors import AuthError, ConfigurationError
from egisz_sdk.signature.jose import b64url_decode, decode_ips_token
from egisz_sdk.signature.keys import load_private_key
from egisz_sdk.signature.signers import OpenSslSigner, SoftwareSigner

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())


def signer(name: str = "gost256") -> SoftwareSigner:
    return SoftwareSigner(load_private_key(KEYS[name]["private_key"].encode()), KEYS[name]["certificate"].encode())


def _decode(token: str) -> tuple[dict[str, object], dict[str, object]]:
    """Verify the token's CMS against its x5c. The vector certificates are self-signed test certificates, so the
    chain check is skipped explicitly; the chain rule itself is tested in tests/signature/test_trust_required.py."""
    return decode_ips_token(token, insecure_skip_chain_check=True)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("name", ["gost256", "gost512"])
def test_token_shape_and_signature(name: str) -> None:
    auth = IpsTokenAuth(signer(name), "MIS-42", clock=Clock())
    header, claims = _decode(auth.token())
    assert header["alg"] == "ECGOST3410-2012" and len(header["x5c"]) == 1
    assert claims == {"sub": "MIS-42", "aud": IPS_TEST_AUDIENCE, "iat": 1_700_000_000, "exp": 1_700_000_300}


def test_only_gost_2012_keys_are_accepted() -> None:
    for name in ("rsa", "ec"):
        with pytest.raises(AuthError) as err:
            IpsTokenAuth(signer(name), "MIS")
        assert err.value.code == "gateway.key_not_gost"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lifetime": float("nan")}, "lifetime"),
        ({"lifetime": 5}, "lifetime"),
        ({"lifetime": 60, "refresh_margin": 60}, "refresh_margin"),
        ({"refresh_margin": -1}, "refresh_margin"),
        ({"audience": ""}, "audience"),
    ],
)
def test_settings_are_range_checked(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        IpsTokenAuth(signer(), "MIS", **kwargs)
    assert err.value.field == field
    with pytest.raises(ConfigurationError):
        IpsTokenAuth(signer(), "bad\nid")


def test_cached_until_the_refresh_margin() -> None:
    clock = Clock()
    auth = IpsTokenAuth(signer(), "MIS", clock=clock, lifetime=300, refresh_margin=30)
    first = auth.token()
    clock.now += 269
    assert auth.token() == first and auth.issued == 1
    clock.now += 2
    assert auth.token() != first and auth.issued == 2


def test_repr_and_headers_hide_the_token() -> None:
    auth = IpsTokenAuth(signer(), "MIS")
    token = auth.token()
    assert token not in repr(auth) and "MIS" in repr(auth)


def _handler(seen: list[str], refuse: int) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        if len(seen) <= refuse:
            return httpx.Response(401, json={"code": 401, "reasonPhrase": "Unauthorized"})
        return httpx.Response(200, json={"ok": True})

    return handle


def test_a_401_reissues_once_and_never_loops() -> None:
    auth = IpsTokenAuth(signer(), "MIS", clock=Clock())
    seen: list[str] = []
    with httpx.Client(transport=httpx.MockTransport(_handler(seen, 1)), auth=auth) as client:
        assert client.get("https://gw/x").status_code == 200
    assert len(seen) == 2 and seen[0] != seen[1] and seen[0].startswith("Bearer ")
    seen.clear()
    with httpx.Client(transport=httpx.MockTransport(_handler(seen, 10)), auth=auth) as client:
        assert client.get("https://gw/x").status_code == 401
    assert len(seen) == 2


async def test_async_flow_and_task_safety() -> None:
    auth = IpsTokenAuth(signer(), "MIS", clock=Clock())
    seen: list[str] = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(_handler(seen, 1)), auth=auth) as client:
        assert (await client.get("https://gw/x")).status_code == 200
    assert len(seen) == 2 and auth.issued == 2
    fresh = IpsTokenAuth(signer(), "MIS", clock=Clock())
    tokens = await asyncio.gather(*(fresh.atoken() for _ in range(20)))
    assert len(set(tokens)) == 1 and fresh.issued == 1


def test_thread_safety() -> None:
    auth = IpsTokenAuth(signer(), "MIS", clock=Clock())
    out: list[str] = []
    threads = [threading.Thread(target=lambda: out.append(auth.token())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(out)) == 1 and auth.issued == 1


def test_the_signature_verifies_with_openssl(tmp_path: Path) -> None:
    token = IpsTokenAuth(signer(), "MIS").token()
    head, body, sig = token.split(".")
    (tmp_path / "data").write_bytes(f"{head}.{body}".encode())
    (tmp_path / "sig.der").write_bytes(b64url_decode(sig))
    cert = base64.b64decode(json.loads(b64url_decode(head))["x5c"][0])
    (tmp_path / "cert.der").write_bytes(cert)
    r = openssl("x509", "-inform", "DER", "-in", "cert.der", "-out", "cert.pem", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = openssl(
        "cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", "sig.der",
        "-content", "data", "-certfile", "cert.pem", "-noverify", "-out", "/dev/null",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    (tmp_path / "data").write_bytes(f"{head}.{body}x".encode())
    r = openssl(
        "cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", "sig.der",
        "-content", "data", "-certfile", "cert.pem", "-noverify", "-out", "/dev/null",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode != 0


def test_works_with_the_openssl_signer(tmp_path: Path) -> None:
    from _gost_openssl import require_gost_engine

    require_gost_engine()
    key = tmp_path / "k.pem"
    key.write_text(KEYS["gost256"]["private_key"])
    auth = IpsTokenAuth(OpenSslSigner(key, KEYS["gost256"]["certificate"].encode()), "MIS")
    _, claims = _decode(auth.token())
    assert claims["sub"] == "MIS"


class _TokenKey:
    """A python-pkcs11 private key stand-in on a GOST token (SoftHSM has no GOST): ``s || r`` like a Rutoken."""

    def __init__(self, name: str) -> None:
        self._key = load_private_key(KEYS[name]["private_key"].encode())

    def sign(self, data: bytes, *, mechanism: Any) -> bytes:
        result: bytes = self._key.sign(data)
        return result


def test_works_with_a_pkcs11_signer(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pkcs11")
    from egisz_sdk.signature.signers import Pkcs11Signer

    signer = Pkcs11Signer("/no/such/lib.so", token_label="t", pin="1234", certificate=KEYS["gost256"]["certificate"])
    session = type("Session", (), {"close": lambda self: None})()
    monkeypatch.setattr(signer, "_load", lambda pkcs11: object())
    monkeypatch.setattr(signer, "_token", lambda pkcs11, lib: object())
    monkeypatch.setattr(signer, "_open", lambda pkcs11, token: session)
    monkeypatch.setattr(signer, "_private_key", lambda pkcs11, s: _TokenKey("gost256"))
    _, claims = _decode(IpsTokenAuth(signer, "MIS").token())
    assert claims["sub"] == "MIS"


def test_works_with_the_cryptopro_signer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import sys

    from _gost_openssl import require_gost_engine
    from egisz_sdk.signature import certificate_der
    from egisz_sdk.signature.signers import CryptoProSigner

    require_gost_engine()
    fake = Path(__file__).resolve().parents[1] / "tools" / "fake_cryptopro.py"
    for tool in ("cryptcp", "csptest"):
        wrapper = tmp_path / tool
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{fake}" {tool} "$@"\n')
        wrapper.chmod(0o755)
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    key.write_text(KEYS["gost256"]["private_key"])
    cert.write_text(KEYS["gost256"]["certificate"])
    thumb = hashlib.sha1(certificate_der(KEYS["gost256"]["certificate"].encode())).hexdigest()
    container = "\\\\.\\HDIMAGE\\gw"
    entry = {"cert": str(cert), "key": str(key), "alg": "GOST12_256", "pin": None}
    store = {"certificates": {thumb: entry}, "containers": {container: entry}, "reverse": True,
             "log": str(tmp_path / "argv.jsonl")}  # fmt: skip
    (tmp_path / "store.json").write_text(json.dumps(store))
    monkeypatch.setenv("FAKE_CRYPTOPRO_STORE", str(tmp_path / "store.json"))
    signer = CryptoProSigner(
        thumb,
        certificate=KEYS["gost256"]["certificate"].encode(),
        cryptcp=str(tmp_path / "cryptcp"),
        csptest=str(tmp_path / "csptest"),
        container=container,
        timeout=30.0,
    )
    _, claims = _decode(IpsTokenAuth(signer, "MIS").token())
    assert claims["sub"] == "MIS"


def test_registry_client_sends_verified_tokens_and_never_logs_them(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from egisz_sdk.errors import RegistryUnauthorized
    from egisz_sdk.frmr import FrmrClient, frmr_config

    tokens: list[str] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        _decode(token)  # a forged or broken token would raise here
        tokens.append(token)
        return httpx.Response(401, json={"timestamp": "t", "code": 401, "reasonPhrase": "Unauthorized"})

    config = frmr_config(
        "https://gw.test/x/", signer=signer(), system_id="MIS", transport=httpx.MockTransport(gateway), rate=None
    )
    with caplog.at_level(logging.DEBUG), FrmrClient(config) as client, pytest.raises(RegistryUnauthorized) as err:
        client.person.get(mo="1.2.643.5.1.13.13.12.2.77.7800", snils="11223344595")
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert err.value.registry_code == 401 and err.value.operation == "frmr.person.get"
    assert all(t not in caplog.text and t[:40] not in caplog.text for t in tokens)


def test_one_auth_serves_several_event_loops() -> None:
    clock = Clock()
    auth = IpsTokenAuth(signer(), "MIS", clock=clock)

    async def many() -> set[str]:
        return set(await asyncio.gather(*(auth.atoken() for _ in range(5))))

    first = asyncio.run(many())
    clock.now += 400  # expired: the next loop must sign again, under its own lock
    second = asyncio.run(many())
    assert len(first) == len(second) == 1 and first != second and auth.issued == 2
