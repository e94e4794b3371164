"""``egisz sign`` passwords: ``--password`` warns (it shows in ``ps``), an encrypted key is asked for on a terminal."""

from __future__ import annotations

import getpass
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.cli import main

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.delenv("EGISZ_KEY_PASSWORD", raising=False)
    (tmp_path / "enc.key").write_text(KEYS["rsa_encrypted"]["private_key"])
    (tmp_path / "enc.pem").write_text(KEYS["rsa_encrypted"]["certificate"])
    (tmp_path / "doc.txt").write_text("документ\n", encoding="utf-8")
    return ["sign", str(tmp_path / "doc.txt"), "--key", str(tmp_path / "enc.key"), "--cert", str(tmp_path / "enc.pem")]


def test_password_option_warns_that_ps_shows_it(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    secret = KEYS["rsa_encrypted"]["password"]
    assert main([*argv, "--password", secret]) == 0
    err = capsys.readouterr().err
    assert "--password" in err and "ps" in err and "--password-file" in err and "EGISZ_KEY_PASSWORD" in err
    assert secret not in err


def test_environment_password_gives_no_warning(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EGISZ_KEY_PASSWORD", KEYS["rsa_encrypted"]["password"])
    assert main(argv) == 0
    assert capsys.readouterr().err == ""


def test_encrypted_key_on_a_terminal_is_asked_for(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return str(KEYS["rsa_encrypted"]["password"])

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(getpass, "getpass", answer)
    assert main(argv) == 0, capsys.readouterr().err
    assert len(prompts) == 1 and "password" in prompts[0]


def test_no_prompt_without_a_terminal_or_for_a_plain_key(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(prompt: str = "") -> str:
        raise AssertionError("must not prompt")

    monkeypatch.setattr(getpass, "getpass", refuse)
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # not a terminal: fail as before
    assert main(argv) == 1
    assert "key.password_required" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", _Terminal())
    (tmp_path / "plain.key").write_text(KEYS["rsa"]["private_key"])
    (tmp_path / "plain.pem").write_text(KEYS["rsa"]["certificate"])
    plain = ["sign", str(tmp_path / "doc.txt"), "--key", str(tmp_path / "plain.key")]
    assert main([*plain, "--cert", str(tmp_path / "plain.pem")]) == 0


def test_wrong_password_typed_at_the_prompt_exits_1(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "wrong")
    assert main(argv) == 1
