"""``egisz hash``: sha256sum-style output, stdin, JSON, unreadable files, both algorithms."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from egisz_sdk.cli import main
from egisz_sdk.signature.gost import streebog

TEST_MESSAGE_256 = "9acca1ceba8a7beffa71aec00b438cfd8b26ada43a9496043a4a842c89f45ba7"


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a.txt"
    a.write_bytes(b"Test message")
    b = tmp_path / "b.bin"
    b.write_bytes(bytes(range(256)) * 5)
    return [a, b]


def test_prints_like_sha256sum(files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", *map(str, files)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{TEST_MESSAGE_256}  {files[0]}",
        f"{streebog.streebog256(files[1].read_bytes()).hex()}  {files[1]}",
    ]


@pytest.mark.parametrize("backend", ["python", "auto"])
def test_streebog512(files: list[Path], capsys: pytest.CaptureFixture[str], backend: str) -> None:
    assert main(["hash", "--alg", "streebog512", "--backend", backend, str(files[1])]) == 0
    digest, name = capsys.readouterr().out.split()
    assert digest == streebog.streebog512(files[1].read_bytes(), backend="python").hex()
    assert name == str(files[1])


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Test message"))
    monkeypatch.setattr(sys, "stdin", fake)
    assert main(["hash", "-"]) == 0
    assert capsys.readouterr().out == f"{TEST_MESSAGE_256}  -\n"


def test_no_files_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["hash"]) == 0
    assert capsys.readouterr().out.startswith("3f539a213e97c802")


def test_json(files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "--json", str(files[0])]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["backend"] in ("python", "c", "openssl")
    assert doc["results"] == [{"file": str(files[0]), "algorithm": "streebog256", "digest": TEST_MESSAGE_256}]


def test_unreadable_files_exit_2(tmp_path: Path, files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.bin"
    code = main(["hash", str(missing), str(files[0]), str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == f"{TEST_MESSAGE_256}  {files[0]}\n"  # the readable file is still hashed
    assert str(missing) in captured.err and str(tmp_path) in captured.err
    assert "cannot read" in captured.err


def test_unreadable_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    assert main(["hash", "--json", str(missing)]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["results"][0]["file"] == str(missing) and "error" in doc["results"][0]


def test_bad_algorithm_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "--alg", "sha256", "x"]) == 2
    assert "sha256" in capsys.readouterr().err


def test_console_entry_point_streams_stdin(tmp_path: Path) -> None:
    data = b"\x00\xff" * 300_000  # 600 kB through a real pipe
    out = subprocess.run(
        [sys.executable, "-m", "egisz_sdk.cli", "hash", "--alg", "streebog512", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    assert out.stdout.decode().split() == [streebog.streebog512(data).hex(), "-"]
