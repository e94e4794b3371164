"""FRMR client against an in-memory registry (MockTransport): every resource/verb, sync and async."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from egisz_sdk.errors import (
    InvalidIdentifier,
    RegistryConflict,
    RegistryError,
    RegistryNotFound,
    ValidationError,
)
from egisz_sdk.frmr import Card, FrmrClient, Person

SNILS = "11223344595"
PERSON = {
    "lastName": "Иванова",
    "firstName": "Мария",
    "patronymic": "Петровна",
    "gender": 2,
    "birthDate": "1985-03-07",
    "snils": SNILS,
    "citizenShipId": {"code": 1, "name": "Гражданин РФ"},
}


def card(mock: Any, **extra: Any) -> dict[str, Any]:
    base = {
        "organization": mock.MO,
        "nrPmuDepartId": mock.DEPART,
        "contractNumber": "17/к",
        "contractDate": "2024-01-10",
        "fedPositionId": 22,
        "positionTypeId": 1,
        "postId": 109,
        "rate": 1.0,
        "beginDate": "2024-01-15",
    }
    return {**base, **extra}


def test_person_get_by_snils_oid_and_document(client: FrmrClient, mock: Any) -> None:
    p = mock.add_person(**PERSON, documents=[{"documentId": 14, "serial": "4506", "number": "123456"}])
    by_snils = client.person.get(mo=mock.MO, snils="112-233-445 95")
    assert isinstance(by_snils, Person) and by_snils.oid == p["oid"] and by_snils.request_id
    assert client.person.get(mo=mock.MO, oid=p["oid"]).last_name == "Иванова"
    assert client.person.get(mo=mock.MO, document_id="14", number="123456").snils == SNILS
    method, path, query = mock.calls[0]
    assert (method, path, query) == ("GET", "person", {"mo": mock.MO, "snils": SNILS})


def test_query_rules_are_checked_before_sending(client: FrmrClient, mock: Any) -> None:
    with pytest.raises(ValidationError) as missing:
        client.person.get(snils=SNILS)
    assert missing.value.code == "registry.parameter" and missing.value.field == "mo"
    with pytest.raises(ValidationError) as none:
        client.person.get(mo=mock.MO)
    assert none.value.field == "oid"
    with pytest.raises(ValidationError) as lonely:
        client.person.get(mo=mock.MO, document_id="14")
    assert lonely.value.field == "number"
    with pytest.raises(InvalidIdentifier) as bad:
        client.person.get(mo=mock.MO, snils="11223344596")
    assert bad.value.code == "snils.checksum" and bad.value.field == "snils" and "11223344596" not in str(bad.value)
    with pytest.raises(ValidationError) as unknown:
        client.person.get(mo=mock.MO, snils=SNILS, last_name="x")
    assert unknown.value.field == "last_name"
    with pytest.raises(ValidationError) as verb:
        client.accreditation.delete(mo=mock.MO, oid="2022.0055647")
    assert verb.value.code == "registry.unsupported_verb"
    assert mock.calls == []


def test_not_found_and_find_worker(client: FrmrClient, mock: Any) -> None:
    with pytest.raises(RegistryNotFound) as err:
        client.person.get(mo=mock.MO, snils=SNILS)
    assert err.value.registry_code == 404 and err.value.registry_message == "Пользователь не найден"
    assert err.value.operation == "frmr.person.get"
    assert client.find_worker(mo=mock.MO, snils=SNILS) is None
    mock.add_person(**PERSON)
    found = client.find_worker(mo=mock.MO, snils=SNILS)
    assert found is not None and found.full_name == "Иванова Мария Петровна"
    with pytest.raises(ValidationError):
        client.find_worker(mo=mock.MO)


def test_person_create_update_delete(client: FrmrClient, mock: Any) -> None:
    made = client.person.create(PERSON, mo=mock.MO)
    assert made.outcome == "created" and made.entity_id in mock.people
    person = client.person.get(mo=mock.MO, oid=made.entity_id).model_copy(update={"phone": "+79123456789"})
    ack = client.person.update(person, mo=mock.MO, oid=made.entity_id)
    assert ack.request_id and mock.people[made.entity_id]["phone"] == "+79123456789"
    client.person.delete(mo=mock.MO, oid=made.entity_id, entity_id=made.entity_id)
    assert made.entity_id not in mock.people
    with pytest.raises(RegistryConflict):
        client.person.create(PERSON, mo=mock.MO)  # the mock keeps nothing, so create twice to get a 409
        client.person.create(PERSON, mo=mock.MO)


def test_write_is_strict_and_names_the_field(client: FrmrClient, mock: Any) -> None:
    with pytest.raises(InvalidIdentifier) as bad:
        client.person.create({**PERSON, "snils": "11223344596"}, mo=mock.MO)
    assert bad.value.field == "snils" and bad.value.code == "snils.checksum"
    with pytest.raises(ValidationError) as required:
        client.person.create({k: v for k, v in PERSON.items() if k != "birthDate"}, mo=mock.MO)
    assert required.value.code == "registry.write_invalid" and required.value.field == "birthDate"
    with pytest.raises(ValidationError) as date:
        client.person.create({**PERSON, "birthDate": "31.02.1985"}, mo=mock.MO)
    assert date.value.field == "birthDate"
    with pytest.raises(ValidationError) as oid:
        client.card.create(card(mock, organization="1.2.x"), mo=mock.MO, oid="2022.0055647")
    assert oid.value.field == "organization"
    assert mock.calls == []


def test_bad_registry_data_is_readable_and_flagged(client: FrmrClient, mock: Any) -> None:
    mock.add_person(**{**PERSON, "snils": "11223344596", "inn": "123", "newField": {"x": 1}})
    person = client.person.get(mo=mock.MO, oid=next(iter(mock.people)))
    assert {(p.field, p.code.split(".")[0]) for p in person.problems} == {("snils", "snils"), ("inn", "inn")}
    assert person.model_extra == {"newField": {"x": 1}}
    assert "11223344596" not in repr(person)


def test_drift_spellings_are_accepted(client: FrmrClient, mock: Any) -> None:
    p = mock.add_person(**PERSON)
    proc = {"accreditationРrocedureId": "A1", "passed": True, "passDate": "2023-01-01", "spec": {"code": 1}}
    mock.add("accreditations", p["oid"], docNumber="N1", accreditationProcedures=[proc])
    [acc] = client.accreditation.list(mo=mock.MO, oid=p["oid"])
    assert acc.accreditation_procedures[0].accreditation_procedure_id == "A1"


def test_paging_iterates_lazily_within_the_server_limit(client: FrmrClient, mock: Any) -> None:
    for i in range(230):
        mock.add_person(lastName=f"W{i}")
    mock.max_limit = 50  # the server answers a smaller limit than asked: the client follows it
    got = list(client.person_list.iterate(mo=mock.MO))
    assert len(got) == 230 and len({p.oid for p in got}) == 230
    limits = [q["limit"] for _, path, q in mock.calls]
    assert limits[0] == "100" and set(limits[1:]) == {"50"}
    assert [q["offset"] for _, _, q in mock.calls] == ["0", "50", "100", "150", "200"]
    page = client.person_list.page(mo=mock.MO, offset=225, limit=500)
    assert page.total == 230 and len(page.items) == 5 and page.next_offset is None


def test_every_sub_resource_verb(client: FrmrClient, mock: Any) -> None:
    p = mock.add_person(**PERSON)
    oid = p["oid"]
    made = client.card.create(card(mock), mo=mock.MO, oid=oid)
    [c] = client.card.list(mo=mock.MO, oid=oid)
    assert isinstance(c, Card) and str(c.id) == made.entity_id and c.post_id == 109
    client.card.update(c.model_copy(update={"rate": 0.5}), mo=mock.MO, oid=oid, entity_id=made.entity_id)
    assert mock.records[oid]["cards"][0]["rate"] == 0.5
    client.card.delete(mo=mock.MO, oid=oid, entity_id=made.entity_id)
    assert mock.records[oid]["cards"] == []
    diploma = client.record_diploma(oid, {"docNumber": "D-1", "specId": 5, "docDate": "2008-06-30"}, mo=mock.MO)
    cert = client.record_certificate(
        oid, {"institutionId": 7, "certNumber": "C-1", "examDate": "2020-05-01", "specId": 5}, mo=mock.MO
    )
    assert diploma.outcome == cert.outcome == "created"
    full = client.person_full.get(mo=mock.MO, oid=oid)
    assert full.education_prof[0].doc_number == "D-1" and full.education_cert[0].cert_number == "C-1"
    assert client.qualification.list(mo=mock.MO, oid=oid) == []


@pytest.mark.parametrize(
    ("status", "kind", "code"),
    [
        (400, "RegistryInvalid", "registry.invalid"),
        (401, "RegistryUnauthorized", "registry.unauthorized"),
        (403, "RegistryForbidden", "registry.forbidden"),
        (404, "RegistryNotFound", "registry.not_found"),
        (409, "RegistryConflict", "registry.conflict"),
        (429, "RegistryRateLimited", "registry.rate_limited"),
        (503, "RegistryUnavailable", "registry.unavailable"),
        (500, "RegistryUnavailable", "registry.unavailable"),
    ],
)
def test_error_documents_become_typed_errors(client: FrmrClient, mock: Any, status: int, kind: str, code: str) -> None:
    response = mock.error(status, "Reason", "snils 11223344595 is wrong")
    response.headers["Retry-After"] = "1"
    mock.fail["GET person"] = response
    with pytest.raises(RegistryError) as err:
        client.person.get(mo=mock.MO, snils=SNILS)
    assert type(err.value).__name__ == kind and err.value.code == code
    assert err.value.registry_code == status and "11223344595" not in str(err.value)
    if status == 400:
        assert err.value.field == "snils"
    retried = status in (429, 503)
    assert len(mock.calls) == (3 if retried else 1)


def test_non_json_answers_are_transport_errors(client: FrmrClient, mock: Any) -> None:
    mock.fail["GET person"] = httpx.Response(200, text="<html>login</html>")
    with pytest.raises(Exception) as err:
        client.person.get(mo=mock.MO, snils=SNILS)
    assert getattr(err.value, "code", "") == "transport.bad_json"


def test_success_envelope_with_user_message_and_bad_counters(client: FrmrClient, mock: Any) -> None:
    mock.fail["GET person"] = httpx.Response(
        200, json={"requestId": "r1", "errorUserMessage": "Данные устарели", "content": PERSON}
    )
    assert client.person.get(mo=mock.MO, snils=SNILS).user_message == "Данные устарели"
    mock.fail["GET person/list"] = httpx.Response(200, json={"requestId": "r", "total": -1, "content": []})
    with pytest.raises(RegistryError) as err:
        client.person_list.page(mo=mock.MO)
    assert err.value.code == "registry.bad_envelope"
    mock.fail["GET person"] = httpx.Response(200, json={"requestId": "r2", "content": None})
    with pytest.raises(RegistryNotFound):
        client.person.get(mo=mock.MO, snils=SNILS)


async def test_async_client_has_the_same_surface(aclient: Any, mock: Any) -> None:
    for i in range(12):
        mock.add_person(**{**PERSON, "snils": None, "lastName": f"A{i}"})
    seen = [p.last_name async for p in aclient.person_list.iterate(mo=mock.MO, page_size=5)]
    assert len(seen) == 12
    made = await aclient.person.create(PERSON, mo=mock.MO)
    person = await aclient.person.get(mo=mock.MO, snils=SNILS)
    assert person.oid == made.entity_id
    hired = await aclient.hire(PERSON, card(mock), mo=mock.MO)
    assert hired.person.outcome == "reused"
    with pytest.raises(RegistryNotFound):
        await aclient.person.get(mo=mock.MO, oid="2022.9999999")


def test_an_unreadable_record_is_a_typed_error(client: FrmrClient, mock: Any) -> None:
    mock.fail["GET person"] = httpx.Response(200, json={"requestId": "r", "content": {"documents": "not a list"}})
    with pytest.raises(RegistryError) as err:
        client.person.get(mo=mock.MO, snils=SNILS)
    assert err.value.code == "registry.bad_envelope" and "Person.documents" in str(err.value)
