"""Routes of the fake world: request → state call → response with the real wire codes (sans-IO)."""

from __future__ import annotations

from egisz_sdk.testing.routes.admin import ADMIN_ROUTES
from egisz_sdk.testing.routes.esia import ESIA_ROUTES

__all__ = ["ADMIN_ROUTES", "ESIA_ROUTES"]
