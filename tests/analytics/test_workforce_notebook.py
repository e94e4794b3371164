"""docs/workforce.ipynb runs top to bottom (nbclient, a fresh kernel) against the embedded fake world, and the
committed copy carries its outputs (the docs site renders them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "workforce.ipynb"


def test_the_committed_notebook_has_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs for c in code), "commit the notebook executed, with its outputs"
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # staff by specialty, deadlines by month
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def test_the_notebook_runs_top_to_bottom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for module in ("ipykernel", "matplotlib", "pandas", "openpyxl"):
        pytest.importorskip(module)
    # the kernel is a child process: give it these sources first (the suite may run from a checkout, not an install)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(
        nb, timeout=600, startup_timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    texts = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("workers from" in t for t in texts)
    assert any(t.endswith("bytes\n") and ".xlsx" in t for t in texts)
    # every post code of the population is a row of the shipped positions table the fake NSI serves
    assert any(t.startswith("0 of ") and "post code the positions dictionary does not know" in t for t in texts)
