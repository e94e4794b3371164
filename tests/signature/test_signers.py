"""Signers: re-verification of every output, SoftwareSigner, OpenSslSigner (real openssl + gost-engine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _gost_openssl import require_gost_engine
from _support import VECTORS
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import SoftwareSigner, sign_cms, verify_cms
from egisz_sdk.signature.keys import load_private_key
from egisz_sdk.signature.signers import OpenSslSigner, Signer, verified

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
DATA = b"signer test\n"


class Reversing:
    """A broken backend: returns the signature byte-reversed (the classic CryptoPro mistake)."""

    def __init__(self, inner: SoftwareSigner) -> None:
        self.inner = inner
        self.certificate = inner.certificate
        self.algorithm = inner.algorithm

    def sign(self, data: bytes) -> bytes:
        return self.inner.sign(data)[::-1]


def software(name: str) -> SoftwareSigner:
    return SoftwareSigner(load_private_key(KEYS[name]["private_key"].encode()), KEYS[name]["certificate"].encode())


def test_software_signer_is_a_signer_and_hides_key() -> None:
    s = software("gost256")
    assert isinstance(s, Signer)
    assert s.algorithm == "GOST3410_2012_256"
    assert "hidden" in repr(s) and "PRIVATE" not in repr(s)


def test_bad_output_is_refused() -> None:
    broken = Reversing(software("gost256"))
    with pytest.raises(SignatureError) as info:
        verified(broken).sign(DATA)
    assert info.value.code == "signer.bad_output"
    with pytest.raises(SignatureError) as info:
        sign_cms(DATA, broken)
    assert info.value.code == "signer.bad_output"


@pytest.mark.interop
@pytest.mark.parametrize("name", ["gost256", "gost512", "rsa", "ec"])
def test_openssl_signer_raw_and_cms(tmp_path: Path, name: str) -> None:
    require_gost_engine()
    key = tmp_path / "k.pem"
    key.write_text(KEYS[name]["private_key"])
    signer = OpenSslSigner(key, KEYS[name]["certificate"].encode())
    assert verified(signer).sign(DATA)
    detached = sign_cms(DATA, signer)
    assert verify_cms(detached, DATA, insecure_skip_chain_check=True).valid
    attached = sign_cms(DATA, signer, detached=False)
    assert verify_cms(attached, insecure_skip_chain_check=True).content == DATA


@pytest.mark.interop
def test_openssl_signer_password_through_pipe(tmp_path: Path) -> None:
    require_gost_engine()
    entry = KEYS["gost256_encrypted"]
    key = tmp_path / "k.pem"
    key.write_text(entry["private_key"])
    signer = OpenSslSigner(key, entry["certificate"].encode(), password=entry["password"])
    assert entry["password"] not in repr(signer)
    assert verify_cms(sign_cms(DATA, signer), DATA, insecure_skip_chain_check=True).valid
    wrong = OpenSslSigner(key, entry["certificate"].encode(), password="Wr0ng-" + entry["password"])
    with pytest.raises(SignatureError) as info:
        wrong.sign(DATA)
    assert info.value.code == "signer.failed"
    assert entry["password"] not in str(info.value)


def test_openssl_signer_missing_tool(tmp_path: Path) -> None:
    signer = OpenSslSigner(tmp_path / "k.pem", KEYS["rsa"]["certificate"].encode(), openssl=str(tmp_path / "nope"))
    with pytest.raises(SignatureError) as info:
        signer.sign(DATA)
    assert info.value.code == "signer.failed"


@pytest.mark.interop
def test_openssl_signer_with_wrong_key_is_bad_output(tmp_path: Path) -> None:
    require_gost_engine()
    key = tmp_path / "k.pem"
    key.write_text(KEYS["ca"]["private_key"])
    signer = OpenSslSigner(key, KEYS["gost256"]["certificate"].encode())
    with pytest.raises(SignatureError) as info:
        verified(signer).sign(DATA)
    assert info.value.code == "signer.bad_output"
    with pytest.raises(SignatureError) as info:
        sign_cms(DATA, signer)  # openssl cms refuses a key that does not match the certificate
    assert info.value.code in ("signer.failed", "signer.bad_output")
