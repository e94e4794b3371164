"""HR tasks and the lost-answer rule: a POST is never blindly repeated."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from egisz_sdk.errors import RegistryError
from egisz_sdk.frmr import FrmrClient

SNILS = "11223344595"
PERSON = {
    "lastName": "Петров",
    "firstName": "Илья",
    "gender": 1,
    "birthDate": "1979-11-02",
    "snils": SNILS,
    "citizenShipId": {"code": 1, "name": "Гражданин РФ"},
}


def card(mock: Any, number: str = "5/к", **extra: Any) -> dict[str, Any]:
    return {
        "organization": mock.MO,
        "nrPmuDepartId": mock.DEPART,
        "contractNumber": number,
        "contractDate": "2024-02-01",
        "fedPositionId": 22,
        "positionTypeId": 1,
        "postId": 109,
        "beginDate": "2024-02-05",
        **extra,
    }


def test_hire_creates_then_reuses_the_person(client: FrmrClient, mock: Any) -> None:
    first = client.hire(PERSON, card(mock), mo=mock.MO)
    assert first.person.outcome == "created" and first.card.outcome == "created"
    oid = first.person.entity_id
    assert mock.records[oid]["cards"][0]["oid"] == oid
    second = client.hire(PERSON, card(mock, "6/к"), mo=mock.MO)
    assert second.person.outcome == "reused" and second.person.entity_id == oid
    assert len(mock.people) == 1 and len(mock.records[oid]["cards"]) == 2


def test_hire_reports_a_partial_state(client: FrmrClient, mock: Any) -> None:
    mock.fail["POST person/card"] = mock.error(400, "Bad Request", "postId unknown")
    with pytest.raises(RegistryError) as err:
        client.hire(PERSON, card(mock), mo=mock.MO)
    assert err.value.code == "registry.partial" and "card NOT created" in err.value.message_en
    assert err.value.params["entity_id"] in mock.people


def test_lost_answer_on_create_finds_the_record_instead_of_duplicating(
    client: FrmrClient, mock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    mock.drop_after_apply.add("POST person")
    with caplog.at_level(logging.WARNING, logger="egisz_sdk.registries"):
        made = client.person.create(PERSON, mo=mock.MO)
    assert made.outcome == "found_after_lost_answer" and len(mock.people) == 1
    assert made.entity_id in mock.people
    assert [c[:2] for c in mock.calls] == [("POST", "person"), ("GET", "person")]
    assert "not sending it again" in caplog.text and SNILS not in caplog.text


def test_lost_answer_on_a_sub_record_is_found_by_its_natural_key(client: FrmrClient, mock: Any) -> None:
    oid = mock.add_person(**PERSON)["oid"]
    mock.drop_after_apply.add("POST person/card")
    made = client.card.create(card(mock), mo=mock.MO, oid=oid)
    assert made.outcome == "found_after_lost_answer"
    assert len(mock.records[oid]["cards"]) == 1 and made.entity_id == mock.records[oid]["cards"][0]["id"]


def test_lost_request_that_never_applied_is_sent_once_more(client: FrmrClient, mock: Any) -> None:
    mock.lose_before_apply.add("POST person")
    made = client.person.create(PERSON, mo=mock.MO)
    assert made.outcome == "resent_after_lost_answer" and len(mock.people) == 1


def test_lost_answer_without_a_natural_key_is_reported(client: FrmrClient, mock: Any) -> None:
    oid = mock.add_person(**PERSON)["oid"]
    mock.drop_after_apply.add("POST person/qualification")
    with pytest.raises(RegistryError) as err:
        client.qualification.create({"qualifyCategoryId": 1}, mo=mock.MO, oid=oid)
    assert err.value.code == "registry.outcome_unknown"
    assert len(mock.records[oid]["qualifications"]) == 1  # applied once, never sent twice


def test_dismiss_ends_the_card(client: FrmrClient, mock: Any) -> None:
    hired = client.hire(PERSON, card(mock), mo=mock.MO)
    [c] = client.card.list(mo=mock.MO, oid=hired.person.entity_id)
    client.dismiss(c, "01.06.2024", 3, 12)
    stored = mock.records[hired.person.entity_id]["cards"][0]
    assert (stored["endDate"], stored["endTypeId"], stored["fireReasonId"]) == ("2024-06-01", 3, 12)


def test_transfer_success_and_rollback(client: FrmrClient, mock: Any) -> None:
    hired = client.hire(PERSON, card(mock), mo=mock.MO)
    oid = hired.person.entity_id
    [old] = client.card.list(mo=mock.MO, oid=oid)
    moved = client.transfer(old, card(mock, "9/к", postId=110), end_date="2024-07-01", end_type=5)
    assert moved.card.outcome == "created"
    cards = mock.records[oid]["cards"]
    assert cards[0]["endDate"] == "2024-07-01" and cards[1]["postId"] == 110
    [_, current] = client.card.list(mo=mock.MO, oid=oid)
    mock.fail["POST person/card"] = mock.error(400, "Bad Request", "bad post")
    with pytest.raises(RegistryError) as err:
        client.transfer(current, card(mock, "10/к"), end_date="2024-08-01", end_type=5)
    assert err.value.code == "registry.partial" and "restored as it was" in err.value.message_en
    assert "endDate" not in mock.records[oid]["cards"][1]
