"""mypy --strict sees ``Person`` on the sync FRMR client, ``Awaitable[Person]`` / ``AsyncIterator`` on the async one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _mypy(*files: Path) -> tuple[str, int]:
    api = pytest.importorskip("mypy.api")
    env_path = os.environ.get("MYPYPATH")
    os.environ["MYPYPATH"] = str(ROOT / "src")
    try:
        out, err, status = api.run(
            ["--strict", "--no-incremental", "--cache-dir", os.devnull, "--config-file", str(ROOT / "pyproject.toml")]
            + [str(f) for f in files]
        )
    finally:
        if env_path is None:
            os.environ.pop("MYPYPATH", None)
        else:
            os.environ["MYPYPATH"] = env_path
    return out + err, status


def test_declared_resources_are_typed_for_both_clients(tmp_path: Path) -> None:
    bad = tmp_path / "bad_types.py"
    bad.write_text(
        "from typing_extensions import assert_type\n"
        "from egisz_sdk.frmr import AsyncFrmrClient, Person\n"
        "async def f(c: AsyncFrmrClient) -> None:\n"
        "    assert_type(await c.person.get(mo='1', snils='1'), Person)\n"
        "    assert_type(c.person.get(mo='1', snils='1'), Person)\n",
        encoding="utf-8",
    )
    out, status = _mypy(HERE / "check_frmr_types.py", bad)
    assert status == 1, out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert errors and all(line.startswith(str(bad)) for line in errors), out
    assert any(":5: error:" in line and "assert-type" in line for line in errors), out
    assert not any(":4: error:" in line for line in errors), out
