"""The fake NSI (ФНСИ): dictionaries served in NSI's wire format over the fake world's transports."""

from __future__ import annotations

from egisz_sdk.testing.services.nsi.routes import REST_ROOT, ROUTES, answer, make_service
from egisz_sdk.testing.services.nsi.state import (
    DEFAULT_USER_KEY,
    DictionaryVersion,
    NsiState,
    generated_dictionary,
)

__all__ = [
    "DEFAULT_USER_KEY",
    "REST_ROOT",
    "ROUTES",
    "DictionaryVersion",
    "NsiState",
    "answer",
    "generated_dictionary",
    "make_service",
]
