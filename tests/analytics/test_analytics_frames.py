"""Tidy frames from FRMR/FRMO export records: one row per card/document/department/staff line, codes resolved
through NSI dictionaries or mappings, unknown codes kept and flagged, nothing dropped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from _analytics_records import DEP_A, DEP_B, MO, frmo_records, frmr_records

from egisz_sdk import analytics
from egisz_sdk.errors import ConfigurationError, ValidationError
from egisz_sdk.nsi import load_shipped

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def test_cards_frame_has_one_row_per_card_and_keeps_workers_without_cards() -> None:
    cards = analytics.cards_frame(frmr_records())
    assert list(cards["card_id"].fillna("-")) == ["k1", "k2", "k3", "k4", "-"]
    assert cards.loc[4, "last_name"] == "Безкарточная" and pd.isna(cards.loc[4, "rate"])
    assert cards["rate"].dtype == "float64" and str(cards["begin_date"].dtype).startswith("datetime64")
    assert cards.loc[2, "end_date"] == pd.Timestamp("2026-08-31") and cards.loc[2, "end_type_id"] == "1"
    assert cards.loc[1, "department_oid"] == DEP_B and cards.loc[0, "mo"] == MO
    assert "post_id_unknown" not in cards.columns  # no code book given: no flag column


def test_codes_resolve_through_a_mapping_and_unknown_codes_are_flagged_not_dropped() -> None:
    cards = analytics.cards_frame(frmr_records(), codes={"post_id": {109: "врач-терапевт", "110": "врач-хирург"}})
    assert list(cards["post_name"].fillna("-")) == ["врач-терапевт", "врач-хирург", "врач-терапевт", "пост 999", "-"]
    assert list(cards["post_id_unknown"]) == [False, False, False, True, False]
    assert cards.loc[3, "post_id"] == "999"


def test_codes_resolve_through_an_nsi_dictionary() -> None:
    gender = load_shipped("1.2.643.5.1.13.13.11.1040")  # «Пол пациента», shipped with the SDK
    cards = analytics.cards_frame(frmr_records(), codes={"gender": gender})
    assert set(cards["gender_name"]) == {"Женский"} and not cards["gender_unknown"].any()
    assert analytics.names_of(gender) == {"3": "Неопределенный", "2": "Женский", "1": "Мужской"}
    assert analytics.names_of(load_shipped("1.2.643.5.1.13.13.99.2.359"), "CODE")["1"] == "01.00.1.001"


def test_polars_backend_has_the_same_rows_and_types() -> None:
    cards = analytics.cards_frame(frmr_records(), codes={"post_id": {109: "x"}}, backend="polars")
    assert cards.height == 5 and cards.schema["begin_date"] == pl.Date and cards.schema["rate"] == pl.Float64
    assert cards["post_id_unknown"].to_list() == [False, True, False, True, False]
    same = analytics.cards_frame(frmr_records(), codes={"post_id": {109: "x"}})
    assert cards["post_name"].to_list() == [None if pd.isna(v) else v for v in same["post_name"]]


def test_documents_frame_resolves_specialties_per_kind() -> None:
    docs = analytics.documents_frame(frmr_records(), codes={"certificate.spec_id": {27: "Терапия (сертификат)"}})
    assert list(docs["kind"]) == ["diploma", "certificate", "accreditation"]
    assert list(docs["spec_name"]) == ["Лечебное дело", "Терапия (сертификат)", pd.NA] or docs.loc[1, "spec_name"]
    assert docs.loc[1, "spec_name"] == "Терапия (сертификат)" and docs.loc[0, "spec_name"] == "Лечебное дело"
    assert list(docs["spec_id_unknown"]) == [False, False, False]
    assert docs.loc[2, "end_date"] == pd.Timestamp("2026-08-20") and bool(docs.loc[2, "passed"])
    with pytest.raises(ConfigurationError):
        analytics.documents_frame(frmr_records(), codes={"patent.spec_id": {}})


def test_departments_and_staff_frames_from_frmo_records() -> None:
    deps = analytics.departments_frame(frmo_records(), codes={"region_id": {77: "Москва"}})
    assert list(deps["department_oid"]) == [DEP_A, DEP_B]
    assert deps.loc[1, "beds"] == 35 and pd.isna(deps.loc[0, "beds"])
    assert deps.loc[0, "region_name"] == "Москва" and deps.loc[1, "depart_type"] == "Стационарное"
    assert deps.loc[1, "liquidation_date"] == pd.Timestamp("2025-12-31")
    staff = analytics.staff_frame(frmo_records())
    assert list(staff["staff_id"]) == ["s2025", "s2026", "s2026"]
    assert staff.loc[1, "post_name"] == "врач-терапевт участковый" and staff.loc[1, "vacancy"] == 99


def test_deadlines_frame_uses_the_frmr_rules() -> None:
    found = analytics.deadlines_frame(frmr_records(), today=dt.date(2026, 8, 1))
    assert list(found["source"]) == ["cert", "accreditation"]
    assert list(found["status"]) == ["valid", "expiring"]
    assert found.loc[1, "deadline"] == pd.Timestamp("2026-08-20")
    guides = analytics.deadlines_frame(frmr_records(), today=dt.date(2026, 8, 1), ruleset="guides")
    assert len(guides) == 2


def test_frames_read_json_lines_files_and_name_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "staff.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in frmr_records()]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert len(analytics.cards_frame(path)) == 5
    path.write_text(lines[0] + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        analytics.cards_frame(path)
    assert caught.value.code == "analytics.input.invalid" and caught.value.params["line"] == 2
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="line"):
        analytics.cards_frame(str(path))


def test_tolerant_of_odd_values() -> None:
    odd = {
        "mo": MO,
        "person": {
            "oid": "x",
            "gender": {"code": 1, "name": "Мужской"},
            "personCard": [
                {"id": 7, "postId": {"code": 5, "name": "п5"}, "rate": "oops", "beginDate": "01.02.2020"},
                "not a card",
                {"id": 8, "rate": float("nan"), "beginDate": 20200101, "postId": 5.0},
            ],
        },
    }
    cards = analytics.cards_frame([odd, {"person": "junk"}])
    assert list(cards["card_id"].fillna("-")) == ["7", "8", "-"]
    assert cards.loc[0, "post_name"] == "п5" and cards.loc[0, "gender_name"] == "Мужской"
    assert pd.isna(cards.loc[0, "rate"]) and pd.isna(cards.loc[1, "rate"])
    assert cards.loc[0, "begin_date"] == pd.Timestamp("2020-02-01") and pd.isna(cards.loc[1, "begin_date"])
    assert cards.loc[1, "post_id"] == "5"


def test_identifier_quality_counts_with_the_batch_validators() -> None:
    cards = analytics.cards_frame(frmr_records()).drop_duplicates("worker_oid")
    table = analytics.identifier_quality(cards, {"snils": "snils"})
    row = table.iloc[0].to_dict()
    assert (row["total"], row["valid"], row["invalid"], row["empty"]) == (4, 2, 1, 1)
    assert row["codes"] == "snils.checksum×1"


def test_wrong_code_books_and_backends_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        analytics.cards_frame(frmr_records(), codes={"no_such_column": {}})
    with pytest.raises(ConfigurationError):
        analytics.cards_frame(frmr_records(), codes={"post_id": 42})
    with pytest.raises(ConfigurationError):
        analytics.cards_frame(frmr_records(), backend="excel")  # type: ignore[arg-type]


def test_nested_junk_where_a_value_belongs_becomes_empty_in_both_backends() -> None:
    odd = {"mo": MO, "person": {"oid": {"weird": 1}, "snils": 11223344595, "personCard": [
        {"id": 7, "organization": ["a"], "postId": 5, "beginDate": "2020-02-01"}]}}  # fmt: skip
    for frame in (analytics.cards_frame([odd]), analytics.cards_frame([odd], backend="polars").to_pandas()):
        row = frame.iloc[0]
        assert pd.isna(row["worker_oid"]) and pd.isna(row["organization"])
        assert row["snils"] == "11223344595" and row["card_id"] == "7"


def test_the_frmo_export_line_shape_is_read_too() -> None:
    line = frmo_records()[0]
    exported = {"oid": MO, "organization": {k: v for k, v in line["org"].items() if k != "oid"}, "departments":
                line["departments"], "staff": line["staff"]}  # fmt: skip
    deps = analytics.departments_frame([exported])
    assert list(deps["mo"]) == [MO, MO] and deps.loc[0, "org_name"] == "ГБУЗ «ГП №1»"
    assert list(analytics.staff_frame([exported])["mo"].unique()) == [MO]
