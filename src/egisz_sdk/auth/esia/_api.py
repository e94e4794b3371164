"""ESIA's REST API without I/O: requests for a person, their collections and an organisation, and the parsers of
the answers (typed models, ESIA's error answers as typed errors). Re-exported by :mod:`._protocol`.

Requests are relative (path and query): the shared HTTP layer adds ESIA's base URL and headers from
:class:`~egisz_sdk._http.HttpConfig`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import ValidationError as PydanticValidationError

from egisz_sdk._http import parse_json
from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.errors import esia_error_from_mapping, raise_for_esia_error
from egisz_sdk.auth.esia.models import Address, Collection, Contact, Document, EsiaModel, Organization, Person
from egisz_sdk.errors import AuthError, ConfigurationError, EsiaError, TransportError

__all__ = [
    "COLLECTIONS",
    "ORG_PATH",
    "PERSON_PATH",
    "collection_request",
    "organization_request",
    "parse_collection",
    "parse_organization",
    "parse_person",
    "person_request",
]

#: Person resource prefix.
PERSON_PATH: Final = "/rs/prns"
#: Organisation resource prefix.
ORG_PATH: Final = "/rs/orgs"

#: Person sub-collections ESIA serves under ``/rs/prns/{oid}/…``.
COLLECTIONS: Final = {
    "contacts": "ctts",
    "addresses": "addrs",
    "documents": "docs",
    "kids": "kids",
    "vehicles": "vhls",
    "roles": "roles",
    "organizations": "orgs",
}
M = TypeVar("M", bound=EsiaModel)
#: ESIA oids are 64-bit integers: a longer digit string is not an oid (and int() of thousands of digits is refused).
_MAX_OID_DIGITS: Final = 19


def _get(config: EsiaConfig, path: str, token: str, params: Sequence[tuple[str, str]] = ()) -> httpx.Request:
    """A relative ``GET``: the HTTP layer adds ESIA's base URL and the shared headers (HttpConfig)."""
    url = path + ("?" + urlencode(params, safe="(),.") if params else "")
    return httpx.Request("GET", url, headers={"Authorization": f"Bearer {token}"})


def _shown(value: object) -> str:
    """A short text for an unusable value (``str()`` of a 5,000-digit int would itself fail)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return f"<integer of {value.bit_length()} bits>"
    return repr(value)[:40]


def _oid(value: int | str, field: str = "oid") -> int:
    """An ESIA oid as a positive integer (an ``int`` or a string of digits, e.g. kept in a web session)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return value
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= _MAX_OID_DIGITS and 0 < int(text) < 2**63:
        return int(text)
    raise ConfigurationError(
        "config.invalid",
        field=field,
        value=value[:40] if isinstance(value, str) else _shown(value),
        reason_ru="oid ЕСИА — положительное целое число",
        reason_en="an ESIA oid is a positive integer",
    )


def _embed(embed: Iterable[str] | None) -> list[tuple[str, str]]:
    if not embed:
        return []
    names = [f"{e}.elements" if e in COLLECTIONS else e for e in embed]
    return [("embed", "(" + ",".join(names) + ")")]


def person_request(
    config: EsiaConfig, oid: int | str, token: str, *, embed: Iterable[str] | None = None
) -> httpx.Request:
    """``GET /rs/prns/{oid}``; ``embed=("contacts", "addresses", "documents")`` inlines those collections."""
    return _get(config, f"{PERSON_PATH}/{_oid(oid)}", token, _embed(embed))


def collection_request(config: EsiaConfig, oid: int | str, token: str, name: str) -> httpx.Request:
    """``GET /rs/prns/{oid}/{ctts|addrs|docs|kids|vhls|roles|orgs}?embed=(elements)``."""
    segment = COLLECTIONS.get(name, name)
    if segment not in COLLECTIONS.values():
        raise ConfigurationError(
            "config.invalid",
            field="collection",
            value=name,
            reason_ru="неизвестная коллекция: " + ", ".join(COLLECTIONS),
            reason_en="unknown collection: " + ", ".join(COLLECTIONS),
        )
    return _get(config, f"{PERSON_PATH}/{_oid(oid)}/{segment}", token, [("embed", "(elements)")])


def organization_request(config: EsiaConfig, org_oid: int | str, token: str) -> httpx.Request:
    """``GET /rs/orgs/{org_oid}`` (needs an organisation-scoped token)."""
    return _get(config, f"{ORG_PATH}/{_oid(org_oid, 'org_oid')}", token)


def _api_json(response: httpx.Response, what: str) -> dict[str, Any]:
    status = response.status_code
    if status == 401:
        raise AuthError("esia.api_unauthorized", field="token", what=what, status=status)
    if status >= 400:
        try:
            body = parse_json(response)
        except TransportError:
            body = None
        failure = esia_error_from_mapping(body, source="api", status=status) if isinstance(body, dict) else None
        if failure is not None and failure.code != "esia.error":
            raise failure  # e.g. ESIA-007019 for a scope the token does not carry
        if status == 403:
            raise AuthError("esia.api_unauthorized", field="token", what=what, status=status)
        if status == 404:
            raise AuthError("esia.api_not_found", field="oid", what=what)
    raise_for_esia_error(response, "api")
    data: dict[str, Any] = parse_json(response)
    return data


def _model(cls: type[M], data: Any, what: str) -> M:
    try:
        return cls.model_validate(data)
    except PydanticValidationError as exc:
        raise EsiaError(
            "esia.error", field=what, esia_code="schema", description=str(exc.errors()[0].get("msg", "")), source="api"
        ) from None


def parse_person(response: httpx.Response, oid: int | str | None = None) -> Person:
    """A :class:`Person` from ``/rs/prns/{oid}`` (``oid`` filled in from the request when ESIA omits it)."""
    data = _api_json(response, "person")
    if oid is not None and "oid" not in data:
        data = {**data, "oid": int(oid)}
    return _model(Person, data, "person")


_ELEMENT_TYPES: Final[dict[str, type[EsiaModel]]] = {
    "contacts": Contact,
    "ctts": Contact,
    "addresses": Address,
    "addrs": Address,
    "documents": Document,
    "docs": Document,
    "organizations": Organization,
    "orgs": Organization,
    "roles": Organization,
}


def parse_collection(response: httpx.Response, name: str) -> Collection[Any]:
    """A :class:`Collection` of the element type that ``name`` (``contacts``, ``ctts`` …) holds."""
    data = _api_json(response, name)
    element = _ELEMENT_TYPES.get(name, EsiaModel)
    return _model(Collection[element], data, name)  # type: ignore[valid-type]


def parse_organization(response: httpx.Response) -> Organization:
    """An :class:`Organization` from ``/rs/orgs/{oid}``."""
    return _model(Organization, _api_json(response, "organization"), "organization")
