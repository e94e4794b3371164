"""docs/adding-a-service.md runs as written: every python block, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "adding-a-service.md"


def test_every_block_of_the_page_runs_in_order() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 10, "docs/adding-a-service.md lost its examples"
    namespace: dict[str, object] = {"__name__": "adding_a_service_docs"}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOC}#block{number}", "exec"), namespace)
    world = namespace["world"]
    assert world.services[0] == "esia" and world.services[-1] == "notes"  # type: ignore[attr-defined]
