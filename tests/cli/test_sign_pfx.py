"""``egisz sign --key me.pfx`` takes the certificate (and chain) from the PFX; ``--cert`` is then optional."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms as asn1_cms

from _support import VECTORS
from egisz_sdk.cli import main
from egisz_sdk.signature import verify_cms
from egisz_sdk.testing.pki import TestPki

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
PBE: dict[str, Any] = json.loads((VECTORS / "gost_keys_standard_pbe.json").read_text(encoding="utf-8"))
DOC = "Выписка из медицинской карты\n".encode()


def _embedded(p7s: Path) -> list[bytes]:
    signed = asn1_cms.ContentInfo.load(p7s.read_bytes())["content"]
    return [c.chosen.dump() for c in signed["certificates"]]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "doc.txt").write_bytes(DOC)
    (tmp_path / "gost.pfx").write_bytes(base64.b64decode(PBE["pfx_default"]))
    (tmp_path / "pw").write_text(PBE["pfx_default_password"] + "\n", encoding="utf-8")
    (tmp_path / "pfx.pem").write_text(PBE["certificate"])
    (tmp_path / "other.pem").write_text(KEYS["gost256"]["certificate"])
    (tmp_path / "other.key").write_text(KEYS["gost256"]["private_key"])
    return tmp_path


def test_gost_pfx_without_cert(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc, out = work / "doc.txt", work / "doc.p7s"
    argv = ["sign", str(doc), "--key", str(work / "gost.pfx"), "--password-file", str(work / "pw"), "-o", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    report = verify_cms(out.read_bytes(), DOC, insecure_skip_chain_check=True)
    assert report.valid and "PBES2" in report.signers[0].signer
    pem_body = "".join(line for line in PBE["certificate"].splitlines() if "-----" not in line)
    assert report.signers[0].certificate_der == base64.b64decode(pem_body)


def test_pfx_with_its_own_cert_and_with_a_foreign_cert(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["sign", str(work / "doc.txt"), "--key", str(work / "gost.pfx"), "--password-file", str(work / "pw")]
    assert main([*base, "--cert", str(work / "pfx.pem")]) == 0
    assert verify_cms((work / "doc.txt.p7s").read_bytes(), DOC, insecure_skip_chain_check=True).valid
    capsys.readouterr()
    assert main([*base, "--cert", str(work / "other.pem"), "-o", str(work / "bad.p7s")]) == 1
    assert "signer.key_mismatch" in capsys.readouterr().err
    assert not (work / "bad.p7s").exists()


def test_pfx_chain_is_embedded(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    pki = TestPki(seed=21)
    ident = pki.issue("rsa", common_name="Врач PFX")
    pfx = pkcs12.serialize_key_and_certificates(
        b"me",
        ident.key.key,  # type: ignore[attr-defined]
        x509.load_der_x509_certificate(ident.certificate.der),
        [x509.load_der_x509_certificate(c.der) for c in ident.chain],
        serialization.BestAvailableEncryption(b"pw"),
    )
    (work / "rsa.pfx").write_bytes(pfx)
    (work / "root.pem").write_text(ident.trust_anchor.to_pem())
    out = work / "rsa.p7s"
    argv = ["sign", str(work / "doc.txt"), "--key", str(work / "rsa.pfx"), "--password", "pw", "-o", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    embedded = _embedded(out)  # a DER SET: sorted, not in chain order
    assert sorted(embedded) == sorted([ident.certificate.der, *(c.der for c in ident.chain)])
    (work / "ca.pem").write_text(ident.intermediates[0].to_pem())
    argv = ["verify", str(out), "--content", str(work / "doc.txt"), "--trust", str(work / "root.pem")]
    assert main([*argv, "--cert", str(work / "ca.pem")]) == 0


def test_cert_still_required_for_a_plain_key(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sign", str(work / "doc.txt"), "--key", str(work / "other.key")]) == 2
    err = capsys.readouterr().err
    assert "--cert" in err and "PFX" in err and "Traceback" not in err
