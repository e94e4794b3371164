"""Records of the fake gateway: its settings, registered systems, issued test systems and the verified caller."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate
    from egisz_sdk.signature.signers import SoftwareSigner

__all__ = [
    "ALL_ORGANIZATIONS",
    "GATEWAY_TEST_AUDIENCE",
    "Caller",
    "GatewayRefusal",
    "GatewaySettings",
    "RegisteredSystem",
    "TestSystem",
    "settings_of",
]

S = TypeVar("S")


def settings_of(cls: type[S], value: Any) -> S:
    """``value`` as settings of dataclass ``cls``: an instance, a mapping of its fields (others ignored) or None."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        fields = getattr(cls, "__dataclass_fields__", {})
        return cls(**{k: v for k, v in value.items() if k in fields})
    raise TypeError(f"{cls.__name__}: an instance or a mapping of its fields")


#: The ``aud`` of the test gateway (parusrx ``Jwt__Auth__Audience``); written here, not imported from the client.
GATEWAY_TEST_AUDIENCE: Final = "https://ips.test.egisz.rosminzdrav.ru"
#: Register a system for every organisation (``organizations=ALL_ORGANIZATIONS``).
ALL_ORGANIZATIONS: Final = "*"


@dataclass(frozen=True)
class GatewaySettings:
    """Tunable behaviour of the fake gateway. Everything the public sources do not say is a setting here.

    Attributes:
        audiences: accepted ``aud`` values (known: the test gateway's; the production value is **unknown**).
        leeway: seconds of clock skew allowed on ``exp`` and ``iat`` (the real tolerance is **unknown**).
        max_lifetime: the longest ``exp - iat`` accepted (``None``: any; the real limit is **unknown**; the
            reference client uses 300 s).
        require_iat: refuse a token without a numeric ``iat``.
        unregistered_status: the HTTP status for a valid token of an unregistered system or certificate
            (**unknown**; 401 by default).
        unauthorized_message: ``message`` of 401 answers (**unknown** text); ``None`` puts the reason there.
        forbidden_message: ``message`` of 403 answers (**unknown** text); ``None`` puts the reason there.
        max_token: the longest bearer token read (bytes of text).
        cache_size: verified tokens remembered (the CMS and the chain are checked once per exact token text and
            trust store, and again after the token's ``exp`` or a certificate's end; claims and the system's
            registration on every request).
    """

    audiences: tuple[str, ...] = (GATEWAY_TEST_AUDIENCE,)
    leeway: float = 60.0
    max_lifetime: float | None = 24 * 3600.0
    require_iat: bool = True
    unregistered_status: int = 401
    unauthorized_message: str | None = None
    forbidden_message: str | None = None
    max_token: int = 64 * 1024
    cache_size: int = 1024

    @classmethod
    def of(cls, value: Any) -> GatewaySettings:
        """Settings from ``GatewaySettings``, a mapping of its fields (``World(settings={"gateway": {}})``), None."""
        found = settings_of(cls, value)
        return dataclasses.replace(found, audiences=tuple(found.audiences))


@dataclass(frozen=True)
class RegisteredSystem:
    """An information system registered with the gateway: its ``sub``, certificate and organisations.

    ``organizations`` holds organisation OIDs; ``all_organizations`` lets the system touch every organisation.
    """

    system_id: str
    certificate: Certificate = field(repr=False)
    organizations: frozenset[str] = frozenset()
    all_organizations: bool = False
    enabled: bool = True
    name: str = ""

    def may_touch(self, organization: str) -> bool:
        """Whether the system is registered for ``organization`` (an organisation OID)."""
        return self.all_organizations or organization in self.organizations


@dataclass(frozen=True)
class TestSystem:
    """A system the fake issued: the registered record plus its private key and chain (from the world PKI)."""

    __test__ = False  # not a pytest test class

    system: RegisteredSystem
    key: Any = field(repr=False)
    chain: tuple[Certificate, ...] = field(repr=False, default=())

    @property
    def system_id(self) -> str:
        """The ``sub`` the gateway expects."""
        return self.system.system_id

    @property
    def certificate(self) -> Certificate:
        """The system's certificate (goes into ``x5c``)."""
        return self.system.certificate

    @property
    def organizations(self) -> frozenset[str]:
        """The organisations the system is registered for."""
        return self.system.organizations

    def signer(self) -> SoftwareSigner:
        """A :class:`~egisz_sdk.signature.SoftwareSigner` over the key and certificate."""
        from egisz_sdk.signature.signers import SoftwareSigner

        return SoftwareSigner(self.key, self.certificate)

    def token(
        self,
        *,
        now: float,
        audience: str = GATEWAY_TEST_AUDIENCE,
        lifetime: int = 300,
        sub: str | None = None,
        claims: Mapping[str, Any] | None = None,
    ) -> str:
        """A gateway token signed by this system (for negative tests: any ``now``, ``audience``, ``sub``, claims)."""
        from egisz_sdk.signature.jose import encode_ips_token

        body: dict[str, Any] = {
            "sub": self.system_id if sub is None else sub,
            "aud": audience,
            "iat": int(now),
            "exp": int(now) + int(lifetime),
        }
        body.update(claims or {})
        return encode_ips_token(body, self.signer())

    def export(self) -> dict[str, Any]:
        """PEM key, certificate and chain, system id and organisations (what the test API answers)."""
        from egisz_sdk.signature.keys import dump_private_key

        return {
            "system_id": self.system_id,
            "organizations": "*" if self.system.all_organizations else sorted(self.organizations),
            "certificate": self.certificate.to_pem(),
            "chain": [c.to_pem() for c in self.chain],
            "key": dump_private_key(self.key).decode("ascii"),
        }


@dataclass(frozen=True)
class Caller:
    """A request's verified caller: the registered system and the token's claims."""

    system: RegisteredSystem
    claims: Mapping[str, Any] = field(repr=False)

    def may_touch(self, organization: str) -> bool:
        """Whether the caller's system is registered for ``organization``."""
        return self.system.may_touch(organization)


class GatewayRefusal(Exception):
    """The gateway refuses a request: HTTP ``status`` (401 or 403) and a ``reason`` (English, no secrets)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
