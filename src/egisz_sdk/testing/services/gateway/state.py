"""The fake gateway's state: registered systems, the trust store and the token check (no HTTP here).

One :class:`GatewayState` per world, shared by every registry behind the gateway (FRMR, FRMO): reach it with
:func:`gateway_for` (``world.gateway`` when :class:`~egisz_sdk.testing.services.gateway.GatewayService` is
plugged in). A request's token is checked in this order, each failure a :class:`GatewayRefusal`:

1. a bearer token is present and at most ``settings.max_token`` long (401);
2. the header says ``alg: ECGOST3410-2012`` and carries ``x5c``; the detached CMS over ``header.payload`` is valid
   and made by the ``x5c`` certificate; the certificate chains to the trust store (the world PKI's GOST root) and
   is valid at the world clock — all by :func:`egisz_sdk.signature.jose.decode_ips_token` (401);
3. ``aud`` is one of ``settings.audiences``; ``exp`` has not passed and ``iat`` is not in the future (world clock,
   ``settings.leeway``); ``exp - iat`` within ``settings.max_lifetime`` (401);
4. ``sub`` names a registered, enabled system whose certificate is the ``x5c`` one (``settings.unregistered_status``).

Then :meth:`GatewayState.authorize` refuses organisations the system is not registered for (403).
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from egisz_sdk.errors import ConfigurationError, EgiszError
from egisz_sdk.testing import _crypto
from egisz_sdk.testing.services.gateway.records import (
    ALL_ORGANIZATIONS,
    Caller,
    GatewayRefusal,
    GatewaySettings,
    RegisteredSystem,
    TestSystem,
)

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.pki import Variant

__all__ = ["MAX_SYSTEMS", "GatewayState", "gateway_for"]

#: Most systems one gateway holds.
MAX_SYSTEMS = 10_000

#: A verified token: its exact text and the trust store (anchors, intermediates) it was checked against.
_TokenKey = tuple[str, tuple[bytes, ...], tuple[bytes, ...]]

_GATEWAYS: weakref.WeakKeyDictionary[ServiceContext, GatewayState] = weakref.WeakKeyDictionary()


def gateway_for(context: ServiceContext, settings: GatewaySettings | None = None) -> GatewayState:
    """The gateway of the world ``context`` belongs to (made on first use; ``settings`` apply when it is made,
    else ``context.settings["gateway"]``)."""
    with context.lock:
        found = _GATEWAYS.get(context)
        if found is None:
            chosen = settings or GatewaySettings.of(context.settings.get("gateway"))
            found = _GATEWAYS[context] = GatewayState(context, chosen)
        return found


def _unauthorized(reason: str) -> GatewayRefusal:
    return GatewayRefusal(401, reason)


def _number(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


class GatewayState:
    """Registered systems and the token check of the fake gateway; ``world.gateway``.

    Attributes:
        settings: the :class:`GatewaySettings` (replace it to change behaviour: ``state.settings = ...``).
        systems: registered systems by ``system_id``.
        trust_anchors: the certificates a token's ``x5c`` must chain to (default: the world PKI's GOST root).
        intermediates: CA certificates that may sit between (default: the world PKI's GOST intermediate).
    """

    def __init__(self, context: ServiceContext, settings: GatewaySettings | None = None) -> None:
        self.context = context
        self.settings = settings or GatewaySettings()
        self.systems: dict[str, RegisteredSystem] = {}
        self.trust_anchors: list[Certificate] = []
        self.intermediates: list[Certificate] = []
        self._verified: OrderedDict[_TokenKey, tuple[dict[str, Any], bytes, float, float]] = OrderedDict()
        self.reset()

    def reset(self) -> None:
        """Drop registered systems and the verified-token cache; the trust store goes back to the world PKI."""
        with self.context.lock:
            self.systems = {}
            self.trust_anchors = []
            self.intermediates = []
            self._verified.clear()

    def __repr__(self) -> str:
        return f"GatewayState(systems={len(self.systems)})"

    # ------------------------------------------------------------------ registration
    def _trust(self) -> tuple[list[Certificate], list[Certificate]]:
        if not self.trust_anchors:
            pki = self.context.pki
            return [pki.root], [pki.intermediate]
        return self.trust_anchors, self.intermediates

    def register(
        self,
        system_id: str,
        certificate: Any,
        organizations: Iterable[str] | Literal["*"] = ALL_ORGANIZATIONS,
        *,
        enabled: bool = True,
        name: str = "",
    ) -> RegisteredSystem:
        """Register ``system_id`` (the token's ``sub``) with ``certificate`` (a ``Certificate`` or PEM/DER) for
        ``organizations`` (organisation OIDs, or ``"*"`` for all). A second call for the same id replaces it."""
        if not isinstance(system_id, str) or not system_id.strip() or len(system_id) > 256:
            raise ConfigurationError(
                "config.invalid", field="system_id", reason_ru="1…256 символов", reason_en="1…256 characters"
            )
        cert = _crypto.load_certificate(certificate)
        every = organizations == ALL_ORGANIZATIONS
        oids = frozenset() if every else frozenset(str(o) for o in organizations)
        system = RegisteredSystem(system_id, cert, oids, every, enabled, name or system_id)
        with self.context.lock:
            if system_id not in self.systems and len(self.systems) >= MAX_SYSTEMS:
                raise ConfigurationError(
                    "config.invalid",
                    field="systems",
                    reason_ru=f"не более {MAX_SYSTEMS} систем",
                    reason_en=f"at most {MAX_SYSTEMS} systems",
                )
            self.systems[system_id] = system
            self._verified.clear()
        return system

    def unregister(self, system_id: str) -> None:
        """Remove a system (its tokens are refused from now on)."""
        with self.context.lock:
            self.systems.pop(system_id, None)
            self._verified.clear()

    def issue_system(
        self,
        system_id: str = "MIS-TEST-0001",
        organizations: Iterable[str] | Literal["*"] = ALL_ORGANIZATIONS,
        *,
        key_kind: Literal["gost256", "gost512", "rsa"] = "gost256",
        variant: Variant = "valid",
        register: bool = True,
    ) -> TestSystem:
        """Issue a key and certificate from the world PKI and register the system for ``organizations``.

        ``variant`` goes to the PKI (``"expired"``, ``"revoked"`` …) and ``register=False`` issues without
        registering (both for negative tests). The same arguments give the same key in every run (seeded PKI).
        """
        identity = self.context.pki.issue(key_kind, common_name=f"ИС {system_id}"[:64], variant=variant)
        if register:
            system = self.register(system_id, identity.certificate, organizations)
        else:
            every = organizations == ALL_ORGANIZATIONS
            oids = frozenset() if every else frozenset(str(o) for o in organizations)
            system = RegisteredSystem(system_id, identity.certificate, oids, every)
        return TestSystem(system, identity.key, identity.chain)

    # ------------------------------------------------------------------ checking
    def _verify_signature(self, token: str) -> tuple[dict[str, Any], bytes]:
        """The claims and ``x5c`` certificate of a token whose signature and chain are valid now (else a refusal).

        A successful check is remembered for exactly this token text and this trust store, until the token's
        ``exp`` or the end of any certificate's validity, whichever comes first (and not before all of them
        begin); any other token — a changed byte, another trust store — is checked in full.
        """
        anchors, intermediates = self._trust()
        key = (token, tuple(c.der for c in anchors), tuple(c.der for c in intermediates))
        now = self.context.now()
        cached = self._verified.get(key)
        if cached is not None:
            claims, cert_der, since, until = cached
            if since <= now <= until:
                self._verified.move_to_end(key)
                return claims, cert_der
            del self._verified[key]
        claims, cert_der, since, until = self._verify_fully(token, anchors, intermediates, now)
        exp = _number(claims, "exp")
        if exp is not None and since <= now <= min(until, exp):
            self._verified[key] = (claims, cert_der, since, min(until, exp))
            while len(self._verified) > max(1, self.settings.cache_size):
                self._verified.popitem(last=False)
        return claims, cert_der

    @staticmethod
    def _verify_fully(
        token: str, anchors: list[Certificate], intermediates: list[Certificate], now: float
    ) -> tuple[dict[str, Any], bytes, float, float]:
        """The CMS signature and the chain checked (``decode_ips_token``): claims, ``x5c`` DER and the window in
        which every certificate involved is valid (as timestamps)."""
        from egisz_sdk.signature.jose import decode_ips_token

        at = datetime.fromtimestamp(now, timezone.utc)
        try:
            header, claims = decode_ips_token(token, trust_anchors=anchors, intermediates=intermediates, at=at)
        except EgiszError as exc:
            raise _unauthorized(f"token refused ({exc.code})") from None
        except (ValueError, TypeError):
            raise _unauthorized("token refused (malformed)") from None
        try:
            import base64

            cert_der = base64.b64decode(header["x5c"][0])
            leaf = _crypto.load_certificate(cert_der)
        except (KeyError, IndexError, TypeError, ValueError, EgiszError):
            raise _unauthorized("token refused (x5c)") from None
        involved = [leaf, *anchors, *intermediates]
        since = max(c.not_before.timestamp() for c in involved)
        until = min(c.not_after.timestamp() for c in involved)
        return claims, cert_der, since, until

    def _check_claims(self, claims: dict[str, Any]) -> None:
        settings = self.settings
        now = self.context.now()
        aud = claims.get("aud")
        audiences = aud if isinstance(aud, list) else [aud]
        if not any(isinstance(a, str) and a in settings.audiences for a in audiences):
            raise _unauthorized("token refused (aud)")
        exp, iat = _number(claims, "exp"), _number(claims, "iat")
        if exp is None:
            raise _unauthorized("token refused (exp missing)")
        if now > exp + settings.leeway:
            raise _unauthorized("token expired")
        if iat is None:
            if settings.require_iat:
                raise _unauthorized("token refused (iat missing)")
        else:
            if iat > now + settings.leeway:
                raise _unauthorized("token refused (iat in the future)")
            if settings.max_lifetime is not None and exp - iat > settings.max_lifetime:
                raise _unauthorized("token refused (lifetime too long)")

    def authenticate(self, token: str | None) -> Caller:
        """Check a bearer token (see the module's order); the caller, or :class:`GatewayRefusal` (401)."""
        if not token:
            raise _unauthorized("no bearer token")
        if len(token) > self.settings.max_token or not token.isascii():
            raise _unauthorized("token refused (malformed)")
        with self.context.lock:
            claims, cert_der = self._verify_signature(token)
            self._check_claims(claims)
            sub = claims.get("sub")
            system = self.systems.get(sub) if isinstance(sub, str) else None
            status = self.settings.unregistered_status
            if system is None:
                raise GatewayRefusal(status, "system not registered")
            if system.certificate.der != cert_der:
                raise GatewayRefusal(status, "certificate not registered for this system")
            if not system.enabled:
                raise GatewayRefusal(status, "system disabled")
            return Caller(system, claims)

    def authorize(self, caller: Caller, organization: str) -> None:
        """Refuse (403) an organisation the caller's system is not registered for."""
        if not caller.may_touch(organization):
            raise GatewayRefusal(403, "the system is not registered for this organisation")
