"""Certificates: RFC 9215 vector, OpenSSL-issued GOST certificates, qualified attributes, CRLs, bad input, CLI."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
from pathlib import Path

import pytest

from _gost_openssl import genpkey, openssl
from _support import VECTORS
from egisz_sdk.cli import main
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.certificates import load_certificate, load_certificates, load_crl
from egisz_sdk.signature.gost import curves, gost3410
from egisz_sdk.testing.pki import TestPki

RFC_D = 0x7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28
RFC_PUBLIC_RAW = bytes.fromhex(
    "742795d4bee884ddf2850fec03ea3faf1844e01d9da60b645093a55e26dfc399"
    "78f596cf4d4d0c6cf1d18943d94493d16b9ec0a16d512d2e127cc4691a6318e2"
)


def test_rfc9215_certificate() -> None:
    cert = load_certificate((VECTORS / "rfc9215_cert.pem").read_bytes())
    assert cert.subject["CN"] == "Example" and cert.issuer.rfc4514 == "CN=Example"
    assert cert.serial_number == 10
    assert cert.not_before.isoformat() == "2001-01-01T00:00:00+00:00"
    assert cert.not_after.year == 2050 and cert.not_after.tzinfo is not None
    assert cert.is_ca and cert.signature_algorithm_oid == "1.2.643.7.1.1.3.2"
    key = cert.public_key
    assert key.algorithm == "gost2012_256" and key.curve_name == "id-tc26-gost-3410-2012-256-paramSetA"
    assert key.raw() == RFC_PUBLIC_RAW  # type: ignore[attr-defined]
    curve = curves.get("tc26-256-A")
    assert gost3410.public_key(curve, RFC_D % curve.q) == (key.x, key.y)  # type: ignore[attr-defined]
    cert.verify_signature(cert)
    assert cert.thumbprint_sha1 == hashlib.sha1(cert.der).hexdigest().upper()
    assert load_certificate(cert.to_pem()) == cert
    assert load_certificate(cert.der) == cert


def test_streebog_thumbprint_matches_openssl(tmp_path: Path) -> None:
    cert = load_certificate((VECTORS / "rfc9215_cert.pem").read_bytes())
    (tmp_path / "c.der").write_bytes(cert.der)
    r = openssl("dgst", "-engine", "gost", "-md_gost12_256", "-r", "c.der", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0].upper() == cert.thumbprint_streebog256


@pytest.mark.parametrize(
    ("algorithm", "paramset", "md"), [("gost2012_256", "TCA", "md_gost12_256"), ("gost2012_512", "A", "md_gost12_512")]
)
def test_openssl_issued_certificate_parses_and_self_verifies(
    tmp_path: Path, algorithm: str, paramset: str, md: str
) -> None:
    genpkey(algorithm, paramset, cwd=tmp_path)
    r = openssl(
        "req", "-x509", "-engine", "gost", "-key", "k.pem", f"-{md}", "-days", "30", "-out", "c.pem",
        "-subj", "/C=RU/O=Тест/CN=Иванов Иван/SNILS=11223344595/INN=500100732259",
        "-utf8", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    cert = load_certificate((tmp_path / "c.pem").read_bytes())
    cert.verify_signature(cert)
    assert cert.subject["CN"] == "Иванов Иван" and cert.subject["O"] == "Тест"
    assert cert.qualified.snils == "11223344595" and cert.qualified.inn == "500100732259"
    assert cert.public_key.algorithm == algorithm


def test_qualified_attributes_from_the_test_pki() -> None:
    pki = TestPki(seed=3)
    person = pki.issue(
        "gost256", common_name="Петров Пётр Петрович", snils="112-233-445 95", inn="500100732259", email="p@example.ru"
    )
    q = person.certificate.qualified
    assert (q.snils, q.inn, q.warnings) == ("11223344595", "500100732259", ())
    assert q.signing_tool_classes == ("КС1",) and q.is_qualified
    assert q.issuer_sign_tool is not None and len(q.issuer_sign_tool) == 4
    subj = person.certificate.subject
    assert subj["SURNAME"] == "Петров" and subj["GIVENNAME"] == "Пётр Петрович" and subj["E-mail"] == "p@example.ru"
    assert subj.get("L") == "г. Москва" and subj.get("ST") == "77 г. Москва" and subj.get("STREET")
    assert "SNILS=11223344595" in subj.rfc4514 and "СНИЛС: 11223344595" in subj.human
    org = pki.issue("gost512", common_name="ООО «Ромашка»", org="ООО «Ромашка»", inn="7707083893", ogrn="1027700132195")
    assert (org.certificate.qualified.inn_le, org.certificate.qualified.ogrn) == ("7707083893", "1027700132195")
    assert org.certificate.subject["O"] == "ООО «Ромашка»"


def test_invalid_identifiers_become_warnings_and_padded_inn_is_unpadded() -> None:
    pki = TestPki(seed=3)
    bad = pki.issue("gost256", common_name="Сидоров Сидор", snils="112-233-445 96", inn="007707083893")
    q = bad.certificate.qualified
    assert q.snils == "11223344596"
    assert "snils: snils.checksum" in q.warnings
    assert q.inn == "7707083893" and q.inn_le == "7707083893"


def test_bundle_crl_and_tampering() -> None:
    pki = TestPki(seed=4)
    ident = pki.issue("gost256", common_name="Отозван", variant="revoked")
    bundle = "".join(c.to_pem() for c in (ident.certificate, *ident.chain))
    assert load_certificates(bundle) == [ident.certificate, *ident.chain]
    crl = load_crl(pki.crl().der)
    assert ident.certificate.serial_number in crl.revoked_serials and crl.is_revoked(ident.certificate)
    crl.verify_signature(pki.intermediate)
    with pytest.raises(SignatureError) as err:
        crl.verify_signature(pki.root)
    assert err.value.code == "crl.bad_signature"
    tampered = bytearray(ident.certificate.der)
    tampered[-5] ^= 1
    with pytest.raises(SignatureError) as err:
        load_certificate(bytes(tampered)).verify_signature(pki.intermediate)
    assert err.value.code == "cert.bad_signature"


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"\x00" * 10,
        b"\x30\x84\x80\x00\x00\x00\x30\x00",  # a length field claiming 2^31 bytes
        b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        b"-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
    ],
)
def test_garbage_certificates(blob: bytes) -> None:
    with pytest.raises(SignatureError) as err:
        load_certificate(blob)
    if b"PRIVATE KEY" in blob:  # named by its PEM label, whatever its body (see test_polish_cert_wrong_input.py)
        assert err.value.code == "cert.not_a_certificate" and err.value.params["found"] == "private_key"
    else:
        assert err.value.code in ("asn1.corrupt", "asn1.pem")


def test_truncated_certificate_never_crashes() -> None:
    der = load_certificate((VECTORS / "rfc9215_cert.pem").read_bytes()).der
    for cut in range(0, len(der), 3):
        with pytest.raises(SignatureError) as err:
            load_certificate(der[:cut])
        assert err.value.code == "asn1.corrupt"


def test_cli_cert_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pki = TestPki(seed=5)
    ident = pki.issue("gost256", common_name="Иванова Анна", snils="112-233-445 96")
    path = tmp_path / "c.der"
    path.write_bytes(ident.certificate.der)
    assert main(["cert", "show", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["thumbprint_sha1"] == ident.certificate.thumbprint_sha1
    assert info["key_algorithm"] == "gost2012_256" and info["qualified"]["snils"] == "11223344596"
    assert info["qualified"]["warnings"] == ["snils: snils.checksum"]
    assert main(["cert", "show", str(path)]) == 0
    text = capsys.readouterr().out
    assert "СНИЛС / SNILS" in text and "snils.checksum" in text
    (tmp_path / "bad.pem").write_bytes(b"nonsense")
    assert main(["cert", "show", str(tmp_path / "bad.pem")]) == 1
    assert main(["cert", "show", str(tmp_path / "missing.pem")]) == 2


def _mutations(der: bytes, count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        b = bytearray(der)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out


def test_mutated_inputs_raise_only_signature_errors() -> None:
    """Random byte flips in a certificate, a CRL and a key: a SignatureError or a valid object, never a crash."""
    from egisz_sdk.cli._cert import describe
    from egisz_sdk.signature import _asn1
    from egisz_sdk.signature.keys import dump_private_key, load_private_key

    pki = TestPki(seed=6)
    ident = pki.issue("gost256", common_name="Мутант", snils="112-233-445 95", inn="500100732259", variant="revoked")
    for der in _mutations(ident.certificate.der, 400, 1):
        with contextlib.suppress(SignatureError):
            cert = load_certificate(der)
            describe(cert)
            cert.verify_signature(pki.intermediate)
    for der in _mutations(pki.crl().der, 200, 2):
        with contextlib.suppress(SignatureError):
            load_crl(der).verify_signature(pki.intermediate)
    key_der = _asn1.to_der(dump_private_key(ident.key), "key")
    for der in _mutations(key_der, 300, 3):
        with contextlib.suppress(SignatureError):
            load_private_key(der).sign(b"x")


def test_fuzz_found_inner_value_crash_is_a_typed_error() -> None:
    """Found by ``bench/fuzz.py`` (certificate_pem, seed 2012, input 80320): a mutated name attribute made
    asn1crypto raise AttributeError lazily; the loader must answer ``cert.corrupt`` instead."""
    data = (VECTORS / "fuzz_cert_instanceof.pem").read_bytes()
    with pytest.raises(SignatureError) as info:
        load_certificate(data)
    assert info.value.code == "cert.corrupt"
