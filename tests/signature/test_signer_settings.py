"""Numeric signer settings are finite and in range: ``timeout=nan`` once meant "wait forever" for a subprocess."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.signature.signers import CryptoProSigner, OpenSslSigner

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
CERT = str(KEYS["gost256"]["certificate"]).encode()


def _sha1(pem: bytes) -> str:
    import hashlib

    from egisz_sdk.signature.certificates import certificate_der

    return hashlib.sha1(certificate_der(pem)).hexdigest()


@pytest.mark.parametrize("timeout", [math.nan, math.inf, 0, -1, 1e12, True], ids=repr)
def test_subprocess_signers_refuse_a_bad_timeout(timeout: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        OpenSslSigner("key.pem", CERT, timeout=timeout)
    assert info.value.code == "config.invalid" and info.value.field == "timeout"
    with pytest.raises(ConfigurationError) as info:
        CryptoProSigner(_sha1(CERT), certificate=CERT, timeout=timeout)
    assert info.value.code == "config.invalid" and info.value.field == "timeout"
