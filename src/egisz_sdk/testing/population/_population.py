"""The shared population of a world: people, organisations, departments, medical workers and staff schedules.

Records are made on first access and cached, so a population of tens of thousands costs only what a test reads.
Record ``i`` depends on the seed and ``i`` alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timezone
from typing import Any, Generic, TypeVar, overload

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing.population._orgs import MO_OID_PREFIX, make_departments, make_organization
from egisz_sdk.testing.population._people import make_person
from egisz_sdk.testing.population._records import (
    Department,
    MedicalWorker,
    Organization,
    Person,
    StaffSchedule,
)
from egisz_sdk.testing.population._workers import make_staff, make_worker, worker_index

__all__ = ["Population", "RecordSequence", "generate_population"]

T = TypeVar("T")
_FIRST_PERSON = 1_000_000_001
_FIRST_ORG = 1_000_500_001
#: Largest sizes a population accepts (records are lazy, but indices must stay bounded).
MAX_PEOPLE = 10_000_000
MAX_ORGANIZATIONS = 1_000_000


class RecordSequence(Sequence[T], Generic[T]):
    """A read-only sequence whose generated items are made on first access; records added later follow them."""

    def __init__(self, size: int, make: Callable[[int], T]) -> None:
        self._size = size
        self._make = make
        self._cache: dict[int, T] = {}
        self._extra: list[T] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._size + len(self._extra)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        total = len(self)
        if index < 0:
            index += total
        if not 0 <= index < total:
            raise IndexError(index)
        if index >= self._size:
            return self._extra[index - self._size]
        found = self._cache.get(index)
        if found is None:
            found = self._make(index)
            with self._lock:
                self._cache.setdefault(index, found)
        return found

    def __iter__(self) -> Iterator[T]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    @property
    def generated(self) -> int:
        """How many generated records exist so far (for benchmarks)."""
        return len(self._cache)

    def append(self, record: T) -> None:
        """Add a record after the generated ones (dropped again by :meth:`Population.reset`)."""
        self._extra.append(record)

    def clear_added(self) -> None:
        """Forget the records added with :meth:`append`."""
        self._extra.clear()

    def __repr__(self) -> str:
        return f"RecordSequence(len={len(self)}, generated={self.generated})"


def _check_size(name: str, value: int, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ConfigurationError(
            "config.invalid",
            field=name,
            reason_ru=f"целое от {minimum} до {maximum}",
            reason_en=f"an integer {minimum}..{maximum}",
        )
    return value


class Population:
    """People, organisations, departments, medical workers and staff schedules of one seed.

    Args:
        seed: everything derives from it.
        people: number of people (the last four are the fake ESIA's reserved accounts and are not workers).
        organizations: number of medical organisations.
        workers: number of medical workers (person ``i`` is worker ``i``; default: every person but the last four).
        departments: departments per organisation.
        reference: the day dates are relative to (certificates expiring soon, liquidated departments); default today.
    """

    def __init__(
        self,
        seed: int = 0,
        people: int = 20,
        organizations: int = 4,
        *,
        workers: int | None = None,
        departments: int = 3,
        reference: date | None = None,
    ) -> None:
        self.seed = seed
        n = _check_size("people", people, 1, MAX_PEOPLE)
        m = _check_size("organizations", organizations, 0, MAX_ORGANIZATIONS)
        w = _check_size("workers", max(0, n - 4) if workers is None else workers, 0, n)
        self.departments_per_org = _check_size("departments", departments, 1, 100)
        self.reference = reference or datetime.now(timezone.utc).date()
        self.sizes = (n, m, w)
        self.people: RecordSequence[Person] = RecordSequence(n, lambda i: make_person(seed, i))
        self.organizations: RecordSequence[Organization] = RecordSequence(m, self._make_org)
        self.workers: RecordSequence[MedicalWorker] = RecordSequence(w, self._make_worker)
        self._departments: dict[str, tuple[Department, ...]] = {}
        self._staff: dict[str, StaffSchedule] = {}
        self._aliases: dict[str, int] | None = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ generation
    def _members(self, j: int) -> tuple[int, ...]:
        n = self.sizes[0]
        return tuple(sorted({_FIRST_PERSON} | {_FIRST_PERSON + (j * 3 + k) % n for k in (1, 2)}))

    def _make_org(self, j: int) -> Organization:
        return make_organization(self.seed, j, self._members(j), self.reference)

    def _employers(self, i: int) -> list[Organization]:
        m = self.sizes[1]
        if m == 0:
            return []
        out = [self.organizations[i % m]]
        if i % 5 == 3 and m > 1:
            out.append(self.organizations[(i + 1) % m])
        return out

    def _make_worker(self, i: int) -> MedicalWorker:
        employers = self._employers(i)
        return make_worker(self.seed, i, _FIRST_PERSON + i, employers, self.departments_of, self.reference)

    # ------------------------------------------------------------------ lookups
    def person(self, oid: int) -> Person | None:
        """The person with ESIA ``oid``."""
        index = oid - _FIRST_PERSON
        if 0 <= index < self.sizes[0]:
            return self.people[index]
        return next((p for p in self.people[self.sizes[0] :] if p.oid == oid), None)

    def find_person(self, value: str) -> Person | None:
        """The person whose SNILS (11 digits), phone (``+7…``) or e-mail (lower case) is ``value``.

        The first call indexes every person (for a large population, prefer :meth:`person` by oid).
        """
        with self._lock:
            if self._aliases is None:
                aliases: dict[str, int] = {}
                for position, person in enumerate(self.people):
                    for alias in (person.snils, person.phone, person.email.lower()):
                        aliases.setdefault(alias, position)
                self._aliases = aliases
            found = self._aliases.get(value)
        return self.people[found] if found is not None else None

    def organization(self, oid: int | str) -> Organization | None:
        """The organisation with ESIA ``oid`` (an integer) or FRMO OID (``1.2.643.5.1.13.13.12.2.…``)."""
        if isinstance(oid, str):
            return self._org_by_mo(oid)
        index = oid - _FIRST_ORG
        if 0 <= index < self.sizes[1]:
            return self.organizations[index]
        return next((o for o in self.organizations[self.sizes[1] :] if o.oid == oid), None)

    def _org_by_mo(self, mo_oid: str) -> Organization | None:
        head, _, tail = mo_oid.rpartition(".")
        if head.startswith(MO_OID_PREFIX + ".") and tail.isdigit():
            index = (int(tail) - 1000) // 7
            if 0 <= index < self.sizes[1] and self.organizations[index].mo_oid == mo_oid:
                return self.organizations[index]
        return next((o for o in self.organizations[self.sizes[1] :] if o.mo_oid == mo_oid), None)

    def organizations_of(self, person_oid: int) -> list[Organization]:
        """Organisations the person acts for in ESIA (``usr_org``)."""
        n, m, _ = self.sizes
        index = person_oid - _FIRST_PERSON
        if index == 0:
            found = list(range(m))
        else:
            found = [j for j in range(m) if 0 <= index < n and index in {(j * 3 + k) % n for k in (1, 2)}]
        out = [self.organizations[j] for j in found]
        return out + [o for o in self.organizations[m:] if person_oid in o.members]

    def departments_of(self, org: Organization | str) -> tuple[Department, ...]:
        """The departments of an organisation (by record or FRMO OID), liquidated ones included."""
        mo_oid = org if isinstance(org, str) else org.mo_oid
        with self._lock:
            found = self._departments.get(mo_oid)
            if found is None:
                record = self.organization(mo_oid) if isinstance(org, str) else org
                if record is None:
                    return ()
                found = make_departments(self.seed, record, self.departments_per_org, self.reference)
                self._departments[mo_oid] = found
            return found

    def department(self, oid: str) -> Department | None:
        """The department with ``oid`` (``<organisation OID>.0.<n>``)."""
        mo_oid = oid.split(".0.", 1)[0]
        return next((d for d in self.departments_of(mo_oid) if d.oid == oid), None)

    def add_department(self, department: Department) -> None:
        """Add a department to its organisation (dropped again by :meth:`reset`)."""
        with self._lock:
            self._departments[department.mo_oid] = (*self.departments_of(department.mo_oid), department)

    def worker(self, oid: str) -> MedicalWorker | None:
        """The medical worker with FRMR ``oid`` (``2022.0055647``)."""
        index = worker_index(oid)
        if index is not None and index < self.sizes[2]:
            return self.workers[index]
        return next((w for w in self.workers[self.sizes[2] :] if w.oid == oid), None)

    def worker_of(self, person_oid: int) -> MedicalWorker | None:
        """The medical worker record of a person, if the person is a worker."""
        index = person_oid - _FIRST_PERSON
        if 0 <= index < self.sizes[2]:
            return self.workers[index]
        return next((w for w in self.workers[self.sizes[2] :] if w.person_oid == person_oid), None)

    def workers_of(self, org: Organization | str) -> list[MedicalWorker]:
        """Workers with a card (current or ended) at an organisation (by record or FRMO OID)."""
        mo_oid = org if isinstance(org, str) else org.mo_oid
        record = self.organization(mo_oid)
        m, w = self.sizes[1], self.sizes[2]
        if record is None or m == 0:
            return []
        j = record.oid - _FIRST_ORG
        if 0 <= j < m:
            indices = set(range(j, w, m)) | {i for i in range((j - 1) % m, w, m) if i % 5 == 3 and m > 1}
            found = [self.workers[i] for i in sorted(indices)]
        else:
            found = []
        extra = [x for x in self.workers[w:] if any(c.organization == mo_oid for c in x.cards)]
        return [x for x in found if any(c.organization == mo_oid for c in x.cards)] + extra

    def staff_of(self, org: Organization | str) -> StaffSchedule | None:
        """The staff schedule of an organisation: its current cards, position by position."""
        record = self.organization(org) if isinstance(org, str) else org
        if record is None:
            return None
        with self._lock:
            found = self._staff.get(record.mo_oid)
            if found is None:
                cards = [c for x in self.workers_of(record) for c in x.cards]
                found = make_staff(record, cards, self.reference)
                self._staff[record.mo_oid] = found
            return found

    # ------------------------------------------------------------------ additions
    def add_person(self, person: Person) -> None:
        """Add a person (dropped again by :meth:`reset`)."""
        with self._lock:
            self.people.append(person)
            self._aliases = None

    def add_organization(self, organization: Organization) -> None:
        """Add an organisation (dropped again by :meth:`reset`)."""
        self.organizations.append(organization)

    def add_worker(self, worker: MedicalWorker) -> None:
        """Add a medical worker (dropped again by :meth:`reset`)."""
        with self._lock:
            self.workers.append(worker)
            self._staff.clear()

    def reset(self) -> None:
        """Drop the records added with ``add_*`` (generated records never change)."""
        with self._lock:
            for records in (self.people, self.organizations, self.workers):
                records.clear_added()
            self._departments.clear()
            self._staff.clear()
            self._aliases = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Population):
            return NotImplemented
        return (self.seed, self.sizes, self.reference, self.departments_per_org) == (
            other.seed,
            other.sizes,
            other.reference,
            other.departments_per_org,
        ) and all(a[self_len:] == b[self_len:] for a, b, self_len in self._added_pairs(other))

    __hash__ = None  # type: ignore[assignment]

    def _added_pairs(self, other: Population) -> list[tuple[Any, Any, int]]:
        pairs = zip((self.people, self.organizations, self.workers), (other.people, other.organizations, other.workers))
        return [(a, b, size) for (a, b), size in zip(pairs, self.sizes)]

    def __repr__(self) -> str:
        n, m, w = self.sizes
        return f"Population(seed={self.seed}, people={n}, organizations={m}, workers={w})"


def generate_population(seed: int = 0, people: int = 20, organizations: int = 4) -> Population:
    """The population of ``seed`` (kept for existing callers; same as ``Population(seed, people, organizations)``)."""
    return Population(seed, people, organizations)
