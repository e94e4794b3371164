"""The fake ESIA as a service of the world: OAuth 2.0 / OpenID Connect (v1 and v2/v3), the login pages, logout,
the person and organisation REST API, and its test API.

Files, one concern each: ``catalogue`` (scopes, ESIA codes, reserved logins, refusals), ``records`` (settings and
plain records), ``checks`` (request checks in ESIA's order), ``login`` (``/ac`` and the login steps), ``tokens``
(``/te``, signing keys, logout), ``state`` (``EsiaState``: systems and accounts), ``routes`` (pages, OAuth and the
test API on the wire), ``rest`` (``/rs/…``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egisz_sdk.testing._http import Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.esia.catalogue import (
    DEFAULT_PASSWORD,
    ESIA_ERRORS,
    MAGIC_LOGINS,
    ORG_SCOPES,
    PERSON_SCOPES,
    REFUSAL_CODES,
    EsiaProtocolError,
    LoginRefused,
)
from egisz_sdk.testing.services.esia.records import (
    Account,
    AuthorizationRequest,
    EsiaSettings,
    Flow,
    Grant,
    JwtAlgorithm,
    RegisteredClient,
    SystemIdentity,
    TokenRecord,
    TokenRequest,
)
from egisz_sdk.testing.services.esia.rest import REST_ROUTES
from egisz_sdk.testing.services.esia.routes import ESIA_ROUTES, ESIA_TEST_ROUTES, SESSION_COOKIE
from egisz_sdk.testing.services.esia.state import EsiaState

__all__ = [
    "DEFAULT_PASSWORD",
    "ESIA_ERRORS",
    "MAGIC_LOGINS",
    "ORG_SCOPES",
    "PERSON_SCOPES",
    "REFUSAL_CODES",
    "SESSION_COOKIE",
    "Account",
    "AuthorizationRequest",
    "EsiaProtocolError",
    "EsiaService",
    "EsiaSettings",
    "EsiaState",
    "Flow",
    "Grant",
    "JwtAlgorithm",
    "LoginRefused",
    "RegisteredClient",
    "SystemIdentity",
    "TokenRecord",
    "TokenRequest",
]


class EsiaService:
    """The fake ESIA service (``name = "esia"``); ``EsiaService(EsiaSettings(code_ttl=60))`` to tune it."""

    name = "esia"

    def __init__(self, settings: EsiaSettings | None = None) -> None:
        self.settings = settings or EsiaSettings()

    @property
    def routes(self) -> Sequence[Route]:
        """OAuth, login pages, logout and the REST API."""
        return [*ESIA_ROUTES, *REST_ROUTES]

    @property
    def test_routes(self) -> Sequence[Route]:
        """``/__fake__/sms/{login}``, ``/__fake__/esia/certificates``, ``/__fake__/callback``."""
        return ESIA_TEST_ROUTES

    def create_state(self, context: ServiceContext) -> EsiaState:
        """A fresh :class:`EsiaState` over the world's population."""
        return EsiaState(context, self.settings)

    def describe(self, state: EsiaState, context: ServiceContext) -> dict[str, Any]:
        """Issuer, registered systems, the shared password, reserved logins and the first ten accounts."""
        with context.lock:
            return {
                "issuer": state.settings.issuer,
                "clients": [
                    {
                        "client_id": c.client_id,
                        "redirect_uris": list(c.redirect_uris),
                        "jwt_algorithm": c.jwt_algorithm,
                        "certificate_hash": c.certificate_hash,
                    }
                    for c in state.clients.values()
                ],
                "password": DEFAULT_PASSWORD,
                "reserved_logins": MAGIC_LOGINS,
                "accounts": [
                    {"login": a.login, "oid": a.person.oid, "name": a.person.full_name, "status": a.status}
                    for a in list(state.accounts.values())[:10]
                ],
            }

    def __repr__(self) -> str:
        return "EsiaService()"
