"""The ESIA (Gosuslugi) OAuth 2.0 / OpenID Connect client: sans-IO core, sync and async shells.

This is the one place the public names are listed; :mod:`egisz_sdk.auth` re-exports them.
"""

from __future__ import annotations

from egisz_sdk.auth.esia._protocol import (
    b64url,
    certificate_hash,
    format_timestamp,
    new_state,
    org_scopes,
    parse_callback,
    secret_string,
)
from egisz_sdk.auth.esia._tokens import subject_oid, verify_token
from egisz_sdk.auth.esia.client import AsyncEsiaClient, EsiaClient
from egisz_sdk.auth.esia.config import ENVIRONMENTS, EsiaConfig, SignerLike
from egisz_sdk.auth.esia.errors import EsiaError, TokenError
from egisz_sdk.auth.esia.models import (
    Address,
    AuthorizationRequest,
    Callback,
    Collection,
    Contact,
    Document,
    LoginResult,
    Organization,
    Person,
    TokenSet,
)

__all__ = [
    "ENVIRONMENTS",
    "Address",
    "AsyncEsiaClient",
    "AuthorizationRequest",
    "Callback",
    "Collection",
    "Contact",
    "Document",
    "EsiaClient",
    "EsiaConfig",
    "EsiaError",
    "LoginResult",
    "Organization",
    "Person",
    "SignerLike",
    "TokenError",
    "TokenSet",
    "b64url",
    "certificate_hash",
    "format_timestamp",
    "new_state",
    "org_scopes",
    "parse_callback",
    "secret_string",
    "subject_oid",
    "verify_token",
]
