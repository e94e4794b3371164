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


def test_the_identifier_example_runs_as_its_comments_say() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "validate_column" in b)
    namespace: dict[str, object] = {}
    exec(compile(example, str(README), "exec"), namespace)
    from egisz_sdk.validators import batch, inn, snils

    assert snils.validate("112-233-445 95") == "11223344595"
    assert not snils.is_valid("112-233-445 96") and not inn.is_valid("500100732202")
    counts = batch.validate_column("snils", namespace["column"]).counts()  # type: ignore[arg-type]
    assert counts.get("snils.checksum") == 1 and sum(counts.values()) == 3
