"""Every error kind of the fake FRMR as the SDK's client sees it; faults per operation; the lost answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _frmr_helpers import new_card, new_person

from egisz_sdk._http import RetryPolicy
from egisz_sdk.errors import (
    RegistryConflict,
    RegistryForbidden,
    RegistryInvalid,
    RegistryNotFound,
    RegistryRateLimited,
    RegistryUnauthorized,
    RegistryUnavailable,
)
from egisz_sdk.testing import World

Factory = Callable[..., Any]
NO_RETRY = RetryPolicy(attempts=1)


def _mo(world: World, index: int = 0) -> str:
    return world.population.organizations[index].mo_oid


def test_not_found_carries_the_error_document(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client()
    with pytest.raises(RegistryNotFound) as caught:
        client.person.get(mo=_mo(egisz_world), oid="2030.1234567")
    error = caught.value
    assert error.registry_code == 404 and error.operation == "frmr.person.get"
    assert error.registry_message == "Работник не найден"
    with pytest.raises(RegistryNotFound):
        client.card.update(new_card(egisz_world, _mo(egisz_world)), mo=_mo(egisz_world),
                           oid=egisz_world.population.workers[0].oid, entity_id="no-such-card")  # fmt: skip


def test_invalid_names_the_query_field(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client()
    with pytest.raises(RegistryInvalid) as caught:
        client.person_list.page(mo="1.2.643.5.1.13.13.12.2.77.999999")
    assert caught.value.field == "mo" and caught.value.registry_code == 400


def test_invalid_body_is_refused_by_the_fake_not_only_by_the_client(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client()
    mo = _mo(egisz_world)
    oid = egisz_world.population.workers[0].oid
    with pytest.raises(RegistryInvalid) as caught:  # the client does not know departments; the fake does
        client.card.create(new_card(egisz_world, mo, nrPmuDepartId=_mo(egisz_world, 1) + ".0.123456"), mo=mo, oid=oid)
    assert "nrPmuDepartId" in (caught.value.registry_message or "")


def test_duplicate_snils_is_a_conflict(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client()
    taken = egisz_world.population.people[0].snils
    with pytest.raises(RegistryConflict) as caught:
        client.person.create(new_person(egisz_world, snils=taken), mo=_mo(egisz_world))
    assert caught.value.registry_code == 409
    assert egisz_world.frmr.added == []


def test_other_organisation_is_forbidden(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client(organizations=[_mo(egisz_world, 0)])
    assert client.person_list.page(mo=_mo(egisz_world, 0)).total > 0
    with pytest.raises(RegistryForbidden) as caught:
        client.person_list.page(mo=_mo(egisz_world, 1))
    assert caught.value.registry_code == 403
    oid = egisz_world.population.workers_of(_mo(egisz_world, 0))[0].oid
    with pytest.raises(RegistryForbidden):  # a card at an organisation the system is not registered for
        client.card.create(new_card(egisz_world, _mo(egisz_world, 1)), mo=_mo(egisz_world, 0), oid=oid)


def test_unregistered_system_is_unauthorized_after_one_fresh_token(egisz_world: World, frmr_client: Factory) -> None:
    client = frmr_client(system_id="MIS-GONE")
    egisz_world.gateway.unregister("MIS-GONE")
    with pytest.raises(RegistryUnauthorized) as caught:
        client.person_list.page(mo=_mo(egisz_world))
    assert caught.value.registry_message == "system not registered"
    assert egisz_world.journal.count("frmr.person_list.page") == 2  # the auth re-issued the token once


def test_rate_limited_via_a_429_fault(egisz_world: World, frmr_client: Factory) -> None:
    egisz_world.faults.add("frmr.person_list.page", status=429, retry_after=7, times=1)
    client = frmr_client(retry=NO_RETRY)
    with pytest.raises(RegistryRateLimited) as caught:
        client.person_list.page(mo=_mo(egisz_world))
    assert caught.value.retry_after == 7
    assert client.person_list.page(mo=_mo(egisz_world)).total > 0  # the rule fired once


def test_unavailable_via_a_503_fault_and_retried(egisz_world: World, frmr_client: Factory) -> None:
    egisz_world.faults.add("frmr.person.get", status=503, times=5)
    oid = egisz_world.population.workers[0].oid
    with pytest.raises(RegistryUnavailable):
        frmr_client(retry=NO_RETRY).person.get(mo=_mo(egisz_world), oid=oid)
    egisz_world.faults.clear()
    egisz_world.faults.add("frmr.person.get", status=503, times=1)
    quick = RetryPolicy(attempts=3, backoff=0.0, jitter=0.0)
    assert frmr_client(retry=quick, system_id="MIS-2").person.get(mo=_mo(egisz_world), oid=oid).oid == oid
    statuses = [e.status for e in egisz_world.journal.calls("frmr.person.get")]
    assert statuses == [503, 503, 200]


@pytest.mark.parametrize("status", [403, 404, 409, 429, 500, 503])
def test_magic_worker_oids(egisz_world: World, frmr_client: Factory, status: int) -> None:
    client = frmr_client(retry=NO_RETRY)
    with pytest.raises(Exception) as caught:
        client.person.get(mo=_mo(egisz_world), oid=f"9999.0000{status}")
    assert getattr(caught.value, "registry_code", None) == status


def test_latency_and_journal_per_operation(egisz_world: World, frmr_client: Factory) -> None:
    import time

    egisz_world.faults.add("frmr.person_list.page", latency=0.2, times=1)
    client = frmr_client()
    started = time.monotonic()
    client.person_list.page(mo=_mo(egisz_world))
    assert time.monotonic() - started >= 0.2
    client.person.get(mo=_mo(egisz_world), oid=egisz_world.population.workers[0].oid)
    assert egisz_world.journal.count("frmr.person_list.page") == 1
    assert egisz_world.journal.count("frmr.person.*") == 1
    entry = egisz_world.journal.calls("frmr.person.get")[0]
    assert entry.params["mo"] == _mo(egisz_world) and entry.status == 200


@pytest.mark.parametrize("kind", ["reset", "garbage"])
def test_lost_answer_on_person_create_is_found_by_snils(egisz_world: World, frmr_client: Factory, kind: str) -> None:
    egisz_world.faults.add("frmr.person.create", kind=kind, after=True, times=1)
    client = frmr_client()
    body = new_person(egisz_world, 3)
    made = client.person.create(body, mo=_mo(egisz_world))
    assert made.outcome == "found_after_lost_answer"
    assert egisz_world.frmr.added == [made.entity_id]
    assert egisz_world.frmr.person(made.entity_id)["snils"] == body["snils"]
    assert egisz_world.journal.count("frmr.person.create") == 1


def test_lost_answer_on_person_create_through_the_socket(egisz_server: Any, frmr_client: Factory) -> None:
    world = egisz_server.world
    world.faults.add("frmr.person.create", kind="reset", after=True, times=1)
    client = frmr_client(server=egisz_server)
    made = client.person.create(new_person(world, 4), mo=_mo(world))
    assert made.outcome == "found_after_lost_answer" and world.frmr.added == [made.entity_id]


async def test_lost_answer_on_card_create_async(egisz_world: World, async_frmr_client: Factory) -> None:
    mo = _mo(egisz_world)
    oid = egisz_world.population.workers_of(mo)[0].oid
    egisz_world.faults.add("frmr.card.create", kind="reset", after=True, times=1)
    async with async_frmr_client() as client:
        made = await client.card.create(new_card(egisz_world, mo), mo=mo, oid=oid)
    assert made.outcome == "found_after_lost_answer"
    assert sum(c.get("contractNumber") == "17/к" for c in egisz_world.frmr.records(oid, "card")) == 1


def test_answer_lost_before_the_write_is_resent_once(egisz_world: World, frmr_client: Factory) -> None:
    egisz_world.faults.add("frmr.person.create", kind="reset", times=1)  # the route never ran
    made = frmr_client().person.create(new_person(egisz_world, 6), mo=_mo(egisz_world))
    assert made.outcome == "resent_after_lost_answer" and len(egisz_world.frmr.added) == 1


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("prof", {"docNumber": "5550001", "institutionId": 101, "specId": 27}),
        ("cert", {"institutionId": 101, "certNumber": "771100", "examDate": "2022-01-10", "specId": 27}),
    ],
)
def test_lost_answer_on_diploma_and_certificate_create(
    egisz_world: World, frmr_client: Factory, name: str, body: dict[str, Any]
) -> None:
    mo = _mo(egisz_world)
    oid = egisz_world.population.workers_of(mo)[0].oid
    egisz_world.faults.add(f"frmr.{name}.create", kind="reset", after=True, times=1)
    made = getattr(frmr_client(), name).create(body, mo=mo, oid=oid)
    assert made.outcome == "found_after_lost_answer"
    key = "docNumber" if name == "prof" else "certNumber"
    assert sum(r.get(key) == body[key] for r in egisz_world.frmr.records(oid, name)) == 1
