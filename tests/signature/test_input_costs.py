"""Hostile inputs are refused before they cost anything: PBKDF2 iteration counts, PEM size and PEM block counts.

Before: a 300-byte key file asking for 1,000,000 PBKDF2 iterations burned 12.6 s (OpenSSL) or ~700 s (pure
Python); a 100 MB PEM was decoded (6 s, 592 MB) before the 4 MB size check; a bundle of 2,900 certificates took
5.6 s. Each is now refused with a typed error in milliseconds.
"""

from __future__ import annotations

import time

import pytest
from asn1crypto import core

from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature import _asn1, _oids
from egisz_sdk.signature.certificates import load_certificate, load_certificates, load_crl
from egisz_sdk.signature.keys import MAX_KDF_ITERATIONS, dump_private_key, generate_gost_key, load_private_key
from egisz_sdk.testing.pki import TestPki


def _pbkdf2_params(salt: bytes, iterations: int, prf: str) -> core.Sequence:
    out = core.Sequence()
    prf_alg = core.Sequence()
    prf_alg.contents = core.ObjectIdentifier(prf).dump() + core.Null().dump()
    out.contents = core.OctetString(salt).dump() + core.Integer(iterations).dump() + prf_alg.dump()
    return out


def hostile_pkcs8(iterations: int, *, gost: bool = True) -> bytes:
    """An EncryptedPrivateKeyInfo (PBES2 + PBKDF2) asking for ``iterations``; about 150 bytes."""
    kdf = core.Sequence()
    prf = _oids.HMAC_STREEBOG512 if gost else _oids.HMAC_SHA256
    kdf.contents = core.ObjectIdentifier(_oids.PBKDF2).dump() + _pbkdf2_params(b"s" * 8, iterations, prf).dump()
    scheme = core.Sequence()
    if gost:
        params = core.Sequence()
        params.contents = core.OctetString(b"\0" * 8).dump() + core.ObjectIdentifier(_oids.GOST28147_PARAM_Z).dump()
        scheme.contents = core.ObjectIdentifier(_oids.GOST28147).dump() + params.dump()
    else:
        scheme.contents = core.ObjectIdentifier(_oids.AES256_CBC).dump() + core.OctetString(b"\0" * 16).dump()
    pbes2_params = core.Sequence()
    pbes2_params.contents = kdf.dump() + scheme.dump()
    alg = core.Sequence()
    alg.contents = core.ObjectIdentifier(_oids.PBES2).dump() + pbes2_params.dump()
    info = core.Sequence()
    info.contents = alg.dump() + core.OctetString(b"\0" * 48).dump()
    return bytes(info.dump())


@pytest.mark.parametrize("gost", [True, False], ids=["gost-pbes2", "aes-pbes2"])
def test_a_key_file_asking_for_a_million_iterations_is_refused_in_milliseconds(gost: bool) -> None:
    hostile = _asn1.pem("ENCRYPTED PRIVATE KEY", hostile_pkcs8(1_000_000, gost=gost))
    assert len(hostile) < 400
    started = time.perf_counter()
    with pytest.raises(SignatureError) as info:
        load_private_key(hostile, "password")
    elapsed = time.perf_counter() - started
    assert info.value.code == "key.kdf_iterations"
    assert info.value.params == {"iterations": 1_000_000, "limit": MAX_KDF_ITERATIONS}
    assert elapsed < 0.5, elapsed  # measured ~2 ms; the derivation it refuses costs 12.6 s with OpenSSL


def test_the_iteration_cap_is_a_setting() -> None:
    key = generate_gost_key()
    pem = dump_private_key(key, "pw")  # 2,048 iterations, as openssl pkcs8 -v2 gost89 writes
    assert load_private_key(pem, "pw").public_key().spki_der() == key.public_key().spki_der()
    with pytest.raises(SignatureError) as info:
        load_private_key(pem, "pw", max_iterations=1000)
    assert info.value.code == "key.kdf_iterations"
    for bad in (0, -1, 10**9, 2.5, True):
        with pytest.raises(ConfigurationError) as refused:
            load_private_key(pem, "pw", max_iterations=bad)  # type: ignore[arg-type]
        assert refused.value.code == "config.invalid"


def test_an_oversized_pem_is_refused_before_it_is_decoded() -> None:
    big = b"-----BEGIN CERTIFICATE-----\n" + b"QUFB\n" * (25 * 1024 * 1024 // 5) + b"-----END CERTIFICATE-----\n"
    for load in (load_certificate, load_crl, load_certificates):
        started = time.perf_counter()
        with pytest.raises(SignatureError) as info:
            load(big)
        assert info.value.code == "asn1.too_large"
        assert time.perf_counter() - started < 0.5  # no base64 decoding of 25 MB happened


def test_a_bundle_with_too_many_blocks_is_refused_before_parsing() -> None:
    pem = TestPki(seed=12).root.to_pem().encode()
    bundle = pem * 1001
    started = time.perf_counter()
    with pytest.raises(SignatureError) as info:
        load_certificates(bundle)
    assert info.value.code == "asn1.too_many_blocks"
    assert time.perf_counter() - started < 1.0  # parsing 1,001 certificates took ~2 s before
    assert len(load_certificates(pem * 3, max_certificates=3)) == 3
    with pytest.raises(SignatureError):
        load_certificates(pem * 4, max_certificates=3)


@pytest.mark.parametrize(
    "hostile",
    [
        b"-----BEGIN A-----\n" * 900,  # BEGIN lines that never end: the old regex rescanned the rest for each
        b"-----BEGIN CERTIFICATE-----\n" + b"-----END X-----\n" * 200_000,  # ends that never match
        b"-----BEGIN A-----\n" * 999 + b"-----END " * 400_000,
    ],
    ids=["unterminated", "mismatched", "many-ends"],
)
def test_pem_scanning_is_linear(hostile: bytes) -> None:
    started = time.perf_counter()
    assert load_certificates(hostile) == []
    # 900 unterminated BEGIN lines (16 kB) took 1.5 s and 4,000 (72 kB) 30 s before; now a few milliseconds
    assert time.perf_counter() - started < 0.5
