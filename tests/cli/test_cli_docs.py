"""Every ``console`` example in docs/cli.md is run with bash in a scratch folder and must print what the page shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import egisz_sdk

#: The tree under test first on the children's path (a relative PYTHONPATH would not survive their cwd).
SRC = str(Path(egisz_sdk.__file__).resolve().parents[1])
DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
BLOCKS = re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _steps(block: str) -> list[tuple[str, str]]:
    """(command, expected standard output) for each ``$ `` line of a block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return [(command, "\n".join(out)) for command, out in steps]


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_console_example(block: str, tmp_path: Path) -> None:
    path = os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    prelude = f'egisz() {{ {shlex.quote(sys.executable)} -m egisz_sdk.cli "$@"; }}\n'
    for command, expected in _steps(block):
        done = subprocess.run(
            ["bash", "-c", prelude + command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert done.stdout.rstrip("\n") == expected, f"$ {command}\n{done.stdout}{done.stderr}"
