"""Records of the fake ESIA: its settings, registered systems, accounts, login flows, grants, tokens, sessions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing.population import Person
from egisz_sdk.testing.services.esia.catalogue import Protocol

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate

__all__ = [
    "Account",
    "AccountStatus",
    "AuthorizationRequest",
    "EsiaSettings",
    "Flow",
    "Grant",
    "JwtAlgorithm",
    "RegisteredClient",
    "Session",
    "SignedRequest",
    "SystemIdentity",
    "TokenRecord",
    "TokenRequest",
]

AccountStatus = Literal["confirmed", "unconfirmed", "blocked"]
JwtAlgorithm = Literal["GOST3410_2012_256", "RS256"]


@dataclass
class EsiaSettings:
    """Tunable behaviour of the fake ESIA (defaults follow the public guides where they say anything)."""

    issuer: str = "http://esia-portal1.test.gosuslugi.ru/"
    code_ttl: float = 120.0
    access_token_ttl: int = 3600
    refresh_token_ttl: float = 14 * 24 * 3600.0
    timestamp_tolerance: float = 300.0
    max_failed_logins: int = 5
    lockout_seconds: float = 30 * 60.0
    max_sms_attempts: int = 3
    session_ttl: float = 3600.0
    #: How long an unfinished login flow stays open.
    flow_ttl: float = 1800.0
    #: Most live records per table (flows, grants, tokens, sessions, used states); the oldest go first beyond it.
    max_records: int = 100_000
    #: Protocols whose token endpoint refuses a ``state`` already spent at ``/ac`` ("v2" = ``/v2/ac`` + ``/v3/te``,
    #: where the reference asks for a fresh UUID). Legacy v1 clients commonly re-send the callback state to v1 ``/te``.
    fresh_token_state: frozenset[Protocol] = frozenset({"v2"})

    def __post_init__(self) -> None:
        limits = {
            "code_ttl": (1.0, 1e7),
            "access_token_ttl": (1, 10**7),
            "refresh_token_ttl": (1.0, 1e9),
            "timestamp_tolerance": (0.0, 1e7),
            "max_failed_logins": (1, 1000),
            "lockout_seconds": (0.0, 1e9),
            "max_sms_attempts": (1, 1000),
            "session_ttl": (1.0, 1e9),
            "flow_ttl": (1.0, 1e9),
            "max_records": (10, 10**8),
        }
        for name, (low, high) in limits.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ConfigurationError(
                    "config.invalid",
                    field=f"EsiaSettings.{name}",
                    reason_ru=f"{low}..{high}",
                    reason_en=f"{low}..{high}",
                )
        if not set(self.fresh_token_state) <= {"v1", "v2"}:
            raise ConfigurationError(
                "config.invalid", field="EsiaSettings.fresh_token_state", reason_ru="v1, v2", reason_en="v1, v2"
            )


@dataclass
class RegisteredClient:
    """An information system registered on the (fake) ESIA technology portal."""

    client_id: str
    redirect_uris: tuple[str, ...]
    scopes: frozenset[str]
    certificate: Certificate
    certificate_hash: str
    jwt_algorithm: JwtAlgorithm = "GOST3410_2012_256"
    name: str = ""
    grant_types: frozenset[str] = frozenset({"authorization_code", "refresh_token"})
    enabled: bool = True


@dataclass(frozen=True)
class SystemIdentity:
    """A registered system together with its private key (from the test PKI), ready to sign client_secret."""

    client: RegisteredClient
    key: Any = field(repr=False)
    certificate: Certificate

    @property
    def client_id(self) -> str:
        """The system's mnemonic."""
        return self.client.client_id

    @property
    def redirect_uri(self) -> str:
        """The first registered callback."""
        return self.client.redirect_uris[0]

    def signer(self) -> Any:
        """A :class:`~egisz_sdk.signature.SoftwareSigner` over the key and certificate."""
        from egisz_sdk.signature import SoftwareSigner

        return SoftwareSigner(self.key, self.certificate)


@dataclass
class Account:
    """A Gosuslugi account (the person and its login aliases: e-mail, phone, SNILS)."""

    login: str
    password: str
    person: Person
    status: AccountStatus = "confirmed"
    failed_logins: int = 0
    locked_until: float | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Flow:
    """One authorisation request going through the login pages."""

    id: str
    protocol: Protocol
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    access_type: str
    created: float
    step: Literal["login", "sms", "consent", "done"] = "login"
    login: str | None = None
    sms_code: str | None = None
    sms_attempts: int = 0


@dataclass
class Grant:
    """An authorisation code or a refresh token."""

    value: str
    kind: Literal["code", "refresh"]
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    oid: int
    session_id: str
    access_type: str
    expires_at: float
    protocol: Protocol
    used: bool = False


@dataclass(frozen=True)
class TokenRecord:
    """What the fake remembers about an access token it issued."""

    oid: int
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float


@dataclass
class Session:
    """An SSO session (cookie ``esia_sid``) and the systems it has logged in to."""

    id: str
    login: str
    expires_at: float
    clients: set[str] = field(default_factory=set)


_R = TypeVar("_R", bound="SignedRequest")

#: Longest wire value a signed request keeps (longer values are cut; they fail the checks anyway).
_MAX_FIELD = 8192


@dataclass(frozen=True)
class SignedRequest:
    """What ``/ac`` and ``/te`` share, parsed from the wire: every field a string (``""`` when absent)."""

    protocol: Protocol = "v2"
    client_id: str = ""
    client_secret: str = ""
    redirect_uri: str = ""
    scope: str = ""
    scope_org: str = ""
    state: str = ""
    timestamp: str = ""
    client_certificate_hash: str = ""

    @classmethod
    def from_wire(cls: type[_R], params: Mapping[str, str], protocol: Protocol) -> _R:
        """The request from query or form parameters (unknown names ignored; values bounded)."""
        names = {f.name for f in fields(cls)} - {"protocol"}
        return cls(protocol=protocol, **{n: str(params[n])[:_MAX_FIELD] for n in names if n in params})

    def missing(self, names: tuple[str, ...]) -> list[str]:
        """Which of ``names`` are empty."""
        return [n for n in names if not str(getattr(self, n)).strip()]


@dataclass(frozen=True)
class AuthorizationRequest(SignedRequest):
    """An authorisation request (``/v2/ac`` or v1 ``/ac``)."""

    response_type: str = ""
    access_type: str = ""


@dataclass(frozen=True)
class TokenRequest(SignedRequest):
    """A token request (``/v3/te`` or v1 ``/te``): a code or a refresh token."""

    grant_type: str = ""
    code: str = ""
    refresh_token: str = ""
    token_type: str = ""
