"""The python examples of docs/signatures/hashing.md and gost3410.md run as written, and their comments hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "signatures"


def _run(name: str) -> dict[str, object]:
    blocks = re.findall(r"^```python\n(.*?)^```", (DOCS / name).read_text(encoding="utf-8"), re.S | re.M)
    assert blocks, f"docs/signatures/{name} lost its examples"
    namespace: dict[str, object] = {"__name__": "gost_docs"}
    for block in blocks:
        exec(compile(block, str(DOCS / name), "exec"), namespace)
    return namespace


def test_hashing_example_runs_and_prints_the_documented_values() -> None:
    ns = _run("hashing.md")
    from egisz_sdk.signature.gost import streebog

    assert streebog.streebog256(b"Test message").hex().startswith("9acca1ceba8a7bef")
    h = ns["h"]
    assert (h.name, h.digest_size, h.block_size) == ("streebog512", 64, 64)  # type: ignore[attr-defined]
    assert h.backend in {"c", "openssl", "python"}  # type: ignore[attr-defined]
    assert streebog.active_backend() in {"c", "openssl", "python"}
    assert len(streebog.streebog512(b"data")) == 64


def test_gost3410_example_signs_and_verifies() -> None:
    ns = _run("gost3410.md")
    from egisz_sdk.errors import SignatureError
    from egisz_sdk.signature.gost import gost3410

    sig = ns["sig"]
    assert isinstance(sig, bytes) and len(sig) == 64
    tampered = bytes([sig[0] ^ 1]) + sig[1:]
    with pytest.raises(SignatureError):
        gost3410.verify_digest(ns["curve"], ns["pub"], ns["digest"], tampered)  # type: ignore[arg-type]
