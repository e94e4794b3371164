"""The fake FRMR's state: mutable copies of the population's workers plus everything written over the wire.

Workers of the shared population (same people, SNILS and names as the fake ESIA) are copied into the state on
first use, so a population of any size costs only what a test touches. Every record is kept in FRMR's wire shape
(camelCase dictionaries); methods take typed arguments and raise :class:`FrmrFault` (rendered by the routes as
the registry's error document). Nothing here imports the SDK's FRMR client or models.
"""

from __future__ import annotations

import copy
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from egisz_sdk.testing.population._dictionaries import DEPARTMENTS_OID, ORGANIZATIONS_OID
from egisz_sdk.testing.services.codes import CodeChecks
from egisz_sdk.testing.services.frmr import render
from egisz_sdk.testing.services.frmr.catalogue import MAGIC_CONTRACT, FrmrFault, FrmrSettings
from egisz_sdk.testing.services.frmr.checks import check_body
from egisz_sdk.testing.services.gateway import GatewayState, gateway_for

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext

__all__ = ["ID_FIELDS", "MAX_RECORDS", "FrmrState", "WorkerRecord"]

#: The field holding a sub-record's identifier (its ``entityId``), per resource (``registries.md``); others: ``id``.
ID_FIELDS: Final[Mapping[str, str]] = {"prof": "profId", "cert": "certId"}
#: Most records (people and sub-records) the state holds beyond the population.
MAX_RECORDS: Final = 1_000_000
#: Most records one worker may have in one collection.
MAX_ITEMS: Final = 1000


def id_field(resource: str) -> str:
    """The identifier field of a sub-record of ``resource``."""
    return ID_FIELDS.get(resource, "id")


@dataclass
class WorkerRecord:
    """One worker: the ``person`` object, sub-records by resource name, the organisations it was registered at."""

    oid: str
    person: dict[str, Any]
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    registered_at: set[str] = field(default_factory=set)

    def collection(self, resource: str) -> list[dict[str, Any]]:
        """The (mutable) list of sub-records of ``resource``."""
        return self.items.setdefault(resource, [])

    def find(self, resource: str, entity_id: str) -> dict[str, Any] | None:
        """The sub-record of ``resource`` with this identifier."""
        key = id_field(resource)
        return next((r for r in self.collection(resource) if str(r.get(key)) == entity_id), None)

    def organizations(self) -> set[str]:
        """Organisations the worker has a card at or was registered at."""
        return {str(c.get("organization")) for c in self.collection("card")} | self.registered_at


