"""Verification of ESIA's JWTs (always on): signature, algorithm, key, issuer, audience, times, subject.

The signature itself is checked by :func:`egisz_sdk.signature.jose.decode_jwt` (raw GOST R 34.10-2012-256 as
ESIA sends it, or RS256) against the configured ESIA certificates — several at once while ESIA rotates them.
This module adds the claim checks and maps the JOSE layer's errors to ``esia.token.*`` codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Final

from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.errors import TokenError
from egisz_sdk.errors import ConfigurationError, SignatureError

__all__ = ["clock_offset", "decode", "subject_oid", "verify_token"]

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


def _number(claims: Mapping[str, Any], name: str, kind: str, required: bool) -> float | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise TokenError("esia.token.claim_missing", field=name, kind=kind, claim=name)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TokenError("esia.token.claim_missing", field=name, kind=kind, claim=name)
    return float(value)


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def subject_oid(claims: Mapping[str, Any]) -> int | None:
    """The user's oid: ``urn:esia:sbj_id`` (v2), or v1's ``urn:esia:sbj`` → ``urn:esia:sbj:oid``."""
    value = claims.get("urn:esia:sbj_id")
    if value is None:
        sbj = claims.get("urn:esia:sbj")
        if isinstance(sbj, Mapping):
            value = sbj.get("urn:esia:sbj:oid")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def verify_token(token: str, config: EsiaConfig, *, now: datetime, kind: str = "access") -> dict[str, Any]:
    """Verify one ESIA token and return its claims.

    Checks, in order: signature and algorithm (JOSE layer), ``iss``, ``client_id`` (or ``aud``), ``exp``,
    ``nbf`` and ``iat`` with :attr:`EsiaConfig.leeway`, and for access tokens the subject oid.

    Raises:
        TokenError: ``esia.token.*``.
        ConfigurationError: ``esia.no_verification_keys``.
    """
    _, claims = decode(token, config, kind)
    issuer = claims.get("iss")
    if not isinstance(issuer, str):
        raise TokenError("esia.token.claim_missing", field="iss", kind=kind, claim="iss")
    if issuer != config.expected_issuer:
        raise TokenError("esia.token.issuer", field="iss", kind=kind, given=issuer, expected=config.expected_issuer)
    audience = claims.get("client_id", claims.get("aud"))
    if audience is None:
        raise TokenError("esia.token.claim_missing", field="client_id", kind=kind, claim="client_id/aud")
    audiences = [str(a) for a in audience] if isinstance(audience, list) else [str(audience)]
    if config.client_id not in audiences:
        raise TokenError(
            "esia.token.audience", field="client_id", kind=kind, given=",".join(audiences), expected=config.client_id
        )
    moment = now.timestamp()
    leeway = config.leeway
    exp = _number(claims, "exp", kind, required=True)
    assert exp is not None
    if moment > exp + leeway:
        raise TokenError("esia.token.expired", field="exp", kind=kind, when=_when(exp))
    nbf = _number(claims, "nbf", kind, required=False)
    if nbf is not None and moment < nbf - leeway:
        raise TokenError("esia.token.not_yet_valid", field="nbf", kind=kind, when=_when(nbf))
    iat = _number(claims, "iat", kind, required=False)
    if iat is not None and moment < iat - leeway:
        raise TokenError("esia.token.not_yet_valid", field="iat", kind=kind, when=_when(iat))
    if kind == "access" and subject_oid(claims) is None:
        raise TokenError("esia.token.claim_missing", field="urn:esia:sbj_id", kind=kind, claim="urn:esia:sbj_id")
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
