"""Routes of the fake ESIA: OAuth endpoints, the login pages and logout; its test-API routes under ``/__fake__/``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from egisz_sdk.testing import _crypto
from egisz_sdk.testing._http import Request, Response, Route
from egisz_sdk.testing.services.esia.catalogue import (
    EsiaProtocolError,
    LoginRefused,
    Protocol,
    base_scope,
    org_of_scope,
)
from egisz_sdk.testing.services.esia.records import AuthorizationRequest, Flow, TokenRequest
from egisz_sdk.testing.web import escape, render

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.services.esia.state import EsiaState

__all__ = ["ESIA_ROUTES", "ESIA_TEST_ROUTES", "SESSION_COOKIE"]

_Handler = Callable[["EsiaState", "ServiceContext", Request, dict[str, str]], Response]

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


def _login_page(esia: EsiaState, flow: Flow, error: str = "", login: str = "", status: int = 200) -> Response:
    client = esia.clients[flow.client_id]
    raw_error = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    page = render("login", "Вход", client_name=client.name, flow=flow.id, login=login, raw_error=raw_error)
    return Response.html(page, status=status)


def _sms_page(esia: EsiaState, flow: Flow, error: str = "", status: int = 200) -> Response:
    account = esia.accounts[flow.login or ""]
    phone = account.person.phone
    masked = phone[:2] + " (***) ***-" + phone[-4:-2] + "-" + phone[-2:]
    raw_error = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    return Response.html(render("sms", "Код из SMS", flow=flow.id, phone=masked, raw_error=raw_error), status=status)


def _consent_page(esia: EsiaState, flow: Flow, error: str = "", status: int = 200) -> Response:
    client = esia.clients[flow.client_id]
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
def _authorize(protocol: Protocol) -> _Handler:
    def handler(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
        try:
            flow = esia.begin_authorization(AuthorizationRequest.from_wire(request.params, protocol))
            if esia.resume_session(flow.id, request.cookie(SESSION_COOKIE)):
                return _consent_page(esia, flow)
        except EsiaProtocolError as exc:
            return _redirect_error(exc)
        return _login_page(esia, flow)

    return handler


def _token(protocol: Protocol) -> _Handler:
    def handler(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
        try:
            body = esia.exchange(TokenRequest.from_wire(request.form(), protocol))
        except EsiaProtocolError as exc:
            return Response.json(exc.to_json(), status=400)
        return Response.json(body, headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    return handler


def _login(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    try:
        flow = esia.flow(form.get("flow", ""))
    except LoginRefused as exc:
        return _refused_page(exc)
    try:
        esia.submit_credentials(flow.id, form.get("login", ""), form.get("password", ""))
    except EsiaProtocolError as exc:
        return _redirect_error(exc)
    except LoginRefused as exc:
        if exc.reason == "invalid_credentials":
            return _login_page(esia, flow, exc.message_ru, form.get("login", ""), status=exc.status)
        return _refused_page(exc)
    return _sms_page(esia, flow)


def _sms(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    try:
        flow = esia.flow(form.get("flow", ""))
        esia.submit_sms(flow.id, form.get("sms_code", ""))
    except LoginRefused as exc:
        if exc.reason == "sms_wrong":
            return _sms_page(esia, esia.flow(form.get("flow", "")), exc.message_ru, status=exc.status)
        return _refused_page(exc)
    return _consent_page(esia, flow)


#: What the consent form's two buttons send as ``decision`` (web/consent.html).
_DECISIONS = {"allow": True, "deny": False}


def _consent(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    form = request.form()
    decision = form.get("decision", "")
    if decision not in _DECISIONS:
        decision = decision[:40]
        # neither button: refuse the request, but keep the flow at the consent step so the person can still decide
        try:
            flow = esia.flow(form.get("flow", ""))
        except LoginRefused as exc:
            return _refused_page(exc)
        message = (
            f"Неизвестное решение «{decision}»: нажмите «Подтвердить передачу данных» или «Отмена». / "
            f"Unknown decision {decision!r}: expected 'allow' or 'deny'."
        )
        if flow.step == "consent":
            return _consent_page(esia, flow, message, status=400)
        return _refused_page(LoginRefused("bad_decision", message, 400))
    try:
        url, session_id = esia.decide_consent(
            form.get("flow", ""), _DECISIONS[decision], request.cookie(SESSION_COOKIE)
        )
    except EsiaProtocolError as exc:
        return _redirect_error(exc)
    except LoginRefused as exc:
        return _refused_page(exc)
    return Response.redirect(url, headers=[_session_cookie(session_id)])


def _logout(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    params = request.params
    try:
        target = esia.logout(
            params.get("client_id", ""), params.get("redirect_url", ""), request.cookie(SESSION_COOKIE)
        )
    except EsiaProtocolError as exc:
        return _error_page(exc)
    expired = ("Set-Cookie", f"{SESSION_COOKIE}=; Path=/; Max-Age=0")
    return Response.redirect(target, headers=[expired])


ESIA_ROUTES: list[Route] = [
    Route("GET", "/aas/oauth2/v2/ac", "esia.ac", _authorize("v2")),
    Route("POST", "/aas/oauth2/v3/te", "esia.token", _token("v2")),
    Route("GET", "/aas/oauth2/ac", "esia.ac_v1", _authorize("v1")),
    Route("POST", "/aas/oauth2/te", "esia.token_v1", _token("v1")),
    Route("POST", "/idp/login", "esia.login", _login),
    Route("POST", "/idp/sms", "esia.sms", _sms),
    Route("POST", "/idp/consent", "esia.consent", _consent),
    Route("GET", "/idp/ext/Logout", "esia.logout", _logout),
]


# ---------------------------------------------------------------------- test API
def _pending_sms(esia: EsiaState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    code = esia.pending_sms(params["login"])
    if code is None:
        return Response.json({"error": "not_found", "message": "no SMS code is pending for this login"}, 404)
    return Response.json({"login": params["login"], "code": code})


def _certificates(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    pem = "".join(_crypto.certificate_pem(c) for c in esia.signing_certificates)
    return Response(200, [("Content-Type", "application/x-pem-file")], pem.encode("ascii"))


def _callback(esia: EsiaState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    p = request.params
    fields = {k: p.get(k, "") for k in ("code", "state", "error", "error_description")}
    return Response.html(render("callback", "Ответ ЕСИА", **fields))


#: The fake ESIA's test API (never journaled or faulted).
ESIA_TEST_ROUTES: list[Route] = [
    Route("GET", "/__fake__/sms/{login}", "fake.sms", _pending_sms, journal=False),
    Route("GET", "/__fake__/esia/certificates", "fake.esia.certificates", _certificates, journal=False),
    Route("GET", "/__fake__/callback", "fake.callback", _callback, journal=False),
]
