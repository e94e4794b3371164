"""``egisz validate`` run in-process: exit codes, human and JSON output, CSV files read in chunks."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from egisz_sdk.cli import main
from egisz_sdk.cli._output import progress
from egisz_sdk.validators import inn, snils


def _json(capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(capsys.readouterr().out)


def test_values_all_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "snils", "112-233-445 95", "586-595-917 80"]) == 0
    out = capsys.readouterr().out
    assert "11223344595" in out and "58659591780" in out and "ERR" not in out


def test_values_some_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "snils", "112-233-445 95", "112-233-445 96"]) == 1
    out = capsys.readouterr().out
    assert "snils.checksum" in out and "Неверное" in out and "Wrong" in out


def test_values_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "phone", "8 (912) 345-67-89", "+380441234567", "--json"]) == 1
    data = _json(capsys)
    assert data["kind"] == "phone" and data["valid"] == 1 and data["invalid"] == 1
    assert data["results"][0] == {"input": "8 (912) 345-67-89", "valid": True, "canonical": "+79123456789"}
    assert data["results"][1]["code"] == "phone.country"


def test_password_is_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "password", "Secret!Pass1", "weakpw", "--json"]) == 1
    out = capsys.readouterr().out
    assert "Secret!Pass1" not in out and "weakpw" not in out
    assert "password.too_short" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "nope", "1"],
        ["validate", "snils"],
        ["validate", "snils", "1", "--file", "x.csv", "--column", "a"],
        ["validate", "snils", "--file", "x.csv"],
        ["validate", "snils", "--file", "/nonexistent/file.csv", "--column", "snils"],
        ["validate", "snils", "--progress", "--no-progress", "1"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def _write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def _people(n: int, broken_every: int = 7) -> tuple[list[dict[str, str]], int]:
    r = random.Random(42)
    rows = []
    broken = 0
    for i in range(n):
        s = snils.generate(r)
        if i % broken_every == 3:
            s = s[:9] + f"{(int(s[9:]) + 1) % 100:02d}"
            broken += 1
        rows.append({"name": "Иванов", "snils": s, "inn": inn.generate(r)})
    return rows, broken


def test_csv_file_counts_and_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, broken = _people(5000)
    rows[11]["snils"] = ""  # an empty cell (row 11 is not one of the broken ones)
    path = tmp_path / "staff.csv"
    _write_csv(path, rows, delimiter=";")
    code = main(
        [
            "validate",
            "snils",
            "--file",
            str(path),
            "--column",
            "snils",
            "--delimiter",
            ";",
            "--json",
            "--chunk-size",
            "700",
        ]
    )
    assert code == 1
    data = _json(capsys)
    assert data["total"] == 5000
    assert data["counts"] == {"snils.checksum": broken, "snils.empty": 1}
    assert data["valid"] == 5000 - broken - 1
    first = data["examples"][0]
    assert first == {"line": 5, "value": rows[3]["snils"], "code": "snils.checksum"}  # header is line 1
    assert len(data["examples"]) == 20


def test_csv_file_all_valid_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, _ = _people(300, broken_every=10**9)
    path = tmp_path / "inn.csv"
    _write_csv(path, rows, encoding="cp1251")
    assert main(["validate", "inn", "--file", str(path), "--column", "inn", "--encoding", "cp1251"]) == 0
    out = capsys.readouterr().out
    assert "300 rows, 300 valid, 0 invalid" in out


def test_csv_missing_column_and_bad_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, _ = _people(10)
    path = tmp_path / "p.csv"
    _write_csv(path, rows, encoding="cp1251")
    assert main(["validate", "snils", "--file", str(path), "--column", "СНИЛС", "--encoding", "cp1251"]) == 2
    assert "no column" in capsys.readouterr().err
    assert main(["validate", "snils", "--file", str(path), "--column", "snils"]) == 2  # cp1251 read as utf-8
    assert "not valid utf-8" in capsys.readouterr().err
    assert main(["validate", "snils", "--file", str(path), "--column", "snils", "--encoding", "nope"]) == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["validate", "snils", "--file", str(empty), "--column", "snils"]) == 2


def test_csv_with_bom_and_short_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffsnils,name\n112-233-445 95,a\n\n11223344596\n", encoding="utf-8")
    assert main(["validate", "snils", "--file", str(path), "--column", "snils", "--json"]) == 1
    data = _json(capsys)
    assert data["total"] == 2 and data["counts"] == {"snils.checksum": 1}


def test_progress_bar_is_drawn_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, _ = _people(2000)
    path = tmp_path / "staff.csv"
    _write_csv(path, rows)
    args = ["validate", "snils", "--file", str(path), "--column", "snils", "--chunk-size", "500", "--json"]
    assert main([*args, "--progress"]) == 1
    captured = capsys.readouterr()
    assert "100%" in captured.err and "2,000 rows" in captured.err
    json.loads(captured.out)  # stdout stays one clean JSON document
    assert main(args) == 1  # stderr is not a TTY under pytest: no bar
    assert capsys.readouterr().err == ""


def test_progress_widget() -> None:
    stream = io.StringIO()  # not a terminal: rich writes the final state once
    with progress(1000, enabled=True, stream=stream) as update:
        update(500, 42)
        update(2000, 84)
    text = stream.getvalue()
    assert "100%" in text and "84 rows" in text and text.endswith("\n") and text.count("\n") == 1
    quiet = io.StringIO()
    with progress(10, enabled=False, stream=quiet) as update:
        update(5, 1)
    assert quiet.getvalue() == ""


def test_demo_identifiers_section(capsys: pytest.CaptureFixture[str]) -> None:
    from egisz_sdk.cli._demo import _identifiers

    data = _identifiers(True)
    kinds = {row["kind"] for row in data["identifiers"]}
    assert {"snils", "inn", "ogrn", "ogrnip", "kpp", "phone", "dates", "passport", "email", "person"} <= kinds
    assert any(row["valid"] for row in data["identifiers"]) and any(not row["valid"] for row in data["identifiers"])
    batch = data["identifiers_batch"]
    assert batch["total"] == 10_000 and batch["counts"]["snils.checksum"] == 1000
    assert capsys.readouterr().out == ""
