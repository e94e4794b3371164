"""Routes of the fake ESIA: OAuth endpoints, the login pages, logout and the person/organisation REST API."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from egisz_sdk.testing._http import Request, Response, Route
from egisz_sdk.testing.population import Organization, Person
from egisz_sdk.testing.state.esia import (
    ESIA_ERRORS,
    EsiaProtocolError,
    Flow,
    LoginRefused,
    Protocol,
    TokenRecord,
    base_scope,
    org_of_scope,
)
from egisz_sdk.testing.web import escape, render

if TYPE_CHECKING:
    from egisz_sdk.testing._world import World

__all__ = ["ESIA_ROUTES", "SESSION_COOKIE"]

#: Name of the SSO session cookie set by the login pages.
SESSION_COOKIE = "esia_sid"

_SCOPE_TITLES = {
    "openid": "Идентификатор пользователя",
    "fullname": "Фамилия, имя, отчество",
    "birthdate": "Дата рождения",
    "gender": "Пол",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "birthplace": "Место рождения",
    "id_doc": "Документ, удостоверяющий личность",
    "email": "Адрес электронной почты",
    "mobile": "Номер мобильного телефона",
    "contacts": "Контактные данные",
    "addresses": "Адреса",
    "usr_org": "Список организаций пользователя",
}


# ---------------------------------------------------------------------- rendering helpers
def _error_page(exc: EsiaProtocolError) -> Response:
    page = render("message", "Ошибка", heading="Ошибка", message=exc.description, code=f"ESIA-{exc.esia_code}")
    return Response.html(page, status=400)


def _refused_page(exc: LoginRefused) -> Response:
    return Response.html(
        render("message", "Вход невозможен", heading="Вход невозможен", message=exc.message_ru, code=""),
        status=exc.status,
    )


def _login_page(world: World, flow: Flow, error: str = "", login: str = "", status: int = 200) -> Response:
    client = world.esia.clients[flow.client_id]
    raw_error = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    page = render("login", "Вход", client_name=client.name, flow=flow.id, login=login, raw_error=raw_error)
    return Response.html(page, status=status)


def _sms_page(world: World, flow: Flow, error: str = "", status: int = 200) -> Response:
    account = world.esia.accounts[flow.login or ""]
    phone = account.person.phone
    masked = phone[:2] + " (***) ***-" + phone[-4:-2] + "-" + phone[-2:]
    raw_error = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    return Response.html(render("sms", "Код из SMS", flow=flow.id, phone=masked, raw_error=raw_error), status=status)


def _consent_page(world: World, flow: Flow, error: str = "", status: int = 200) -> Response:
    client = world.esia.clients[flow.client_id]
    items = "\n".join(
        f"<li>{escape(_SCOPE_TITLES.get(base_scope(s), base_scope(s)))}"
        + (f" (организация {org_of_scope(s)})" if org_of_scope(s) else "")
        + "</li>"
        for s in flow.scopes
    )
    raw_error = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    page = render("consent", "Согласие", client_name=client.name, flow=flow.id, raw_scopes=items, raw_error=raw_error)
    return Response.html(page, status=status)


def _session_cookie(session_id: str) -> tuple[str, str]:
    return ("Set-Cookie", f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax")


def _redirect_error(exc: EsiaProtocolError) -> Response:
    return Response.redirect(exc.callback_url()) if exc.redirect_uri else _error_page(exc)


# ---------------------------------------------------------------------- OAuth
def _authorize(protocol: Protocol) -> Callable[[World, Request, dict[str, str]], Response]:
    def handler(world: World, request: Request, _: dict[str, str]) -> Response:
        try:
            flow = world.esia.begin_authorization(request.params, protocol)
            if world.esia.resume_session(flow.id, request.cookie(SESSION_COOKIE)):
                return _consent_page(world, flow)
        except EsiaProtocolError as exc:
            return _redirect_error(exc)
        return _login_page(world, flow)

    return handler


def _token(protocol: Protocol) -> Callable[[World, Request, dict[str, str]], Response]:
    def handler(world: World, request: Request, _: dict[str, str]) -> Response:
        try:
            body = world.esia.exchange(request.form(), protocol)
        except EsiaProtocolError as exc:
            return Response.json(exc.to_json(), status=400)
        return Response.json(body, headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    return handler


def _login(world: World, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    try:
        flow = world.esia.flow(form.get("flow", ""))
    except LoginRefused as exc:
        return _refused_page(exc)
    try:
        world.esia.submit_credentials(flow.id, form.get("login", ""), form.get("password", ""))
    except EsiaProtocolError as exc:
        return _redirect_error(exc)
    except LoginRefused as exc:
        if exc.reason == "invalid_credentials":
            return _login_page(world, flow, exc.message_ru, form.get("login", ""), status=exc.status)
        return _refused_page(exc)
    return _sms_page(world, flow)


def _sms(world: World, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    try:
        flow = world.esia.flow(form.get("flow", ""))
        world.esia.submit_sms(flow.id, form.get("sms_code", ""))
    except LoginRefused as exc:
        if exc.reason == "sms_wrong":
            return _sms_page(world, world.esia.flow(form.get("flow", "")), exc.message_ru, status=exc.status)
        return _refused_page(exc)
    return _consent_page(world, flow)


#: What the consent form's two buttons send as ``decision`` (web/consent.html).
_DECISIONS = {"allow": True, "deny": False}


def _consent(world: World, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    decision = form.get("decision", "")
    if decision not in _DECISIONS:
        decision = decision[:40]
        # neither button: refuse the request, but keep the flow at the consent step so the person can still decide
        try:
            flow = world.esia.flow(form.get("flow", ""))
        except LoginRefused as exc:
            return _refused_page(exc)
        message = (
            f"Неизвестное решение «{decision}»: нажмите «Подтвердить передачу данных» или «Отмена». / "
            f"Unknown decision {decision!r}: expected 'allow' or 'deny'."
        )
        if flow.step == "consent":
            return _consent_page(world, flow, message, status=400)
        return _refused_page(LoginRefused("bad_decision", message, 400))
    try:
        url, session_id = world.esia.decide_consent(
            form.get("flow", ""), _DECISIONS[decision], request.cookie(SESSION_COOKIE)
        )
    except EsiaProtocolError as exc:
        return _redirect_error(exc)
    except LoginRefused as exc:
        return _refused_page(exc)
    return Response.redirect(url, headers=[_session_cookie(session_id)])


def _logout(world: World, request: Request, _: dict[str, str]) -> Response:
    params = request.params
    try:
        target = world.esia.logout(
            params.get("client_id", ""), params.get("redirect_url", ""), request.cookie(SESSION_COOKIE)
        )
    except EsiaProtocolError as exc:
        return _error_page(exc)
    expired = ("Set-Cookie", f"{SESSION_COOKIE}=; Path=/; Max-Age=0")
    return Response.redirect(target, headers=[expired])


# ---------------------------------------------------------------------- REST API
def _forbidden(detail: str) -> Response:
    error, text = ESIA_ERRORS["007019"]
    return Response.json({"error": error, "error_description": f"ESIA-007019: {text} [{detail}]"}, status=403)


def _unauthorized() -> Response:
    return Response.json(
        {"error": "invalid_token", "error_description": "The access token is missing, invalid or expired"},
        status=401,
        headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')],
    )


def _authorized(world: World, request: Request, oid: str) -> TokenRecord | Response:
    record = world.esia.token_record(request.bearer())
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


def _organizations(world: World, person: Person, record: TokenRecord) -> list[dict[str, Any]]:
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
        for org in world.esia.organizations_of(person.oid)
    ]


_COLLECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ctts": ("contacts", ("email", "mobile", "contacts")),
    "addrs": ("addresses", ("addresses",)),
    "docs": ("documents", ("id_doc",)),
    "orgs": ("organizations", ("usr_org",)),
}


def _elements(world: World, kind: str, person: Person, record: TokenRecord) -> list[dict[str, Any]]:
    if kind == "ctts":
        return _contacts(person, record)
    if kind == "addrs":
        return _addresses(person, record)
    if kind == "docs":
        return _documents(person, record)
    return _organizations(world, person, record)


def _element_id(kind: str, element: dict[str, Any]) -> str:
    return str(element["oid"] if kind == "orgs" else element["id"])


def _collection(world: World, request: Request, kind: str, person: Person, record: TokenRecord) -> dict[str, Any]:
    items = _elements(world, kind, person, record)
    embed = "elements" in request.params.get("embed", "").strip("()").split(",")
    base = f"{_base(request)}/rs/prns/{person.oid}/{kind}"
    return {
        "stateFacts": ["hasSize"],
        "size": len(items),
        "elements": items if embed else [f"{base}/{_element_id(kind, e)}" for e in items],
    }


def _person(world: World, request: Request, params: dict[str, str]) -> Response:
    record = _authorized(world, request, params["oid"])
    if isinstance(record, Response):
        return record
    person = world.population.person(record.oid)
    if person is None:
        return Response.json({"error": "not_found"}, status=404)
    body = _person_body(person, record)
    embeds = {e.strip() for e in request.params.get("embed", "").strip("()").split(",") if e.strip()}
    for kind, (name, needs) in _COLLECTIONS.items():
        if f"{name}.elements" in embeds and _has(record, *needs):
            items = _elements(world, kind, person, record)
            body[name] = {"stateFacts": ["hasSize"], "size": len(items), "elements": items}
    return Response.json(body)


def _collection_access(world: World, request: Request, oid: str, kind: str) -> tuple[TokenRecord, Person] | Response:
    """The token record and the person behind ``/rs/prns/{oid}/{kind}…``, or the 401/403/404 answer."""
    record = _authorized(world, request, oid)
    if isinstance(record, Response):
        return record
    needs = _COLLECTIONS[kind][1]
    if not _has(record, *needs):
        return _forbidden(f"scope {' | '.join(needs)}")
    person = world.population.person(record.oid)
    if person is None:
        return Response.json({"error": "not_found"}, status=404)
    return record, person


def _person_collection(kind: str, *, element: bool = False) -> Callable[[World, Request, dict[str, str]], Response]:
    """``/rs/prns/{oid}/{kind}`` (the collection), or with ``element`` ``/rs/prns/{oid}/{kind}/{item}``."""

    def handler(world: World, request: Request, params: dict[str, str]) -> Response:
        access = _collection_access(world, request, params["oid"], kind)
        if isinstance(access, Response):
            return access
        record, person = access
        if not element:
            return Response.json(_collection(world, request, kind, person, record))
        items = _elements(world, kind, person, record)
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


def _organization(world: World, request: Request, params: dict[str, str]) -> Response:
    record = world.esia.token_record(request.bearer())
    if record is None:
        return _unauthorized()
    org_oid = params["org_oid"]
    granted = {base_scope(s) for s in record.scopes if org_of_scope(s) is not None and str(org_of_scope(s)) == org_oid}
    if not granted:
        return _forbidden(f"org_oid={org_oid}")
    org = world.population.organization(int(org_oid))
    if org is None:
        return Response.json({"error": "not_found"}, status=404)
    return Response.json(_org_body(org, granted))


ESIA_ROUTES: list[Route] = [
    Route("GET", "/aas/oauth2/v2/ac", "esia.ac", _authorize("v2")),
    Route("POST", "/aas/oauth2/v3/te", "esia.token", _token("v2")),
    Route("GET", "/aas/oauth2/ac", "esia.ac_v1", _authorize("v1")),
    Route("POST", "/aas/oauth2/te", "esia.token_v1", _token("v1")),
    Route("POST", "/idp/login", "esia.login", _login),
    Route("POST", "/idp/sms", "esia.sms", _sms),
    Route("POST", "/idp/consent", "esia.consent", _consent),
    Route("GET", "/idp/ext/Logout", "esia.logout", _logout),
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
