"""Sans-IO: query parameters checked and written, requests built, envelopes and error documents parsed.

Nothing here sends anything. :func:`build_request` turns a declaration, a verb and Python values into an
:class:`httpx.Request`; :func:`parse_envelope` turns an answer into an :class:`Envelope` or raises the typed
:class:`~egisz_sdk.errors.RegistryError` the registry's error document (``{timestamp, code, reasonPhrase,
message}``) calls for.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import httpx

from egisz_sdk._http import parse_json, parse_retry_after
from egisz_sdk.errors import (
    EgiszError,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryInvalid,
    RegistryNotFound,
    RegistryRateLimited,
    RegistryUnauthorized,
    RegistryUnavailable,
    ValidationError,
)
from egisz_sdk.registries._spec import METHODS, Param, Resource, Verb

__all__ = [
    "OPERATION_EXTENSION",
    "Builder",
    "Envelope",
    "build_request",
    "check_verb",
    "error_for",
    "mask_digits",
    "parse_envelope",
    "query",
]

#: Request extension carrying the operation name (``frmr.person.get``) for logs, journals and fault rules.
OPERATION_EXTENSION: Final = "egisz_operation"

#: Builds a request with the client's base URL and headers (``HttpClient.build_request``).
Builder = Callable[..., httpx.Request]

_WORKER = re.compile(r"[0-9]{4}\.[0-9]{5,10}")
_DIGIT_RUN = re.compile(r"[0-9][0-9 -]{7,}[0-9]")
_MAX_TEXT: Final = 256
_MAX_ITEMS: Final = 10_000
_MAX_TOTAL: Final = 1_000_000_000
_ERRORS: Final[Mapping[int, type[RegistryError]]] = {
    400: RegistryInvalid,
    401: RegistryUnauthorized,
    403: RegistryForbidden,
    404: RegistryNotFound,
    409: RegistryConflict,
    422: RegistryInvalid,
    429: RegistryRateLimited,
}


def mask_digits(text: str) -> str:
    """Mask runs of 9+ digits (SNILS, passport and INN numbers a registry message may quote)."""
    return _DIGIT_RUN.sub("***", text)


def check_verb(resource: Resource, verb: Verb) -> None:
    """Raise ``registry.unsupported_verb`` when ``resource`` does not declare ``verb``."""
    if verb not in resource.verbs:
        raise ValidationError(
            "registry.unsupported_verb", field="verb", resource=f"{resource.service}.{resource.name}", verb=verb
        )


def _rule(operation: str, field: str, ru: str, en: str) -> ValidationError:
    return ValidationError("registry.parameter", field=field, operation=operation, reason_ru=ru, reason_en=en)


def _identifier(kind: str, name: str, value: Any) -> str:
    from egisz_sdk.validators import get

    try:
        return str(get(kind).validate(value))
    except ValidationError as exc:  # re-raised with the parameter's name and without the (personal) value
        raise type(exc)(exc.code, field=name, **exc.params) from None


def _value(operation: str, param: Param, value: Any) -> str:
    kind = param.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise _rule(operation, param.name, "ожидается true/false", "a bool is expected")
        return "true" if value else "false"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_TOTAL:
            raise _rule(operation, param.name, "ожидается целое 0…10⁹", "an integer 0…10⁹ is expected")
        return str(value)
    if kind == "datetime":
        if isinstance(value, _dt.datetime):
            value = value.date()
        if not isinstance(value, _dt.date):
            from egisz_sdk.validators import dates

            try:
                value = dates.to_date(value, kind="any")
            except ValidationError as exc:
                raise type(exc)(exc.code, field=param.name, **exc.params) from None
        return f"{value.isoformat()}T00:00:00Z"
    if kind in ("oid", "snils"):
        return _identifier(kind, param.name, value)
    if kind == "text" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # dictionary codes such as documentId=14
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_TEXT or not value.isprintable():
        raise _rule(operation, param.name, "ожидается непустая строка", "a non-empty printable string is expected")
    text: str = value.strip()
    if kind == "worker" and not _WORKER.fullmatch(text):
        raise _rule(operation, param.name, "OID работника вида 2022.0055647", "a worker OID like 2022.0055647")
    return text


def query(resource: Resource, verb: Verb, params: Mapping[str, Any]) -> dict[str, str]:
    """Check ``params`` (Python names) against the declaration's rules and return the wire query.

    ``None`` values are dropped. Raises ``registry.parameter`` (an unknown parameter, a missing ``mo``, none of
    the ``one_of`` identifiers, ``number`` without … ) or the identifier's own code (``snils.checksum`` …).
    """
    operation = resource.operation(verb)
    given = {name: value for name, value in params.items() if value is not None}
    out: dict[str, str] = {}
    for name, value in given.items():
        param = resource.param(name)
        if param is None:
            allowed = ", ".join(p.name for p in resource.params) or "-"
            raise _rule(
                operation, name, f"неизвестный параметр (допустимы: {allowed})", f"unknown (allowed: {allowed})"
            )
        out[param.wire] = _value(operation, param, value)
    for name in resource.needed(verb):
        if name not in given:
            raise _rule(operation, name, "обязательный параметр не указан", "a required parameter is missing")
    if verb in ("create", "update"):
        return out
    for name in resource.required:
        if name not in given:
            raise _rule(operation, name, "обязательный параметр не указан", "a required parameter is missing")
    if resource.one_of and verb != "page" and not any(name in given for name in resource.one_of):
        names = " | ".join(resource.one_of)
        raise _rule(operation, resource.one_of[0], f"укажите один из: {names}", f"give one of: {names}")
    for first, second in resource.together:
        if first in given and second not in given:
            raise _rule(operation, second, f"обязателен вместе с {first}", f"required together with {first}")
    return out


def build_request(
    build: Builder,
    resource: Resource,
    verb: Verb,
    params: Mapping[str, Any],
    *,
    body: Mapping[str, Any] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> httpx.Request:
    """The request for ``verb`` on ``resource`` (path parameters filled, the rest in the query)."""
    check_verb(resource, verb)
    wire = query(resource, verb, params)
    template = resource.template(verb)
    path_values = {
        p.name: wire.pop(p.wire) for p in resource.params if "{" + p.name + "}" in template and p.wire in wire
    }
    if any("{" in part for part in resource.url_path(verb, path_values).split("/")):
        raise _rule(resource.operation(verb), "path", "не заполнен параметр пути", "a path parameter is missing")
    kwargs: dict[str, Any] = {"params": wire}
    if body is not None:
        kwargs["json"] = dict(body)
    request = build(METHODS[verb], resource.url_path(verb, path_values), **kwargs)
    request.extensions = {**request.extensions, OPERATION_EXTENSION: resource.operation(verb), **(extensions or {})}
    return request


@attrs.frozen
class Envelope:
    """A success answer: ``requestId``, the optional ``errorUserMessage``, ``content`` and the list counters."""

    request_id: str | None
    user_message: str | None
    content: Any
    total: int | None = None
    offset: int | None = None
    limit: int | None = None


def _counter(data: Mapping[str, Any], key: str, operation: str, *, required: bool) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RegistryError("registry.bad_envelope", operation=operation, reason=f"{key} is not a number")
    if value != int(value) or not 0 <= value <= _MAX_TOTAL:
        raise RegistryError("registry.bad_envelope", operation=operation, reason=f"{key} out of range")
    return int(value)


def _text(value: Any) -> str | None:
    return value[:_MAX_TEXT] if isinstance(value, str) else None


def _field_named(message: str, names: Iterable[str]) -> str | None:
    for name in names:
        if name and re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", message):
            return name
    return None


def error_for(response: httpx.Response, operation: str, *, fields: Iterable[str] = ()) -> RegistryError:
    """The typed error for a non-2xx answer (its error document read when it is JSON)."""
    try:
        doc = parse_json(response)
    except EgiszError:
        doc = {}
    status = response.status_code
    message = _text(doc.get("message")) or ""
    reason = _text(doc.get("reasonPhrase")) or response.reason_phrase or "-"
    registry_code = doc.get("code")
    request_id = _text(doc.get("requestId")) or _text(response.headers.get("x-request-id"))
    cls = _ERRORS.get(status) or (RegistryUnavailable if status >= 500 else RegistryError)
    extra: dict[str, Any] = {}
    if cls is RegistryRateLimited:
        extra["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    field = _field_named(message, fields) if cls is RegistryInvalid else None
    return cls(
        None,
        field=field,
        registry_message=message or None,
        request_id=request_id,
        operation=operation,
        status=status,
        reason=reason,
        message=mask_digits(message) or "-",
        registry_code=registry_code if isinstance(registry_code, (int, str)) else None,
        **extra,
    )


def parse_envelope(response: httpx.Response, resource: Resource, verb: Verb) -> Envelope:
    """Check the status and the envelope of ``verb``'s answer; raise the typed error on a non-2xx status."""
    operation = resource.operation(verb)
    if not response.is_success:
        names = [p.wire for p in resource.params] + [p.name for p in resource.params]
        raise error_for(response, operation, fields=names)
    if verb in ("update", "delete") and not response.content.strip():
        return Envelope(request_id=None, user_message=None, content=None)
    data = parse_json(response)
    request_id, user_message = _text(data.get("requestId")), _text(data.get("errorUserMessage"))
    content = data.get("content")
    if verb in ("list", "page"):
        if content is None:
            content = []
        if not isinstance(content, list) or len(content) > _MAX_ITEMS:
            raise RegistryError("registry.bad_envelope", operation=operation, reason="content is not a bounded list")
        if not all(isinstance(item, dict) for item in content):
            raise RegistryError("registry.bad_envelope", operation=operation, reason="a list item is not an object")
        paged = verb == "page"
        return Envelope(
            request_id=request_id,
            user_message=user_message,
            content=content,
            total=_counter(data, "total", operation, required=paged),
            offset=_counter(data, "offset", operation, required=False),
            limit=_counter(data, "limit", operation, required=False),
        )
    if verb == "get" and not isinstance(content, dict):
        if content is None:
            raise RegistryNotFound(
                None,
                request_id=request_id,
                registry_message=user_message,
                operation=operation,
                status=response.status_code,
                reason="empty content",
                message=mask_digits(user_message or "") or "-",
            )
        raise RegistryError("registry.bad_envelope", operation=operation, reason="content is not an object")
    if verb == "create":
        entity = content.get("entityId") if isinstance(content, dict) else None
        if isinstance(entity, int) and not isinstance(entity, bool):
            entity = str(entity)
        if not isinstance(entity, str) or not entity or len(entity) > _MAX_TEXT:
            raise RegistryError("registry.bad_envelope", operation=operation, reason="no content.entityId")
        content = {"entityId": entity}
    return Envelope(request_id=request_id, user_message=user_message, content=content)
