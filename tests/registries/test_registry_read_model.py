"""Reading records fast (``read_model``): the same records, drift and problems as ``model_validate``."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from egisz_sdk.frmo.models import Department
from egisz_sdk.frmr.models import PersonFull
from egisz_sdk.registries import RegistryModel
from egisz_sdk.registries._models import _drifted, _nested_fields, _undrift, clean_json, read_model

MO = "1.2.643.5.1.13.13.12.2.77.7800"

FULL: dict[str, Any] = {
    "oid": "2022.0055647",
    "lastName": "Иванова",
    "snils": "11223344596",  # bad checksum: flagged, still read
    "birthDate": "1980-02-30",  # no such day: flagged
    "citizenShipId": {"code": 643, "name": "Россия"},
    "documents": [{"documentId": 14, "passDate": "not a date"}],
    "personCard": [
        {"organization": MO, "beginDate": "2020-01-01", "rate": 1},
        {"organization": "1.2.x", "beginDate": "2020-13-01", "rate": 40, "extraThing": {"isPlaned": True}},
    ],
    "personAccreditation": [
        {"docNumber": "N1", "accreditationProcedures": [{"accreditationРrocedureId": "A1", "passed": True}]}
    ],
    "newField": [{"longtitude": 1.5, "deeper": [{"isPlaned": False}]}],
}


def _dump(record: RegistryModel) -> Any:
    return record.model_dump(mode="json", by_alias=True)


def test_read_model_reads_what_model_validate_reads() -> None:
    source = copy.deepcopy(FULL)
    fast, slow = read_model(PersonFull, source), PersonFull.model_validate(copy.deepcopy(FULL))
    assert source == FULL  # the input is not changed
    assert _dump(fast) == _dump(slow) and fast.model_extra == slow.model_extra
    assert fast.problems == slow.problems
    assert {p.field for p in fast.problems} == {
        "snils",
        "birth_date",
        "documents[0].pass_date",
        "person_card[1].organization",
        "person_card[1].begin_date",
        "person_card[1].rate",
    }
    assert fast.person_accreditation[0].accreditation_procedures[0].accreditation_procedure_id == "A1"
    assert fast.model_extra == {"newField": [{"longitude": 1.5, "deeper": [{"isPlanned": False}]}]}
    assert fast.person_card[1].model_extra == {"extraThing": {"isPlanned": True}}


def test_clean_records_have_no_problems_and_are_not_copied() -> None:
    clean = {"oid": "2022.0055647", "personCard": [{"organization": MO, "beginDate": "2020-01-01"}]}
    assert not _drifted(clean) and _undrift(clean) is clean
    record = read_model(PersonFull, clean)
    assert record.problems == () and record.person_card[0].problems == ()


@pytest.mark.parametrize(
    "value",
    [
        {"isPlaned": 1},
        [{"a": [{"b": {"longtitude": 2}}]}],
        {"x": {"accreditationРrocedureId": "A"}},
    ],
)
def test_drift_is_found_at_any_depth(value: Any) -> None:
    assert _drifted(value)
    assert not _drifted(_undrift(value))


def test_both_spellings_keep_both_and_the_canonical_one_wins() -> None:
    record = read_model(Department, {"isPlaned": False, "isPlanned": True})
    assert record.model_dump(by_alias=True)["isPlanned"] is True
    assert record.model_extra == {"isPlaned": False}


def test_drift_deeper_than_the_limit_is_left_alone() -> None:
    deep: Any = {"isPlaned": 1}
    for _ in range(40):
        deep = {"x": deep}
    assert _undrift(deep) is deep and not _drifted(deep)


def test_nested_fields_are_the_fields_that_hold_records() -> None:
    fields = set(_nested_fields(PersonFull))
    assert {"documents", "addresses", "citizen_ship_id", "person_card", "person_accreditation"} <= fields
    assert not fields & {"oid", "snils", "birth_date", "last_name"}


def test_clean_json_is_sure_only_of_verbatim_utf8() -> None:
    import json

    assert clean_json(json.dumps({"oid": "2022.0000001", "lastName": "Иванова"}, ensure_ascii=False).encode())
    assert not clean_json(json.dumps({"lastName": "Иванова"}).encode())  # \u escapes: keys may hide
    assert not clean_json(json.dumps({"a": 1}, ensure_ascii=False).encode("utf-16"))
    for key in ("isPlaned", "longtitude", "accreditationРrocedureId"):
        assert not clean_json(json.dumps({"x": [{key: 1}]}, ensure_ascii=False).encode())


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_a_client_reads_drift_written_verbatim_or_escaped(ensure_ascii: bool) -> None:
    import json

    import httpx

    from egisz_sdk.frmr import FrmrClient
    from egisz_sdk.registries import RegistryConfig

    full = {
        "oid": "2022.0055647",
        "personAccreditation": [{"accreditationProcedures": [{"accreditationРrocedureId": "A1"}]}],
    }
    body = json.dumps({"requestId": "r", "content": full}, ensure_ascii=ensure_ascii).encode()
    assert (b"\\u0420" in body) is ensure_ascii
    config = RegistryConfig(
        base_url="https://reg.test/x/",
        transport=httpx.MockTransport(lambda _: httpx.Response(200, content=body)),
        rate=None,
    )
    with FrmrClient(config) as client:
        person = client.person_full.get(mo=MO, oid="2022.0055647")
    assert person.person_accreditation[0].accreditation_procedures[0].accreditation_procedure_id == "A1"
    assert person.request_id == "r"
