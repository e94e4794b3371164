"""Shared test helpers (importable as ``_support`` from every test: ``pythonpath = tests``).

``require(tool_available, why)`` skips a test when an external tool (OpenSSL with gost-engine, SoftHSM2,
chromium) is missing — except when ``EGISZ_REQUIRE_INTEROP=1`` (set by CI), where it fails instead, so
that CI can never go green by skipping the interop proofs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VECTORS = Path(__file__).parent / "vectors"


def require(available: bool, why: str) -> None:
    """Skip (locally) or fail (in CI) when a needed external tool is absent."""
    if available:
        return
    if os.environ.get("EGISZ_REQUIRE_INTEROP") == "1":
        pytest.fail(f"required in CI but missing: {why}")
    pytest.skip(f"missing: {why}")
