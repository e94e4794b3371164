"""The ``egisz`` entry point: exit codes 0/1/2/3 and one JSON document on stdout with ``--json``, whatever happens."""

from __future__ import annotations

import json
from typing import Any

import pytest

from egisz_sdk import cli
from egisz_sdk.errors import InvalidIdentifier


def _with_handler(monkeypatch: pytest.MonkeyPatch, handler: Any) -> None:
    """Make ``egisz demo`` run ``handler`` (the click command looks ``run`` up at each call)."""
    from egisz_sdk.cli import _demo

    monkeypatch.setattr(_demo, "run", handler)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert "egisz-sdk" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert "Usage: egisz" in err and "usage error: no command given" in err


def test_a_bug_exits_3_with_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(as_json: bool) -> int:
        raise RuntimeError("boom")

    _with_handler(monkeypatch, broken)
    assert cli.main(["demo"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "RuntimeError: boom" in err and "Traceback" in err


def test_a_bug_with_json_still_gives_one_document(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(as_json: bool) -> int:
        raise KeyError("x")

    _with_handler(monkeypatch, broken)
    assert cli.main(["demo", "--json"]) == 3
    doc = json.loads(capsys.readouterr().out)
    assert doc["error"]["code"] == "cli.internal" and doc["error"]["exit_code"] == 3


def test_an_unhandled_typed_error_exits_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def typed(as_json: bool) -> int:
        raise InvalidIdentifier("snils.checksum", field="snils", expected="95", given="96")

    _with_handler(monkeypatch, typed)
    assert cli.main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "snils.checksum" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "no-such-kind", "1", "--json"],
        ["verify", "/nonexistent/file.p7s", "--json"],
        ["cert", "show", "/nonexistent/cert.pem", "--json"],
        ["hash", "/nonexistent/file", "--json"],
    ],
)
def test_usage_errors_with_json_give_one_document(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert isinstance(doc, dict)
    if "error" in doc:
        assert doc["error"]["code"] == "cli.usage" and doc["error"]["message"]
    assert captured.err  # the message is on stderr too
