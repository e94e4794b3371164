"""CAdES-BES signing and CMS verification: the TC26 vector, round trips, tampering, co-signatures, OpenSSL interop."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from _gost_openssl import require_gost_engine, run_openssl
from _support import VECTORS
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import SoftwareSigner, cosign_cms, sign_cms, verify_cms
from egisz_sdk.signature._der import (
    children,
    der_bitstring,
    der_explicit,
    der_integer,
    der_null,
    der_octets,
    der_oid,
    der_seq,
    der_time,
    read_single,
)
from egisz_sdk.signature.gost import gost3410
from egisz_sdk.signature.keys import load_private_key

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
DATA = b"EGISZ \xd0\xb4\xd0\xb0\xd0\xbd\xd0\xbd\xd1\x8b\xd0\xb5\n" * 3
TC26_D = 0xBFCF1D623E5CDD3032A7C6EABB4A923C46E43D640FFEAAF2C3ED39A8FA399924
TC26_SIGNATURE = bytes.fromhex(
    "929b5bd9e9196c2f7815a18341e3fbd04c6f4e45ed398f73833ddc09ca3f8713"
    "e15d4568dde0b154dc0343c7a7148b4967c0c45f86e567c42dce2342325e476c"
)


def signer(name: str) -> SoftwareSigner:
    entry = KEYS[name]
    return SoftwareSigner(load_private_key(entry["private_key"].encode()), entry["certificate"].encode())


def cert_der(name: str) -> bytes:
    pem = KEYS[name]["certificate"]
    body = "".join(line for line in pem.splitlines() if "-----" not in line)
    return base64.b64decode(body)


def tc26_cms() -> bytes:
    text = (VECTORS / "tc26_cms.b64").read_text()
    return base64.b64decode("".join(line for line in text.splitlines() if not line.startswith("#")))


def tc26_certificate(cms: bytes) -> bytes:
    """A certificate with the vector's sid (issuer, serial 1) and the public key of the published d, self-signed."""
    top = read_single(cms)
    signed = children(read_single(children(top.content)[1].content).content)
    signer_info = children(signed[-1].content)[0]
    sid = children(signer_info.content)[1]
    issuer = children(sid.content)[0].raw
    curve = "1.2.643.2.2.36.0"
    point = gost3410.encode_public_key(curve, gost3410.public_key(curve, TC26_D))
    spki = der_seq(
        der_seq(der_oid("1.2.643.7.1.1.1.1"), der_seq(der_oid(curve), der_oid("1.2.643.7.1.1.2.2"))),
        der_bitstring(der_octets(point)),
    )
    sig_alg = der_seq(der_oid("1.2.643.7.1.1.3.2"))
    start = dt.datetime(2012, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc)
    tbs = der_seq(
        der_explicit(0, der_integer(2)),
        der_integer(1),
        sig_alg,
        issuer,
        der_seq(der_time(start), der_time(end)),
        issuer,
        spki,
    )
    signature = gost3410.sign(curve, TC26_D, tbs)
    return der_seq(tbs, sig_alg, der_bitstring(signature))


# ------------------------------------------------------------------------------------------------ TC26 vector


def test_tc26_vector_signature_value_matches_reference() -> None:
    cms = tc26_cms()
    assert TC26_SIGNATURE in cms
    curve = "1.2.643.2.2.36.0"
    gost3410.verify(curve, gost3410.public_key(curve, TC26_D), b"Test message", TC26_SIGNATURE)


def test_tc26_vector_verifies_without_signed_attributes() -> None:
    cms = tc26_cms()
    report = verify_cms(cms, certificates=[tc26_certificate(cms)], insecure_skip_chain_check=True)
    assert report.valid and not report.detached
    assert report.content == b"Test message"
    (one,) = report.signers
    assert one.has_signed_attributes is False
    assert one.digest_algorithm == "streebog256"
    assert one.checks["signature"] is True and one.checks["message_digest"] is None


def test_tc26_vector_without_certificate_is_signer_not_found() -> None:
    with pytest.raises(SignatureError) as info:
        verify_cms(tc26_cms(), insecure_skip_chain_check=True)
    assert info.value.code == "cms.signer_not_found"


