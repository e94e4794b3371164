"""documents.check: content over extension, safety findings, inputs, bounded reads, names, metadata, errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from egisz_sdk import documents
from egisz_sdk.errors import ConfigurationError, ValidationError
from egisz_sdk.testing import documents as samples

TODAY = dt.date(2026, 11, 30)


def _check(sample: samples.Sample, target: str = "frmr.application", **kwargs: object) -> documents.Report:
    kwargs.setdefault("ruleset", "guides")
    return documents.check(sample.data, target=target, name=sample.name, today=TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sample", "code"),
    [
        (samples.encrypted_pdf, "documents.pdf.encrypted"),
        (samples.javascript_pdf, "documents.pdf.javascript"),
        (lambda: samples.active_pdf("launch"), "documents.pdf.launch"),
        (lambda: samples.active_pdf("embedded_file"), "documents.pdf.embedded_file"),
        (lambda: samples.active_pdf("xfa"), "documents.pdf.active_content"),
        (lambda: samples.active_pdf("page_action"), "documents.pdf.auto_action"),
        (samples.polyglot, "documents.format.polyglot"),
    ],
)
def test_unsafe_pdfs_are_findings(sample: object, code: str) -> None:
    report = _check(sample())  # type: ignore[operator]
    assert code in report.codes
    hit = report.findings[report.codes.index(code)]
    assert hit.severity == "error" and not report.ok


def test_javascript_open_action_is_also_an_automatic_action() -> None:
    report = _check(samples.javascript_pdf())
    auto = report.findings[report.codes.index("documents.pdf.auto_action")]
    assert auto.params["action"] == "JavaScript"
    assert report.findings[report.codes.index("documents.pdf.javascript")].fix == documents.Fix(
        "remove", "active content"
    )


def test_clean_text_pdf_passes_with_page_count() -> None:
    report = _check(samples.text_pdf(pages=3))
    assert report.ok and report.pages == 3 and report.detected == "pdf"


def test_low_dpi_names_page_figure_and_rescan_dpi() -> None:
    report = _check(samples.low_dpi_pdf(dpi=150, pages=3, low_page=2), target="frmr.portfolio")
    lows = [f for f in report.findings if f.code == "documents.pdf.low_dpi"]
    assert [(f.params["page"], f.params["figure"], f.params["dpi"]) for f in lows] == [(2, 1, 150)]
    assert lows[0].fix == documents.Fix("rescan", 300)
    assert "Page 2, figure 1: 150 dpi" in lows[0].message_en and "Страница 2" in lows[0].message_ru


def _form_pdf(scale: float) -> bytes:
    """One page that draws a 2480×3508 image at half A4 inside a form XObject whose /Matrix scales by ``scale``."""
    from egisz_sdk.testing.documents import _stream, _write_pdf

    image = _stream(
        b"/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray /BitsPerComponent 8 ", b""
    )
    inner = b"q 297.64 0 0 420.945 0 0 cm /Im1 Do Q"
    form = _stream(
        b"/Type /XObject /Subtype /Form /BBox [0 0 1200 1700] /Matrix [%g 0 0 %g 0 0] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> " % (scale, scale),
        inner,
    )
    return _write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
            b"/Resources << /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>",
            _stream(b"", b"q 1 0 0 1 0 0 cm /Fm1 Do Q"),
            image,
            form,
        ]
    )


def test_dpi_follows_the_ctm_through_a_form_xobject() -> None:
    """The form's /Matrix and the content's cm compose: scale 2 gives a full A4 page, scale 4 twice that."""
    full = documents.check(_form_pdf(2), target="frmr.portfolio", ruleset="guides", name="portfolio_Иванов.pdf")
    assert full.ok, full.to_dict()
    double = documents.check(_form_pdf(4), target="frmr.portfolio", ruleset="guides", name="portfolio_Иванов.pdf")
    assert [(f.params["page"], f.params["dpi"]) for f in double.findings if f.code == "documents.pdf.low_dpi"] == [
        (1, 150)
    ]


@pytest.mark.parametrize(
    ("sample", "code", "severity"),
    [
        (samples.macro_docx, "documents.docx.macro", "error"),
        (samples.external_relationship_docx, "documents.docx.external_relationship", "error"),
        (lambda: samples.docx(hyperlink=True), "documents.docx.hyperlink", "info"),
    ],
)
def test_docx_findings(sample: object, code: str, severity: str) -> None:
    report = _check(
        sample(),
        target="frmo.documents",
        metadata={"document_type": "contract", "issue_date": "01.01.2024", "valid_until": "01.01.2030"},
    )  # type: ignore[operator]
    hit = report.findings[report.codes.index(code)]
    assert hit.severity == severity
    assert report.detected == "docx"


def test_docm_renamed_zip_and_doc_are_not_docx() -> None:
    docm = _check(samples.docx(macro=True, macro_content_type=True), target="frmo.documents")
    assert docm.detected == "docm" and "documents.format.mismatch" in docm.codes
    assert "documents.format.not_allowed" in docm.codes
    renamed = _check(samples.renamed_zip(), target="frmo.documents")
    assert renamed.detected == "zip" and {"documents.format.mismatch", "documents.format.not_allowed"} <= set(
        renamed.codes
    )
    ole = samples.Sample("contract_Иванов.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    doc = _check(ole, target="frmo.documents")
    assert doc.detected == "doc" and "documents.format.not_allowed" in doc.codes
    assert "documents.format.mismatch" not in doc.codes


def test_docx_with_a_doctype_is_refused_before_parsing() -> None:
    import zipfile

    out = io.BytesIO()
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><Types xmlns="x">&x;</Types>'
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", bomb)
    report = documents.check(out.getvalue(), target="frmo.documents", name="contract_Иванов.docx")
    assert "documents.docx.dtd" in report.codes


def test_mislabeled_png_reports_both_extension_and_content_with_a_rename() -> None:
    report = _check(samples.mislabeled_png(), target="frmr.personal")
    hit = report.findings[report.codes.index("documents.format.mismatch")]
    assert hit.params["extension"] == "jpg" and hit.params["detected"] == "PNG"
    assert hit.fix == documents.Fix("rename", "diploma_Иванов.png")
    assert ".jpg" in hit.message_en and "PNG" in hit.message_en


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "documents.size.empty"),
        (b"hello, world" * 10, "documents.format.unknown"),
        (b"%PDF-1.7\n garbage", "documents.pdf.malformed"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "documents.image.malformed"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 40, "documents.image.malformed"),
        (b"PK\x03\x04" + b"\0" * 40, "documents.zip.malformed"),
    ],
)
def test_damaged_files_are_findings_not_crashes(data: bytes, code: str) -> None:
    report = documents.check(data, target="frmr.application", name="application_Иванов.pdf")
    assert code in report.codes and not report.ok


def test_truncated_samples_are_findings() -> None:
    for sample in (samples.portfolio_pdf(), samples.png(600, 800), samples.jpeg(600, 800), samples.docx()):
        for cut in (len(sample.data) // 3, len(sample.data) - 10):
            report = documents.check(sample.data[:cut], target="frmo.change_request", name=sample.name)
            assert isinstance(report.ok, bool)


def test_inputs_path_bytes_and_file_object_agree(tmp_path: Path) -> None:
    sample = samples.low_dpi_pdf()
    path = sample.write(tmp_path)
    by_path = documents.check(path, target="frmr.portfolio", ruleset="guides")
    by_str = documents.check(str(path), target="frmr.portfolio", ruleset="guides")
    by_bytes = documents.check(sample.data, target="frmr.portfolio", ruleset="guides", name=sample.name)
    with path.open("rb") as handle:
        by_file = documents.check(handle, target="frmr.portfolio", ruleset="guides")
    assert by_path.to_dict() == by_str.to_dict() == by_bytes.to_dict() == by_file.to_dict()
    assert by_path.name == "portfolio_Иванов.pdf"


class _Counting(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def test_never_reads_more_than_the_limit_plus_one() -> None:
    big = samples.oversize_jpeg(size=7 * 1024 * 1024)
    handle = _Counting(big.data)
    report = documents.check(handle, target="frmr.personal", ruleset="guides", name=big.name)
    limit = 5 * 1024 * 1024
    assert handle.taken == limit + 1
    assert report.size == limit + 1 and report.codes == ["documents.size.too_large"]


def test_name_rules_and_suggestions() -> None:
    pdf = samples.text_pdf().data
    report = documents.check(
        pdf,
        target="frmr.education",
        ruleset="guides",
        name="Скан диплома.PDF",
        metadata={"document_type": "diploma", "surname": "иванов"},
    )
    spaces = report.findings[report.codes.index("documents.name.spaces")]
    assert spaces.fix == documents.Fix("rename", "diploma_Иванов.pdf")
    assert documents.suggest_name("diploma Петров.PDF", "pdf") == "diploma_Петров.pdf"
    assert documents.suggest_name("scan.png", "jpeg", document_type="passport", surname="Сидорова-Ким") == (
        "passport_Сидорова-Ким.jpg"
    )
    bad = documents.check(pdf, target="frmr.education", ruleset="guides", name="diploma:Иванов.pdf")
    assert "documents.name.characters" in bad.codes
    plain = documents.check(pdf, target="frmr.education", ruleset="guides", name="diploma.pdf")
    assert "documents.name.pattern" in plain.codes
    anonymous = documents.check(pdf, target="frmr.education", ruleset="guides")
    assert anonymous.codes == ["documents.name.unknown"] and anonymous.ok
    assert documents.type_from_name("диплом_Иванов.pdf") == "diploma"
    assert documents.type_from_name("no-sanctions_Иванов.pdf") == "no_sanctions"


def test_metadata_dates_and_consistency() -> None:
    pdf = samples.text_pdf().data
    base = {"document_type": "licence", "issue_date": "01.02.2020", "valid_until": "01.02.2030"}

    def codes(**meta: object) -> list[str]:
        merged = {**base, **meta}
        return documents.check(
            pdf, target="frmo.documents", ruleset="guides", name="licence_Иванов.pdf", metadata=merged, today=TODAY
        ).codes

    assert codes() == []
    assert codes(issue_date="31.02.2020") == ["documents.metadata.invalid_date"]
    assert codes(issue_date="01.12.2026") == ["documents.metadata.issue_in_future"]
    assert codes(valid_until="2019-01-01") == ["documents.metadata.inconsistent"]
    assert codes(valid_until=dt.date(2026, 12, 1)) == ["documents.expiring"]
    assert codes(document_type="лицензия") == []  # a Russian alias


def test_licence_without_validity_end_under_law_99fz() -> None:
    meta = {"document_type": "licence", "issue_date": "01.02.2020"}
    pdf = samples.text_pdf().data
    guides = documents.check(pdf, target="frmo.documents", ruleset="guides", name="licence_Иванов.pdf", metadata=meta)
    law = documents.check(pdf, target="frmo.documents", ruleset="law-99fz", name="licence_Иванов.pdf", metadata=meta)
    assert not guides.ok and guides.codes == ["documents.metadata.missing"]
    assert law.ok and law.ruleset == "law-99fz"


def test_default_ruleset_is_announced_not_silent() -> None:
    report = documents.check(samples.portfolio_pdf().data, target="frmr.portfolio", name="portfolio_Иванов.pdf")
    note = report.findings[0]
    assert note.code == "documents.ruleset.default" and note.severity == "info"
    assert note.fix == documents.Fix("choose_ruleset", "guides, mediator-med")
    single = documents.check(samples.text_pdf().data, target="frmo.change_request", name="order_Иванов.pdf")
    assert "documents.ruleset.default" not in single.codes


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"target": "frmr.nope"}, "documents.target.unknown"),
        ({"target": "frmr.portfolio", "ruleset": "nope"}, "documents.ruleset.unknown"),
        ({"target": "frmr.portfolio", "metadata": {"valid": "x"}}, "documents.metadata.unknown_field"),
    ],
)
def test_caller_mistakes_are_typed_errors(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.check(b"%PDF-1.7", **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_unreadable_inputs_are_typed_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        documents.check(tmp_path / "missing.pdf", target="frmr.portfolio")
    assert caught.value.code == "documents.input.unreadable"
    with pytest.raises(ValidationError) as caught:
        documents.check(12345, target="frmr.portfolio")
    assert caught.value.code == "documents.input.type"
    with pytest.raises(ValidationError) as caught:
        documents.check(io.StringIO("text"), target="frmr.portfolio")
    assert caught.value.code == "documents.input.type"


def test_custom_ruleset_files_are_validated(tmp_path: Path) -> None:
    good = tmp_path / "clinic.json"
    good.write_text(
        '{"name": "clinic", "target": "frmr.personal", "rules": {'
        '"formats": {"value": ["pdf"], "source": "our clinic"},'
        '"max_bytes": {"value": 1000, "source": "our clinic"},'
        '"document_types": {"value": ["passport"], "source": "our clinic"}}}',
        encoding="utf-8",
    )
    ruleset = documents.load_ruleset(good)
    report = documents.check(samples.text_pdf().data, target="frmr.personal", ruleset=ruleset, name="x.pdf")
    assert report.ruleset == "clinic" and report.ok
    with pytest.raises(ValidationError):
        documents.check(b"", target="frmr.portfolio", ruleset=ruleset)  # a ruleset for another target
    bad_cases = {
        "not json": "documents.ruleset.invalid",
        '{"name": "x", "target": "frmr.personal", "rules": {"formats": {"value": ["exe"], "source": "x y"}}}': (
            "formats"
        ),
        '{"name": "x", "target": "frmr.nope", "rules": {}}': "rules",
    }
    for text, needle in bad_cases.items():
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigurationError) as caught:
            documents.load_ruleset(path)
        assert caught.value.code == "documents.ruleset.invalid"
        assert needle in str(caught.value) or needle == caught.value.code
    no_source = {"name": "x", "target": "frmr.personal", "rules": {"formats": {"value": ["pdf"]}}}
    with pytest.raises(ConfigurationError, match="source"):
        documents.load_ruleset(no_source)


def test_every_target_and_rule_has_a_source() -> None:
    assert documents.targets() == [
        "frmo.change_request",
        "frmo.documents",
        "frmr.application",
        "frmr.education",
        "frmr.personal",
        "frmr.portfolio",
    ]
    for target in documents.targets():
        for ruleset in documents.target_rules(target).rulesets:
            for name, rule in ruleset.rules:
                if rule is not None:
                    assert len(rule.source) > 10, (target, ruleset.name, name)


def test_reports_are_json_ready() -> None:
    import json

    report = _check(samples.low_dpi_pdf(), target="frmr.portfolio")
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert '"code": "documents.pdf.low_dpi"' in text and '"kind": "rescan"' in text


def test_image_density_uses_dpi_metadata_else_infers_against_a4() -> None:
    ruleset = documents.load_ruleset(
        {
            "name": "scans-300",
            "target": "frmr.personal",
            "rules": {
                "formats": {"value": ["png", "jpeg"], "source": "test"},
                "max_bytes": {"value": 10_000_000, "source": "test"},
                "document_types": {"value": ["passport"], "source": "test"},
                "min_dpi": {"value": 300, "source": "test"},
            },
        }
    )

    def run(sample: samples.Sample) -> documents.Report:
        return documents.check(sample.data, target="frmr.personal", ruleset=ruleset, name=sample.name)

    assert run(samples.png(dpi=300)).codes == []
    declared = run(samples.png(1240, 1754, dpi=150))
    low = declared.findings[declared.codes.index("documents.image.low_dpi")]
    assert (low.params["dpi"], low.params["basis"], low.fix) == (150, "metadata", documents.Fix("rescan", 300))
    inferred = run(samples.png(1240, 1754, dpi=None))
    assert inferred.codes == ["documents.image.dpi_inferred", "documents.image.low_dpi"]
    assert inferred.findings[1].params["basis"] == "A4"
    default_72 = run(samples.png(2480, 3508, dpi=72))  # 72 dpi would make a 34-inch page: metadata is ignored
    assert default_72.codes == ["documents.image.dpi_inferred"] and default_72.ok
    assert "A3" in default_72.findings[0].message_en and "A3" in default_72.findings[0].message_ru
    jpeg = run(samples.jpeg(1240, 1754, dpi=150))
    assert "documents.image.low_dpi" in jpeg.codes


def test_a_parser_that_never_yields_is_stopped_by_the_hard_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from egisz_sdk.documents import _pdf

    def spin(reader: object, budget: object) -> list[object]:
        while True:  # a third-party loop that never looks at the budget
            pass

    monkeypatch.setattr(_pdf, "_active_content", spin)
    start = time.perf_counter()
    report = documents.check(samples.text_pdf().data, target="frmr.application", ruleset="guides", name="a_B.pdf")
    assert time.perf_counter() - start < 5
    hit = report.findings[report.codes.index("documents.check.too_complex")]
    assert hit.params["what"] == "time" and not report.ok


def test_hard_deadline_stays_out_of_the_way_of_other_sigalrm_users() -> None:
    import signal

    from egisz_sdk.documents._budget import hard_deadline

    seen: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: seen.append(1))
    try:
        with hard_deadline(0.01):
            assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
            assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # not armed: someone else owns SIGALRM
    finally:
        signal.signal(signal.SIGALRM, previous)
