"""ESIA's error answers turned into :class:`~egisz_sdk.errors.EsiaError` with stable codes.

ESIA reports errors in two places, both parsed here:

* the callback to ``redirect_uri``: ``?error=access_denied&error_description=ESIA-007004: …&state=…``;
* the token endpoint: HTTP 400 ``{"error": "invalid_request", "error_description": "ESIA-007014: …"}``.

A known ``ESIA-0NNNNN`` code becomes the error code ``esia.0NNNNN`` (see ``docs/errors.md``); an unknown one
becomes ``esia.error``. The ESIA code (``esia_code``), ESIA's own description (``description``), the OAuth
``error`` and where it came from (``source``) are kept as parameters. Token verification failures are
:class:`TokenError` (codes ``esia.token.*``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import httpx

from egisz_sdk._catalogue import lookup
from egisz_sdk._http import check_status, parse_json
from egisz_sdk.errors import AuthError, EsiaError, TransportError

__all__ = ["EsiaError", "TokenError", "esia_error", "esia_error_from_mapping", "raise_for_esia_error"]

_CODE: Final = re.compile(r"ESIA-(\d{6})")
_MAX_DESCRIPTION: Final = 300


class TokenError(AuthError):
    """An ESIA token (access or id) failed verification: signature, algorithm, issuer, audience, times, claims."""

    default_code = "esia.token.invalid"


def esia_error(error: str | None, description: str | None, *, source: str, status: int | None = None) -> EsiaError:
    """Build the :class:`EsiaError` for an OAuth ``error`` / ``error_description`` pair from ESIA."""
    text = (description or "").strip()
    match = _CODE.search(text)
    digits = match.group(1) if match else None
    esia_code = f"ESIA-{digits}" if digits else (error or "unknown")
    rest = text[match.end() :].lstrip(" :—-") if match else text
    rest = rest[:_MAX_DESCRIPTION] or (error or "")
    code = f"esia.{digits}" if digits and lookup(f"esia.{digits}") is not None else "esia.error"
    params: dict[str, Any] = {"esia_code": esia_code, "description": rest, "error": error or "", "source": source}
    if status is not None:
        params["status"] = status
    return EsiaError(code, field=source, **params)


def esia_error_from_mapping(data: Mapping[str, Any], *, source: str, status: int | None = None) -> EsiaError | None:
    """The :class:`EsiaError` a JSON body or callback query describes, or ``None`` when it holds no error."""
    error = data.get("error")
    description = data.get("error_description")
    if error is None and description is None:
        return None
    return esia_error(
        str(error) if error is not None else None,
        str(description) if description is not None else None,
        source=source,
        status=status,
    )


def raise_for_esia_error(response: httpx.Response, source: str) -> None:
    """Raise the :class:`EsiaError` an HTTP error answer carries, or ``transport.status`` when it is not ESIA's."""
    if response.is_success:
        return
    try:
        data = parse_json(response)
    except TransportError:
        data = None
    if isinstance(data, dict):
        failure = esia_error_from_mapping(data, source=source, status=response.status_code)
        if failure is not None:
            raise failure
    check_status(response)
