"""documents.check_set and check_many: required sets per procedure, missing and superfluous, parallel runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from egisz_sdk import documents
from egisz_sdk.errors import ValidationError
from egisz_sdk.testing import documents as samples

PDF = samples.text_pdf().data


def _files(*names: str) -> dict[str, bytes]:
    return dict.fromkeys(names, PDF)


def test_registration_reports_missing_and_superfluous() -> None:
    report = documents.check_set(_files("passport_Иванов.pdf", "portfolio_Иванов.pdf"), procedure="frmr.registration")
    assert report.missing == ("diploma",)
    assert report.superfluous == ("portfolio_Иванов.pdf",)
    assert "documents.set.missing" in report.codes and not report.ok
    conditional = [f for f in report.findings if f.code == "documents.set.conditional"]
    assert len(conditional) == 2  # licence and qualification certificate: conditions not stated
    assert report.types == {"passport_Иванов.pdf": "passport", "portfolio_Иванов.pdf": "portfolio"}
    assert set(report.files) == {"passport_Иванов.pdf", "portfolio_Иванов.pdf"}


def test_registration_complete_with_circumstances() -> None:
    files = _files("passport_Иванов.pdf", "диплом_Иванов.pdf", "licence_Иванов.pdf")
    report = documents.check_set(
        files, procedure="frmr.registration", circumstances={"has_licence": True, "needs_qualification": False}
    )
    assert report.ok and report.missing == () and report.superfluous == ()
    without = documents.check_set(files, procedure="frmr.registration", circumstances={"has_licence": False})
    assert without.superfluous == ("licence_Иванов.pdf",)
    needed = documents.check_set(
        _files("passport_Иванов.pdf", "diploma_Иванов.pdf"),
        procedure="frmr.registration",
        circumstances={"has_licence": True},
    )
    assert needed.missing == ("licence",)


def test_accreditation_rulesets_differ() -> None:
    files = _files("diploma_Иванов.pdf", "training_Иванов.pdf", "insurance_Иванов.pdf", "no-sanctions_Иванов.pdf")
    guides = documents.check_set(
        files, procedure="frmr.accreditation", circumstances={"criminal_record_category": False}
    )
    assert guides.ok, guides.to_dict()
    criminal = documents.check_set(
        files, procedure="frmr.accreditation", circumstances={"criminal_record_category": True}
    )
    assert criminal.missing == ("no_criminal_record",)
    practice = documents.check_set(files, procedure="frmr.accreditation", ruleset="practice-709n")
    assert set(practice.missing) == {"application", "passport", "snils", "employment", "portfolio"}
    assert set(practice.superfluous) == {"insurance_Иванов.pdf", "no-sanctions_Иванов.pdf"}


def test_frmo_documents_section() -> None:
    meta = {"document_type": "licence", "issue_date": "01.01.2020", "valid_until": "01.01.2020"}
    report = documents.check_set(
        _files("licence_Поликлиника.pdf", "passport_Иванов.pdf", "scan.pdf"),
        procedure="frmo.documents",
        metadata={"licence_Поликлиника.pdf": meta},
        today=dt.date(2026, 11, 30),
    )
    assert report.missing == ()
    assert report.superfluous == ("passport_Иванов.pdf",)
    assert "documents.set.unclassified" in report.codes
    assert "documents.expired" in report.files["licence_Поликлиника.pdf"].codes  # the per-file check ran
    assert report.files["passport_Иванов.pdf"].target == "frmr.personal"


def test_duplicates_are_warned() -> None:
    report = documents.check_set(
        _files("passport_Иванов.pdf", "паспорт_Иванов.pdf", "diploma_Иванов.pdf"), procedure="frmr.registration"
    )
    assert "documents.set.duplicate" in report.codes


def test_directory_input_and_parallel_run_agree(tmp_path: Path) -> None:
    for sample in (samples.low_dpi_pdf(), samples.text_pdf(name="application_Иванов.pdf")):
        sample.write(tmp_path)
    samples.text_pdf().write(tmp_path, "passport_Иванов.pdf")
    samples.jpeg().write(tmp_path)
    (tmp_path / ".hidden").write_bytes(b"x")
    serial = documents.check_set(tmp_path, procedure="frmr.accreditation", ruleset="order-334n")
    parallel = documents.check_set(tmp_path, procedure="frmr.accreditation", ruleset="order-334n", jobs=2)
    assert serial.to_dict() == parallel.to_dict()
    assert serial.missing == ()
    assert "documents.pdf.low_dpi" in serial.files["portfolio_Иванов.pdf"].codes


def test_check_many_keeps_order_and_returns_errors(tmp_path: Path) -> None:
    paths = [samples.portfolio_pdf().write(tmp_path, f"portfolio_Ivanov{c}.pdf") for c in "abcde"]
    paths.insert(2, tmp_path / "missing.pdf")
    seen: list[int] = []
    results = list(documents.check_many(paths, target="frmr.portfolio", ruleset="guides", jobs=2, progress=seen.append))
    assert [item for item, _ in results] == paths
    assert isinstance(results[2][1], ValidationError) and results[2][1].code == "documents.input.unreadable"
    assert all(isinstance(r, documents.Report) and r.ok for i, (_, r) in enumerate(results) if i != 2)
    assert sum(seen) == 6


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"procedure": "frmr.nope"}, "documents.procedure.unknown"),
        ({"procedure": "frmr.registration", "ruleset": "nope"}, "documents.ruleset.unknown"),
        ({"procedure": "frmr.registration", "circumstances": {"rich": True}}, "documents.argument.invalid"),
    ],
)
def test_set_caller_mistakes(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.check_set({}, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_check_many_refuses_bad_jobs() -> None:
    with pytest.raises(ValidationError):
        list(documents.check_many([], target="frmr.portfolio", jobs=0))