class FrmrState:
    """The fake FRMR's state; ``world.frmr``.

    Attributes:
        settings: the :class:`~egisz_sdk.testing.services.frmr.FrmrSettings` (replace to change behaviour).
        base_url: the path clients use as base URL on the world's server (``server.url + base_url``).
        gateway: the world's gateway (token checks, systems).
        codes: the code checks of coded fields (:class:`~egisz_sdk.testing.services.codes.CodeChecks`; its
            ``mode`` starts from the world's ``code_checks`` setting on every reset).
    """

    def __init__(self, context: ServiceContext, settings: FrmrSettings | None = None, base_url: str = "/") -> None:
        self.context = context
        self.settings = settings or FrmrSettings.of(context.settings.get("frmr"))
        self.base_url = base_url
        self.gateway: GatewayState = gateway_for(context)
        self.reset()

    def reset(self) -> None:
        """Back to the population's workers: everything written is dropped."""
        with self.context.lock:
            self.codes: CodeChecks = CodeChecks.of(self.context.population, self.context.settings)
            self._workers: dict[str, WorkerRecord] = {}
            self._deleted: set[str] = set()
            self._added: list[str] = []
            self._snils: dict[str, str] = {}
            self._random = random.Random(f"frmr:{self.context.seed}")
            self._next = 1
            self._count = 0

    def __repr__(self) -> str:
        return f"FrmrState(workers touched={len(self._workers)}, added={len(self._added)})"

    # ------------------------------------------------------------------ lookups
    def _materialize(self, oid: str) -> WorkerRecord | None:
        population = self.context.population
        worker = population.worker(oid)
        if worker is None:
            return None
        who = population.person(worker.person_oid)
        if who is None:
            return None
        record = WorkerRecord(oid, render.person(who, worker))
        record.items["card"] = [render.card(c, oid) for c in worker.cards]
        record.items["prof"] = [render.prof(d) for d in worker.diplomas]
        record.items["cert"] = [render.cert(c) for c in worker.certificates]
        record.items["accreditation"] = [render.accreditation(a) for a in worker.accreditations]
        self._workers[oid] = record
        self._snils[who.snils] = oid
        return record

    def worker(self, oid: str) -> WorkerRecord | None:
        """The worker with this OID (``None`` when unknown or deleted)."""
        with self.context.lock:
            if oid in self._deleted:
                return None
            return self._workers.get(oid) or self._materialize(oid)

    def by_snils(self, snils: str) -> WorkerRecord | None:
        """The worker whose current SNILS is ``snils`` (11 digits)."""
        with self.context.lock:
            oid = self._snils.get(snils)
            if oid is not None:
                found = self.worker(oid)
                return found if found is not None and found.person.get("snils") == snils else None
            population = self.context.population
            who = population.find_person(snils)
            worker = population.worker_of(who.oid) if who is not None else None
            if worker is None or worker.oid in self._workers or worker.oid in self._deleted:
                return None  # not a worker, or a worker whose SNILS has been changed or who was deleted
            return self._materialize(worker.oid)

    def by_document(self, document_id: str, number: str, serial: str | None = None) -> WorkerRecord | None:
        """The worker with this identity document (a linear scan: fine for test populations)."""

        def matches(record: WorkerRecord) -> bool:
            for doc in record.person.get("documents") or ():
                same = str(doc.get("documentId")) == document_id and str(doc.get("number")) == number
                if same and (serial is None or str(doc.get("serial")) == serial):
                    return True
            return False

        with self.context.lock:
            for record in list(self._workers.values()):
                if record.oid not in self._deleted and matches(record):
                    return record
            if document_id != str(render.PASSPORT_RF):
                return None
            population = self.context.population
            for worker in population.workers:  # population records are read without copying them
                if worker.oid in self._workers or worker.oid in self._deleted:
                    continue
                who = population.person(worker.person_oid)
                if who is not None and who.passport_number == number and serial in (None, who.passport_series):
                    return self._materialize(worker.oid)
            return None

    def workers_at(self, mo: str) -> list[WorkerRecord]:
        """Workers with a card at (or registered at) organisation ``mo``, population order then added ones."""
        with self.context.lock:
            oids = [w.oid for w in self.context.population.workers_of(mo)]
            oids += [oid for oid, r in self._workers.items() if mo in r.organizations() and oid not in oids]
            found = []
            for oid in oids:
                record = self.worker(oid)
                if record is not None and mo in record.organizations():
                    found.append(record)
            return found

    def organisations(self) -> list[str]:
        """The OIDs of every organisation of the population (the ``mo`` values FRMR knows)."""
        return [o.mo_oid for o in self.context.population.organizations]

    # ------------------------------------------------------------------ writes
    def _budget(self) -> None:
        self._count += 1
        if self._count > MAX_RECORDS:
            raise FrmrFault(507, "internal", "records")

    def _new_oid(self) -> str:
        year = self.settings.oid_year or self.context.clock.now().year
        while True:
            oid = f"{year}.{9_000_000 + self._next:07d}"
            self._next += 1
            if self.context.population.worker(oid) is None and oid not in self._workers:
                return oid

    def _new_id(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def _today(self) -> Any:
        return self.context.clock.now().date()

    def create_person(self, body: Any, *, mo: str | None = None) -> WorkerRecord:
        """Register a person (checked as the wire would be); 409 for a SNILS already registered."""
        with self.context.lock:
            person = self._coded("person", check_body("person", body, self.settings, self._today()))
            snils = person.get("snils")
            if snils is not None and self.by_snils(snils) is not None:
                raise FrmrFault(409, "duplicate_snils", "snils")
            self._budget()
            oid = self._new_oid()
            person["oid"] = oid
            record = WorkerRecord(oid, copy.deepcopy(person))
            if mo:
                record.registered_at.add(mo)
            self._workers[oid] = record
            self._added.append(oid)
            if snils is not None:
                self._snils[snils] = oid
            return record

    def update_person(self, record: WorkerRecord, body: Any) -> None:
        """Replace the person's fields (the OID stays); 409 when the new SNILS belongs to another worker."""
        with self.context.lock:
            person = self._coded("person", check_body("person", body, self.settings, self._today()))
            snils = person.get("snils")
            if snils is not None:
                other = self.by_snils(snils)
                if other is not None and other.oid != record.oid:
                    raise FrmrFault(409, "duplicate_snils", "snils")
                self._snils[snils] = record.oid
            person["oid"] = record.oid
            record.person = copy.deepcopy(person)

    def delete_person(self, record: WorkerRecord) -> None:
        """Remove the worker (lookups answer 404 from now on)."""
        with self.context.lock:
            self._deleted.add(record.oid)
            self._workers.pop(record.oid, None)
            self._snils = {s: o for s, o in self._snils.items() if o != record.oid}

    def _coded(self, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` when every coded field holds a code its dictionary knows (per ``codes.mode``), else a 400
        ``bad_field`` naming the first field that does not."""
        unknown = self.codes.unknown_field("frmr", resource, body)
        if unknown is not None:
            raise FrmrFault(400, "bad_field", unknown[0])
        return body

    def _card_references(self, body: Mapping[str, Any]) -> None:
        population = self.context.population
        organization = str(body.get("organization"))
        if not self.codes.known(ORGANIZATIONS_OID, organization):  # dictionary 1461 of the population
            raise FrmrFault(400, "unknown_mo", "organization")
        depart_oid = str(body.get("nrPmuDepartId"))
        frmo = self.context.peer("frmo")
        if frmo is not None:  # cross-registry: FRMO knows departments opened or liquidated since the population
            status = frmo.department_status(depart_oid)
            if status == "unknown" or depart_oid.split(".0.", 1)[0] != organization:
                raise FrmrFault(400, "unknown_department", "nrPmuDepartId")
            if status == "liquidated" and not body.get("endDate"):
                raise FrmrFault(400, "liquidated_department", "nrPmuDepartId")
            return
        known = self.codes.known(DEPARTMENTS_OID, depart_oid)  # dictionary 99.2.114 of the population
        department = population.department(depart_oid) if known else None
        if department is None or department.mo_oid != organization:
            raise FrmrFault(400, "unknown_department", "nrPmuDepartId")

    def _duplicate(self, record: WorkerRecord, resource: str, body: Mapping[str, Any], skip: str | None) -> bool:
        keys = {"card": ("organization", "contractNumber", "beginDate"), "prof": ("docNumber",)}.get(resource)
        if not keys:
            return False
        if body.get("contractNumber") == MAGIC_CONTRACT or body.get("docNumber") == MAGIC_CONTRACT:
            return True
        ident = id_field(resource)
        return any(
            str(item.get(ident)) != skip and all(str(item.get(k)) == str(body.get(k)) for k in keys)
            for item in record.collection(resource)
        )

    def _checked(
        self, record: WorkerRecord, resource: str, body: Mapping[str, Any], skip: str | None
    ) -> dict[str, Any]:
        checked = self._coded(resource, check_body(resource, body, self.settings, self._today()))
        if resource == "card":
            self._card_references(checked)
            checked["oid"] = record.oid
        if self._duplicate(record, resource, checked, skip):
            raise FrmrFault(409, "duplicate_record", resource)
        return checked

    def add_item(self, record: WorkerRecord, resource: str, body: Any) -> str:
        """Add a sub-record (``card``, ``prof``, ``cert``, …) to a worker; its new ``entityId``."""
        with self.context.lock:
            checked = self._checked(record, resource, body, None)
            items = record.collection(resource)
            if len(items) >= MAX_ITEMS:
                raise FrmrFault(400, "bad_field", resource)
            self._budget()
            entity_id = self._new_id()
            checked[id_field(resource)] = entity_id
            items.append(copy.deepcopy(checked))
            return entity_id

    def replace_item(self, record: WorkerRecord, resource: str, entity_id: str, body: Any) -> None:
        """Replace a sub-record (404 when the worker has none with this id)."""
        with self.context.lock:
            current = record.find(resource, entity_id)
            if current is None:
                raise FrmrFault(404, "record_not_found", "entityId")
            checked = self._checked(record, resource, body, entity_id)
            checked[id_field(resource)] = current[id_field(resource)]
            items = record.collection(resource)
            items[items.index(current)] = copy.deepcopy(checked)

    def remove_item(self, record: WorkerRecord, resource: str, entity_id: str) -> None:
        """Delete a sub-record (404 when absent)."""
        with self.context.lock:
            current = record.find(resource, entity_id)
            if current is None:
                raise FrmrFault(404, "record_not_found", "entityId")
            record.collection(resource).remove(current)

    # ------------------------------------------------------------------ seeding and inspection (tests)
    def add_person(
        self, body: Mapping[str, Any], *, mo: str | None = None, **items: Iterable[Mapping[str, Any]]
    ) -> str:
        """Seed a worker directly (same checks as the wire) with sub-records per resource
        (``cards=[…]`` is accepted for ``card``); returns the new worker OID."""
        with self.context.lock:
            record = self.create_person(body, mo=mo)
            for name, records in items.items():
                resource = "card" if name == "cards" else name
                for item in records:
                    self.add_item(record, resource, item)
            return record.oid

    def person(self, oid: str) -> dict[str, Any] | None:
        """A copy of the worker's ``person`` object (``None`` when unknown)."""
        with self.context.lock:
            record = self.worker(oid)
            return copy.deepcopy(record.person) if record is not None else None

    def records(self, oid: str, resource: str) -> list[dict[str, Any]]:
        """Copies of the worker's sub-records of ``resource`` (``card``, ``prof`` …); empty for an unknown worker."""
        with self.context.lock:
            record = self.worker(oid)
            return copy.deepcopy(record.collection(resource)) if record is not None else []

    @property
    def added(self) -> list[str]:
        """OIDs of the workers created since the last reset (over the wire or with :meth:`add_person`)."""
        return [oid for oid in self._added if oid not in self._deleted]
