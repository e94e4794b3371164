"""ESIA's OAuth 2.0 protocol without I/O: build requests, sign ``client_secret``, parse answers.

Every function here is pure: it takes the configuration and explicit inputs (time, state) and returns an
:class:`httpx.Request` (a plain data object — nothing is sent) or a parsed result / typed error. The sync and
async clients only send what these functions build. Requests to ESIA are relative (path and query): the shared
HTTP layer resolves them against :class:`~egisz_sdk._http.HttpConfig` (base URL, ``User-Agent``, headers); only
the browser URLs (authorization, logout) are absolute. The REST API part (person, organisation) is in
:mod:`._api` and re-exported here.

The signed strings (plain UTF-8 concatenation, no separators — the order matters):

========================  ===========================================================================
v1 ``/ac`` and ``/te``    ``scope + timestamp + client_id + state``  → detached CMS, base64url
v2 ``/v2/ac``             ``client_id + scope [+ scope_org] + timestamp + state + redirect_uri`` → raw
v3 ``/v3/te`` (code)      ``client_id + scope [+ scope_org] + timestamp + state + redirect_uri + code``
v3 ``/v3/te`` (refresh)   as v2 ``/ac``
========================  ===========================================================================
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import attrs
import httpx

from egisz_sdk._http import IDEMPOTENT_EXTENSION, parse_json
from egisz_sdk.auth.esia._api import (
    collection_request,
    organization_request,
    parse_collection,
    parse_organization,
    parse_person,
    person_request,
)
from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.errors import esia_error_from_mapping, raise_for_esia_error
from egisz_sdk.auth.esia.models import (
    AuthorizationRequest,
    Callback,
)
from egisz_sdk.errors import AuthError, ConfigurationError, SignatureError
from egisz_sdk.signature.certificates import streebog256_thumbprint
from egisz_sdk.signature.jose import b64url_encode

__all__ = [
    "AC_PATH",
    "LOGOUT_PATH",
    "TE_PATH",
    "PreparedToken",
    "RawTokens",
    "authorization_request",
    "b64url",
    "certificate_hash",
    "check_certificate_validity",
    "client_secret",
    "collection_request",
    "format_timestamp",
    "logout_url",
    "new_state",
    "org_scopes",
    "organization_request",
    "parse_callback",
    "parse_collection",
    "parse_organization",
    "parse_person",
    "parse_token_response",
    "person_request",
    "refresh_request",
    "secret_string",
    "token_request",
]

#: Authorization endpoint per protocol.
AC_PATH: Final = {"v1": "/aas/oauth2/ac", "v2": "/aas/oauth2/v2/ac"}
#: Token endpoint per protocol.
TE_PATH: Final = {"v1": "/aas/oauth2/te", "v2": "/aas/oauth2/v3/te"}
#: Logout endpoint (takes ``redirect_url``, not ``redirect_uri``).
LOGOUT_PATH: Final = "/idp/ext/Logout"


# ---------------------------------------------------------------- primitives


def format_timestamp(moment: datetime) -> str:
    """ESIA's ``timestamp``: ``yyyy.MM.dd HH:mm:ss Z`` (e.g. ``2013.01.25 14:36:11 +0400``); naive times are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.strftime("%Y.%m.%d %H:%M:%S %z")


def new_state() -> str:
    """A fresh ``state``: a random UUID version 4."""
    return str(uuid.uuid4())


#: Base64url without ``=`` padding (what the production-proven clients send): the JOSE layer's encoder.
b64url = b64url_encode


def _query(pairs: Sequence[tuple[str, str]]) -> str:
    # quote (not quote_plus): a space is %20 and "+" in the timestamp's offset becomes %2B.
    return urlencode(pairs, quote_via=quote, safe="")


def org_scopes(scopes: Iterable[str], org_oid: int | str) -> tuple[str, ...]:
    """Qualify organisation scopes with ``?org_oid=N`` (e.g. ``org_inn?org_oid=1000299353``)."""
    return tuple(f"{s}?org_oid={org_oid}" for s in scopes)


