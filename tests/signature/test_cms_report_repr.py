"""``repr`` of CMS verification reports is short and readable: no certificate or content bytes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from _support import VECTORS
from egisz_sdk.signature import SoftwareSigner, sign_cms, verify_cms
from egisz_sdk.signature.keys import load_private_key

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
DATA = "Медицинский документ\n".encode() * 50


def _signer(name: str) -> SoftwareSigner:
    entry = KEYS[name]
    return SoftwareSigner(load_private_key(entry["private_key"].encode()), entry["certificate"].encode())


def test_report_repr_is_concise_and_has_no_raw_bytes() -> None:
    when = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    cms = sign_cms(DATA, _signer("gost256"), detached=False, signing_time=when)
    report = verify_cms(cms, insecure_skip_chain_check=True)
    (one,) = report.signers
    text = repr(report)
    assert one.certificate_der is not None
    assert "b'" not in text and 'b"' not in text and "\\x" not in text
    assert len(text) < 600, text
    assert text.startswith("CmsReport(valid=True, detached=False")
    assert f"content='{len(DATA)} bytes'" in text
    assert one.signer in text and when.isoformat() in text
    assert "message_digest=True" in text and "signature=True" in text and "certificate=None" in text
    assert repr(one) in text and "SignerReport(" in repr(one) and "\\x" not in repr(one)


def test_report_repr_names_the_failures() -> None:
    cms = sign_cms(DATA, _signer("rsa"))
    report = verify_cms(cms, DATA + b"!", strict=False, insecure_skip_chain_check=True)
    text = repr(report)
    assert "valid=False" in text and "detached=True" in text
    assert "cms.digest_mismatch" in text and "message_digest=False" in text
