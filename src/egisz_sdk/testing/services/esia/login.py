"""The fake ESIA's login steps: ``/ac`` opens a flow; password, SMS code and consent move it on; consent issues
the authorisation code and the SSO session. :meth:`LoginSteps.authorize` runs them all for a test in one call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from egisz_sdk.errors import AuthError, EsiaError
from egisz_sdk.testing._http import add_query
from egisz_sdk.testing.services.esia.catalogue import EsiaProtocolError, LoginRefused, Protocol, org_of_scope
from egisz_sdk.testing.services.esia.checks import V2_ONLY, EsiaBase
from egisz_sdk.testing.services.esia.records import Account, AuthorizationRequest, Flow, Grant, Session

__all__ = ["LoginSteps"]


class LoginSteps(EsiaBase):
    """``/ac`` and the login pages, as state transitions (no HTTP)."""

    # ------------------------------------------------------------------ /ac
    def begin_authorization(self, request: AuthorizationRequest) -> Flow:
        """Check an authorisation request (``/v2/ac`` or v1 ``/ac``) and open a login flow.

        Raises :class:`EsiaProtocolError`: without ``redirect_uri`` set when ESIA must show its own error page
        (unknown system, callback not registered), with it when the error goes back to the callback.
        """
        with self.context.lock:
            self._expire()
            protocol = request.protocol
            self._require(request, ("client_id", "redirect_uri"), {})
            client = self._client(request.client_id)
            redirect_uri = request.redirect_uri
            self._check_redirect(client, redirect_uri)
            state = request.state
            err: dict[str, Any] = {"redirect_uri": redirect_uri, "state": state or None}
            self._require(
                request, ("client_secret", "scope", "response_type", "state", "timestamp", *V2_ONLY[protocol]), err
            )
            if request.response_type != "code":
                raise EsiaProtocolError("007003", "response_type", **err)
            access_type = request.access_type or "online"
            if access_type not in ("online", "offline"):
                raise EsiaProtocolError("007003", "access_type", **err)
            scopes = self._check_signed_request(client, request, err)
            if access_type == "offline" and "refresh_token" not in client.grant_types:
                raise EsiaProtocolError("007005", "access_type=offline", **err)
            self._check_secret_over(client, request, err)
            flow = Flow(
                id=self._token(),
                protocol=protocol,
                client_id=client.client_id,
                redirect_uri=redirect_uri,
                scopes=scopes,
                state=state,
                access_type=access_type,
                created=self._now(),
            )
            self.flows[flow.id] = flow
            self._expires("flows", flow.id, flow.created + self.settings.flow_ttl)
            return flow

    def _finish(self, flow: Flow) -> None:
        """A finished flow is forgotten at once (an unknown flow and a finished one get the same answer)."""
        flow.step = "done"
        self.flows.pop(flow.id, None)

    def flow(self, flow_id: str) -> Flow:
        """The open flow ``flow_id``; :class:`LoginRefused` when unknown or finished."""
        with self.context.lock:
            flow = self.flows.get(flow_id)
            if flow is None or flow.step == "done":
                raise LoginRefused("flow_unknown", "Сеанс входа не найден или уже завершён. Начните вход заново.", 400)
            return flow

    def _flow_error(self, flow: Flow, code: str, detail: str = "") -> EsiaProtocolError:
        self._finish(flow)
        return EsiaProtocolError(code, detail, redirect_uri=flow.redirect_uri, state=flow.state)

    def resume_session(self, flow_id: str, session_id: str | None) -> bool:
        """Skip the login and SMS steps when the browser has a live SSO session; returns whether it did."""
        with self.context.lock:
            flow = self.flow(flow_id)
            session = self.sessions.get(session_id or "")
            if session is None or session.expires_at <= self._now():
                return False
            account = self.accounts.get(session.login)
            if account is None or account.status != "confirmed":
                return False
            self._check_org_membership(flow, account)
            flow.login = account.login
            flow.step = "consent"
            return True

    def _check_org_membership(self, flow: Flow, account: Account) -> None:
        orgs = {o.oid for o in self.context.population.organizations_of(account.person.oid)}
        for scope in flow.scopes:
            org = org_of_scope(scope)
            if org is not None and org not in orgs:
                raise self._flow_error(flow, "007194", scope)

    def submit_credentials(self, flow_id: str, login: str, password: str) -> Flow:
        """The login page: check login and password, lockout, account status; moves the flow to the SMS step."""
        with self.context.lock:
            flow = self.flow(flow_id)
            if flow.step != "login":
                raise LoginRefused("wrong_step", "Этот шаг входа уже пройден.", 400)
            account = self.account(login)
            if account is None:
                raise LoginRefused("invalid_credentials", "Неверный логин или пароль.")
            now = self._now()
            if account.locked_until is not None and account.locked_until > now:
                until = datetime.fromtimestamp(account.locked_until, tz=self.context.clock.now().tzinfo)
                raise LoginRefused(
                    "locked",
                    f"Учётная запись временно заблокирована из-за неверных попыток входа до {until:%H:%M} (UTC).",
                    403,
                )
            if password != account.password:
                account.failed_logins += 1
                if account.failed_logins >= self.settings.max_failed_logins:
                    account.locked_until = now + self.settings.lockout_seconds
                    account.failed_logins = 0
                raise LoginRefused("invalid_credentials", "Неверный логин или пароль.")
            account.failed_logins = 0
            account.locked_until = None
            if account.status == "blocked":
                raise LoginRefused("blocked", "Учётная запись заблокирована. Обратитесь в центр обслуживания.", 403)
            if account.status == "unconfirmed":
                raise self._flow_error(flow, "007055", "")
            self._check_org_membership(flow, account)
            flow.login = account.login
            flow.step = "sms"
            flow.sms_code = f"{self._random.randrange(0, 1_000_000):06d}"
            flow.sms_attempts = 0
            return flow

    def pending_sms(self, login: str) -> str | None:
        """The SMS code waiting to be entered for ``login`` (latest open flow), or ``None``."""
        with self.context.lock:
            account = self.account(login)
            if account is None:
                return None
            for flow in reversed(list(self.flows.values())):
                if flow.step == "sms" and flow.login == account.login:
                    return flow.sms_code
            return None

    def submit_sms(self, flow_id: str, code: str) -> Flow:
        """The SMS step: a wrong code is refused; too many wrong codes end the flow."""
        with self.context.lock:
            flow = self.flow(flow_id)
            if flow.step != "sms":
                raise LoginRefused("wrong_step", "Этот шаг входа сейчас недоступен.", 400)
            if code.strip() != flow.sms_code:
                flow.sms_attempts += 1
                if flow.sms_attempts >= self.settings.max_sms_attempts:
                    self._finish(flow)
                    raise LoginRefused("sms_attempts", "Превышено число попыток ввода кода. Начните вход заново.", 403)
                raise LoginRefused("sms_wrong", "Неверный код подтверждения.")
            flow.step = "consent"
            flow.sms_code = None
            return flow

    def decide_consent(self, flow_id: str, approve: bool, session_id: str | None = None) -> tuple[str, str]:
        """The consent screen: returns ``(callback URL, SSO session id)``; refusal gives ESIA-007004."""
        with self.context.lock:
            flow = self.flow(flow_id)
            if flow.step != "consent" or flow.login is None:
                raise LoginRefused("wrong_step", "Этот шаг входа сейчас недоступен.", 400)
            if not approve:
                raise self._flow_error(flow, "007004", "")
            account = self.accounts[flow.login]
            now = self._now()
            session = self.sessions.get(session_id or "")
            if session is None or session.login != account.login or session.expires_at <= now:
                session = Session(id=self._token(), login=account.login, expires_at=now + self.settings.session_ttl)
                self.sessions[session.id] = session
                self._expires("sessions", session.id, session.expires_at)
            session.clients.add(flow.client_id)
            grant = Grant(
                value=self._token(),
                kind="code",
                client_id=flow.client_id,
                redirect_uri=flow.redirect_uri,
                scopes=flow.scopes,
                oid=account.person.oid,
                session_id=session.id,
                access_type=flow.access_type,
                expires_at=now + self.settings.code_ttl,
                protocol=flow.protocol,
            )
            self.grants[grant.value] = grant
            self._expires("grants", grant.value, grant.expires_at)
            self._finish(flow)
            return add_query(flow.redirect_uri, {"code": grant.value, "state": flow.state}), session.id

    def authorize(
        self,
        login: str,
        request_url: str,
        *,
        password: str | None = None,
        approve: bool = True,
    ) -> str:
        """Log ``login`` in through the same state transitions as the pages (password → SMS → consent).

        Returns the callback URL the browser would be redirected to (with ``code`` and ``state``, or with
        ``error`` when ESIA sends the error back to the client). Errors ESIA shows on its own pages (unknown
        system, callback not registered) raise :class:`~egisz_sdk.errors.EsiaError`; a refused login (wrong
        password, blocked or locked account) raises :class:`~egisz_sdk.errors.AuthError` whose code says which:
        ``fake.login_invalid_credentials``, ``fake.login_blocked``, ``fake.login_locked``, ``fake.login_sms_attempts``.
        The call is journaled as operation ``esia.authorize`` (method ``CALL``, the request's path, its query
        parameters and the login; status 302 when a callback URL is returned, else the refusal's status).
        """
        parts = urlsplit(request_url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        protocol: Protocol = "v2" if parts.path.rstrip("/").endswith("/v2/ac") else "v1"
        status = 302
        try:
            with self.context.lock:
                return self._authorize(login, params, protocol, password, approve)
        except EsiaProtocolError as exc:
            if exc.redirect_uri is not None:
                return exc.callback_url()
            status = 400
            raise EsiaError("fake.esia_page_error", esia_code=exc.esia_code, description=exc.description) from None
        except LoginRefused as exc:
            status = exc.status
            raise AuthError(exc.code, field="login", value=login, reason=exc.reason) from None
        finally:
            self.context.record("esia.authorize", path=parts.path, params={**params, "login": login}, status=status)

    def _authorize(
        self, login: str, params: Mapping[str, str], protocol: Protocol, password: str | None, approve: bool
    ) -> str:
        flow = self.begin_authorization(AuthorizationRequest.from_wire(params, protocol))
        account = self.account(login)
        secret = password if password is not None else (account.password if account else "")
        self.submit_credentials(flow.id, login, secret)
        self.submit_sms(flow.id, flow.sms_code or "")
        url, _ = self.decide_consent(flow.id, approve)
        return url
