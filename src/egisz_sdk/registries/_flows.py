"""Every verb as a generator flow (sans-IO), and the create that never duplicates a record.

A :class:`Call` is a declaration bound to a read model and to a request builder; its methods return flows that
:func:`egisz_sdk._http.drive` / :func:`~egisz_sdk._http.adrive` run. A ``create`` request is marked with
:data:`LOST_EXTENSION`: when its answer is lost (timeout, reset, connection failure), the shells hand the flow
a placeholder response carrying the transport error instead of raising, and the flow looks the record up by its
natural key before deciding whether to send the POST again (see :class:`~egisz_sdk.registries.Created`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Generic, TypeVar

import attrs
import httpx
from pydantic import ValidationError as PydanticError

from egisz_sdk._http import Flow
from egisz_sdk.errors import RegistryError, RegistryNotFound, TransportError
from egisz_sdk.registries._models import Ack, Created, Page, RegistryModel, clean_json, logger, read_model, write_body
from egisz_sdk.registries._spec import Resource
from egisz_sdk.registries._wire import Builder, Envelope, build_request, check_verb, mask_digits, parse_envelope

__all__ = ["LOST_CODES", "LOST_EXTENSION", "Call", "lost_error", "lost_response", "next_page"]

#: Request extension: "if the answer is lost, give the flow a placeholder instead of raising".
LOST_EXTENSION: Final = "egisz_lost_answer_ok"
#: Transport failures after which a write may or may not have been applied.
LOST_CODES: Final = frozenset({"transport.timeout", "transport.protocol", "transport.connect"})
_LOST_STATUS: Final = 599
_MAX_LOOKUP_PAGES: Final = 1000

M = TypeVar("M", bound=RegistryModel)


def lost_response(request: httpx.Request, error: TransportError) -> httpx.Response:
    """The placeholder a shell returns for a :data:`LOST_EXTENSION` request whose answer was lost."""
    return httpx.Response(_LOST_STATUS, request=request, extensions={LOST_EXTENSION: error})


def lost_error(response: httpx.Response) -> TransportError | None:
    """The transport error carried by a placeholder from :func:`lost_response`, else ``None``."""
    error = response.extensions.get(LOST_EXTENSION)
    return error if isinstance(error, TransportError) else None


def next_page(page: Page[Any], limit: int) -> tuple[int, int] | None:
    """``(offset, limit)`` of the page after ``page`` (honouring a smaller ``limit`` the server answered)."""
    offset = page.next_offset
    if offset is None:
        return None
    return offset, max(1, min(limit, page.limit or limit))


def _read(model: type[M], data: Any, operation: str, clean: bool = False) -> M:
    """``data`` as ``model``; a shape no tolerance can save becomes ``registry.bad_envelope`` (never pydantic's)."""
    try:
        return read_model(model, data, clean=clean)
    except PydanticError as exc:
        errors = exc.errors()
        where = ".".join(str(part) for part in errors[0]["loc"]) if errors else "-"
        reason = f"{model.__name__}.{where or '-'}: {errors[0]['type'] if errors else 'invalid'}"
        raise RegistryError("registry.bad_envelope", operation=operation, reason=reason) from None


def _stamp(record: M, envelope: Envelope) -> M:
    record._stamp(envelope.request_id, envelope.user_message)
    if envelope.user_message:
        logger.info("registry message (requestId %s): %s", envelope.request_id, mask_digits(envelope.user_message))
    return record


@attrs.frozen
class Call(Generic[M]):
    """A resource declaration bound to its read model and a request builder: one flow per verb."""

    resource: Resource
    model: type[M]
    build: Builder

    def _request(self, verb: Any, params: Mapping[str, Any], **kwargs: Any) -> httpx.Request:
        return build_request(self.build, self.resource, verb, params, **kwargs)

    def get(self, params: Mapping[str, Any]) -> Flow[M]:
        """``GET``: one record (``RegistryNotFound`` when there is none)."""
        response = yield self._request("get", params)
        envelope = parse_envelope(response, self.resource, "get")
        operation = self.resource.operation("get")
        return _stamp(_read(self.model, envelope.content, operation, clean_json(response.content)), envelope)

    def listing(self, params: Mapping[str, Any]) -> Flow[list[M]]:
        """``GET`` of a (non-paged) list."""
        response = yield self._request("list", params)
        envelope = parse_envelope(response, self.resource, "list")
        operation, clean = self.resource.operation("list"), clean_json(response.content)
        return [_stamp(_read(self.model, item, operation, clean), envelope) for item in envelope.content]

    def page(self, params: Mapping[str, Any], offset: int, limit: int) -> Flow[Page[M]]:
        """``GET`` of one page (``limit`` is capped at the declaration's ``max_limit``)."""
        limit = max(1, min(limit, self.resource.max_limit))
        response = yield self._request("page", {**params, "offset": offset, "limit": limit})
        envelope = parse_envelope(response, self.resource, "page")
        operation, clean = self.resource.operation("page"), clean_json(response.content)
        items = [_stamp(_read(self.model, item, operation, clean), envelope) for item in envelope.content]
        return Page(
            items=items,
            total=envelope.total or 0,
            offset=offset if envelope.offset is None else envelope.offset,
            limit=limit if not envelope.limit else envelope.limit,
            request_id=envelope.request_id,
        )

    def update(self, record: M | Mapping[str, Any], params: Mapping[str, Any]) -> Flow[Ack]:
        """``PUT`` of a whole record (checked strictly first)."""
        check_verb(self.resource, "update")
        body = write_body(record, self.model, self.resource.operation("update"), params)
        response = yield self._request("update", params, body=body)
        envelope = parse_envelope(response, self.resource, "update")
        return Ack(request_id=envelope.request_id, user_message=envelope.user_message)

    def delete(self, params: Mapping[str, Any]) -> Flow[Ack]:
        """``DELETE``."""
        response = yield self._request("delete", params)
        envelope = parse_envelope(response, self.resource, "delete")
        return Ack(request_id=envelope.request_id, user_message=envelope.user_message)

    def create(self, record: M | Mapping[str, Any], params: Mapping[str, Any]) -> Flow[Created]:
        """``POST`` a record (checked strictly first); after a lost answer, look it up before sending again."""
        operation = self.resource.operation("create")
        check_verb(self.resource, "create")
        body = write_body(record, self.model, operation, params)
        mark = {LOST_EXTENSION: True}
        response = yield self._request("create", params, body=body, extensions=mark)
        lost = lost_error(response)
        if lost is None:
            return _created(parse_envelope(response, self.resource, "create"), "created")
        logger.warning("%s: the answer was lost (%s); looking the record up by its natural key", operation, lost.code)
        found = yield from self.find(body, params, lost)
        if found is not None:
            logger.warning("%s: the record exists (entityId %s); not sending it again", operation, found)
            return Created(entity_id=found, outcome="found_after_lost_answer")
        logger.warning("%s: no such record; sending the create once more", operation)
        response = yield self._request("create", params, body=body, extensions=mark)
        again = lost_error(response)
        if again is not None:
            raise RegistryError("registry.outcome_unknown", operation=operation, reason=again.code) from again
        return _created(parse_envelope(response, self.resource, "create"), "resent_after_lost_answer")

    def find(self, body: Mapping[str, Any], params: Mapping[str, Any], lost: TransportError) -> Flow[str | None]:
        """The id of the record matching ``body``'s natural key among its parent's records, or ``None``."""
        resource = self.resource
        operation = resource.operation("create")
        key = resource.natural_key
        if not key or any(body.get(name) in (None, "") for name in key):
            reason = "no natural key is declared" if not key else f"the body lacks {', '.join(key)}"
            raise RegistryError("registry.outcome_unknown", operation=operation, reason=reason) from lost
        lookup = {name: value for name, value in params.items() if resource.param(name) is not None}
        if resource.natural_lookup == "get":
            for name in key:
                param = resource.by_wire(name)
                if param is not None:
                    lookup[param.name] = body[name]
            try:
                found = yield from self.get(lookup)
            except RegistryNotFound:
                return None
            value = getattr(found, resource.id_field, None) or (found.model_extra or {}).get(resource.id_field)
            return _found_id(value, operation, resource.id_field, lost)
        if "list" in resource.verbs:
            items = yield from self.listing(lookup)
        else:  # a paged-only resource (FRMO departments): walk its pages
            items = yield from self._every_page(lookup)
        for item in items:
            wire = item.model_dump(mode="json", by_alias=True)
            if all(str(wire.get(name)) == str(body[name]) for name in key):
                return _found_id(wire.get(resource.id_field), operation, resource.id_field, lost)
        return None

    def _every_page(self, params: Mapping[str, Any]) -> Flow[list[M]]:
        """Every record of a paged list (bounded by :data:`_MAX_LOOKUP_PAGES`)."""
        out: list[M] = []
        position: tuple[int, int] | None = (0, self.resource.max_limit)
        for _ in range(_MAX_LOOKUP_PAGES):
            if position is None:
                break
            page = yield from self.page(params, *position)
            out += page.items
            position = next_page(page, position[1])
        return out


def _created(envelope: Envelope, outcome: Any) -> Created:
    return Created(
        entity_id=str(envelope.content["entityId"]),
        request_id=envelope.request_id,
        outcome=outcome,
        user_message=envelope.user_message,
    )


def _found_id(value: Any, operation: str, id_field: str, lost: TransportError) -> str:
    """The id of a record found after a lost answer. A record found without its id is NOT "no record": sending the
    write again could duplicate it, so the outcome is reported as unknown instead."""
    if value in (None, ""):
        reason = f"a matching record was found without its {id_field}"
        raise RegistryError("registry.outcome_unknown", operation=operation, reason=reason) from lost
    return str(value)
