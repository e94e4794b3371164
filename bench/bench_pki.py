"""The test PKI: how long a fresh ``TestPki`` and one issued identity take (the "fast enough per test" claim)."""

from __future__ import annotations

import itertools
from typing import Any

from _timing import seconds

_COUNTER = itertools.count()


def run(quick: bool) -> list[dict[str, Any]]:
    from egisz_sdk.testing.pki import TestPki

    repeat = 3 if quick else 7
    rows: list[dict[str, Any]] = []

    def fresh() -> TestPki:
        return TestPki(seed=10_000 + next(_COUNTER))

    rows.append(
        {
            "benchmark": "new TestPki (root + intermediate, GOST-256)",
            "implementation": "egisz-sdk",
            "value": seconds(lambda: fresh().root, repeat) * 1e3,
            "unit": "ms",
        }
    )
    for kind in ("gost256", "gost512", "rsa"):
        pki = fresh()
        pki.issue(kind, common_name="warm-up")  # hierarchy (and, for RSA, the per-process keys) built once
        value = seconds(lambda pki=pki, kind=kind: pki.issue(kind, common_name=f"x{next(_COUNTER)}"), repeat)
        rows.append(
            {
                "benchmark": f"issue one {kind} identity",
                "implementation": "egisz-sdk",
                "value": value * 1e3,
                "unit": "ms",
                "note": "qualified-looking subject, extensions, signed by the intermediate",
            }
        )
    return rows
