"""The fake ESIA's catalogue: scopes, ESIA error codes and their wire texts, reserved logins, the two kinds of
refusal (an ESIA protocol error rendered with its code; a login-page refusal with its own stable code).
"""

from __future__ import annotations

import re
from typing import Final, Literal
from urllib.parse import parse_qsl

from egisz_sdk.testing._http import add_query

__all__ = [
    "DEFAULT_PASSWORD",
    "ESIA_ERRORS",
    "MAGIC_LOGINS",
    "ORG_SCOPES",
    "PERSON_SCOPES",
    "REFUSAL_CODES",
    "EsiaProtocolError",
    "LoginRefused",
    "Protocol",
    "base_scope",
    "org_of_scope",
    "split_scopes",
]

#: Password of every seeded account (test data, not a secret).
DEFAULT_PASSWORD = "Egisz-Test-1!"

PERSON_SCOPES: frozenset[str] = frozenset(
    [
        "openid",
        "fullname",
        "birthdate",
        "gender",
        "snils",
        "inn",
        "birthplace",
        "id_doc",
        "medical_doc",
        "military_doc",
        "foreign_passport_doc",
        "drivers_licence_doc",
        "birth_cert_doc",
        "residence_doc",
        "temporary_residence_doc",
        "email",
        "mobile",
        "contacts",
        "addresses",
        "vehicles",
        "usr_org",
        "usr_avt",
        "usr_reg_cxt",
    ]
)
ORG_SCOPES: frozenset[str] = frozenset(
    [
        "org_shortname",
        "org_fullname",
        "org_type",
        "org_ogrn",
        "org_inn",
        "org_kpp",
        "org_leg",
        "org_agencytype",
        "org_oktmo",
        "org_ctts",
        "org_addrs",
        "org_emps",
        "org_brhs",
        "org_vhls",
        "org_grps",
        "org_invts",
    ]
)

#: ESIA code → (OAuth ``error`` value, English description as the service writes it).
ESIA_ERRORS: dict[str, tuple[str, str]] = {
    "007002": (
        "invalid_client",
        "The certificate does not match the information system mnemonic, or ESIA has no certificate for this system",
    ),
    "007003": (
        "invalid_request",
        "The request is missing a required parameter, includes an invalid parameter value, "
        "or includes a parameter more than once",
    ),
    "007004": ("access_denied", "The resource owner or authorization server denied the request"),
    "007005": (
        "unauthorized_client",
        "The client system is not authorized to request an access token using this method",
    ),
    "007006": ("invalid_scope", "The requested scope is invalid, unknown, or malformed"),
    "007011": (
        "invalid_grant",
        "The authorization code or refresh token is invalid, expired, revoked, does not match the redirection URI "
        "used in the authorization request, or was issued to another client",
    ),
    "007012": ("unsupported_grant_type", "The authorization grant type is not supported by the authorization server"),
    "007014": ("invalid_request", "The request does not contain the mandatory parameter"),
    "007015": ("invalid_request", "Invalid request time"),
    "007019": ("access_denied", "Access permission is missing"),
    "007023": (
        "invalid_request",
        "The redirect_uri specified in the request is not among those allowed for the system",
    ),
    "007053": (
        "invalid_client",
        "client_secret is formed incorrectly: it does not match the certificate or the information system, "
        "or the certificate is not active",
    ),
    "007055": ("access_denied", "Login with an unconfirmed account"),
    "007194": ("invalid_scope", "Access scope requested for an organization the user is not an employee of"),
}

#: Reserved logins with a fixed behaviour (see docs/fake.md).
MAGIC_LOGINS: dict[str, str] = {
    "user@example.test": "confirmed account, member of no organisation",
    "employee@example.test": "confirmed account, employee of every seeded organisation",
    "unconfirmed@example.test": "unconfirmed account: login ends with ESIA-007055",
    "blocked@example.test": "blocked account: the login page refuses it",
    "locked@example.test": "temporarily locked (as after too many wrong passwords) from the world's start",
}

_SCOPE_SPLIT = re.compile(r"[ +]+")

#: ``v1``: ``/aas/oauth2/ac`` + ``/aas/oauth2/te``; ``v2``: ``/aas/oauth2/v2/ac`` + ``/aas/oauth2/v3/te``.
Protocol = Literal["v1", "v2"]

#: Login-page refusal reason → the stable error code ``world.esia.authorize()`` raises (no ESIA code is public
#: for these, so they are the fake's own; see docs/fake.md).
REFUSAL_CODES: Final[dict[str, str]] = {
    "invalid_credentials": "fake.login_invalid_credentials",
    "blocked": "fake.login_blocked",
    "locked": "fake.login_locked",
    "sms_attempts": "fake.login_sms_attempts",
}


class EsiaProtocolError(Exception):
    """An ESIA protocol error with its code (``"007014"``); routes render it on the wire.

    ``redirect_uri``/``state`` are set when the error may be sent back to the client's callback; otherwise
    ESIA shows it on its own error page.
    """

    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        redirect_uri: str | None = None,
        state: str | None = None,
    ) -> None:
        self.esia_code = code
        self.error, base = ESIA_ERRORS[code]
        self.detail = detail
        self.description = f"ESIA-{code}: {base}" + (f" [{detail}]" if detail else "")
        self.redirect_uri = redirect_uri
        self.state = state
        super().__init__(self.description)

    def callback_url(self) -> str:
        """The client's callback with ``error``, ``error_description`` and ``state`` (needs ``redirect_uri``)."""
        if self.redirect_uri is None:
            raise ValueError("this error cannot be redirected")
        params = {"error": self.error, "error_description": self.description}
        if self.state:
            params["state"] = self.state
        return add_query(self.redirect_uri, params)

    def to_json(self) -> dict[str, str]:
        """The token endpoint's body: ``{"error": …, "error_description": "ESIA-0070xx: …"}`` (+ state)."""
        body = {"error": self.error, "error_description": self.description}
        if self.state:
            body["state"] = self.state
        return body


class LoginRefused(Exception):
    """The login page refuses the person (wrong password, blocked or locked account, wrong SMS code)."""

    def __init__(self, reason: str, message_ru: str, status: int = 401) -> None:
        self.reason = reason
        self.message_ru = message_ru
        self.status = status
        super().__init__(reason)

    @property
    def code(self) -> str:
        """The stable error code of this refusal (:data:`REFUSAL_CODES`; ``fake.login_refused`` for the rest)."""
        return REFUSAL_CODES.get(self.reason, "fake.login_refused")


def base_scope(scope: str) -> str:
    """``"org_inn?org_oid=1"`` → ``"org_inn"``."""
    return scope.split("?", 1)[0]


def org_of_scope(scope: str) -> int | None:
    """The ``org_oid`` qualifier of a scope, or ``None``."""
    _, _, query = scope.partition("?")
    for key, value in parse_qsl(query):
        if key == "org_oid" and value.isdigit():
            return int(value)
    return None


def split_scopes(text: str) -> tuple[str, ...]:
    """Space-separated scopes (``+`` tolerated, duplicates removed, order kept)."""
    seen: dict[str, None] = {}
    for item in _SCOPE_SPLIT.split(text.strip()):
        if item:
            seen.setdefault(item, None)
    return tuple(seen)