def test_tc26_vector_with_other_content_fails() -> None:
    cms = tc26_cms()
    with pytest.raises(SignatureError) as info:
        verify_cms(cms, b"Test messagf", certificates=[tc26_certificate(cms)], insecure_skip_chain_check=True)
    assert info.value.code == "cms.digest_mismatch"


# ------------------------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize(
    ("name", "digest", "key_algorithm"),
    [
        ("gost256", "streebog256", "GOST3410_2012_256"),
        ("gost512", "streebog512", "GOST3410_2012_512"),
        ("rsa", "sha256", "RSA"),
        ("ec", "sha256", "ECDSA"),
    ],
)
@pytest.mark.parametrize("detached", [True, False])
def test_round_trip(name: str, digest: str, key_algorithm: str, detached: bool) -> None:
    when = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    cms = sign_cms(DATA, signer(name), detached=detached, signing_time=when)
    report = verify_cms(cms, DATA if detached else None, insecure_skip_chain_check=True)
    assert report.valid and report.detached is detached
    (one,) = report.signers
    assert one.signing_time == when
    assert one.digest_algorithm == digest and one.key_algorithm == key_algorithm
    assert one.certificate_der == cert_der(name)
    assert one.checks == {"message_digest": True, "signing_certificate": True, "signature": True, "certificate": None}
    assert "Signer" in one.signer
    assert report.to_dict()["signers"][0]["valid"] is True


@pytest.mark.parametrize(("name", "ess_hash"), [("gost256", "1.2.643.7.1.1.2.2"), ("rsa", "2.16.840.1.101.3.4.2.1")])
def test_signing_certificate_v2_writes_hash_algorithm_explicitly(name: str, ess_hash: str) -> None:
    cms = sign_cms(DATA, signer(name))
    from asn1crypto import cms as acms
    from asn1crypto import tsp  # noqa: F401

    si = acms.ContentInfo.load(cms)["content"]["signer_infos"][0]
    attrs = {a["type"].dotted: a for a in si["signed_attrs"]}
    value = attrs["1.2.840.113549.1.9.16.2.47"]["values"][0]
    ess = value["certs"][0]
    assert der_oid(ess_hash) in ess.dump()  # present even when it is SHA-256, the DEFAULT
    assert ess["issuer_serial"]["serial_number"].native == si["sid"].chosen["serial_number"].native
    assert si["sid"].name == "issuer_and_serial_number"
    assert si["signed_attrs"].dump()[0] == 0xA0


def test_gost_algorithm_identifiers_match_openssl_style() -> None:
    cms = sign_cms(DATA, signer("gost512"))
    assert der_seq(der_oid("1.2.643.7.1.1.2.3"), der_null()) in cms  # digestAlgorithm Streebog-512
    assert der_seq(der_oid("1.2.643.7.1.1.1.2"), der_null()) in cms  # signatureAlgorithm as OpenSSL writes it


def test_signature_oid_of_other_tools_is_accepted() -> None:
    cms = sign_cms(DATA, signer("gost256"))
    openssl_style = der_seq(der_oid("1.2.643.7.1.1.1.1"), der_null())
    cryptopro_style = der_seq(der_oid("1.2.643.7.1.1.3.2"), der_null())
    # the signatureAlgorithm of the SignerInfo is the last occurrence (the certificate's SPKI comes earlier)
    index = cms.rindex(openssl_style)
    rewritten = cms[:index] + cryptopro_style + cms[index + len(openssl_style) :]
    report = verify_cms(rewritten, DATA, insecure_skip_chain_check=True)
    assert report.valid and report.signers[0].signature_algorithm_oid == "1.2.643.7.1.1.3.2"


def test_no_certificates_when_chain_excluded() -> None:
    cms = sign_cms(DATA, signer("ec"), include_chain=False)
    with pytest.raises(SignatureError) as info:
        verify_cms(cms, DATA, insecure_skip_chain_check=True)
    assert info.value.code == "cms.signer_not_found"
    assert verify_cms(cms, DATA, certificates=[KEYS["ec"]["certificate"]], insecure_skip_chain_check=True).valid


