"""The README's FRMR example runs as written (against the embedded fake), so the front page cannot rot."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_frmr_example_runs_and_lists_workers() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "FrmrClient" in b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, str(README), "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines, "the example printed no workers"
    for line in lines:
        oid, last_name = line.split(" ", 1)
        assert re.fullmatch(r"\d{4}\.\d{7}", oid) and last_name
