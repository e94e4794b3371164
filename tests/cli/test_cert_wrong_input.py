"""``egisz cert show`` on a key, a PFX, a CMS signature …: says what the file is and what to pass instead."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from _support import VECTORS
from egisz_sdk.cli import main
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import SoftwareSigner, load_certificate, load_private_key, sign_cms
from egisz_sdk.signature._asn1 import pem_blocks

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
PBE: dict[str, Any] = json.loads((VECTORS / "gost_keys_standard_pbe.json").read_text(encoding="utf-8"))


def _pem(label: str, der: bytes) -> bytes:
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return ("\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + "\n").encode()


def _cms() -> bytes:
    entry = KEYS["gost256"]
    return sign_cms(b"doc", SoftwareSigner(load_private_key(entry["private_key"]), entry["certificate"].encode()))


def _inputs() -> dict[str, tuple[bytes, str]]:
    pkcs8 = KEYS["gost256"]["private_key"].encode()
    pfx = base64.b64decode(PBE["pfx_default"])
    cms = _cms()
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    der, trad = serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL
    nothing = serialization.NoEncryption()
    return {
        "pem_pkcs8": (pkcs8, "private_key"),
        "pem_encrypted_pkcs8": (PBE["pkcs8_aes256_sha256"].encode(), "private_key"),
        "pem_pkcs7": (_pem("PKCS7", cms), "cms"),
        "pem_cms": (_pem("CMS", cms), "cms"),
        "pem_pkcs12": (_pem("PKCS12", pfx), "pkcs12"),
        "der_pkcs12": (pfx, "pkcs12"),
        "der_pkcs8": (pem_blocks(pkcs8)[0][1], "private_key"),
        "der_encrypted_pkcs8": (pem_blocks(PBE["pkcs8_aes256_sha256"].encode())[0][1], "private_key"),
        "der_sec1": (ec_key.private_bytes(der, trad, nothing), "private_key"),
        "der_pkcs1": (rsa_key.private_bytes(der, trad, nothing), "private_key"),
        "der_cms": (cms, "cms"),
        "der_spki": (
            ec_key.public_key().public_bytes(der, serialization.PublicFormat.SubjectPublicKeyInfo),
            "public_key",
        ),
    }


INPUTS = _inputs()


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_wrong_input_is_named(name: str) -> None:
    data, kind = INPUTS[name]
    with pytest.raises(SignatureError) as info:
        load_certificate(data)
    err = info.value
    assert err.code == "cert.not_a_certificate" and err.params["found"] == kind
    assert "не сертификат X.509" in err.message_ru and "not an X.509 certificate" in err.message_en


@pytest.mark.parametrize(
    ("name", "ru", "en"),
    [
        ("pem_pkcs8", "закрытый ключ", "private key"),
        ("der_pkcs12", "PKCS#12/PFX", "-clcerts -nokeys"),
        ("der_cms", "подпись CMS/PKCS#7", "egisz verify"),
    ],
)
def test_cert_show_explains(name: str, ru: str, en: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(INPUTS[name][0])
    assert main(["cert", "show", str(path)]) == 1
    err = capsys.readouterr().err
    assert ru in err and en in err and "Cannot parse the ASN.1" not in err
    assert main(["cert", "show", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["error"]["code"] == "cert.not_a_certificate"
    assert out["error"]["params"]["found"] == INPUTS[name][1]


def test_real_certificates_still_load() -> None:
    for name in ("gost256", "gost512", "rsa", "ec", "ca"):
        pem = KEYS[name]["certificate"]
        assert load_certificate(pem).der == pem_blocks(pem.encode())[0][1]
        assert load_certificate(pem_blocks(pem.encode())[0][1]).subject.rfc4514
    assert load_certificate((VECTORS / "rfc9215_cert.pem").read_bytes()).der


def test_garbage_keeps_the_generic_error() -> None:
    with pytest.raises(SignatureError) as info:
        load_certificate(b"\x30\x03\x02\x01\x05")
    assert info.value.code != "cert.not_a_certificate"
