"""Authentication: the ESIA (Gosuslugi) OAuth 2.0 / OpenID Connect client.

>>> from egisz_sdk.auth import EsiaClient, EsiaConfig                     # doctest: +SKIP

See ``docs/esia.md`` for the login flow, protocol versions, token verification and errors.
"""

from __future__ import annotations

from egisz_sdk.auth.esia import (
    ENVIRONMENTS,
    Address,
    AsyncEsiaClient,
    AuthorizationRequest,
    Callback,
    Collection,
    Contact,
    Document,
    EsiaClient,
    EsiaConfig,
    EsiaError,
    LoginResult,
    Organization,
    Person,
    SignerLike,
    TokenError,
    TokenSet,
    b64url,
    certificate_hash,
    format_timestamp,
    new_state,
    org_scopes,
    parse_callback,
    secret_string,
    subject_oid,
    verify_token,
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
