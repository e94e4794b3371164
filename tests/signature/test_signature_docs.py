"""The python examples of docs/signatures/keys.md and cms.md run as written (so they cannot rot).

Two examples are configuration snippets for hardware this CI does not have — a PKCS#11 token and CryptoPro CSP —
and are only compiled; everything else is executed.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "signatures"
HARDWARE = ("Pkcs11Signer(", "CryptoProSigner(")


def _blocks(name: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / name).read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("name", ["keys.md", "cms.md"])
def test_examples_run(name: str) -> None:
    blocks = _blocks(name)
    assert blocks
    for block in blocks:
        code = compile(block, str(DOCS / name), "exec")
        if any(marker in block for marker in HARDWARE):
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, {})


def test_the_trust_example_prints_what_its_comments_say() -> None:
    example = next(b for b in _blocks("cms.md") if "trust_anchors_required" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, "cms.md", "exec"), {})
    assert out.getvalue().splitlines() == ["True True", "signature.trust_anchors_required", "True"]
