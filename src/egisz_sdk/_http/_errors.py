"""Translation of httpx failures into :class:`~egisz_sdk.errors.TransportError` codes, and safe JSON parsing.

Codes: ``transport.timeout``, ``transport.connect``, ``transport.protocol``, ``transport.bad_json`` (HTML or
garbage where JSON was expected) and ``transport.status`` (an HTTP error status nobody handled). Messages
carry the method, the redacted URL, the status and the content type — never a body, a header value or a
query secret.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from egisz_sdk._http._redact import redact_url
from egisz_sdk.errors import TransportError

__all__ = ["check_status", "parse_json", "translate_error"]

#: Stands for "the body did not decode" (``None`` is valid JSON).
_NOT_JSON: Any = object()


def _where(request: httpx.Request | None) -> dict[str, str]:
    if request is None:
        return {"method": "?", "url": "?"}
    return {"method": request.method, "url": redact_url(request.url)}


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request  # the property raises when unset
    except RuntimeError:
        return None


def translate_error(exc: httpx.HTTPError, request: httpx.Request | None = None) -> TransportError:
    """Map an httpx exception to a :class:`TransportError` with a stable code (the caller raises it ``from exc``)."""
    if request is None:
        try:
            request = exc.request
        except RuntimeError:
            request = None
    where = _where(request)
    kind = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return TransportError("transport.timeout", field="url", kind=kind, **where)
    if isinstance(exc, httpx.ConnectError):
        return TransportError("transport.connect", field="url", kind=kind, **where)
    if isinstance(exc, httpx.HTTPStatusError):
        return _status_error(exc.response, request)
    return TransportError("transport.protocol", field="url", kind=kind, **where)


def _status_error(response: httpx.Response, request: httpx.Request | None) -> TransportError:
    return TransportError(
        "transport.status",
        field="url",
        status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        **_where(request),
    )


def check_status(response: httpx.Response) -> httpx.Response:
    """Return ``response`` when its status is 2xx, else raise ``transport.status``."""
    if response.is_success:
        return response
    raise _status_error(response, _request_of(response))


def parse_json(response: httpx.Response, *, expect: type | tuple[type, ...] = dict) -> Any:
    """Decode a JSON body or raise ``transport.bad_json`` (HTML login page, proxy error page, garbage).

    Args:
        response: a response whose body has been read.
        expect: the JSON type(s) acceptable at the top level (``dict`` by default).
    """
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        data = _NOT_JSON
    if data is _NOT_JSON or not isinstance(data, expect):
        raise TransportError(
            "transport.bad_json",
            field="body",
            status=response.status_code,
            content_type=response.headers.get("content-type", "") or "none",
            length=len(response.content),
            **_where(_request_of(response)),
        )
    return data
