"""The wire every registry behind the EGISZ gateway speaks (FRMR and FRMO alike), written from ``registries.md``.

Success envelopes: ``{requestId, content}``; lists add ``total``; paged lists add ``offset`` and ``limit``;
create answers ``{requestId, content: {entityId}}``; update and delete answer ``{requestId}``. Errors (non-2xx)
carry the problem document ``{timestamp, code, reasonPhrase, message}`` (parusrx ``Common/ProblemDetails.cs``);
the timestamp is written as FourAJ's imitation writes it (``YYYY-MM-DDTHH:MM:SS.ffffff+03:00``).

Nothing here knows a resource: the registry services (``services/frmr``, ``services/frmo``) call these.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from typing import Any, Final

from egisz_sdk.testing._http import Response

__all__ = ["MSK", "created", "done", "listed", "one", "paged", "problem", "request_id"]

#: Moscow time (UTC+3), the zone of the registries' timestamps.
MSK: Final = timezone(timedelta(hours=3))


def request_id() -> str:
    """A fresh ``requestId`` (a GUID, as the registries send; never reused, so it is not derived from the seed)."""
    return str(uuid.uuid4())


def one(content: Any, *, user_message: str | None = None) -> Response:
    """``{requestId, content}`` (plus ``errorUserMessage`` when given)."""
    body: dict[str, Any] = {"requestId": request_id()}
    if user_message is not None:
        body["errorUserMessage"] = user_message
    body["content"] = content
    return Response.json(body)


def listed(items: Sequence[Any]) -> Response:
    """``{requestId, total, content: [...]}``."""
    return Response.json({"requestId": request_id(), "total": len(items), "content": list(items)})


def paged(items: Sequence[Any], *, total: int, offset: int, limit: int) -> Response:
    """``{requestId, total, offset, limit, content: [...]}`` (``items`` is the page already cut)."""
    return Response.json(
        {"requestId": request_id(), "total": total, "offset": offset, "limit": limit, "content": list(items)}
    )


def created(entity_id: str) -> Response:
    """``{requestId, content: {entityId}}``."""
    return Response.json({"requestId": request_id(), "content": {"entityId": entity_id}})


def done() -> Response:
    """``{requestId}`` (update, delete)."""
    return Response.json({"requestId": request_id()})


def problem(status: int, message: str | None, now: float, *, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """The error document ``{timestamp, code, reasonPhrase, message}`` with HTTP ``status``."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    moment = datetime.fromtimestamp(now, MSK).isoformat(timespec="microseconds")
    body: dict[str, Any] = {"timestamp": moment, "code": status, "reasonPhrase": phrase, "message": message}
    return Response.json(body, status=status, headers=headers)
