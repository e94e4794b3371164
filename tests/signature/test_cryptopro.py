"""CryptoProSigner against a stand-in ``cryptcp`` / ``csptest`` (tests/tools/fake_cryptopro.py) backed by OpenSSL
with gost-engine. The stand-in accepts only the documented command lines and writes raw signatures byte-reversed,
as CryptoPro does; the signer must reverse them back, and refuses output that does not verify."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from _gost_openssl import require_gost_engine
from _support import VECTORS
from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature import sign_cms, verify_cms
from egisz_sdk.signature._algorithms import certificate_der, public_key_of
from egisz_sdk.signature.signers import CryptoProSigner, Signer, verified

pytestmark = pytest.mark.interop

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
FAKE = Path(__file__).parent.parent / "tools" / "fake_cryptopro.py"
DATA = b"cryptopro signer test\n"
PIN = "4826-pin"
ALGS = {"gost256": "GOST12_256", "gost512": "GOST12_512", "rsa": "RSA"}


def thumbprint(name: str) -> str:
    return hashlib.sha1(certificate_der(KEYS[name]["certificate"].encode())).hexdigest()


def container(name: str) -> str:
    return f"\\\\.\\HDIMAGE\\{name}"


class World:
    """The stand-in tools, their store (certificates, containers, PINs) and the log of command lines."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        bin_dir = root / "bin"
        bin_dir.mkdir()
        for tool in ("cryptcp", "csptest"):
            wrapper = bin_dir / tool
            wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" {tool} "$@"\n')
            wrapper.chmod(0o755)
        self.cryptcp, self.csptest = str(bin_dir / "cryptcp"), str(bin_dir / "csptest")
        self.log = root / "argv.jsonl"
        self.store: dict[str, Any] = {"certificates": {}, "containers": {}, "reverse": True, "log": str(self.log)}
        for name in ALGS:
            key, cert = root / f"{name}.key.pem", root / f"{name}.cert.pem"
            key.write_text(KEYS[name]["private_key"])
            cert.write_text(KEYS[name]["certificate"])
            pin = PIN if name == "gost256" else None
            entry = {"cert": str(cert), "key": str(key), "alg": ALGS[name], "pin": pin}
            self.store["certificates"][thumbprint(name)] = entry
            self.store["containers"][container(name)] = entry
        self.path = root / "store.json"
        self.save()
        monkeypatch.setenv("FAKE_CRYPTOPRO_STORE", str(self.path))

    def save(self) -> None:
        self.path.write_text(json.dumps(self.store))

    def signer(self, name: str, **overrides: Any) -> CryptoProSigner:
        options: dict[str, Any] = {
            "certificate": KEYS[name]["certificate"].encode(),
            "cryptcp": self.cryptcp,
            "csptest": self.csptest,
            "pin": PIN if name == "gost256" else None,
            "container": container(name),
            "timeout": 30.0,
        }
        options.update(overrides)
        return CryptoProSigner(thumbprint(name), **options)

    def calls(self) -> list[list[str]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    require_gost_engine()
    return World(tmp_path, monkeypatch)


@pytest.mark.parametrize("name", ["gost256", "gost512", "rsa"])
def test_detached_cms_through_cryptcp(world: World, name: str) -> None:
    s = world.signer(name)
    assert isinstance(s, Signer)
    cms = sign_cms(DATA, s)
    report = verify_cms(cms, DATA, insecure_skip_chain_check=True)
    assert report.valid and report.signers[0].certificate_der == certificate_der(s.certificate)
    (call,) = world.calls()
    pin = ["-pin", PIN] if name == "gost256" else []
    expected = ["cryptcp", "-signf", "-detached", "-der", "-cert", "-thumbprint", thumbprint(name), *pin, "-dir"]
    assert call[: len(expected)] == expected
    assert len(call) == len(expected) + 2 and call[-1].endswith("data.bin")


@pytest.mark.parametrize("name", ["gost256", "gost512"])
def test_attached_cms_through_csptest(world: World, name: str) -> None:
    cms = sign_cms(DATA, world.signer(name), detached=False)
    assert verify_cms(cms, insecure_skip_chain_check=True).content == DATA
    (call,) = world.calls()
    assert call[:5] == ["csptest", "-sfsign", "-sign", "-add", "-addsigtime"]
    assert call[call.index("-my") + 1] == thumbprint(name)


@pytest.mark.parametrize(("name", "size"), [("gost256", 64), ("gost512", 128)])
def test_raw_signature_is_reversed_back(world: World, name: str, size: int) -> None:
    s = world.signer(name)
    signature = verified(s).sign(DATA)
    assert len(signature) == size
    assert public_key_of(s.certificate).is_valid(DATA, signature)
    # the tool's own bytes are the reverse, and do not verify as they are
    assert not public_key_of(s.certificate).is_valid(DATA, signature[::-1])
    (call,) = world.calls()
    pin = ["-password", PIN] if name == "gost256" else []
    head = ["csptest", "-keys", "-cont", container(name), "-sign", "GOST12_256" if size == 64 else "GOST12_512"]
    assert call[:8] == [*head, "-keytype", "exchange"]
    assert call[8] == "-in" and call[10] == "-out" and call[12:] == pin


def test_jws_with_cryptopro_signer(world: World) -> None:
    from egisz_sdk.signature import decode_jwt, encode_jwt

    s = world.signer("gost256")
    token = encode_jwt({"sub": "x"}, s, "GOST3410_2012_256")
    _header, claims = decode_jwt(token, keys=[s.certificate], algorithms=["GOST3410_2012_256"])
    assert claims["sub"] == "x"


def test_stand_in_that_does_not_reverse_is_refused(world: World) -> None:
    world.store["reverse"] = False
    world.save()
    s = world.signer("gost256")
    with pytest.raises(SignatureError) as info:
        s.sign(DATA)
    assert info.value.code == "signer.bad_output"
    with pytest.raises(SignatureError) as info:
        verified(s).sign(DATA)
    assert info.value.code == "signer.bad_output"
    with pytest.raises(SignatureError) as info:  # with a signing time the SDK builds the CMS from raw signatures
        import datetime as dt

        sign_cms(DATA, s, signing_time=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert info.value.code == "signer.bad_output"


def test_cms_of_another_key_is_refused(world: World) -> None:
    # the store maps our thumbprint to another key and certificate: the CMS verifies but is not ours
    world.store["certificates"][thumbprint("gost256")] = world.store["certificates"][thumbprint("gost512")]
    world.save()
    with pytest.raises(SignatureError) as info:
        sign_cms(DATA, world.signer("gost256"))
    assert info.value.code == "signer.bad_output"


@pytest.mark.parametrize("mode", ["raw", "detached", "attached"])
def test_wrong_pin_never_leaks(world: World, mode: str) -> None:
    wrong = "0000-wrong-pin"
    s = world.signer("gost256", pin=wrong)
    assert wrong not in repr(s) and "hidden" in repr(s)
    with pytest.raises(SignatureError) as info:
        s.sign(DATA) if mode == "raw" else s.sign_cms(DATA, detached=mode == "detached")
    err = info.value
    assert err.code == "signer.pin"
    assert err.__cause__ is None and err.__context__ is None
    assert not any(wrong in text for text in (str(err), repr(err), json.dumps(err.to_dict())))


def test_missing_certificate_or_container(world: World) -> None:
    del world.store["certificates"][thumbprint("gost512")]
    del world.store["containers"][container("gost512")]
    world.save()
    s = world.signer("gost512")
    for call in (lambda: s.sign_cms(DATA), lambda: s.sign_cms(DATA, detached=False), lambda: s.sign(DATA)):
        with pytest.raises(SignatureError) as info:
            call()
        assert info.value.code == "signer.key_not_found"


def test_other_tool_failure_is_a_safe_excerpt(world: World) -> None:
    world.store["containers"][container("gost256")]["alg"] = "GOST12_512"  # wrong algorithm for the key
    world.save()
    with pytest.raises(SignatureError) as info:
        world.signer("gost256").sign(DATA)
    assert info.value.code == "signer.failed"
    assert "0x80090008" in str(info.value) and PIN not in str(info.value)


def test_timeout_does_not_chain_the_command_line(world: World) -> None:
    world.store["sleep"] = 5
    world.save()
    with pytest.raises(SignatureError) as info:
        world.signer("gost256", timeout=0.5).sign(DATA)
    assert info.value.code == "signer.timeout"
    assert info.value.__context__ is None and PIN not in str(info.value)


def test_missing_executable(world: World) -> None:
    s = world.signer("gost256", cryptcp=str(world.root / "no-such-cryptcp"))
    with pytest.raises(SignatureError) as info:
        s.sign_cms(DATA)
    assert info.value.code == "signer.failed"


def test_configuration_errors() -> None:
    cert = KEYS["gost256"]["certificate"].encode()
    with pytest.raises(ConfigurationError) as info:
        CryptoProSigner("not-a-thumbprint", certificate=cert)
    assert info.value.code == "signer.bad_thumbprint"
    with pytest.raises(ConfigurationError) as info:
        CryptoProSigner(thumbprint("gost512"), certificate=cert)
    assert info.value.code == "signer.thumbprint_mismatch"
    spaced = " ".join(thumbprint("gost256").upper()[i : i + 2] for i in range(0, 40, 2))
    assert CryptoProSigner(spaced, certificate=cert).thumbprint == thumbprint("gost256")
    with pytest.raises(ConfigurationError) as info:
        CryptoProSigner(thumbprint("gost256"), certificate=cert).sign(DATA)
    assert info.value.code == "signer.container_required"
    with pytest.raises(SignatureError) as info:
        CryptoProSigner(thumbprint("rsa"), certificate=KEYS["rsa"]["certificate"].encode(), container="c").sign(DATA)
    assert info.value.code == "signer.unsupported"
    with pytest.raises(ConfigurationError):
        CryptoProSigner(thumbprint("gost256"), certificate=cert, key_type="other")
