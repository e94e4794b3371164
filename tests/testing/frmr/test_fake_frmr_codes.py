"""The fake FRMR checks coded fields against the shared dictionaries, through both doors (in-process, loopback):
codes missing from a complete dictionary are refused with the invalid-field error naming the field, known codes
are taken, a subset refuses nothing unless the world asks (``code_checks="subsets"``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _frmr_helpers import new_card, new_person

import egisz_sdk.nsi.data as shipped
from egisz_sdk.errors import RegistryInvalid
from egisz_sdk.testing import World

POSITIONS = "1.2.643.5.1.13.13.11.1102"


def _worker(world: World) -> tuple[str, str]:
    mo = world.population.organizations[0].mo_oid
    return mo, world.population.workers_of(mo)[0].oid


def test_a_post_missing_from_the_subset_is_taken_by_default(door: tuple[World, Callable[..., Any], Any]) -> None:
    world, make, _ = door
    assert world.frmr.codes.mode == "complete" and not shipped.complete(POSITIONS)
    mo, oid = _worker(world)
    made = make().card.create(new_card(world, mo, postId=9999), mo=mo, oid=oid)
    assert made.entity_id


def test_subsets_mode_refuses_a_post_the_shipped_rows_do_not_hold(
    door: tuple[World, Callable[..., Any], Any],
) -> None:
    world, make, _ = door
    world.frmr.codes.mode = "subsets"
    mo, oid = _worker(world)
    client = make()
    with pytest.raises(RegistryInvalid) as refused:
        client.card.create(new_card(world, mo, postId=9999), mo=mo, oid=oid)
    assert refused.value.code == "registry.invalid"
    assert refused.value.registry_message == "Неверное значение поля postId"
    assert not [c for c in world.frmr.records(oid, "card") if c.get("postId") == 9999]
    made = client.card.create(new_card(world, mo, postId=110, contractNumber="18/к"), mo=mo, oid=oid)
    assert any(c.get("postId") == 110 and c["id"] == made.entity_id for c in world.frmr.records(oid, "card"))


def test_a_complete_dictionary_refuses_by_default(
    door: tuple[World, Callable[..., Any], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, make, _ = door
    real = shipped.complete
    monkeypatch.setattr(shipped, "complete", lambda oid: True if oid == POSITIONS else real(oid))
    mo, oid = _worker(world)
    client = make()
    with pytest.raises(RegistryInvalid) as refused:
        client.card.create(new_card(world, mo, postId="9999"), mo=mo, oid=oid)
    assert refused.value.registry_message == "Неверное значение поля postId"
    world.frmr.codes.mode = "off"
    assert client.card.create(new_card(world, mo, postId=9999), mo=mo, oid=oid).entity_id


def test_fields_whose_dictionary_is_not_shipped_are_never_refused(
    door: tuple[World, Callable[..., Any], Any],
) -> None:
    world, make, _ = door
    world.frmr.codes.mode = "subsets"
    mo, oid = _worker(world)
    client = make()
    body = new_person(world, 7, citizenShipId={"code": 987, "name": "?"})
    assert client.person.create(body, mo=mo).entity_id
    card = new_card(world, mo, fedPositionId=98765, positionTypeId=9)  # 1002 and 209: not shipped
    assert client.card.create(card, mo=mo, oid=oid).entity_id


def test_organisation_and_department_are_rows_of_the_population_dictionaries(
    door: tuple[World, Callable[..., Any], Any],
) -> None:
    world, make, _ = door
    mo, oid = _worker(world)
    client = make()
    other = world.population.organizations[1].mo_oid
    stranger = new_card(world, mo, nrPmuDepartId=world.population.departments_of(other)[0].oid)
    with pytest.raises(RegistryInvalid) as refused:
        client.card.create(stranger, mo=mo, oid=oid)
    assert "nrPmuDepartId" in (refused.value.registry_message or "")
    world.frmr.codes.mode = "off"  # the references are the registry's own rule: still checked
    with pytest.raises(RegistryInvalid):
        client.card.create(new_card(world, mo, nrPmuDepartId=f"{mo}.0.1"), mo=mo, oid=oid)
