"""Verification of ESIA's JWTs (always on): signature, algorithm, key, kind, issuer, audience, times, subject.

The signature itself is checked by :func:`egisz_sdk.signature.jose.decode_jwt` (raw GOST R 34.10-2012-256 as
ESIA sends it, or RS256) against the configured ESIA certificates — several at once while ESIA rotates them.
This module adds the claim checks and maps the JOSE layer's errors to ``esia.token.*`` codes.

Access and id tokens are signed by the same key, so the kind is checked, never assumed: ESIA writes it in the
``sbt`` header (``"access"`` / ``"id"``), and the claims differ — an access token names the client in
``client_id`` and carries ``scope``, an id token names it in ``aud``. A token of the other kind is refused
with ``esia.token.kind``, and each kind's audience is read only from its own claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Final

from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.errors import TokenError
from egisz_sdk.errors import ConfigurationError, SignatureError

__all__ = ["clock_offset", "decode", "subject_oid", "token_kind", "verify_token"]

#: The kinds of token ESIA issues, with the claim that names the client in each.
_AUDIENCE_CLAIM: Final = {"access": "client_id", "id": "aud"}
#: Time claims must be JSON integers in this range (seconds since 1970 up to the year 9999).
_MAX_TIME: Final = 253_402_300_799

#: JOSE error code → ESIA token error code.
_JOSE_CODES: Final = {
    "jws.alg_none": "esia.token.alg_none",
    "jws.alg_not_allowed": "esia.token.alg_not_allowed",
    "jws.unknown_key": "esia.token.unknown_key",
    "jws.signature_mismatch": "esia.token.signature",
    "jws.malformed": "esia.token.malformed",
}


def decode(token: str, config: EsiaConfig, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check the token's signature with the JOSE layer; return ``(header, claims)`` or raise :class:`TokenError`."""
    if not config.verification_keys:
        raise ConfigurationError("esia.no_verification_keys", field="verification_keys")
    from egisz_sdk.signature.jose import decode_jwt

    keys = list(config.verification_keys)
    try:
        header, claims = decode_jwt(token, keys=keys, algorithms=list(config.token_algorithms))
    except SignatureError as exc:
        code = _JOSE_CODES.get(exc.code, "esia.token.invalid")
        raise TokenError(
            code, field=f"{kind}_token", kind=kind, allowed=", ".join(config.token_algorithms), cause=exc.code
        ) from None
    if not isinstance(claims, Mapping):
        raise TokenError("esia.token.malformed", field=f"{kind}_token", kind=kind)
    return dict(header), dict(claims)


def _time(claims: Mapping[str, Any], name: str, kind: str, required: bool) -> int | None:
    """A time claim: absent (``None``, or ``claim_missing`` when required), else a JSON integer in range.

    ``NaN``, ``Infinity``, ``1e300``, ``-1e300``, floats, strings and booleans are ``esia.token.malformed``: they
    would disable the check (NaN compares false) or overflow the date arithmetic.
    """
    value = claims.get(name)
    if value is None:
        if required:
            raise TokenError("esia.token.claim_missing", field=name, kind=kind, claim=name)
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_TIME:
        raise TokenError("esia.token.malformed", field=name, kind=kind, claim=name)
    return value


def token_kind(header: Mapping[str, Any], claims: Mapping[str, Any]) -> str | None:
    """``"access"`` or ``"id"``: the ``sbt`` header (or claim) ESIA writes, else what the claims show; ``None``
    when neither tells (a token that is both or neither)."""
    sbt = header.get("sbt", claims.get("sbt"))
    if sbt is not None:
        return sbt if isinstance(sbt, str) and sbt in _AUDIENCE_CLAIM else None
    has_client_id, has_aud = "client_id" in claims, "aud" in claims
    if has_client_id and not has_aud:
        return "access"
    if has_aud and not has_client_id:
        return "id"
    return None


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def subject_oid(claims: Mapping[str, Any]) -> int | None:
    """The user's oid: ``urn:esia:sbj_id`` (access tokens), ``urn:esia:sbj`` → ``urn:esia:sbj:oid`` (id tokens,
    v1), or ``sub`` (id tokens)."""
    value = claims.get("urn:esia:sbj_id")
    if value is None:
        sbj = claims.get("urn:esia:sbj")
        if isinstance(sbj, Mapping):
            value = sbj.get("urn:esia:sbj:oid")
    if value is None:
        value = claims.get("sub")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        return int(value)
    return None


def verify_token(token: str, config: EsiaConfig, *, now: datetime, kind: str = "access") -> dict[str, Any]:
    """Verify one ESIA token of the given ``kind`` (``"access"`` or ``"id"``) and return its claims.

    Checks, in order: signature and algorithm (JOSE layer), the kind (``sbt``: an id token is never accepted as
    an access token, nor the reverse), ``iss``, the audience (``client_id`` for access tokens, ``aud`` for id
    tokens), ``exp``, ``nbf`` and ``iat`` (JSON integers, with :attr:`EsiaConfig.leeway`), and the subject oid.

    Raises:
        TokenError: ``esia.token.*`` (``esia.token.kind`` for a token of the other kind).
        ConfigurationError: ``esia.no_verification_keys``, ``config.invalid`` for an unknown ``kind``.
    """
    if kind not in _AUDIENCE_CLAIM:
        raise ConfigurationError(
            "config.invalid", field="kind", value=kind, reason_ru="допустимы access и id", reason_en="access or id"
        )
    header, claims = decode(token, config, kind)
    found = token_kind(header, claims)
    if found != kind:
        raise TokenError("esia.token.kind", field=f"{kind}_token", kind=kind, given=found or "?", expected=kind)
    issuer = claims.get("iss")
    if not isinstance(issuer, str):
        raise TokenError("esia.token.claim_missing", field="iss", kind=kind, claim="iss")
    if issuer != config.expected_issuer:
        raise TokenError("esia.token.issuer", field="iss", kind=kind, given=issuer, expected=config.expected_issuer)
    name = _AUDIENCE_CLAIM[kind]
    audience = claims.get(name)
    if audience is None:
        raise TokenError("esia.token.claim_missing", field=name, kind=kind, claim=name)
    audiences = [str(a) for a in audience] if isinstance(audience, list) else [str(audience)]
    if config.client_id not in audiences:
        raise TokenError(
            "esia.token.audience", field=name, kind=kind, given=",".join(audiences)[:200], expected=config.client_id
        )
    moment = now.timestamp()
    leeway = config.leeway
    exp = _time(claims, "exp", kind, required=True)
    assert exp is not None
    if moment > exp + leeway:
        raise TokenError("esia.token.expired", field="exp", kind=kind, when=_when(exp))
    nbf = _time(claims, "nbf", kind, required=False)
    if nbf is not None and moment < nbf - leeway:
        raise TokenError("esia.token.not_yet_valid", field="nbf", kind=kind, when=_when(nbf))
    iat = _time(claims, "iat", kind, required=False)
    if iat is not None and moment < iat - leeway:
        raise TokenError("esia.token.not_yet_valid", field="iat", kind=kind, when=_when(iat))
    if subject_oid(claims) is None:
        claim = "urn:esia:sbj_id" if kind == "access" else "sub"
        raise TokenError("esia.token.claim_missing", field=claim, kind=kind, claim=claim)
    return claims


def clock_offset(date_header: str | None, local: datetime) -> timedelta | None:
    """Server time minus local time from an HTTP ``Date`` header (``None`` when absent or unreadable)."""
    if not date_header:
        return None
    try:
        server = parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError):
        return None
    if server.tzinfo is None:
        server = server.replace(tzinfo=timezone.utc)
    return server - local