def certificate_hash(config: EsiaConfig) -> str:
    """``client_certificate_hash``: Streebog-256 of the signer certificate's DER, 64 upper-case hex characters
    (never of the PEM text; :func:`egisz_sdk.signature.certificates.streebog256_thumbprint`)."""
    try:
        return streebog256_thumbprint(config.signer.certificate)
    except SignatureError:
        raise ConfigurationError(
            "config.invalid",
            field="signer.certificate",
            reason_ru="у подписанта нет сертификата (DER/PEM или объекта с .der)",
            reason_en="the signer has no certificate (DER/PEM or an object with .der)",
        ) from None


def secret_string(
    config: EsiaConfig,
    *,
    scope: str,
    timestamp: str,
    state: str,
    scope_org: str | None = None,
    code: str | None = None,
) -> str:
    """The exact string ``client_secret`` signs for the configured protocol (see the module docstring)."""
    if config.protocol == "v1":
        return scope + timestamp + config.client_id + state
    parts = [config.client_id, scope, scope_org or "", timestamp, state, config.redirect_uri, code or ""]
    return "".join(parts)


def check_certificate_validity(config: EsiaConfig, now: datetime) -> None:
    """Refuse to sign with a certificate that is expired or not yet valid (ESIA would answer ``ESIA-007053``).

    Certificates given as raw bytes (without ``not_before``/``not_after``) are not checked here.
    """
    certificate = config.signer.certificate
    not_before = getattr(certificate, "not_before", None)
    not_after = getattr(certificate, "not_after", None)
    if isinstance(not_after, datetime) and now > _aware(not_after):
        raise ConfigurationError("esia.certificate_expired", field="signer.certificate", when=not_after.isoformat())
    if isinstance(not_before, datetime) and now < _aware(not_before):
        raise ConfigurationError(
            "esia.certificate_not_yet_valid", field="signer.certificate", when=not_before.isoformat()
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def client_secret(config: EsiaConfig, message: str, *, now: datetime | None = None) -> str:
    """Sign ``message`` (UTF-8): raw GOST signature (v2/v3) or detached CMS (v1), base64url without padding.

    With ``now``, the certificate's validity period is checked first (:func:`check_certificate_validity`).
    """
    if now is not None:
        check_certificate_validity(config, _aware(now))
    data = message.encode("utf-8")
    if config.protocol == "v1":
        from egisz_sdk.signature.cms import sign_cms

        return b64url(sign_cms(data, config.signer, detached=True))
    return b64url(config.signer.sign(data))


def _scope_text(config: EsiaConfig, scopes: Iterable[str] | str | None) -> tuple[tuple[str, ...], str]:
    if scopes is None:
        chosen = config.scopes
    elif isinstance(scopes, str):
        chosen = tuple(scopes.split())
    else:
        chosen = tuple(s for v in scopes for s in str(v).split())
    if not chosen:
        raise ConfigurationError(
            "config.invalid",
            field="scopes",
            value="",
            reason_ru="нужна хотя бы одна область доступа (openid …)",
            reason_en="at least one scope is required",
        )
    return chosen, " ".join(chosen)


@attrs.frozen
class _Signed:
    """What every signed request carries: the scopes, a state, the timestamp and ``client_secret`` over them."""

    scopes: tuple[str, ...]
    scope: str
    state: str
    timestamp: str
    secret: str = attrs.field(repr=False)


def _sign(
    config: EsiaConfig,
    *,
    now: datetime,
    scopes: Iterable[str] | str | None,
    scope_org: str | None,
    state: str | None,
    code: str | None = None,
) -> _Signed:
    if scope_org and config.protocol == "v1":
        raise ConfigurationError("esia.scope_org_v1", field="scope_org")
    chosen, scope = _scope_text(config, scopes)
    state = state or new_state()
    timestamp = format_timestamp(now)
    message = secret_string(config, scope=scope, timestamp=timestamp, state=state, scope_org=scope_org, code=code)
    return _Signed(chosen, scope, state, timestamp, client_secret(config, message, now=now))


# ---------------------------------------------------------------- authorization


def authorization_request(
    config: EsiaConfig,
    *,
    now: datetime,
    scopes: Iterable[str] | str | None = None,
    state: str | None = None,
    access_type: str = "online",
    scope_org: str | None = None,
) -> AuthorizationRequest:
    """The URL to send the user's browser to (``/v2/ac`` or ``/ac``), and what to keep for the callback."""
    if access_type not in ("online", "offline"):
        raise ConfigurationError(
            "config.invalid",
            field="access_type",
            value=access_type,
            reason_ru="допустимы online и offline",
            reason_en="online or offline expected",
        )
    signed = _sign(config, now=now, scopes=scopes, scope_org=scope_org, state=state)
    pairs = [
        ("client_id", config.client_id),
        ("client_secret", signed.secret),
        ("redirect_uri", config.redirect_uri),
        ("scope", signed.scope),
        ("response_type", "code"),
        ("state", signed.state),
        ("timestamp", signed.timestamp),
        ("access_type", access_type),
    ]
    if config.protocol == "v2":
        pairs.append(("client_certificate_hash", certificate_hash(config)))
        if scope_org:
            pairs.append(("scope_org", scope_org))
    url = f"{config.base_url}{AC_PATH[config.protocol]}?{_query(pairs)}"
    return AuthorizationRequest(
        url=url,
        state=signed.state,
        timestamp=signed.timestamp,
        scopes=signed.scopes,
        scope_org=scope_org,
        access_type=access_type,
    )


def _params(url_or_params: str | httpx.URL | Mapping[str, Any]) -> dict[str, str]:
    if isinstance(url_or_params, Mapping):
        return {str(k): (v[0] if isinstance(v, list) and v else str(v)) for k, v in url_or_params.items()}
    text = str(url_or_params)
    query = urlsplit(text).query if ("?" in text or "://" in text) else text
    return dict(parse_qsl(query, keep_blank_values=True))


def parse_callback(url_or_params: str | httpx.URL | Mapping[str, Any], expected_state: str) -> Callback:
    """Check ESIA's redirect back to ``redirect_uri`` and return the ``code``.

    Args:
        url_or_params: the full callback URL, its query string, or the already parsed query parameters.
        expected_state: the :attr:`AuthorizationRequest.state` kept in the user's session.

    Raises:
        EsiaError: ESIA reported an error (``esia.007004`` when the user refused consent …).
        AuthError: ``esia.state_mismatch`` (forged or crossed callback) or ``esia.callback_invalid``.
    """
    params = _params(url_or_params)
    failure = esia_error_from_mapping(params, source="callback")
    if failure is not None:
        raise failure
    state = params.get("state")
    if not state:
        raise AuthError(
            "esia.callback_invalid",
            field="state",
            reason_ru="нет параметра state",
            reason_en="the state parameter is missing",
        )
    if not hmac.compare_digest(state.encode(), expected_state.encode()):
        raise AuthError("esia.state_mismatch", field="state", where="callback")
    code = params.get("code")
    if not code:
        raise AuthError(
            "esia.callback_invalid",
            field="code",
            reason_ru="нет ни code, ни error",
            reason_en="neither code nor error is present",
        )
    return Callback(code=code, state=state)


def logout_url(config: EsiaConfig, redirect_url: str | None = None) -> str:
    """ESIA's logout URL; ESIA sends the browser to ``redirect_url`` (sic: not ``redirect_uri``) afterwards."""
    pairs = [("client_id", config.client_id)]
    if redirect_url is not None:
        pairs.append(("redirect_url", redirect_url))
    return f"{config.base_url}{LOGOUT_PATH}?{_query(pairs)}"


# ---------------------------------------------------------------- token endpoint


@attrs.frozen
class PreparedToken:
    """A token request ready to send, the state its answer must echo, and the scopes it asks for."""

    request: httpx.Request = attrs.field(repr=False)
    state: str
    timestamp: str
    scopes: tuple[str, ...] = ()


def _token_request(
    config: EsiaConfig,
    grant: tuple[str, str],
    *,
    now: datetime,
    scopes: Iterable[str] | str | None,
    scope_org: str | None,
    state: str | None,
) -> PreparedToken:
    """The token ``POST`` for ``grant`` (``("code", …)`` or ``("refresh_token", …)``)."""
    name, value = grant
    code = value if name == "code" else None
    signed = _sign(config, now=now, scopes=scopes, scope_org=scope_org, state=state, code=code)
    pairs = [
        ("client_id", config.client_id),
        grant,
        ("grant_type", "authorization_code" if name == "code" else "refresh_token"),
        ("client_secret", signed.secret),
        ("state", signed.state),
        ("redirect_uri", config.redirect_uri),
        ("scope", signed.scope),
        ("timestamp", signed.timestamp),
        ("token_type", "Bearer"),
    ]
    if config.protocol == "v2":
        if scope_org:
            pairs.append(("scope_org", scope_org))
        pairs.append(("client_certificate_hash", certificate_hash(config)))
    # A relative request: the HTTP layer adds ESIA's base URL and the shared headers (HttpConfig).
    request = httpx.Request(
        "POST",
        TE_PATH[config.protocol],
        content=_query(pairs).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        # a code or refresh token is single-use: the request must never be replayed blindly
        extensions={IDEMPOTENT_EXTENSION: False},
    )
    return PreparedToken(request=request, state=signed.state, timestamp=signed.timestamp, scopes=signed.scopes)


def token_request(
    config: EsiaConfig,
    code: str,
    *,
    now: datetime,
    scopes: Iterable[str] | str | None = None,
    scope_org: str | None = None,
    state: str | None = None,
) -> PreparedToken:
    """The ``POST /v3/te`` (or ``/te``) that redeems an authorization ``code``, with a NEW ``state``."""
    return _token_request(config, ("code", code), now=now, scopes=scopes, scope_org=scope_org, state=state)


def refresh_request(
    config: EsiaConfig,
    refresh_token: str,
    *,
    now: datetime,
    scopes: Iterable[str] | str | None = None,
    scope_org: str | None = None,
    state: str | None = None,
) -> PreparedToken:
    """The ``POST /v3/te`` with ``grant_type=refresh_token`` (client_secret signed as for ``/v2/ac``)."""
    grant = ("refresh_token", refresh_token)
    return _token_request(config, grant, now=now, scopes=scopes, scope_org=scope_org, state=state)


@attrs.frozen
class RawTokens:
    """The token endpoint's answer before verification (secrets hidden from ``repr``)."""

    access_token: str = attrs.field(repr=False)
    id_token: str | None = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(repr=False)
    token_type: str
    expires_in: int | None
    state: str | None


def _short_digits(value: object) -> bool:
    """An ``expires_in`` we can read: an integer (or a string of up to 9 digits), never a float or a huge number."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value < 10**9
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9


def parse_token_response(response: httpx.Response, sent_state: str) -> RawTokens:
    """Parse the token endpoint's answer; the echoed ``state`` must equal the one sent.

    Raises:
        EsiaError: HTTP 400 with ESIA's ``error_description`` (``esia.007011`` for a used/expired code …).
        AuthError: ``esia.state_mismatch``, ``esia.token_response_invalid``.
        TransportError: ``transport.bad_json`` (HTML/garbage), ``transport.status`` (5xx …).
    """
    raise_for_esia_error(response, "token")
    data = parse_json(response)
    failure = esia_error_from_mapping(data, source="token", status=response.status_code)
    if failure is not None:
        raise failure
    access = data.get("access_token")
    if not isinstance(access, str) or not access:
        raise AuthError(
            "esia.token_response_invalid",
            field="access_token",
            reason_ru="нет access_token",
            reason_en="access_token is missing",
        )
    state = data.get("state")
    if not isinstance(state, str) or not hmac.compare_digest(state.encode(), sent_state.encode()):
        raise AuthError("esia.state_mismatch", field="state", where="token")
    expires = data.get("expires_in")
    id_token = data.get("id_token")
    refresh = data.get("refresh_token")
    return RawTokens(
        access_token=access,
        id_token=id_token if isinstance(id_token, str) and id_token else None,
        refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        token_type=str(data.get("token_type") or "Bearer"),
        expires_in=int(str(expires)) if _short_digits(expires) else None,
        state=state,
    )
