"""The fake ESIA's REST API: ``/rs/prns/{oid}`` with its collections and ``/rs/orgs/{org_oid}``, fields by scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from egisz_sdk.testing._http import Request, Response, Route
from egisz_sdk.testing.population import Organization, Person
from egisz_sdk.testing.services.esia.catalogue import ESIA_ERRORS, base_scope, org_of_scope
from egisz_sdk.testing.services.esia.records import TokenRecord

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.services.esia.state import EsiaState

__all__ = ["REST_ROUTES"]

_Handler = Callable[["EsiaState", "ServiceContext", Request, dict[str, str]], Response]


def _forbidden(detail: str) -> Response:
    error, text = ESIA_ERRORS["007019"]
    return Response.json({"error": error, "error_description": f"ESIA-007019: {text} [{detail}]"}, status=403)


def _unauthorized() -> Response:
    return Response.json(
        {"error": "invalid_token", "error_description": "The access token is missing, invalid or expired"},
        status=401,
        headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')],
    )


def _authorized(esia: EsiaState, request: Request, oid: str) -> TokenRecord | Response:
    record = esia.token_record(request.bearer())
    if record is None:
        return _unauthorized()
    if not oid.isdigit() or int(oid) != record.oid:
        return _forbidden(f"oid={oid}")
    return record


def _has(record: TokenRecord, *names: str) -> bool:
    granted = {base_scope(s) for s in record.scopes}
    return any(n in granted for n in names)


def _base(request: Request) -> str:
    host = request.headers.get("host", "localhost")
    proto = request.headers.get("x-forwarded-proto", "http")
    return f"{proto}://{host}"


def _ddmmyyyy(value: Any) -> str:
    return f"{value:%d.%m.%Y}"


def _person_body(person: Person, record: TokenRecord) -> dict[str, Any]:
    body: dict[str, Any] = {"stateFacts": ["EntityRoot"], "eTag": f"{person.oid:X}"}
    if _has(record, "fullname"):
        body.update(firstName=person.first_name, lastName=person.last_name, middleName=person.middle_name)
    if _has(record, "birthdate"):
        body["birthDate"] = _ddmmyyyy(person.birth_date)
    if _has(record, "gender"):
        body["gender"] = person.gender
    if _has(record, "snils"):
        s = person.snils
        body["snils"] = f"{s[0:3]}-{s[3:6]}-{s[6:9]} {s[9:]}"
    if _has(record, "inn"):
        body["inn"] = person.inn
    if _has(record, "birthplace"):
        body["birthPlace"] = person.birth_place
    if _has(record, "id_doc"):
        body["rIdDoc"] = person.oid * 10 + 1
    body.update(trusted=True, citizenship="RUS", status="REGISTERED", verifying=False, containsUpCfmCode=False)
    return body


def _contacts(person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    out = []
    if _has(record, "email", "contacts"):
        out.append(
            {
                "stateFacts": ["Identifiable"],
                "id": person.oid * 10 + 2,
                "type": "EML",
                "vrfStu": "VERIFIED",
                "value": person.email,
                "eTag": "E1",
            }
        )
    if _has(record, "mobile", "contacts"):
        p = person.phone
        printed = f"+7({p[2:5]}){p[5:8]}{p[8:10]}{p[10:12]}"
        out.append(
            {
                "stateFacts": ["Identifiable"],
                "id": person.oid * 10 + 3,
                "type": "MBT",
                "vrfStu": "VERIFIED",
                "value": printed,
                "eTag": "M1",
            }
        )
    return out


def _addresses(person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    if not _has(record, "addresses"):
        return []
    out = []
    for i, kind in enumerate(("PRG", "PLV")):
        house = str(person.oid % 90 + 1 + i)
        out.append(
            {
                "stateFacts": ["Identifiable"],
                "id": person.oid * 10 + 4 + i,
                "type": kind,
                "addressStr": f"{person.birth_place}, ул. Садовая",
                "countryId": "RUS",
                "zipCode": f"{101000 + i:06d}",
                "street": "Садовая",
                "house": house,
                "flat": str(10 + i),
                "eTag": f"A{i}",
            }
        )
    return out


def _documents(person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    if not _has(record, "id_doc"):
        return []
    return [
        {
            "stateFacts": ["Identifiable"],
            "id": person.oid * 10 + 1,
            "type": "RF_PASSPORT",
            "vrfStu": "VERIFIED",
            "series": person.passport_series,
            "number": person.passport_number,
            "issueDate": _ddmmyyyy(person.passport_issued),
            "issueId": person.passport_department,
            "issuedBy": person.passport_issuer,
            "eTag": "D1",
        }
    ]


def _organizations(esia: EsiaState, person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    if not _has(record, "usr_org"):
        return []
    return [
        {
            "stateFacts": ["Identifiable"],
            "oid": org.oid,
            "prnOid": person.oid,
            "fullName": org.full_name,
            "shortName": org.short_name,
            "ogrn": org.ogrn,
            "type": "LEGAL",
            "chief": org.chief_oid == person.oid,
            "admin": org.chief_oid == person.oid,
            "phone": None,
            "email": None,
            "active": True,
            "hasRightOfSubstitution": True,
            "hasApprovalTabAccess": False,
            "isLiquidated": False,
            "eTag": f"O{org.oid}",
        }
        for org in esia.organizations_of(person.oid)
    ]


_COLLECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ctts": ("contacts", ("email", "mobile", "contacts")),
    "addrs": ("addresses", ("addresses",)),
    "docs": ("documents", ("id_doc",)),
    "orgs": ("organizations", ("usr_org",)),
}


def _elements(esia: EsiaState, kind: str, person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    if kind == "ctts":
        return _contacts(person, record)
    if kind == "addrs":
        return _addresses(person, record)
    if kind == "docs":
        return _documents(person, record)
    return _organizations(esia, person, record)


def _element_id(kind: str, element: dict[str, Any]) -> str:
    return str(element["oid"] if kind == "orgs" else element["id"])


def _collection(esia: EsiaState, request: Request, kind: str, person: Person, record: TokenRecord) -> dict[str, Any]:
    items = _elements(esia, kind, person, record)
    embed = "elements" in request.params.get("embed", "").strip("()").split(",")
    base = f"{_base(request)}/rs/prns/{person.oid}/{kind}"
    return {
        "stateFacts": ["hasSize"],
        "size": len(items),
        "elements": items if embed else [f"{base}/{_element_id(kind, e)}" for e in items],
    }


def _person(esia: EsiaState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    record = _authorized(esia, request, params["oid"])
    if isinstance(record, Response):
        return record
    person = ctx.population.person(record.oid)
    if person is None:
        return Response.json({"error": "not_found"}, status=404)
    body = _person_body(person, record)
    embeds = {e.strip() for e in request.params.get("embed", "").strip("()").split(",") if e.strip()}
    for kind, (name, needs) in _COLLECTIONS.items():
        if f"{name}.elements" in embeds and _has(record, *needs):
            items = _elements(esia, kind, person, record)
            body[name] = {"stateFacts": ["hasSize"], "size": len(items), "elements": items}
    return Response.json(body)


def _collection_access(esia: EsiaState, request: Request, oid: str, kind: str) -> tuple[TokenRecord, Person] | Response:
    """The token record and the person behind ``/rs/prns/{oid}/{kind}…``, or the 401/403/404 answer."""
    record = _authorized(esia, request, oid)
    if isinstance(record, Response):
        return record
    needs = _COLLECTIONS[kind][1]
    if not _has(record, *needs):
        return _forbidden(f"scope {' | '.join(needs)}")
    person = esia.context.population.person(record.oid)
    if person is None:
        return Response.json({"error": "not_found"}, status=404)
    return record, person


def _person_collection(kind: str, *, element: bool = False) -> _Handler:
    """``/rs/prns/{oid}/{kind}`` (the collection), or with ``element`` ``/rs/prns/{oid}/{kind}/{item}``."""

    def handler(esia: EsiaState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
        access = _collection_access(esia, request, params["oid"], kind)
        if isinstance(access, Response):
            return access
        record, person = access
        if not element:
            return Response.json(_collection(esia, request, kind, person, record))
        items = _elements(esia, kind, person, record)
        found = next((e for e in items if _element_id(kind, e) == params["item"]), None)
        if found is None:
            return Response.json({"error": "not_found", "error_description": "no such element"}, status=404)
        return Response.json(found)

    return handler


def _org_body(org: Organization, scopes: set[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"stateFacts": ["EntityRoot"], "oid": org.oid, "eTag": f"O{org.oid}"}
    fields = {
        "org_shortname": ("shortName", org.short_name),
        "org_fullname": ("fullName", org.full_name),
        "org_type": ("type", "LEGAL"),
        "org_ogrn": ("ogrn", org.ogrn),
        "org_inn": ("inn", org.inn),
        "org_kpp": ("kpp", org.kpp),
        "org_leg": ("leg", org.okopf),
    }
    for scope, (key, value) in fields.items():
        if scope in scopes:
            body[key] = value
    body["isLiquidated"] = False
    return body


def _organization(esia: EsiaState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    record = esia.token_record(request.bearer())
    if record is None:
        return _unauthorized()
    org_oid = params["org_oid"]
    granted = {base_scope(s) for s in record.scopes if org_of_scope(s) is not None and str(org_of_scope(s)) == org_oid}
    if not granted:
        return _forbidden(f"org_oid={org_oid}")
    org = ctx.population.organization(int(org_oid)) if org_oid.isdigit() else None
    if org is None:
        return Response.json({"error": "not_found"}, status=404)
    return Response.json(_org_body(org, granted))


REST_ROUTES: list[Route] = [
    Route("GET", "/rs/prns/{oid}", "esia.person", _person),
    *[
        Route("GET", f"/rs/prns/{{oid}}/{kind}", f"esia.person.{name}", _person_collection(kind))
        for kind, (name, _) in _COLLECTIONS.items()
    ],
    *[
        Route(
            "GET",
            f"/rs/prns/{{oid}}/{kind}/{{item}}",
            f"esia.person.{name}.item",
            _person_collection(kind, element=True),
        )
        for kind, (name, _) in _COLLECTIONS.items()
    ],
    Route("GET", "/rs/orgs/{org_oid}", "esia.organization", _organization),
]
