"""Fail closed: every path that verifies a signature checks the signer against trust anchors by default.

Before: ``decode_ips_token(token)`` accepted a token whose ``x5c`` was an attacker's self-signed certificate, and
``verify_cms(cms, data)`` accepted a signature by anyone's self-made certificate. Skipping the chain check now takes
an explicit, greppable ``insecure_skip_chain_check=True``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature import SoftwareSigner, cosign_cms, decode_ips_token, encode_ips_token, sign_cms, verify_cms
from egisz_sdk.signature.keys import load_private_key
from egisz_sdk.testing.pki import TestPki

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
DATA = b"fail closed"
CLAIMS = {"sub": "1.2.643.5.1.13.13.12.2.77.1", "aud": "https://ips.test.egisz.rosminzdrav.ru"}


def attacker() -> SoftwareSigner:
    """A GOST key with a certificate that nobody issued (self-signed, as an attacker would make one)."""
    entry = KEYS["gost256"]
    return SoftwareSigner(load_private_key(entry["private_key"].encode()), entry["certificate"].encode())


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki(seed=11)


def test_an_ips_token_with_a_self_made_certificate_is_refused_by_default(pki: TestPki) -> None:
    forged = encode_ips_token(CLAIMS, attacker())
    with pytest.raises(ConfigurationError) as info:
        decode_ips_token(forged)
    assert info.value.code == "signature.trust_anchors_required"
    with pytest.raises(SignatureError) as refused:
        decode_ips_token(forged, trust_anchors=pki.trust_anchors, at=pki.reference_time)
    assert refused.value.code == "jws.untrusted"


def test_an_ips_token_from_a_trusted_hierarchy_passes(pki: TestPki) -> None:
    ident = pki.issue("gost256", common_name="Gateway client")
    token = encode_ips_token(CLAIMS, SoftwareSigner(ident.key, ident.certificate))
    header, claims = decode_ips_token(
        token, trust_anchors=pki.trust_anchors, intermediates=ident.intermediates, at=pki.reference_time
    )
    assert claims == CLAIMS and header["alg"] == "ECGOST3410-2012"


def test_the_opt_out_is_explicit() -> None:
    forged = encode_ips_token(CLAIMS, attacker())
    assert decode_ips_token(forged, insecure_skip_chain_check=True)[1] == CLAIMS
    assert decode_ips_token(forged, verify=False)[1] == CLAIMS  # parsing only: nothing is verified


def test_verify_cms_refuses_to_run_without_trust_anchors(pki: TestPki) -> None:
    cms = sign_cms(DATA, attacker())
    for strict in (True, False):
        with pytest.raises(ConfigurationError) as info:
            verify_cms(cms, DATA, strict=strict)
        assert info.value.code == "signature.trust_anchors_required"
    report = verify_cms(cms, DATA, strict=False, trust_anchors=pki.trust_anchors, at=pki.reference_time)
    assert not report.valid and report.errors[0].code == "cms.certificate_rejected"
    assert report.signers[0].checks["signature"] is True  # the signature itself is fine: the signer is not
    skipped = verify_cms(cms, DATA, insecure_skip_chain_check=True)
    assert skipped.valid and skipped.signers[0].checks["certificate"] is None


def test_cosign_verifies_the_existing_signers_chain(pki: TestPki) -> None:
    cms = sign_cms(DATA, attacker())
    ident = pki.issue("gost256", common_name="Co-signer")
    cosigner = SoftwareSigner(ident.key, ident.certificate)
    with pytest.raises(ConfigurationError):
        cosign_cms(cms, DATA, cosigner)
    with pytest.raises(SignatureError) as info:
        cosign_cms(cms, DATA, cosigner, trust_anchors=pki.trust_anchors, at=pki.reference_time)
    assert info.value.code == "cms.certificate_rejected"
