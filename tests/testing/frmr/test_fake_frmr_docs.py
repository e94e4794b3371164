"""The FRMR examples of docs/testing.md run as written (the pytest file in a separate pytest process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import egisz_sdk

DOC = Path(__file__).resolve().parents[3] / "docs" / "testing.md"


def _blocks() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## FRMR against the fake", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_frmr_fixture_example_passes(tmp_path: Path) -> None:
    (tmp_path / "test_frmr_fake.py").write_text(_blocks()[0], encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    src = str(Path(egisz_sdk.__file__).resolve().parents[1])  # these sources, not an installed copy
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_the_frmr_example_without_pytest_runs(capsys: object) -> None:
    namespace: dict[str, object] = {}
    exec(compile(_blocks()[1], str(DOC), "exec"), namespace)
    assert capsys.readouterr().out == "True\n"  # type: ignore[attr-defined]
