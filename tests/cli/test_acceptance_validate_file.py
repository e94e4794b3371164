"""Acceptance review of ``egisz validate --file`` on HR exports as an analyst writes them.

Each test reproduces a defect found by running the command on realistic files; it failed before the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egisz_sdk.cli import main


def test_wrong_encoding_deep_in_the_file_names_the_true_byte_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A UTF-8 export with one line pasted from a cp1251 source far beyond the decoder's first 8 KB chunk.
    good = "Иванов Иван;112-233-445 95\n" * 3000
    data = "ФИО;СНИЛС\n".encode() + good.encode() + "Петров Пётр;586-595-917 80\n".encode("cp1251")
    path = tmp_path / "staff.csv"
    path.write_bytes(data)
    offset = data.index("Петров".encode("cp1251"))
    assert main(["validate", "snils", "--file", str(path), "--column", "СНИЛС", "--delimiter", ";"]) == 2
    err = capsys.readouterr().err
    assert f"at byte {offset}" in err  # was the offset inside the decoder's chunk (e.g. "at byte 2962")
    assert "line 3002" in err


def test_wrong_encoding_in_the_first_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes("ФИО;СНИЛС\n".encode("cp1251"))
    assert main(["validate", "snils", "--file", str(path), "--column", "СНИЛС", "--delimiter", ";"]) == 2
    err = capsys.readouterr().err
    assert "at byte 0" in err and "line 1" in err


def test_bom_before_a_quoted_header_is_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pandas' to_csv(encoding="utf-8-sig", quoting=csv.QUOTE_ALL) and Excel write the BOM before the quote.
    path = tmp_path / "staff.csv"
    path.write_bytes('\ufeff"ФИО";"СНИЛС"\n"Иванов Иван";"112-233-445 95"\n'.encode())
    assert main(["validate", "person", "--file", str(path), "--column", "ФИО", "--delimiter", ";", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] == 1


def test_bom_with_explicit_utf8_sig_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes('\ufeff"snils"\n"112-233-445 95"\n'.encode())
    argv = ["validate", "snils", "--file", str(path), "--column", "snils", "--encoding", "UTF8", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_multiline_record_is_reported_at_its_first_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text('ФИО,СНИЛС\n"Иванов\nИван",11223344596\n\nПетров Пётр,11223344596\n', encoding="utf-8")
    assert main(["validate", "snils", "--file", str(path), "--column", "СНИЛС", "--json"]) == 1
    lines = [ex["line"] for ex in json.loads(capsys.readouterr().out)["examples"]]
    assert lines == [2, 5]  # the record opens on line 2 (it ends on line 3); line 4 is blank


def test_missing_column_shows_invisible_spaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("ФИО;СНИЛС \nИванов;112-233-445 95\n", encoding="utf-8")
    assert main(["validate", "snils", "--file", str(path), "--column", "СНИЛС", "--delimiter", ";"]) == 2
    assert "'СНИЛС '" in capsys.readouterr().err
