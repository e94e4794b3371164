"""The gateway on the wire: :func:`guard` (what a registry route calls first) and the test API under
``/__fake__/gateway`` (issue, list and remove test systems)."""

from __future__ import annotations

from typing import Any, Final

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing._http import Request, Response, Route
from egisz_sdk.testing._service import ServiceContext
from egisz_sdk.testing.services.gateway.records import ALL_ORGANIZATIONS, Caller, GatewayRefusal
from egisz_sdk.testing.services.gateway.state import GatewayState
from egisz_sdk.testing.services.gateway.wire import problem

__all__ = ["TEST_ROUTES", "guard", "refusal"]

_KINDS: Final = ("gost256", "gost512", "rsa")
_VARIANTS: Final = ("valid", "expired", "not_yet_valid", "revoked", "wrong_owner")


def refusal(gateway: GatewayState, refused: GatewayRefusal, now: float) -> Response:
    """The error document for a gateway refusal (``message``: the configured text, else the reason)."""
    settings = gateway.settings
    configured = settings.forbidden_message if refused.status == 403 else settings.unauthorized_message
    headers = [("WWW-Authenticate", "Bearer")] if refused.status == 401 else []
    return problem(refused.status, configured if configured is not None else refused.reason, now, headers=headers)


def guard(gateway: GatewayState, request: Request) -> Caller:
    """The verified caller of ``request`` (raises :class:`GatewayRefusal`; render it with :func:`refusal`)."""
    return gateway.authenticate(request.bearer())


def _bad(field: str, reason: str) -> ConfigurationError:
    return ConfigurationError("config.invalid", field=field, reason_ru=reason, reason_en=reason)


def _issue(gateway: GatewayState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """``POST /__fake__/gateway/systems`` ``{"system_id", "organizations": [oid…] | "*", "key_kind", "variant",
    "register"}`` → 201 with the PEM key, certificate and chain."""
    spec = request.json() if request.body else {}
    if not isinstance(spec, dict):
        raise _bad("body", "a JSON object")
    system_id = spec.get("system_id", "MIS-TEST-0001")
    organizations: Any = spec.get("organizations", ALL_ORGANIZATIONS)
    kind = spec.get("key_kind", "gost256")
    variant = spec.get("variant", "valid")
    register = spec.get("register", True)
    if not isinstance(system_id, str):
        raise _bad("system_id", "a string")
    if organizations != ALL_ORGANIZATIONS and not (
        isinstance(organizations, list) and all(isinstance(o, str) for o in organizations)
    ):
        raise _bad("organizations", 'a list of organisation OIDs or "*"')
    if kind not in _KINDS:
        raise _bad("key_kind", "gost256, gost512 or rsa")
    if variant not in _VARIANTS:
        raise _bad("variant", ", ".join(_VARIANTS))
    if not isinstance(register, bool):
        raise _bad("register", "true or false")
    issued = gateway.issue_system(system_id, organizations, key_kind=kind, variant=variant, register=register)
    return Response.json(issued.export(), status=201)


def _list(gateway: GatewayState, ctx: ServiceContext, request: Request, _: dict[str, str]) -> Response:
    """``GET /__fake__/gateway/systems``: the registered systems."""
    return Response.json(
        [
            {
                "system_id": s.system_id,
                "organizations": "*" if s.all_organizations else sorted(s.organizations),
                "enabled": s.enabled,
                "certificate": s.certificate.to_pem(),
            }
            for s in gateway.systems.values()
        ]
    )


def _remove(gateway: GatewayState, ctx: ServiceContext, request: Request, params: dict[str, str]) -> Response:
    """``DELETE /__fake__/gateway/systems/{system_id}``."""
    gateway.unregister(params["system_id"])
    return Response(204)


#: The gateway's test API (never journaled or faulted).
TEST_ROUTES: Final = [
    Route("POST", "/__fake__/gateway/systems", "fake.gateway.issue", _issue, journal=False),
    Route("GET", "/__fake__/gateway/systems", "fake.gateway.systems", _list, journal=False),
    Route("DELETE", "/__fake__/gateway/systems/{system_id}", "fake.gateway.remove", _remove, journal=False),
]