# ------------------------------------------------------------------------------------------------ failures


def code_of(cms: bytes, content: bytes | None = DATA, **kwargs: Any) -> str:
    with pytest.raises(SignatureError) as info:
        verify_cms(cms, content, **kwargs, insecure_skip_chain_check=True)
    return info.value.code


def test_tampered_content() -> None:
    cms = sign_cms(DATA, signer("gost256"))
    assert code_of(cms, DATA + b"!") == "cms.digest_mismatch"


def test_tampered_signed_attributes() -> None:
    when = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    cms = sign_cms(DATA, signer("gost256"), signing_time=when)
    stamp = der_time(when)
    later = der_time(when + dt.timedelta(minutes=1))
    assert cms.count(stamp) == 1
    assert code_of(cms.replace(stamp, later)) == "cms.signature_mismatch"


def test_tampered_certificate() -> None:
    cms = sign_cms(DATA, signer("gost256"))
    cert = cert_der("gost256")
    # change one byte of the certificate's public key: the signingCertificateV2 hash no longer matches
    index = cms.index(cert) + len(cert) - 100
    tampered = cms[:index] + bytes([cms[index] ^ 1]) + cms[index + 1 :]
    report = verify_cms(tampered, DATA, strict=False, insecure_skip_chain_check=True)
    codes = {e.code for e in report.errors}
    assert "cms.certificate_mismatch" in codes and not report.valid


def test_wrong_key_is_refused_when_signing() -> None:
    entry = KEYS["gost256"]
    other = KEYS["gost512"]["certificate"].encode()
    key = load_private_key(entry["private_key"].encode())
    with pytest.raises(SignatureError) as info:
        SoftwareSigner(key, other)  # a visibly foreign pair is refused at once
    assert info.value.code == "signer.key_mismatch"

    class Foreign:  # a custom backend signing with a key that is not the certificate's
        certificate = other
        algorithm = "GOST3410_2012_512"

        def sign(self, data: bytes) -> bytes:
            return bytes(key.sign(data)) * 2

    with pytest.raises(SignatureError) as info:
        sign_cms(DATA, Foreign())
    assert info.value.code == "signer.bad_output"


def test_foreign_signature_value_is_signature_mismatch() -> None:
    a = sign_cms(DATA, signer("gost256"), signing_time=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    b = sign_cms(DATA, signer("gost256"), signing_time=dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc))
    sig_a, sig_b = a[-64:], b[-64:]
    assert code_of(a[:-64] + sig_b) == "cms.signature_mismatch" and sig_a != sig_b


@pytest.mark.parametrize("cut", [1, 10, 100, 400])
def test_truncated(cut: int) -> None:
    cms = sign_cms(DATA, signer("rsa"))
    assert code_of(cms[:-cut]) == "cms.corrupt"


@pytest.mark.parametrize("garbage", [b"", b"\x30", b"\x30\x80", b"not a cms", b"\x30\x03\x06\x01\x00", b"\x04\x00"])
def test_garbage(garbage: bytes) -> None:
    assert code_of(garbage) == "cms.corrupt"


def test_detached_without_content() -> None:
    cms = sign_cms(DATA, signer("ec"))
    assert code_of(cms, None) == "cms.content_missing"


def test_attached_with_other_content() -> None:
    cms = sign_cms(DATA, signer("ec"), detached=False)
    assert code_of(cms, b"other") == "cms.digest_mismatch"


def test_unsupported_digest_algorithm() -> None:
    cms = sign_cms(DATA, signer("gost256"))
    # Streebog-256 → an OID of the same length that names no digest
    tampered = cms.replace(der_oid("1.2.643.7.1.1.2.2"), der_oid("1.2.643.7.1.1.2.9"))
    assert code_of(tampered) == "cms.unsupported_algorithm"


def test_non_strict_mode_reports_instead_of_raising() -> None:
    cms = sign_cms(DATA, signer("gost256"))
    report = verify_cms(cms, DATA + b"x", strict=False, insecure_skip_chain_check=True)
    assert not report.valid
    assert [e.code for e in report.errors] == ["cms.digest_mismatch"]
    assert report.signers[0].checks["message_digest"] is False


