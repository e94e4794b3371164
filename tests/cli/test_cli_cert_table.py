"""``egisz cert show``: a rich table on a terminal, the stable ``label value`` lines in a pipe."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from egisz_sdk.cli import main
from egisz_sdk.testing.pki import TestPki


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def cert_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ident = TestPki(seed=5).issue("gost256", common_name="Иванова [Анна]", snils="112-233-445 96")
    path = tmp_path_factory.mktemp("cert") / "c.der"
    path.write_bytes(ident.certificate.der)
    return path


def test_table_on_a_terminal(cert_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: no value is folded
    assert main(["cert", "show", str(cert_path)]) == 0
    text = screen.getvalue()
    assert "─" in text  # the table's rule
    assert "Иванова [Анна]" in text  # brackets kept: a value is text, not rich markup
    assert "СНИЛС / SNILS" in text and "11223344596" in text and "snils.checksum" in text


def test_plain_lines_in_a_pipe(cert_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cert", "show", str(cert_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "─" not in "".join(lines)
    snils = next(line for line in lines if line.startswith("СНИЛС / SNILS"))
    assert snils == f"{'СНИЛС / SNILS':<32} 11223344596"
