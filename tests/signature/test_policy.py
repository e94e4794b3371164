"""Verification policy: every failure code triggered by a test-PKI variant, chains, CRLs, OpenSSL agreement."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from _gost_openssl import openssl
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.certificates import load_certificate, load_crl
from egisz_sdk.signature.policy import check_certificate, verify_certificate
from egisz_sdk.testing.pki import TestPki

SNILS = "112-233-445 95"
INN = "500100732259"


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki(seed=21)


@pytest.mark.parametrize("kind", ["gost256", "gost512", "rsa"])
@pytest.mark.parametrize(
    ("variant", "code"),
    [
        ("valid", None),
        ("expired", "cert.expired"),
        ("not_yet_valid", "cert.not_yet_valid"),
        ("revoked", "cert.revoked"),
        ("wrong_owner", "cert.wrong_owner"),
    ],
)
def test_variants(pki: TestPki, kind: str, variant: str, code: str | None) -> None:
    ident = pki.issue(kind, common_name="Иванов Иван Иванович", snils=SNILS, inn=INN, variant=variant)  # type: ignore[arg-type]
    crl = pki.crl("rsa" if kind == "rsa" else "gost")
    kwargs = {
        "trust_anchors": [ident.trust_anchor],
        "intermediates": ident.intermediates,
        "crls": [crl],
        "snils": SNILS,
        "inn": INN,
    }
    at = pki.reference_time + timedelta(days=1)
    report = check_certificate(ident.certificate, at=at, **kwargs)  # type: ignore[arg-type]
    if code is None:
        assert report.ok and len(report.chain) == 3
        assert verify_certificate(ident.certificate, at=at, **kwargs).ok  # type: ignore[arg-type]
        return
    assert code in report.codes
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, at=at, **kwargs)  # type: ignore[arg-type]
    assert err.value.code == code


def test_untrusted_and_missing_intermediate(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="Цепочка")
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, trust_anchors=[pki.root])
    assert err.value.code == "cert.untrusted"
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, trust_anchors=[pki.rsa_root], intermediates=[pki.intermediate])
    assert err.value.code == "cert.untrusted"
    other = TestPki(seed=22)  # same names, other keys: signatures must not verify
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, trust_anchors=[other.root], intermediates=[other.intermediate])
    assert err.value.code == "cert.untrusted"
    tampered = bytearray(ident.certificate.der)
    tampered[-4] ^= 0x55
    with pytest.raises(SignatureError) as err:
        verify_certificate(
            load_certificate(bytes(tampered)), trust_anchors=[pki.root], intermediates=[pki.intermediate]
        )
    assert err.value.code == "cert.untrusted" and "bad signature" in err.value.message_en
    # an end-entity certificate cannot act as a CA
    assert not ident.certificate.is_ca


def test_key_usage_and_owner_fields(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="ООО Ромашка", org="ООО Ромашка", inn="7707083893", ogrn="1027700132195")
    base = {"trust_anchors": [pki.root], "intermediates": [pki.intermediate]}
    assert verify_certificate(
        ident.certificate, key_usage=["digital_signature"], inn="7707083893", ogrn="1027700132195", **base
    ).ok  # type: ignore[arg-type]
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, key_usage="key_encipherment", **base)  # type: ignore[arg-type]
    assert err.value.code == "cert.bad_key_usage"
    with pytest.raises(SignatureError) as err:
        verify_certificate(ident.certificate, ogrn="1027700132196", **base)  # type: ignore[arg-type]
    assert err.value.code == "cert.wrong_owner"
    report = check_certificate(ident.certificate, snils=SNILS, key_usage="key_agreement", **base)  # type: ignore[arg-type]
    assert report.codes == ["cert.bad_key_usage", "cert.wrong_owner"]
    assert [c.name for c in report.checks][:3] == ["algorithm", "validity", "chain"]
    assert report.to_dict()["ok"] is False


def test_crl_with_bad_signature_is_reported(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="Отзыв", variant="revoked")
    der = bytearray(pki.crl().der)
    der[-3] ^= 0xFF
    report = check_certificate(
        ident.certificate, trust_anchors=[pki.root], intermediates=[pki.intermediate], crls=[load_crl(bytes(der))]
    )
    assert "crl.bad_signature" in report.codes and "cert.revoked" not in report.codes


def test_expired_intermediate_is_caught(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="Далёкое будущее")
    far = pki.intermediate.not_after + timedelta(days=1)
    report = check_certificate(ident.certificate, at=far, trust_anchors=[pki.root], intermediates=[pki.intermediate])
    assert report.codes.count("cert.expired") == 2


def test_openssl_agrees_with_the_chain(pki: TestPki, tmp_path: Path) -> None:
    ident = pki.issue("gost256", common_name="OpenSSL проверяет", snils=SNILS)
    (tmp_path / "root.pem").write_text(pki.root.to_pem())
    (tmp_path / "inter.pem").write_text(pki.intermediate.to_pem())
    (tmp_path / "ee.pem").write_text(ident.certificate.to_pem())
    r = openssl("verify", "-engine", "gost", "-CAfile", "root.pem", "-untrusted", "inter.pem", "ee.pem", cwd=tmp_path)
    assert r.returncode == 0 and "ee.pem: OK" in r.stdout, r.stdout + r.stderr


def test_bytes_are_accepted_everywhere(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="Байты", variant="revoked")
    with pytest.raises(SignatureError) as err:
        verify_certificate(
            ident.certificate.der,
            trust_anchors=[pki.root.to_pem().encode()],
            intermediates=[pki.intermediate.der],
            crls=[pki.crl().der],
        )
    assert err.value.code == "cert.revoked"
