"""PKCS#12: GOST TC26 PFX made by OpenSSL, RSA PFX via cryptography, unsupported PBEs, GOST 28147-89 vectors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from _gost_openssl import openssl
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _gost28147, _oids
from egisz_sdk.signature.keys import RsaPrivateKey, dump_private_key, load_pkcs12, load_private_key
from egisz_sdk.testing.pki import TestPki


def _export(tmp_path: Path, pbe: str, password: str) -> tuple[bytes, TestPki]:
    pki = TestPki(seed=11)
    ident = pki.issue("gost256", common_name="Владелец PFX", snils="112-233-445 95")
    (tmp_path / "k.pem").write_bytes(dump_private_key(ident.key))
    (tmp_path / "c.pem").write_text(ident.certificate.to_pem())
    (tmp_path / "chain.pem").write_text("".join(c.to_pem() for c in ident.chain))
    r = openssl(
        "pkcs12", "-engine", "gost", "-export", "-inkey", "k.pem", "-in", "c.pem", "-certfile", "chain.pem",
        "-keypbe", pbe, "-certpbe", pbe, "-macalg", "md_gost12_512", "-passout", f"pass:{password}", "-out", "k.pfx",
        cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return (tmp_path / "k.pfx").read_bytes(), pki


def test_openssl_gost_pfx_loads(tmp_path: Path) -> None:
    data, pki = _export(tmp_path, "gost89", "Пароль-1")
    key, cert, others = load_pkcs12(data, "Пароль-1")
    assert cert.qualified.snils == "11223344595"
    assert key.public_key().spki_der() == cert.public_key.spki_der()
    # three certificates: the encrypted cert bag is > 1024 bytes, so CryptoPro key meshing was exercised
    assert {c.der for c in others} == {pki.intermediate.der, pki.root.der}
    key.public_key().verify(b"x", key.sign(b"x"))
    assert load_private_key(data, "Пароль-1") == key
    for wrong in ("пароль-1", "", None):
        with pytest.raises(SignatureError) as err:
            load_pkcs12(data, wrong)
        assert err.value.code == "key.password"


def test_kuznyechik_pfx_is_refused_by_name(tmp_path: Path) -> None:
    data, _ = _export(tmp_path, "kuznyechik-ctr-acpkm", "pw")
    with pytest.raises(SignatureError) as err:
        load_pkcs12(data, "pw")
    assert err.value.code == "key.unsupported_pbe"
    assert "kuznyechik-ctr-acpkm" in err.value.message_en


def test_rsa_pfx_through_cryptography() -> None:
    pki = TestPki(seed=12)
    ident = pki.issue("rsa", common_name="RSA PFX")
    assert isinstance(ident.key, RsaPrivateKey)
    from cryptography import x509

    cert = x509.load_der_x509_certificate(ident.certificate.der)
    data = pkcs12.serialize_key_and_certificates(
        b"friendly", ident.key.key, cert, None, serialization.BestAvailableEncryption(b"pw")
    )
    key, loaded, others = load_pkcs12(data, "pw")
    assert loaded == ident.certificate and others == []
    assert key.public_key().spki_der() == ident.key.public_key().spki_der()
    with pytest.raises(SignatureError) as err:
        load_pkcs12(data, "bad")
    assert err.value.code == "key.password"


def _tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = (n.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + n.to_bytes(size, "big") + content


def _fake_pfx(pbe_oid: str) -> bytes:
    """A minimal PFX whose shrouded key bag claims ``pbe_oid`` (as CryptoPro CSP exports do)."""
    oid = core.ObjectIdentifier
    shrouded = _tlv(0x30, _tlv(0x30, oid(pbe_oid).dump()) + core.OctetString(b"\x00" * 48).dump())
    bag = _tlv(0x30, oid(_oids.PKCS12_SHROUDED_KEY_BAG).dump() + _tlv(0xA0, shrouded))
    safe_contents = _tlv(0x30, bag)
    info = _tlv(0x30, oid(_oids.PKCS7_DATA).dump() + _tlv(0xA0, core.OctetString(safe_contents).dump()))
    auth = _tlv(0x30, info)
    outer = _tlv(0x30, oid(_oids.PKCS7_DATA).dump() + _tlv(0xA0, core.OctetString(auth).dump()))
    return _tlv(0x30, core.Integer(3).dump() + outer)


def test_cryptopro_pfx_is_refused() -> None:
    with pytest.raises(SignatureError) as err:
        load_pkcs12(_fake_pfx(_oids.CRYPTOPRO_PFX_PBE), "pw")
    assert err.value.code == "key.cryptopro_pfx"


@pytest.mark.parametrize(
    "blob", [b"", b"\x30\x03\x02\x01\x03", b"\x30\x84\x7f\xff\xff\xff\x02\x01\x03", os.urandom(64)]
)
def test_garbage_pfx(blob: bytes) -> None:
    with pytest.raises(SignatureError) as err:
        load_pkcs12(blob, "pw")
    assert err.value.code in ("asn1.corrupt", "key.corrupt")


def test_gost28147_magma_vector() -> None:
    """GOST R 34.12-2015 Magma example (A.2): the same cipher with the Z S-box, words in the other byte order."""
    key = bytes.fromhex("ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
    words = b"".join(key[i : i + 4][::-1] for i in range(0, 32, 4))
    cipher = _gost28147.Gost28147(words, _oids.GOST28147_PARAM_Z)
    block = bytes.fromhex("fedcba9876543210")[::-1]
    assert cipher.encrypt_block(block)[::-1].hex() == "4ee901e5c2d8ca3d"
    assert cipher.decrypt_block(cipher.encrypt_block(block)) == block


def test_gost28147_cfb_matches_openssl(tmp_path: Path) -> None:
    key, iv, data = bytes(range(32)), bytes(range(8)), os.urandom(3000)
    (tmp_path / "in").write_bytes(data)
    env = dict(os.environ, CRYPT_PARAMS="id-tc26-gost-28147-param-Z")
    r = openssl(
        "enc", "-engine", "gost", "-gost89", "-K", key.hex(), "-iv", iv.hex(), "-in", "in", "-out", "out",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    expected = (tmp_path / "out").read_bytes()
    assert _gost28147.cfb_encrypt(key, iv, data, _oids.GOST28147_PARAM_Z) == expected
    assert _gost28147.cfb_decrypt(key, iv, expected, _oids.GOST28147_PARAM_Z) == data
