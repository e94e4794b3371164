"""``egisz documents check`` and ``check-set`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from egisz_sdk.cli._documents import documents
from egisz_sdk.testing import documents as samples


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(documents, list(args))
    return result.exit_code, result.output


def test_check_files_json_and_exit_codes(tmp_path: Path) -> None:
    good = samples.portfolio_pdf().write(tmp_path)
    bad = samples.low_dpi_pdf().write(tmp_path, "portfolio_Петров.pdf")
    code, out = _run("check", str(good), "--target", "frmr.portfolio", "--ruleset", "guides", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    code, out = _run("check", str(good), str(bad), "--target", "frmr.portfolio", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["failed"] == 1 and doc["count"] == 2
    codes = [f["code"] for f in doc["files"][1]["findings"]]
    assert "documents.pdf.low_dpi" in codes and "documents.ruleset.default" in codes


def test_check_human_output_names_page_and_fix(tmp_path: Path) -> None:
    bad = samples.low_dpi_pdf().write(tmp_path)
    code, out = _run("check", str(bad), "--target", "frmr.portfolio", "--ruleset", "guides", "--lang", "en")
    assert code == 1
    assert "Page 2, figure 1: 150 dpi" in out and "→ rescan: 300" in out and "1 files: 0 pass, 1 fail" in out


def test_check_a_directory_in_parallel(tmp_path: Path) -> None:
    for i in range(10):
        samples.text_pdf().write(tmp_path, f"application_Ivanov{'abcdefghij'[i]}.pdf")
    samples.javascript_pdf().write(tmp_path, "application_Zlodeev.pdf")
    code, out = _run(
        "check", str(tmp_path), "--target", "frmr.application", "--ruleset", "guides", "--json", "--jobs", "2"
    )
    doc = json.loads(out)
    assert code == 1 and doc["count"] == 11 and doc["failed"] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    pdf = samples.text_pdf().write(tmp_path)
    assert _run("check", str(pdf), "--target", "frmr.nope")[0] == 2
    assert _run("check", str(pdf), "--target", "frmr.portfolio", "--ruleset", "nope")[0] == 2
    assert _run("check", str(pdf))[0] == 2
    assert _run("check-set", str(tmp_path), "--procedure", "nope")[0] == 2
    assert _run("check-set", str(tmp_path), "--procedure", "frmr.registration", "--condition", "x")[0] == 2


def test_unreadable_file_is_a_failed_row(tmp_path: Path) -> None:
    code, out = _run(
        "check", str(tmp_path / "missing.pdf"), "--target", "frmr.portfolio", "--ruleset", "guides", "--json"
    )
    doc = json.loads(out)
    assert code == 1 and doc["files"][0]["error"]["code"] == "documents.input.unreadable"


def test_custom_ruleset_file(tmp_path: Path) -> None:
    rules = tmp_path / "clinic.json"
    rules.write_text(
        json.dumps(
            {
                "name": "clinic",
                "target": "frmr.portfolio",
                "rules": {
                    "formats": {"value": ["pdf"], "source": "clinic policy"},
                    "max_bytes": {"value": 100, "source": "clinic policy"},
                    "document_types": {"value": ["portfolio"], "source": "clinic policy"},
                },
            }
        ),
        encoding="utf-8",
    )
    pdf = samples.text_pdf().write(tmp_path, "portfolio_Иванов.pdf")
    code, out = _run("check", str(pdf), "--target", "frmr.portfolio", "--ruleset", str(rules), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["files"][0]["ruleset"] == "clinic"
    assert doc["files"][0]["findings"][0]["code"] == "documents.size.too_large"
    rules.write_text("{}", encoding="utf-8")
    assert _run("check", str(pdf), "--target", "frmr.portfolio", "--ruleset", str(rules))[0] == 2


def test_check_set_directory(tmp_path: Path) -> None:
    samples.text_pdf().write(tmp_path, "passport_Иванов.pdf")
    samples.text_pdf().write(tmp_path, "portfolio_Иванов.pdf")
    code, out = _run("check-set", str(tmp_path), "--procedure", "frmr.registration", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["missing"] == ["diploma"] and doc["superfluous"] == ["portfolio_Иванов.pdf"]
    samples.text_pdf().write(tmp_path, "diploma_Иванов.pdf")
    (tmp_path / "portfolio_Иванов.pdf").unlink()
    code, out = _run(
        "check-set",
        str(tmp_path),
        "--procedure",
        "frmr.registration",
        "--condition",
        "has_licence=no",
        "--condition",
        "needs_qualification=no",
    )
    assert code == 0, out
    assert "missing:     -" in out
