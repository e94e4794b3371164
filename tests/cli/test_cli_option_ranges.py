"""Numbers from the command line are finite and range-checked: otherwise a usage error (exit 2) naming the option."""

from __future__ import annotations

import json

import pytest

from egisz_sdk.cli import main


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["fake", "serve", "--port", "70000"], "--port"),
        (["fake", "serve", "--port", "-1"], "--port"),
        (["fake", "serve", "--port", "nan"], "--port"),
        (["fake", "serve", "--port", "8e3"], "--port"),
        (["fake", "serve", "--seed", "-1"], "--seed"),
        (["fake", "serve", "--seed", str(2**64)], "--seed"),
        (["fake", "serve", "--seed", "inf"], "--seed"),
        (["fake", "serve", "--system", "bad name"], "--system"),
        (["fake", "serve", "--system", "RSA1:dsa"], "--system"),
        (["validate", "snils", "--file", "x.csv", "--column", "c", "--chunk-size", "0"], "--chunk-size"),
        (["validate", "snils", "--file", "x.csv", "--column", "c", "--chunk-size", "1e9"], "--chunk-size"),
        (["validate", "snils", "--file", "x.csv", "--column", "c", "--max-line-length", "0"], "--max-line-length"),
        (["validate", "snils", "--file", "x.csv", "--column", "c", "--max-line-length", "nan"], "--max-line-length"),
        (
            ["validate", "snils", "--file", "x.csv", "--column", "c", "--max-line-length", str(10**12)],
            "--max-line-length",
        ),
    ],
)
def test_out_of_range_number_is_a_usage_error_naming_the_option(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert f"'{option}'" in capsys.readouterr().err
    assert main([*argv, "--json"]) == 2
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["code"] == "cli.usage" and option in error["message"]