# ------------------------------------------------------------------------------------------------ co-signing


def test_cosign_detached_and_attached() -> None:
    first = sign_cms(DATA, signer("gost256"))
    both = cosign_cms(first, DATA, signer("rsa"), insecure_skip_chain_check=True)
    report = verify_cms(both, DATA, insecure_skip_chain_check=True)
    assert report.valid and {s.key_algorithm for s in report.signers} == {"GOST3410_2012_256", "RSA"}
    attached = cosign_cms(
        sign_cms(DATA, signer("ec"), detached=False), None, signer("gost512"), insecure_skip_chain_check=True
    )
    report = verify_cms(attached, insecure_skip_chain_check=True)
    assert report.valid and len(report.signers) == 2 and report.content == DATA


def test_cosign_keeps_failure_per_signer() -> None:
    both = cosign_cms(sign_cms(DATA, signer("gost256")), DATA, signer("ec"), insecure_skip_chain_check=True)
    # each signer is checked and reported on its own
    report = verify_cms(both, DATA[:-1], strict=False, insecure_skip_chain_check=True)
    assert [s.checks["message_digest"] for s in report.signers] == [False, False]


def test_cosign_refuses_broken_original() -> None:
    first = sign_cms(DATA, signer("gost256"))
    with pytest.raises(SignatureError) as info:
        cosign_cms(first, DATA + b"x", signer("rsa"), insecure_skip_chain_check=True)
    assert info.value.code == "cms.digest_mismatch"


# ------------------------------------------------------------------------------------------------ OpenSSL interop


def write(tmp: Path, name: str, text: str | bytes) -> str:
    path = tmp / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


@pytest.mark.interop
@pytest.mark.parametrize("name", ["gost256", "gost512", "rsa"])
@pytest.mark.parametrize("detached", [True, False])
def test_openssl_verifies_ours(tmp_path: Path, name: str, detached: bool) -> None:
    require_gost_engine()
    cms = write(tmp_path, "s.p7s", sign_cms(DATA, signer(name), detached=detached))
    content = write(tmp_path, "data.bin", DATA)
    anchor = KEYS["ca"]["certificate"] if name.startswith("gost") else KEYS[name]["certificate"]
    ca = write(tmp_path, "ca.pem", anchor)
    args = ["cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", cms, "-CAfile", ca]
    args += ["-purpose", "any"]
    if detached:
        args += ["-content", content]
    result = run_openssl(*args, "-out", str(tmp_path / "out.bin"))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert (tmp_path / "out.bin").read_bytes() == DATA


@pytest.mark.interop
@pytest.mark.parametrize("name", ["gost256", "gost512", "rsa"])
@pytest.mark.parametrize("detached", [True, False])
def test_we_verify_openssl(tmp_path: Path, name: str, detached: bool) -> None:
    require_gost_engine()
    md = {"gost256": "md_gost12_256", "gost512": "md_gost12_512", "rsa": "sha256"}[name]
    cert = write(tmp_path, "c.pem", KEYS[name]["certificate"])
    key = write(tmp_path, "k.pem", KEYS[name]["private_key"])
    content = write(tmp_path, "data.bin", DATA)
    args = ["cms", "-sign", "-engine", "gost", "-binary", "-cades", "-md", md, "-outform", "DER"]
    args += ["-in", content, "-signer", cert, "-inkey", key]
    if not detached:
        args.append("-nodetach")
    result = run_openssl(*args)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    report = verify_cms(result.stdout, DATA if detached else None, insecure_skip_chain_check=True)
    assert report.valid and report.signers[0].checks["signing_certificate"] is True
    with pytest.raises(SignatureError):
        verify_cms(result.stdout, DATA[::-1], insecure_skip_chain_check=True)


