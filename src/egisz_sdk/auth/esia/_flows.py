"""Multi-step ESIA exchanges as generators (the shape of httpx's ``Auth.auth_flow()``).

A flow yields :class:`httpx.Request` objects and receives :class:`httpx.Response` objects; its return value
is the result. :class:`~egisz_sdk.auth.EsiaClient` and :class:`~egisz_sdk.auth.AsyncEsiaClient` drive the same
flows with :func:`egisz_sdk._http.drive` / :func:`~egisz_sdk._http.adrive`, so the protocol logic exists once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Final

from pydantic import SecretStr

from egisz_sdk._http import Flow
from egisz_sdk.auth.esia import _protocol as proto
from egisz_sdk.auth.esia._tokens import subject_oid, verify_token
from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.errors import TokenError
from egisz_sdk.auth.esia.models import Collection, LoginResult, Organization, Person, TokenSet

__all__ = [
    "Flow",
    "collection_flow",
    "items_flow",
    "login_flow",
    "organization_flow",
    "person_flow",
    "refresh_flow",
    "token_flow",
    "token_set",
]

#: The longest ``expires_in`` believed (a year); a larger or negative one is a malformed answer.
_MAX_EXPIRES_IN: Final = 366 * 24 * 3600

_OID_SUFFIX = re.compile(r"\?oid=\d+$")


def token_set(config: EsiaConfig, raw: proto.RawTokens, *, now: datetime, id_token_required: bool = False) -> TokenSet:
    """Verify the tokens of a token response and build the :class:`TokenSet`.

    The access token must be an access token and the id token an id token (``esia.token.kind``), both for this
    client, and the id token must name the same user (``esia.token.subject``). With ``id_token_required`` (an
    authorization code redeemed with the ``openid`` scope) an answer without an id token is refused
    (``esia.token.id_token_missing``).
    """
    claims = verify_token(raw.access_token, config, now=now, kind="access")
    oid = subject_oid(claims)
    assert oid is not None  # verify_token guarantees it for access tokens
    if raw.id_token is None and id_token_required:
        raise TokenError("esia.token.id_token_missing", field="id_token", kind="id")
    if raw.id_token is not None:
        id_claims = verify_token(raw.id_token, config, now=now, kind="id")
        id_oid = subject_oid(id_claims)
        if id_oid != oid:
            raise TokenError("esia.token.subject", field="id_token", kind="id", given=str(id_oid), expected=str(oid))
    scope = claims.get("scope")
    scopes = tuple(_OID_SUFFIX.sub("", s) for s in scope.split()) if isinstance(scope, str) else ()
    exp = claims.get("exp")
    if raw.expires_in is not None and 0 <= raw.expires_in <= _MAX_EXPIRES_IN:
        expires_at: datetime | None = now + timedelta(seconds=raw.expires_in)
    elif isinstance(exp, int):  # verify_token checked it is an integer in range
        expires_at = datetime.fromtimestamp(exp, now.tzinfo)
    else:
        expires_at = None
    return TokenSet(
        access_token=SecretStr(raw.access_token),
        token_type=raw.token_type,
        expires_in=raw.expires_in,
        id_token=SecretStr(raw.id_token) if raw.id_token else None,
        refresh_token=SecretStr(raw.refresh_token) if raw.refresh_token else None,
        state=raw.state,
        oid=oid,
        scopes=scopes,
        expires_at=expires_at,
        claims=claims,
    )


def token_flow(
    config: EsiaConfig,
    code: str,
    *,
    now: Callable[[], datetime],
    scopes: Iterable[str] | str | None = None,
    scope_org: str | None = None,
    state: str | None = None,
) -> Flow[TokenSet]:
    """Redeem an authorization code (one ``POST``, never retried) and verify the tokens."""
    prepared = proto.token_request(config, code, now=now(), scopes=scopes, scope_org=scope_org, state=state)
    # OpenID Connect Core 3.1.3.3: a code redeemed for the openid scope must come with an id token.
    return (yield from _token_exchange(config, prepared, now, id_token_required="openid" in prepared.scopes))


def refresh_flow(
    config: EsiaConfig,
    refresh_token: str,
    *,
    now: Callable[[], datetime],
    scopes: Iterable[str] | str | None = None,
    scope_org: str | None = None,
    state: str | None = None,
) -> Flow[TokenSet]:
    """Trade a refresh token for new tokens (``grant_type=refresh_token``) and verify them.

    An id token is optional here (OpenID Connect Core 12.2 lets a refresh answer omit it); when present it is
    verified like the one of the login.
    """
    prepared = proto.refresh_request(config, refresh_token, now=now(), scopes=scopes, scope_org=scope_org, state=state)
    return (yield from _token_exchange(config, prepared, now, id_token_required=False))


def _token_exchange(
    config: EsiaConfig, prepared: proto.PreparedToken, now: Callable[[], datetime], *, id_token_required: bool
) -> Flow[TokenSet]:
    response = yield prepared.request
    raw = proto.parse_token_response(response, prepared.state)
    return token_set(config, raw, now=now(), id_token_required=id_token_required)


def person_flow(config: EsiaConfig, oid: int | str, token: str, *, embed: Iterable[str] | None = None) -> Flow[Person]:
    """Fetch ``/rs/prns/{oid}`` (optionally with embedded collections)."""
    response = yield proto.person_request(config, oid, token, embed=embed)
    return proto.parse_person(response, oid)


def collection_flow(config: EsiaConfig, oid: int | str, token: str, name: str) -> Flow[Collection[Any]]:
    """Fetch one of the person's collections with its elements embedded."""
    response = yield proto.collection_request(config, oid, token, name)
    return proto.parse_collection(response, name)


def items_flow(config: EsiaConfig, oid: int | str, token: str, name: str) -> Flow[list[Any]]:
    """The embedded elements of one of the person's collections."""
    collection = yield from collection_flow(config, oid, token, name)
    return collection.items


def organization_flow(config: EsiaConfig, org_oid: int | str, token: str) -> Flow[Organization]:
    """Fetch ``/rs/orgs/{org_oid}``."""
    response = yield proto.organization_request(config, org_oid, token)
    return proto.parse_organization(response)


def login_flow(
    config: EsiaConfig,
    code: str,
    *,
    now: Callable[[], datetime],
    scopes: Iterable[str] | str | None = None,
    scope_org: str | None = None,
    embed: Iterable[str] | None = None,
) -> Flow[LoginResult]:
    """Code → verified tokens → the person they belong to."""
    tokens = yield from token_flow(config, code, now=now, scopes=scopes, scope_org=scope_org)
    person = yield from person_flow(config, tokens.oid, tokens.access_token.get_secret_value(), embed=embed)
    return LoginResult(tokens=tokens, person=person)
