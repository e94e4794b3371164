"""The common HR tasks as flows (each written once; the clients expose them as one call).

``hire`` (person + card; an existing person is reused), ``record_diploma``, ``record_certificate``,
``dismiss``, ``transfer`` (end the old card, open the new one; if opening fails the old card is reopened and
the error says exactly what the registry holds) and ``find_worker``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from egisz_sdk._http import Flow
from egisz_sdk.errors import EgiszError, RegistryError, RegistryNotFound, ValidationError
from egisz_sdk.frmr import resources as res
from egisz_sdk.frmr.models import Card, Cert, Person, Prof
from egisz_sdk.registries import Ack, Builder, Created, Endpoint

__all__ = [
    "CARDS",
    "CERTS",
    "PEOPLE",
    "PROFS",
    "Hired",
    "Transferred",
    "dismiss",
    "find_worker",
    "hire",
    "record_certificate",
    "record_diploma",
    "transfer",
]

PEOPLE = Endpoint(res.PERSON, Person)
CARDS = Endpoint(res.CARD, Card)
PROFS = Endpoint(res.PROF, Prof)
CERTS = Endpoint(res.CERT, Cert)


@attrs.frozen
class Hired:
    """What :meth:`hire` did: the person (``created`` or ``reused``) and the new card."""

    person: Created
    card: Created


@attrs.frozen
class Transferred:
    """What :meth:`transfer` did: the old card ended, the new card created."""

    ended: Ack
    card: Created


def _partial(operation: str, entity_id: str, ru: str, en: str) -> RegistryError:
    return RegistryError("registry.partial", operation=operation, state_ru=ru, state_en=en, entity_id=entity_id)


def _record(value: Any, model: type[Any]) -> Any:
    return value if isinstance(value, model) else model.model_validate(dict(value))


def _iso(value: _dt.date | str, field: str) -> str:
    from egisz_sdk.validators import dates

    try:
        return value.isoformat() if isinstance(value, _dt.date) else dates.validate(value, kind="any")
    except ValidationError as exc:
        raise type(exc)(exc.code, field=field, **exc.params) from None


def find_worker(
    build: Builder,
    *,
    mo: str,
    snils: str | None = None,
    oid: str | None = None,
    document: tuple[str, str] | tuple[str, str, str] | None = None,
) -> Flow[Person | None]:
    """Look a worker up by exactly one of SNILS, worker OID or ``document`` (``(documentId, number[, serial])``);
    ``None`` when the registry has no such worker."""
    given = [name for name, value in (("snils", snils), ("oid", oid), ("document", document)) if value is not None]
    if len(given) != 1:
        raise ValidationError(
            "registry.parameter",
            field="snils",
            operation="frmr.person.get",
            reason_ru="укажите ровно один из snils, oid, document",
            reason_en="give exactly one of snils, oid, document",
        )
    params: dict[str, Any] = {"mo": mo, "snils": snils, "oid": oid}
    if document is not None:
        params.update(zip(("document_id", "number", "serial"), document))
    try:
        return (yield from PEOPLE.bind(build).get(params))
    except RegistryNotFound:
        return None


def hire(build: Builder, person: Person | Mapping[str, Any], card: Card | Mapping[str, Any], *, mo: str) -> Flow[Hired]:
    """Register a worker at organisation ``mo``: the person (reused when one with this SNILS exists) and a card.

    If the card fails after a new person was created, ``registry.partial`` says so (the person stays: FRMR keeps
    people independent of employers) and carries the cause.
    """
    people = PEOPLE.bind(build)
    who: Person = _record(person, Person)
    existing = None
    if who.snils:
        existing = yield from find_worker(build, mo=mo, snils=who.snils)
    if existing is not None and existing.oid:
        made = Created(entity_id=existing.oid, request_id=existing.request_id, outcome="reused")
    else:
        made = yield from people.create(who, {"mo": mo})
    job: Card = _record(card, Card)
    if job.oid is None:
        job = job.model_copy(update={"oid": made.entity_id})
    try:
        opened = yield from CARDS.bind(build).create(job, {"mo": mo, "oid": made.entity_id})
    except EgiszError as exc:
        if made.outcome == "reused":
            raise
        raise _partial(
            "frmr.hire",
            made.entity_id,
            f"работник {made.entity_id} создан, личное дело НЕ создано ({exc.code})",
            f"person {made.entity_id} created, card NOT created ({exc.code})",
        ) from exc
    return Hired(person=made, card=opened)


def record_diploma(build: Builder, worker: str, diploma: Prof | Mapping[str, Any], *, mo: str) -> Flow[Created]:
    """Add a diploma (``person/prof``) to worker ``worker`` (a worker OID)."""
    return (yield from PROFS.bind(build).create(_record(diploma, Prof), {"mo": mo, "oid": worker}))


def record_certificate(build: Builder, worker: str, cert: Cert | Mapping[str, Any], *, mo: str) -> Flow[Created]:
    """Add a specialist certificate (``person/cert``) to worker ``worker``."""
    return (yield from CERTS.bind(build).create(_record(cert, Cert), {"mo": mo, "oid": worker}))


def _ended(card: Card, end_date: _dt.date | str, end_type: int, reason: int | None) -> Card:
    if card.id is None or card.oid is None:
        raise ValidationError(
            "registry.write_invalid", field="id", operation="frmr.card.update", reason="the card needs id and oid"
        )
    update = {"end_date": _iso(end_date, "endDate"), "end_type_id": end_type, "fire_reason_id": reason}
    return card.model_copy(update=update)


def dismiss(
    build: Builder,
    card: Card,
    end_date: _dt.date | str,
    end_type: int,
    reason: int | None = None,
    *,
    mo: str | None = None,
) -> Flow[Ack]:
    """End an employment: the card (as read from the registry) gets ``endDate``, ``endTypeId``, ``fireReasonId``."""
    ended = _ended(card, end_date, end_type, reason)
    params = {"mo": mo or card.organization, "oid": card.oid, "entity_id": str(card.id)}
    return (yield from CARDS.bind(build).update(ended, params))


def transfer(
    build: Builder,
    card: Card,
    new_card: Card | Mapping[str, Any],
    *,
    end_date: _dt.date | str,
    end_type: int,
    reason: int | None = None,
    mo: str | None = None,
) -> Flow[Transferred]:
    """Move a worker to another post: end ``card`` and open ``new_card``, all or nothing from the caller's view.

    When the new card cannot be created, the old card is put back as it was and ``registry.partial`` (or the
    original error, when the rollback succeeded) tells which state the registry is in.
    """
    cards = CARDS.bind(build)
    org = mo or card.organization
    params = {"mo": org, "oid": card.oid, "entity_id": str(card.id)}
    ended = yield from cards.update(_ended(card, end_date, end_type, reason), params)
    job: Card = _record(new_card, Card)
    if job.oid is None:
        job = job.model_copy(update={"oid": card.oid})
    try:
        opened = yield from cards.create(job, {"mo": org, "oid": card.oid})
    except EgiszError as exc:
        try:
            yield from cards.update(card, params)
        except EgiszError as undo:
            raise _partial(
                "frmr.transfer",
                str(card.id),
                f"старое личное дело {card.id} закрыто, новое НЕ создано, откат не удался ({undo.code})",
                f"old card {card.id} ended, new card NOT created, rollback failed ({undo.code})",
            ) from exc
        raise _partial(
            "frmr.transfer",
            str(card.id),
            f"новое личное дело не создано ({exc.code}); старое {card.id} восстановлено как было",
            f"new card NOT created ({exc.code}); old card {card.id} restored as it was",
        ) from exc
    return Transferred(ended=ended, card=opened)
