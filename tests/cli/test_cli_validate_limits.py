"""``egisz validate --file`` reads bounded lines: a huge line is a typed error naming the line and the limit,
found fast and in little memory (a 50 MB header line used to take 300 MB)."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from egisz_sdk.cli import main


def test_a_50mb_header_line_is_refused_fast_in_little_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "header.csv"
    with path.open("wb") as out:
        out.write(b"snils,")
        for _ in range(50):
            out.write(b"c," * 500_000)  # 50 MB of short column names, no newline
    tracemalloc.start()
    start = time.perf_counter()
    try:
        code = main(["validate", "snils", "--file", str(path), "--column", "snils"])
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == 2
    assert "csv.line_too_long" in err and "1" in err and "1000000" in err and "--max-line-length" in err
    assert peak < 20_000_000, peak
    assert elapsed < 10, elapsed


def test_limit_is_an_option_and_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("snils\r\n112-233-445 95\r\n" + "1" * 41 + "\r\n", encoding="utf-8")
    argv = ["validate", "snils", "--file", str(path), "--column", "snils", "--max-line-length", "40"]
    assert main([*argv, "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "csv.line_too_long" and error["params"] == {"line": 3, "limit": 40}
    assert "Строка 3" in error["message_ru"] and "Line 3" in error["message_en"]
    argv[-1] = "41"  # a line of exactly the limit passes (the line break does not count)
    assert main(argv) == 1


def test_a_record_spanning_lines_counts_as_a_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    cell = "\n".join(["x" * 30] * 5)
    path.write_text(f'name,snils\n"{cell}",112-233-445 95\n', encoding="utf-8")
    argv = ["validate", "snils", "--file", str(path), "--column", "snils", "--max-line-length", "100"]
    assert main(argv) == 2
    assert "csv.line_too_long" in capsys.readouterr().err
    argv[-1] = "200"
    assert main(argv) == 0
