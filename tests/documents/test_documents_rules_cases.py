"""Every rule (target rules and safety bounds) has a passing and a failing sample, made by the generators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from egisz_sdk import documents
from egisz_sdk.documents import _check, _rules
from egisz_sdk.testing import documents as samples

TODAY = dt.date(2026, 11, 30)
LICENCE = {"document_type": "licence", "issue_date": "01.02.2020", "valid_until": "01.02.2030"}
CONTRACT = {**LICENCE, "document_type": "contract"}


def _custom(**rules: Any) -> documents.Ruleset:
    base = _rules.target_rules("frmr.portfolio").get("guides").rules.model_dump()
    base.update({k: {"value": v, "source": "test ruleset"} for k, v in rules.items()})
    return documents.load_ruleset({"name": "test", "target": "frmr.portfolio", "rules": base})


@attrs.frozen
class Case:
    target: str
    good: Callable[[], samples.Sample]
    bad: Callable[[], samples.Sample]
    code: str
    ruleset: Any = "guides"
    good_meta: dict[str, Any] | None = None
    bad_meta: dict[str, Any] | None = None
    safety: dict[str, int] | None = None


def _named(sample: samples.Sample, name: str) -> samples.Sample:
    return samples.Sample(name, sample.data)


CASES: dict[str, Case] = {
    "formats": Case(
        "frmr.portfolio",
        samples.portfolio_pdf,
        lambda: samples.png(name="portfolio_Иванов.png"),
        "documents.format.not_allowed",
    ),
    "max_bytes": Case("frmr.personal", samples.jpeg, samples.oversize_jpeg, "documents.size.too_large"),
    "document_types": Case(
        "frmo.documents",
        samples.text_pdf,
        samples.text_pdf,
        "documents.metadata.document_type",
        good_meta=LICENCE,
        bad_meta={**LICENCE, "document_type": "passport"},
    ),
    "min_dpi": Case("frmr.portfolio", samples.portfolio_pdf, samples.low_dpi_pdf, "documents.pdf.low_dpi"),
    "max_pages": Case(
        "frmr.portfolio",
        lambda: samples.portfolio_pdf(pages=2),
        lambda: samples.portfolio_pdf(pages=3),
        "documents.pdf.too_many_pages",
        ruleset=lambda: _custom(max_pages=2),
    ),
    "file_name": Case(
        "frmr.education",
        lambda: _named(samples.text_pdf(), "diploma_Иванов.pdf"),
        lambda: _named(samples.text_pdf(), "Скан диплома Иванова.pdf"),
        "documents.name.spaces",
    ),
    "lowercase_extension": Case(
        "frmr.education",
        lambda: _named(samples.text_pdf(), "diploma_Иванов.pdf"),
        lambda: _named(samples.text_pdf(), "diploma_Иванов.PDF"),
        "documents.name.extension_case",
        ruleset="mediator-med",
    ),
    "required_metadata": Case(
        "frmo.documents",
        samples.text_pdf,
        samples.text_pdf,
        "documents.metadata.missing",
        good_meta=LICENCE,
        bad_meta={"document_type": "licence", "issue_date": "01.02.2020"},
    ),
    "expired": Case(
        "frmo.documents",
        samples.text_pdf,
        samples.text_pdf,
        "documents.expired",
        good_meta=LICENCE,
        bad_meta={**LICENCE, "valid_until": "29.11.2026"},
    ),
    "expiry_warning_days": Case(
        "frmo.documents",
        samples.text_pdf,
        samples.text_pdf,
        "documents.expiring",
        good_meta={**LICENCE, "valid_until": "31.12.2026"},
        bad_meta={**LICENCE, "valid_until": "30.12.2026"},
    ),
    "max_pixels": Case("frmr.personal", samples.png, samples.png_bomb, "documents.image.too_many_pixels"),
    "zip_max_entries": Case(
        "frmo.documents", samples.docx, samples.zip_entries, "documents.zip.too_many_entries", good_meta=CONTRACT
    ),
    "zip_max_ratio": Case(
        "frmo.documents", samples.docx, samples.zip_bomb, "documents.zip.bomb_ratio", good_meta=CONTRACT
    ),
    "zip_max_uncompressed": Case(
        "frmo.documents",
        samples.docx,
        lambda: samples.zip_bomb(uncompressed=1024 * 1024, entries=120),
        "documents.zip.bomb_size",
        good_meta=CONTRACT,
    ),
    "pdf_max_pages": Case(
        "frmr.application",
        lambda: samples.text_pdf(pages=2),
        lambda: samples.text_pdf(pages=3),
        "documents.check.too_complex",
        safety={"pdf_max_pages": 2},
    ),
    "time_budget_ms": Case(
        "frmr.portfolio",
        samples.portfolio_pdf,
        samples.portfolio_pdf,
        "documents.check.too_complex",
        safety={"time_budget_ms": 0},
    ),
    "stream_max_bytes": Case(
        "frmr.portfolio",
        samples.portfolio_pdf,
        samples.portfolio_pdf,
        "documents.check.too_complex",
        safety={"stream_max_bytes": 1000},
    ),
}


def _run(case: Case, sample: samples.Sample, meta: dict[str, Any] | None, limited: bool) -> documents.Report:
    ruleset = case.ruleset() if callable(case.ruleset) else case.ruleset
    return documents.check(
        sample.data, target=case.target, ruleset=ruleset, metadata=meta, name=sample.name, today=TODAY
    )


def _with_safety(monkeypatch: pytest.MonkeyPatch, overrides: dict[str, int]) -> None:
    current = _rules.safety()
    changed = current.model_copy(
        update={k: getattr(current, k).model_copy(update={"value": v}) for k, v in overrides.items()}
    )
    monkeypatch.setattr(_check, "safety", lambda: changed)


def test_every_rule_has_a_case() -> None:
    assert set(_rules.Rules.model_fields) | set(_rules.Safety.model_fields) == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_passes_its_good_sample(rule: str) -> None:
    case = CASES[rule]
    report = _run(case, case.good(), case.good_meta, False)
    assert case.code not in report.codes, report.to_dict()
    assert report.ok, report.to_dict()


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_its_bad_sample(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[rule]
    if case.safety:
        _with_safety(monkeypatch, case.safety)
    report = _run(case, case.bad(), case.bad_meta, True)
    assert case.code in report.codes, report.to_dict()
    hit = report.findings[report.codes.index(case.code)]
    assert hit.source and hit.message_ru and hit.message_en
    if rule != "expiry_warning_days":
        assert not report.ok
    else:
        assert hit.severity == "warning" and report.ok
