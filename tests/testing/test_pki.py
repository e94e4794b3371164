"""The test PKI: determinism, certificate shape, variants, CRL, speed of reuse."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.keys import GostPrivateKey, RsaPrivateKey
from egisz_sdk.testing.pki import REFERENCE_TIME, TestPki


def test_gost_material_is_deterministic_per_seed() -> None:
    a, b, c = TestPki(seed=7), TestPki(seed=7), TestPki(seed=8)
    assert a.root.der == b.root.der and a.intermediate.der == b.intermediate.der
    assert a.root.der != c.root.der
    x = a.issue("gost512", common_name="Детерминизм", snils="112-233-445 95")
    y = b.issue("gost512", common_name="Детерминизм", snils="112-233-445 95")
    assert x.certificate.der == y.certificate.der and x.key == y.key
    assert a.crl().der == b.crl().der


def test_identity_shape() -> None:
    pki = TestPki(seed=7)
    ident = pki.issue("gost256", common_name="Форма", snils="112-233-445 95", inn="500100732259")
    assert isinstance(ident.key, GostPrivateKey) and ident.key.public_key() == ident.certificate.public_key
    assert ident.chain == (pki.intermediate, pki.root) and ident.trust_anchor == pki.root
    ident.certificate.verify_signature(pki.intermediate)
    pki.intermediate.verify_signature(pki.root)
    pki.root.verify_signature(pki.root)
    assert pki.root.is_ca and pki.intermediate.is_ca and not ident.certificate.is_ca
    assert ident.certificate.is_valid_at(REFERENCE_TIME)
    assert ident.certificate.key_usage == frozenset({"digital_signature", "non_repudiation"})
    assert "1.2.643.100.113.1" in ident.certificate.policies
    assert ident.certificate.qualified.is_qualified
    assert "d=" not in repr(ident) and str(ident.key.d) not in repr(ident)
    assert pki.issue("gost256", common_name="Форма", snils="112-233-445 95", inn="500100732259") is ident


def test_variants_and_crl() -> None:
    pki = TestPki(seed=9)
    expired = pki.issue("gost256", common_name="A", variant="expired").certificate
    future = pki.issue("gost256", common_name="A", variant="not_yet_valid").certificate
    assert expired.not_after < REFERENCE_TIME < future.not_before
    revoked = pki.issue("gost256", common_name="A", variant="revoked").certificate
    assert pki.crl().is_revoked(revoked) and not pki.crl("rsa").is_revoked(revoked)
    wrong = pki.issue("gost256", common_name="A", snils="112-233-445 95", inn="7707083893", variant="wrong_owner")
    q = wrong.certificate.qualified
    assert q.snils not in (None, "11223344595") and q.inn_le not in (None, "7707083893") and q.warnings == ()


def test_rsa_hierarchy_and_custom_reference_time() -> None:
    ref = datetime(2030, 6, 1, tzinfo=timezone.utc)
    pki = TestPki(seed=1, reference_time=ref)
    ident = pki.issue("rsa", common_name="RSA", key_usage=("digital_signature",))
    assert isinstance(ident.key, RsaPrivateKey)
    assert ident.chain == (pki.rsa_intermediate, pki.rsa_root)
    ident.certificate.verify_signature(pki.rsa_intermediate)
    assert ident.certificate.not_before == ref - timedelta(days=30)
    assert ident.certificate.key_usage == frozenset({"digital_signature"})


def test_bad_arguments() -> None:
    pki = TestPki(seed=0)
    with pytest.raises(SignatureError) as err:
        pki.issue("dsa", common_name="x")  # type: ignore[arg-type]
    assert err.value.code == "pki.argument"
    with pytest.raises(SignatureError) as err:
        pki.issue("gost256", common_name="x", variant="stolen")  # type: ignore[arg-type]
    assert err.value.code == "pki.argument"
    with pytest.raises(SignatureError):
        TestPki(seed=0, reference_time=datetime(2025, 1, 1))  # naive


def test_rsa_keys_derive_from_the_seed() -> None:
    from egisz_sdk.testing import pki as pki_module

    def probe(seed: int) -> bytes:
        pki_module._RSA_CACHE.pop((seed, "probe"), None)  # derive afresh, not from the per-process cache
        return TestPki(seed=seed)._rsa_key("probe").public_key().spki_der()

    first = probe(41)
    assert probe(41) == first  # same seed, same key — also in another process
    assert probe(42) != first


def test_seeded_rsa_keys_are_sound_and_fast() -> None:
    import time

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    from egisz_sdk.testing._seeded_rsa import seeded_rsa_key

    started = time.process_time()
    key = seeded_rsa_key(b"soundness")
    elapsed = time.process_time() - started
    assert key.key_size == 2048 and key.public_key().public_numbers().e == 65537
    signature = key.sign(b"data", padding.PKCS1v15(), hashes.SHA256())
    key.public_key().verify(signature, b"data", padding.PKCS1v15(), hashes.SHA256())
    assert elapsed < 3.0, elapsed  # typically well under one second of CPU
