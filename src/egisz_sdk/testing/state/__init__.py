"""Per-service state of the fake world: plain data, invariants and domain errors — no HTTP here."""

from __future__ import annotations

from egisz_sdk.testing.state.esia import (
    Account,
    EsiaProtocolError,
    EsiaSettings,
    EsiaState,
    Flow,
    LoginRefused,
    RegisteredClient,
    SystemIdentity,
)

__all__ = [
    "Account",
    "EsiaProtocolError",
    "EsiaSettings",
    "EsiaState",
    "Flow",
    "LoginRefused",
    "RegisteredClient",
    "SystemIdentity",
]
