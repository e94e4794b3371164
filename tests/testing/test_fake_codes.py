"""The shared dictionaries of a fake world: the population draws its codes from them, the fake NSI serves them (the
population's 1461 and 99.2.114 too), the SDK's NSI client and cache see exactly the rows the fake FRMR and FRMO
check codes against, and the ``code_checks`` setting is validated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import egisz_sdk.nsi.data as shipped
from egisz_sdk.errors import ConfigurationError, RegistryInvalid
from egisz_sdk.nsi import DictionaryCache, NsiClient
from egisz_sdk.testing import World
from egisz_sdk.testing.population import POSTS
from egisz_sdk.testing.population._dictionaries import (
    DEPARTMENTS_OID,
    ORGANIZATIONS_OID,
    population_code_known,
    population_dictionary,
)
from egisz_sdk.testing.services.codes import CODED_FIELDS, MODES, CodeChecks, coded_fields, dictionary_status
from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT, NsiService

POSITIONS = "1.2.643.5.1.13.13.11.1102"


def test_the_population_draws_positions_from_the_shipped_dictionary() -> None:
    names = {row["Code"]: row["Position"] for row in shipped.rows(POSITIONS)}
    for code, name in POSTS:
        assert shipped.code_known(POSITIONS, str(code)) is True
        assert names[str(code)] == name
    world = World(seed=4, people=60, organizations=5)
    cards = [card for worker in world.population.workers for card in worker.cards]
    assert cards and {card.post_id for card in cards} <= {code for code, _ in POSTS}
    for worker in world.population.workers[:20]:
        for card in world.frmr.records(worker.oid, "card"):
            assert world.frmr.codes.unknown_field("frmr", "card", card) is None
    world.frmr.codes.mode = "subsets"  # even the strictest world takes every record of its own population
    for worker in world.population.workers[:20]:
        for resource in ("card", "prof", "cert", "accreditation"):
            for item in world.frmr.records(worker.oid, resource):
                assert world.frmr.codes.unknown_field("frmr", resource, item) is None


def test_the_population_dictionaries_hold_every_organisation_and_department() -> None:
    world = World(seed=2, organizations=6)
    people = world.population
    passport, rows = population_dictionary(people, ORGANIZATIONS_OID)
    assert passport["rowsCount"] == len(rows) == 6
    assert [r["oid"] for r in rows] == [o.mo_oid for o in people.organizations]
    _, departs = population_dictionary(people, DEPARTMENTS_OID)
    assert [r["oid"] for r in departs] == [d.oid for o in people.organizations for d in people.departments_of(o)]
    assert any(r["liquidationDate"] for r in departs)
    for row in rows:
        assert population_code_known(people, ORGANIZATIONS_OID, str(row["oid"]))
    assert not population_code_known(people, ORGANIZATIONS_OID, rows[0]["oid"] + "9")
    assert not population_code_known(people, DEPARTMENTS_OID, f"{rows[0]['oid']}.0.1")
    with pytest.raises(KeyError):
        population_dictionary(people, POSITIONS)


def test_the_sdk_cache_sees_what_the_fake_registries_check(tmp_path: Path, frmr_client: Callable[..., Any]) -> None:
    world = World(seed=0, organizations=3, settings={"code_checks": "subsets"})
    nsi = NsiClient(DEFAULT_USER_KEY, base_url="http://egisz.fake" + REST_ROOT, transport=world.transport())
    cache = DictionaryCache(tmp_path / "nsi.sqlite")
    positions = nsi.dictionary(POSITIONS, cache=cache)
    codes = {str(r["Code"]) for r in positions}
    assert codes == set(shipped.shipped_codes(POSITIONS))
    for code in ("110", "9999", "0", "333", "334"):
        assert world.frmr.codes.known(POSITIONS, code) is (code in codes)
        assert world.frmo.codes.known(POSITIONS, code) is (code in codes)
    organisations = nsi.dictionary(ORGANIZATIONS_OID, cache=cache)
    departments = nsi.dictionary(DEPARTMENTS_OID, cache=cache)
    assert {r["oid"] for r in organisations} == {o.mo_oid for o in world.population.organizations}
    for row in departments:
        assert world.frmr.codes.known(DEPARTMENTS_OID, str(row["oid"])) is True
    offline = nsi.dictionary(DEPARTMENTS_OID, cache=cache, offline=True)  # the cache holds the same rows
    assert [r["oid"] for r in offline] == [r["oid"] for r in departments]
    nsi.close()
    cache.close()


def test_frmo_refuses_a_post_by_the_shared_dictionary_through_both_doors(
    egisz_world: World, egisz_server: Any, frmo_client: Callable[..., Any]
) -> None:
    for world, client in ((egisz_world, frmo_client()), (egisz_server.world, frmo_client(server=egisz_server))):
        org = world.population.organizations[0]
        live = next(d for d in world.population.departments_of(org) if not d.liquidated)
        year = world.population.reference.year
        line = {"nrPmuDepartId": live.oid, "post": {"code": 9999, "name": "?"}, "rate": 1.0}
        known = {**line, "post": {"code": 110, "name": "врач-терапевт участковый"}}
        schedule = {
            "staffNum": "ШР-9",
            "staffCreateDate": f"{year}-01-01",
            "beginDate": f"{year}-01-01",
            "endDate": f"{year}-12-31",
            "staffDetails": [known, line],
        }
        world.frmo.codes.mode = "subsets"
        with pytest.raises(RegistryInvalid) as refused:
            client.staff.create(schedule, oid=org.mo_oid)
        message = refused.value.registry_message or ""
        assert message.startswith("staffDetails[1].post:") and POSITIONS in message
        world.frmo.codes.mode = "complete"
        assert client.staff.create(schedule, oid=org.mo_oid).entity_id
        world.reset()
        assert world.frmo.codes.mode == "complete"


def test_the_fake_nsi_makes_the_population_dictionaries_on_first_use() -> None:
    world = World(seed=1, organizations=2)
    assert sorted(world.nsi.pending) == [ORGANIZATIONS_OID, DEPARTMENTS_OID]
    assert ORGANIZATIONS_OID not in world.nsi.dictionaries
    assert world.describe()["nsi"]["pending"] == [ORGANIZATIONS_OID, DEPARTMENTS_OID]
    assert len(world.nsi.get(ORGANIZATIONS_OID).rows) == 2
    assert list(world.nsi.pending) == [DEPARTMENTS_OID]
    assert [p["oid"] for p in world.nsi.search("Структурные подразделения")] == [DEPARTMENTS_OID]
    assert not world.nsi.pending
    world.reset()
    assert sorted(world.nsi.pending) == [ORGANIZATIONS_OID, DEPARTMENTS_OID]
    bare = World(seed=1, services=[NsiService(population=False)])
    assert not bare.nsi.pending and ORGANIZATIONS_OID not in bare.nsi.dictionaries


def test_the_setting_is_checked() -> None:
    assert MODES == ("complete", "subsets", "off")
    with pytest.raises(ConfigurationError) as bad:
        World(seed=0, settings={"code_checks": "strict"})
    assert bad.value.code == "fake.code_checks_invalid"
    world = World(seed=0)
    with pytest.raises(ConfigurationError):
        world.frmr.codes.mode = "everything"
    assert repr(world.frmr.codes) == "CodeChecks(mode='complete')"
    assert CodeChecks(world.population, "off").unknown_field("frmo", "staff", {"staffDetails": [{"post": 1}]}) is None


def test_every_coded_field_names_a_known_registry_resource_and_status() -> None:
    assert {(f.registry, f.resource) for f in CODED_FIELDS} >= {("frmr", "card"), ("frmo", "staff")}
    assert [f.path for f in coded_fields("frmr", "card")][:3] == ["organization", "nrPmuDepartId", "postId"]
    statuses = {f.oid: dictionary_status(f.oid) for f in CODED_FIELDS}
    assert statuses[POSITIONS] == "subset"
    assert statuses[ORGANIZATIONS_OID] == statuses[DEPARTMENTS_OID] == "population"
    assert statuses["1.2.643.5.1.13.13.99.2.206"] == "not shipped"
    assert dictionary_status("1.2.643.5.1.13.13.11.1040") == "complete"


def test_the_docs_table_lists_every_coded_field_with_its_status() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "nsi.md").read_text(encoding="utf-8")
    rows = []
    for line in page.split("## The fake NSI and the registries' codes", 1)[1].splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in ("frmr", "frmo"):
            rows.append(tuple(cells[:5]))
    want = [(f.registry, f.resource, f.path, f.oid, dictionary_status(f.oid)) for f in CODED_FIELDS]
    assert rows == want
