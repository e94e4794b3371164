"""Every ```python example in docs/frmo.md runs against the World and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```python\n(.*?)```(?:\s*\nOutput:\s*\n\s*```text\n(.*?)```)?", re.S)


def test_every_frmo_example_runs_and_prints_what_the_page_shows() -> None:
    blocks = BLOCK.findall((DOCS / "frmo.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 7
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for index, (code, expected) in enumerate(blocks):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"frmo.md#example{index + 1}", "exec"), namespace)
        if expected:
            assert out.getvalue() == expected, f"frmo.md example {index + 1}: {out.getvalue()!r}"
