"""``FrmoClient`` and ``AsyncFrmoClient``: every FRMO resource and the common tasks, declared once.

:class:`_Frmo` lists each resource as an :class:`~egisz_sdk.registries.Endpoint` (declaration + read model) and
each task as a :class:`~egisz_sdk.registries.Task`; the two clients only choose the shell (the same registry
core as :class:`~egisz_sdk.frmr.FrmrClient`).
"""

from __future__ import annotations

from egisz_sdk.frmo import _tasks as tasks
from egisz_sdk.frmo import models as m
from egisz_sdk.frmo import resources as res
from egisz_sdk.registries import AsyncRegistryClient, Endpoint, RegistryClient, Task

__all__ = ["AsyncFrmoClient", "FrmoClient"]


class _Frmo:
    """The FRMO surface, shared by both clients."""

    org = tasks.ORGANIZATIONS
    """``org``: ``page(org_type_id=…)``/``iterate``, ``get(oid=…)``, ``update(card, oid=…)``,
    ``delete(oid=…, delete_reason=…)``; no create (organisations are registered in the cabinet)."""
    depart = tasks.DEPARTMENTS
    """``org/depart``: ``page(oid=…)``/``iterate``, ``get(oid=…, entity_id=<department OID>)``, create, update,
    delete."""
    building = Endpoint(res.BUILDING, m.Building)
    """``org/building``: list, get, create, update, delete (``oid`` + ``entity_id``)."""
    staff = tasks.STAFF
    """``org/staff``: staff schedules with their lines."""
    license = Endpoint(res.LICENSE, m.License)
    """``org/licenses`` (read only): ``list(oid=…)``, ``get(oid=…, guid=…)``."""
    equipment = Endpoint(res.EQUIPMENT, m.FrmoRecord)
    site = Endpoint(res.SITE, m.FrmoRecord)
    telemedicine = Endpoint(res.TELEMEDICINE, m.FrmoRecord)
    mobile_depart = Endpoint(res.MOBILE_DEPART, m.FrmoRecord)
    territorial_depart = Endpoint(res.TERRITORIAL_DEPART, m.FrmoRecord)
    services_info = Endpoint(res.SERVICES_INFO, m.FrmoRecord)
    house_ground = Endpoint(res.HOUSE_GROUND, m.FrmoRecord)
    air_ambulance = Endpoint(res.AIR_AMBULANCE, m.FrmoRecord)
    oms = Endpoint(res.OMS, m.FrmoRecord)
    depart_oms = Endpoint(res.DEPART_OMS, m.FrmoRecord)
    tpgg = Endpoint(res.TPGG, m.Tpgg)
    eo_depart = Endpoint(res.EO_DEPART, m.Department)

    update_contacts = Task(tasks.update_contacts)
    update_address = Task(tasks.update_address)
    departments = Task(tasks.departments_of)
    open_department = Task(tasks.open_department)
    liquidate_department = Task(tasks.liquidate_department)
    set_beds = Task(tasks.set_beds)
    publish_staff_schedule = Task(tasks.publish_staff_schedule)


class FrmoClient(_Frmo, RegistryClient):
    """Synchronous FRMO client: ``FrmoClient(frmo_config(...))`` or ``FrmoClient(RegistryConfig(...))``."""


class AsyncFrmoClient(_Frmo, AsyncRegistryClient):
    """Asynchronous FRMO client (the same surface; every call is awaited, paging is ``async for``)."""
