"""``egisz frmr get / export / expiring`` through click's runner, against the in-memory FRMR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("click")
from click.testing import CliRunner

from egisz_sdk.cli._frmr import frmr

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
SNILS = "11223344595"


def run(mock: Any, *args: str, seen: list[httpx.Request] | None = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return mock.handler(request)

    obj = {"transport": httpx.MockTransport(handler)}
    return CliRunner().invoke(frmr, ["--base-url", "https://frmr.test/4f52d90e921a0/", *args], obj=obj)


def test_get_by_snils_signs_with_the_exported_key(mock: Any, tmp_path: Path) -> None:
    mock.add_person(lastName="Иванова", firstName="Мария", snils=SNILS, birthDate="1985-03-07")
    (tmp_path / "client-key.pem").write_text(KEYS["gost256"]["private_key"])
    (tmp_path / "client-cert.pem").write_text(KEYS["gost256"]["certificate"])
    seen: list[httpx.Request] = []
    files = ["--key", str(tmp_path / "client-key.pem"), "--cert", str(tmp_path / "client-cert.pem")]
    result = run(mock, *files, "--system-id", "MIS", "get", "--mo", mock.MO, "--snils", SNILS, "--json", seen=seen)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["lastName"] == "Иванова"
    assert seen[0].headers["Authorization"].startswith("Bearer ey")
    text = run(mock, "get", "--mo", mock.MO, "--snils", SNILS)
    assert text.exit_code == 0 and text.output.startswith("Иванова Мария\t2022.")


def test_get_failures_and_usage(mock: Any) -> None:
    missing = run(mock, "get", "--mo", mock.MO, "--snils", SNILS)
    assert missing.exit_code == 1 and "registry.not_found" in missing.output
    assert run(mock, "get", "--mo", mock.MO).exit_code == 2
    bad = run(mock, "get", "--mo", mock.MO, "--snils", "11223344596")
    assert bad.exit_code == 1 and "snils.checksum" in bad.output and "11223344596" not in bad.output


def test_export_and_resume_message(mock: Any, tmp_path: Path) -> None:
    for i in range(5):
        mock.add_person(lastName=f"W{i}")
    out = tmp_path / "staff.jsonl"
    result = run(mock, "export", "--mo", mock.MO, "-o", str(out), "--page-size", "2")
    assert result.exit_code == 0, result.output
    assert "done: 5 workers" in result.output and len(out.read_text().splitlines()) == 5
    assert run(mock, "export", "-o", str(out)).exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "json", "ics"])
def test_expiring(mock: Any, fmt: str, tmp_path: Path) -> None:
    p = mock.add_person(lastName="Иванова", firstName="Мария")
    mock.add("certs", p["oid"], certNumber="C1", specId=10, examDate="2019-06-20", endDate="2025-06-20")
    mock.add("certs", p["oid"], certNumber="C2", specId=11, examDate="2023-06-20")
    args = ["expiring", "--mo", mock.MO, "--within", "30d", "--today", "2025-06-01", "--format", fmt]
    if fmt == "ics":
        pytest.importorskip("icalendar")
        args += ["-o", str(tmp_path / "d.ics")]
    result = run(mock, *args)
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        lines = result.output.splitlines()
        assert lines[0].startswith("worker_oid,") and len(lines) == 2 and ",expiring,2025-06-20," in lines[1]
    elif fmt == "json":
        [row] = json.loads(result.output)
        assert row["specialty"] == "10" and row["status"] == "expiring"
    else:
        assert b"BEGIN:VEVENT" in (tmp_path / "d.ics").read_bytes()
    assert run(mock, "expiring", "--mo", mock.MO, "--within", "soon").exit_code == 2
