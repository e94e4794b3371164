"""GOST keys and PFX written by OpenSSL + gost-engine with its *default* encryption.

``openssl pkcs8 -topk8``, ``openssl genpkey -aes-256-cbc`` and ``openssl pkcs12 -export`` without ``-keypbe gost89``
protect a GOST key with PBES2 (PBKDF2-HMAC-SHA*, AES-CBC) and a SHA MAC. ``cryptography`` decrypts that but
cannot hold a GOST key, so the SDK used to answer "wrong password" (PFX) or "algorithm 1.2.840.113549.1.5.13 not
supported" (PKCS#8) for the right password. Vectors: tests/vectors/gost_keys_standard_pbe.json (provenance inside).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from _support import VECTORS, require
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import load_certificate, load_pkcs12, load_private_key

V: dict[str, Any] = json.loads((VECTORS / "gost_keys_standard_pbe.json").read_text(encoding="utf-8"))
PLAIN = load_private_key(V["private_key"])
CERT = load_certificate(V["certificate"].encode())


def _same_key(key: Any) -> bool:
    return bool(key.public_key().spki_der() == PLAIN.public_key().spki_der())


@pytest.mark.parametrize("name", ["pkcs8_aes256_sha256", "pkcs8_aes128_sha1"])
def test_pkcs8_with_aes_pbes2_loads(name: str) -> None:
    key = load_private_key(V[name], V["password"])
    assert _same_key(key)
    CERT.public_key.verify(b"doc", key.sign(b"doc"))


@pytest.mark.parametrize("name", ["pkcs8_aes256_sha256", "pkcs8_aes128_sha1"])
def test_pkcs8_with_aes_pbes2_wrong_or_missing_password(name: str) -> None:
    with pytest.raises(SignatureError) as info:
        load_private_key(V[name], "not the password")
    assert info.value.code == "key.password"
    with pytest.raises(SignatureError) as info:
        load_private_key(V[name])
    assert info.value.code == "key.password_required"


@pytest.mark.parametrize(
    ("name", "password"),
    [("pfx_default", V["pfx_default_password"]), ("pfx_sha1mac", V["password"]), ("pfx_sha512mac", V["password"])],
)
def test_pfx_with_standard_algorithms_and_gost_key(name: str, password: str) -> None:
    key, cert, chain = load_pkcs12(base64.b64decode(V[name]), password)
    assert _same_key(key)
    assert cert.der == CERT.der
    assert chain == []
    assert _same_key(load_private_key(base64.b64decode(V[name]), password))


def test_pfx_with_standard_algorithms_wrong_password() -> None:
    with pytest.raises(SignatureError) as info:
        load_pkcs12(base64.b64decode(V["pfx_default"]), "секрет-42")
    assert info.value.code == "key.password"
    assert "секрет-42" not in str(info.value)
    assert "секрет-42" not in repr(info.value)


def test_openssl_default_pfx_roundtrip(tmp_path: Path) -> None:
    """Fresh from the user's own command line: genpkey, req -x509, pkcs12 -export with the defaults."""
    openssl = shutil.which("openssl")
    require(openssl is not None, "openssl with gost-engine")
    assert openssl is not None
    key, cert, pfx = tmp_path / "k.pem", tmp_path / "c.pem", tmp_path / "me.pfx"
    run = [
        [openssl, "genpkey", "-engine", "gost", "-algorithm", "gost2012_512", "-pkeyopt", "paramset:A", "-out", key],
        [openssl, "req", "-x509", "-engine", "gost", "-key", key, "-md_gost12_512", "-subj", "/CN=HR", "-out", cert],
        [
            openssl,
            "pkcs12",
            "-engine",
            "gost",
            "-export",
            "-inkey",
            key,
            "-in",
            cert,
            "-passout",
            "pass:s3",
            "-out",
            pfx,
        ],
    ]
    for argv in run:
        done = subprocess.run([str(a) for a in argv], capture_output=True, timeout=60, check=False)
        require(done.returncode == 0, "openssl with gost-engine: " + done.stderr.decode(errors="replace")[-200:])
    loaded, certificate, _ = load_pkcs12(pfx.read_bytes(), "s3")
    assert loaded.algorithm == "gost2012_512"
    assert certificate.der == load_certificate(cert.read_bytes()).der
    certificate.public_key.verify(b"x", loaded.sign(b"x"))
