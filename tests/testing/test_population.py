"""The shared population: deterministic per seed, valid identifiers, coherent organisations, departments, workers."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

import pytest

from egisz_sdk import validators
from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing.population import MO_OID_PREFIX, REGIONS, Population, worker_index, worker_oid

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def population() -> Population:
    return Population(seed=3, people=40, organizations=6, reference=TODAY)


def test_same_seed_same_records_other_seed_other_records(population: Population) -> None:
    twin = Population(seed=3, people=40, organizations=6, reference=TODAY)
    other = Population(seed=4, people=40, organizations=6, reference=TODAY)
    assert list(twin.people) == list(population.people) and twin == population
    assert list(twin.workers) == list(population.workers)
    assert list(other.people) != list(population.people)
    assert [o.mo_oid for o in other.organizations] != [o.mo_oid for o in population.organizations]


def test_organisations_are_valid_and_agree_with_their_region(population: Population) -> None:
    regions = {code for code, *_ in REGIONS}
    for org in population.organizations:
        head, _, tail = org.mo_oid.rpartition(".")
        assert head == f"{MO_OID_PREFIX}.{org.region_id}" and tail.isdigit() and org.region_id in regions
        assert validators.ogrn.is_valid(org.ogrn) and validators.kpp.is_valid(org.kpp)
        assert validators.inn.validate(org.inn, kind="legal") == org.inn
        assert org.inn[:2] == org.kpp[:2] == f"{org.region_id:02d}" == org.ogrn[3:5]
        assert org.mo_address is not None and org.mo_address.addr_region == org.region_id
        assert validators.okopf.is_valid(org.okopf) and validators.okfs.is_valid(org.okfs)
        assert population.organization(org.mo_oid) is org and population.organization(org.oid) is org


def test_departments_beds_and_liquidations(population: Population) -> None:
    org = population.organizations[0]
    departments = population.departments_of(org)
    assert len(departments) == 3 and len({d.oid for d in departments}) == 3
    assert all(d.oid.startswith(org.mo_oid + ".0.") for d in departments)
    assert any(d.hospital_subdivisions and d.hospital_subdivisions[0].beds[0].bed_count > 0 for d in departments)
    assert [d.liquidated for d in departments] == [False, False, True]
    assert population.department(departments[1].oid) == departments[1]


def test_workers_cards_documents_and_expiry_relative_to_the_reference_day(population: Population) -> None:
    ends = []
    for worker in population.workers:
        person = population.person(worker.person_oid)
        assert person is not None and validators.snils.is_valid(person.snils)
        assert population.worker(worker.oid) is worker and population.worker_of(person.oid) is worker
        for card in worker.cards:
            assert population.organization(card.organization) is not None
            assert card.nr_pmu_depart_id.startswith(card.organization + ".0.")
            assert 1 <= card.position_type_id <= 4 and 0 < card.rate <= 1
        ends.append(worker.accreditations[0].procedures[0].end_date)
    assert any(TODAY < end <= TODAY + timedelta(days=30) for end in ends)  # expiring soon
    assert any(end < TODAY for end in ends)  # expired
    assert any(end > TODAY + timedelta(days=30) for end in ends)  # valid
    assert any(len(w.cards) > 1 for w in population.workers)
    assert any(c.end_date is not None for w in population.workers for c in w.cards)


def test_staff_schedule_adds_up_the_current_cards(population: Population) -> None:
    org = population.organizations[1]
    staff = population.staff_of(org)
    assert staff is not None and staff.details
    busy = sum(
        c.rate
        for w in population.workers_of(org)
        for c in w.cards
        if c.organization == org.mo_oid and (c.end_date is None or c.end_date > TODAY)
    )
    assert sum(d.busy_rate for d in staff.details) == pytest.approx(busy)
    assert all(d.vacancy == pytest.approx(d.rate - d.busy_rate) and d.vacancy > 0 for d in staff.details)


def test_worker_oids_have_the_registry_shape_and_invert() -> None:
    for index in (0, 1, 99, 123_456, 9_999_999):
        oid = worker_oid(index)
        year, _, digits = oid.partition(".")
        assert 2015 <= int(year) <= 2024 and len(digits) == 7
        assert worker_index(oid) == index
    assert worker_index("2022.12") is None and worker_index("x") is None


def test_added_and_modified_records_until_reset(population: Population) -> None:
    local = Population(seed=3, people=40, organizations=6, reference=TODAY)
    worker = local.workers[0]
    changed = replace(worker, oid=worker_oid(5_000_000), person_oid=local.people[-1].oid)
    local.add_worker(changed)
    assert local.worker(changed.oid) is changed and len(local.workers) == len(population.workers) + 1
    local.reset()
    assert local.worker(changed.oid) is None


def test_a_large_population_is_lazy_and_fast() -> None:
    started = time.perf_counter()
    big = Population(seed=1, people=50_000, organizations=5_000)
    person = big.people[49_999]
    worker = big.worker(big.workers[40_000].oid)
    staff = big.staff_of(big.organizations[4_321])
    elapsed = time.perf_counter() - started
    assert person.oid == 1_000_050_000 and worker is not None and staff is not None
    assert big.people.generated < 100 and elapsed < 2.0


def test_sizes_are_range_checked() -> None:
    for kwargs in ({"people": 0}, {"people": 10**9}, {"organizations": -1}, {"workers": 50}, {"departments": 0}):
        with pytest.raises(ConfigurationError) as info:
            Population(**{"people": 20, **kwargs})  # type: ignore[arg-type]
        assert info.value.code == "config.invalid"
