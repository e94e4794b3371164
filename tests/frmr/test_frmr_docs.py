"""Every ```python example in docs/frmr.md and docs/gateway.md runs, and prints what the page says it prints.

The FRMR examples run against the fake world (``World``: the fake FRMR behind the fake gateway, through
``world.transport()``); the client code is the same as against the real registry.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```python\n(.*?)```(?:\s*\nOutput:\s*\n\s*```text\n(.*?)```)?", re.S)


def examples(page: str) -> list[tuple[str, str | None]]:
    return [(code, out) for code, out in BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", ["frmr.md", "gateway.md"])
def test_every_example_runs_and_prints_what_the_page_shows(page: str) -> None:
    pytest.importorskip("icalendar")
    blocks = examples(page)
    assert blocks, page
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for index, (code, expected) in enumerate(blocks):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{page}#example{index + 1}", "exec"), namespace)
        if expected:
            assert out.getvalue() == expected, f"{page} example {index + 1}"
