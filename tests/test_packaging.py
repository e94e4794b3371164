"""The built wheel works outside the source tree: package data ships, the CLI runs, the pytest plugin loads.

The rest of the suite runs against the editable install, which would hide a data file missing from the wheel
(error catalogue, classifier tables, login pages). Here the wheel is built, unpacked into a directory placed first
on ``sys.path`` of fresh interpreters, and used from a folder outside the repository — as an integrator would.
The ``cli`` extra's requirements, read from the wheel's metadata, are installed into the same directory, so the
demo runs on the click and rich that ``pip install 'egisz-sdk[cli]'`` would bring.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(base / "dist"), str(ROOT)], capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stderr
    wheel = next((base / "dist").glob("egisz_sdk-*.whl"))
    target = base / "site"
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    extra = _extra_requirements(wheel, "cli")
    assert sorted(r.split(">=")[0] for r in extra) == ["click", "rich"], extra
    done = subprocess.run(
        [*pip, "install", "--target", str(target), *extra], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return target


def _extra_requirements(wheel: Path, extra: str) -> list[str]:
    """The ``Requires-Dist`` of ``extra`` in the wheel's METADATA, without their markers."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    marker = f'extra == "{extra}"'
    return [
        line.split(":", 1)[1].split(";", 1)[0].strip()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and marker in line
    ]


def _run(args: list[str], target: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(target))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_wheel_carries_its_data_and_the_demo_runs(installed: Path, tmp_path: Path) -> None:
    where = _run(["-c", "import egisz_sdk; print(egisz_sdk.__file__)"], installed, tmp_path)
    assert where.stdout.strip().startswith(str(installed)), where.stdout + where.stderr
    libraries = _run(["-c", "import click, rich; print(click.__file__); print(rich.__file__)"], installed, tmp_path)
    assert all(line.startswith(str(installed)) for line in libraries.stdout.split()), libraries.stdout
    demo = _run(["-m", "egisz_sdk.cli", "demo", "--json"], installed, tmp_path)
    assert demo.returncode == 0, demo.stderr
    result = json.loads(demo.stdout)
    codes = {row.get("code") for row in result["identifiers"]}
    assert "snils.checksum" in codes and "okfs.unknown" in codes  # catalogue messages and classifier tables
    assert all(row.get("message_ru") for row in result["identifiers"] if not row["valid"])


def test_plugin_from_the_wheel_serves_the_documented_example(installed: Path, tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    example = doc.split("## A complete example", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "test_integration.py").write_text(example, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    run = _run(["-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)], installed, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


def test_login_pages_ship_in_the_wheel(installed: Path) -> None:
    pages = {p.name for p in (installed / "egisz_sdk" / "testing" / "web").glob("*.html")}
    assert {"login.html", "sms.html", "consent.html"} <= pages