@pytest.mark.interop
@pytest.mark.parametrize("name", ["gost256", "gost512"])
def test_raw_signatures_interoperate_with_openssl_dgst(tmp_path: Path, name: str) -> None:
    require_gost_engine()
    from egisz_sdk.signature._algorithms import public_key_of

    md = "-md_gost12_256" if name == "gost256" else "-md_gost12_512"
    content = write(tmp_path, "data.bin", DATA)
    key = write(tmp_path, "k.pem", KEYS[name]["private_key"])
    cert = write(tmp_path, "c.pem", KEYS[name]["certificate"])
    pub = run_openssl("x509", "-engine", "gost", "-in", cert, "-pubkey", "-noout").stdout
    pub_path = write(tmp_path, "pub.pem", pub)
    ours = write(tmp_path, "ours.sig", signer(name).sign(DATA))
    result = run_openssl("dgst", "-engine", "gost", md, "-verify", pub_path, "-signature", ours, content)
    assert result.returncode == 0 and b"Verified OK" in result.stdout, result.stderr
    theirs = run_openssl("dgst", "-engine", "gost", md, "-sign", key, content)
    assert theirs.returncode == 0
    assert public_key_of(cert_der(name)).is_valid(DATA, theirs.stdout)
    assert not public_key_of(cert_der(name)).is_valid(DATA, theirs.stdout[::-1])


# ------------------------------------------------------------------ certificate policy inside verify_cms
@pytest.mark.parametrize(
    ("variant", "code"),
    [("expired", "cert.expired"), ("revoked", "cert.revoked"), ("not_yet_valid", "cert.not_yet_valid")],
)
def test_verify_cms_rejects_a_signer_certificate_the_policy_refuses(variant: str, code: str) -> None:
    from egisz_sdk.testing.pki import TestPki

    pki = TestPki(seed=3)
    good = pki.issue("gost256", common_name="Good", snils="11223344595")
    bad = pki.issue("gost256", common_name="Bad", snils="11223344595", variant=variant)  # type: ignore[arg-type]
    at = pki.reference_time
    trust = {"trust_anchors": [pki.root], "intermediates": [pki.intermediate], "crls": [pki.crl()], "at": at}

    ok = verify_cms(sign_cms(DATA, SoftwareSigner(good.key, good.certificate)), DATA, **trust)
    assert ok.valid and ok.signers[0].checks["certificate"] is True

    cms = sign_cms(DATA, SoftwareSigner(bad.key, bad.certificate))
    with pytest.raises(SignatureError) as info:
        verify_cms(cms, DATA, **trust)
    assert info.value.code == "cms.certificate_rejected"
    assert info.value.params["reason"] == code
    report = verify_cms(cms, DATA, strict=False, **trust)
    assert not report.valid and report.signers[0].checks["certificate"] is False
    assert report.signers[0].checks["signature"] is True


def test_verify_cms_rejects_a_signer_from_another_hierarchy() -> None:
    from egisz_sdk.testing.pki import TestPki

    mine, theirs = TestPki(seed=4), TestPki(seed=5)
    ident = theirs.issue("gost256", common_name="Stranger")
    cms = sign_cms(DATA, SoftwareSigner(ident.key, ident.certificate))
    with pytest.raises(SignatureError) as info:
        verify_cms(cms, DATA, trust_anchors=[mine.root], intermediates=[mine.intermediate], at=mine.reference_time)
    assert info.value.params["reason"] == "cert.untrusted"


def test_verify_cms_completes_the_chain_from_the_certificates_it_carries() -> None:
    from egisz_sdk.testing.pki import TestPki

    pki = TestPki(seed=6)
    ident = pki.issue("gost256", common_name="Chained", snils="11223344595")
    cms = sign_cms(DATA, SoftwareSigner(ident.key, ident.certificate, chain=ident.intermediates))
    report = verify_cms(cms, DATA, trust_anchors=[pki.root], at=pki.reference_time)  # no intermediates given
    assert report.valid and report.signers[0].checks["certificate"] is True
    bare = sign_cms(DATA, SoftwareSigner(ident.key, ident.certificate))  # the signer's certificate only
    with pytest.raises(SignatureError) as info:
        verify_cms(bare, DATA, trust_anchors=[pki.root], at=pki.reference_time)
    assert info.value.params["reason"] == "cert.untrusted"
