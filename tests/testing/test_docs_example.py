"""The example of docs/testing.md runs as written (in a separate pytest process, through the installed plugin)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


def _example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "docs/testing.md lost its example"
    return found.group(1)


def test_the_documented_example_passes(tmp_path: Path) -> None:
    (tmp_path / "test_esia_login.py").write_text(_example(), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_the_without_pytest_example_runs() -> None:
    section = DOC.read_text(encoding="utf-8").split("## Without pytest", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "docs/testing.md lost its example without pytest"
    namespace: dict[str, object] = {}
    exec(compile(found.group(1), str(DOC), "exec"), namespace)
    world, result = namespace["world"], namespace["result"]
    assert result.person.oid == world.esia.account("employee@example.test").person.oid  # type: ignore[attr-defined]
