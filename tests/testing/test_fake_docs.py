"""Every python block of docs/fake.md and of docs/testing.md outside its two whole-file examples runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _blocks(name: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    if name == "testing.md":  # its complete example and the one without pytest run in test_docs_example.py
        text = text.split("## Without pytest", 1)[1].split("```python", 2)[-1]
        text = "```python" + text
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.mark.parametrize(("name", "minimum"), [("fake.md", 3), ("testing.md", 2)])
def test_blocks_run(name: str, minimum: int) -> None:
    blocks = _blocks(name)
    assert len(blocks) >= minimum, f"docs/{name} lost its examples"
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOCS / name}#block{number}", "exec"), {"__name__": f"docs_{number}"})
