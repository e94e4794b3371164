"""``FrmrClient`` and ``AsyncFrmrClient``: every FRMR resource and the common HR tasks, declared once.

:class:`_Frmr` lists each resource as an :class:`~egisz_sdk.registries.Endpoint` (declaration + read model) and
each task as a :class:`~egisz_sdk.registries.Task`; the two clients only choose the shell. ``mypy`` sees
``client.person.get(...) -> Person`` on :class:`FrmrClient` and ``-> Awaitable[Person]`` on
:class:`AsyncFrmrClient`.
"""

from __future__ import annotations

from egisz_sdk.frmr import _tasks as tasks
from egisz_sdk.frmr import models as m
from egisz_sdk.frmr import resources as res
from egisz_sdk.registries import AsyncRegistryClient, Endpoint, RegistryClient, Task

__all__ = ["AsyncFrmrClient", "FrmrClient"]


class _Frmr:
    """The FRMR surface, shared by both clients."""

    person = tasks.PEOPLE
    """``person``: get (by ``oid`` | ``snils`` | ``document_id``+``number``), create, update, delete."""
    person_list = Endpoint(res.PERSON_LIST, m.Person)
    """``person/list``: ``page(mo=…)`` and lazy ``iterate(mo=…)`` (at most 100 per page)."""
    person_full = Endpoint(res.PERSON_FULL, m.PersonFull)
    """``person/full``: the person with every sub-collection."""
    card = tasks.CARDS
    """``person/card``: employment records."""
    prof = tasks.PROFS
    """``person/prof``: diplomas."""
    cert = tasks.CERTS
    """``person/cert``: specialist certificates."""
    accreditation = Endpoint(res.ACCREDITATION, m.Accreditation)
    """``person/accreditation`` (read only)."""
    qualification = Endpoint(res.QUALIFICATION, m.Qualification)
    nomination = Endpoint(res.NOMINATION, m.Nomination)
    organization = Endpoint(res.ORGANIZATION, m.Employer)
    postgraduate = Endpoint(res.POSTGRADUATE, m.Postgraduate)
    ext = Endpoint(res.EXT, m.ExtEducation)
    military_service = Endpoint(res.MILITARY_SERVICE, m.MilitaryService)
    common = Endpoint(res.COMMON, m.Common)
    resolution = Endpoint(res.RESOLUTION, m.Resolution)

    find_worker = Task(tasks.find_worker)
    hire = Task(tasks.hire)
    record_diploma = Task(tasks.record_diploma)
    record_certificate = Task(tasks.record_certificate)
    dismiss = Task(tasks.dismiss)
    transfer = Task(tasks.transfer)


class FrmrClient(_Frmr, RegistryClient):
    """Synchronous FRMR client: ``FrmrClient(frmr_config(...))`` or ``FrmrClient(RegistryConfig(...))``."""


class AsyncFrmrClient(_Frmr, AsyncRegistryClient):
    """Asynchronous FRMR client (the same surface; every call is awaited, paging is ``async for``)."""
