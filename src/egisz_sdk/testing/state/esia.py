"""State of the fake ESIA: registered systems, accounts, login flows, codes, tokens and SSO sessions.

Every public method takes typed arguments and raises :class:`EsiaProtocolError` (an ESIA code that the routes
render exactly as ESIA does: a callback redirect or an HTTP 400 JSON body) or :class:`LoginRefused` (a problem
the login page shows to the person). All methods run under the world's lock.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlsplit

from egisz_sdk.errors import AuthError, ConfigurationError, EsiaError
from egisz_sdk.testing import _crypto
from egisz_sdk.testing._http import add_query
from egisz_sdk.testing.population import Organization, Person

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate
    from egisz_sdk.testing._world import World
    from egisz_sdk.testing.pki import Variant

__all__ = [
    "DEFAULT_PASSWORD",
    "ESIA_ERRORS",
    "MAGIC_LOGINS",
    "ORG_SCOPES",
    "PERSON_SCOPES",
    "Account",
    "EsiaProtocolError",
    "EsiaSettings",
    "EsiaState",
    "Flow",
    "Grant",
    "LoginRefused",
    "RegisteredClient",
    "SystemIdentity",
    "TokenRecord",
]

#: Password of every seeded account (test data, not a secret).
DEFAULT_PASSWORD = "Egisz-Test-1!"

PERSON_SCOPES: frozenset[str] = frozenset(
    [
        "openid",
        "fullname",
        "birthdate",
        "gender",
        "snils",
        "inn",
        "birthplace",
        "id_doc",
        "medical_doc",
        "military_doc",
        "foreign_passport_doc",
        "drivers_licence_doc",
        "birth_cert_doc",
        "residence_doc",
        "temporary_residence_doc",
        "email",
        "mobile",
        "contacts",
        "addresses",
        "vehicles",
        "usr_org",
        "usr_avt",
        "usr_reg_cxt",
    ]
)
ORG_SCOPES: frozenset[str] = frozenset(
    [
        "org_shortname",
        "org_fullname",
        "org_type",
        "org_ogrn",
        "org_inn",
        "org_kpp",
        "org_leg",
        "org_agencytype",
        "org_oktmo",
        "org_ctts",
        "org_addrs",
        "org_emps",
        "org_brhs",
        "org_vhls",
        "org_grps",
        "org_invts",
    ]
)

#: ESIA code → (OAuth ``error`` value, English description as the service writes it).
ESIA_ERRORS: dict[str, tuple[str, str]] = {
    "007002": (
        "invalid_client",
        "The certificate does not match the information system mnemonic, or ESIA has no certificate for this system",
    ),
    "007003": (
        "invalid_request",
        "The request is missing a required parameter, includes an invalid parameter value, "
        "or includes a parameter more than once",
    ),
    "007004": ("access_denied", "The resource owner or authorization server denied the request"),
    "007005": (
        "unauthorized_client",
        "The client system is not authorized to request an access token using this method",
    ),
    "007006": ("invalid_scope", "The requested scope is invalid, unknown, or malformed"),
    "007011": (
        "invalid_grant",
        "The authorization code or refresh token is invalid, expired, revoked, does not match the redirection URI "
        "used in the authorization request, or was issued to another client",
    ),
    "007012": ("unsupported_grant_type", "The authorization grant type is not supported by the authorization server"),
    "007014": ("invalid_request", "The request does not contain the mandatory parameter"),
    "007015": ("invalid_request", "Invalid request time"),
    "007019": ("access_denied", "Access permission is missing"),
    "007023": (
        "invalid_request",
        "The redirect_uri specified in the request is not among those allowed for the system",
    ),
    "007053": (
        "invalid_client",
        "client_secret is formed incorrectly: it does not match the certificate or the information system, "
        "or the certificate is not active",
    ),
    "007055": ("access_denied", "Login with an unconfirmed account"),
    "007194": ("invalid_scope", "Access scope requested for an organization the user is not an employee of"),
}

#: Reserved logins with a fixed behaviour (see docs/fake.md).
MAGIC_LOGINS: dict[str, str] = {
    "user@example.test": "confirmed account, member of no organisation",
    "employee@example.test": "confirmed account, employee of every seeded organisation",
    "unconfirmed@example.test": "unconfirmed account: login ends with ESIA-007055",
    "blocked@example.test": "blocked account: the login page refuses it",
    "locked@example.test": "temporarily locked (as after too many wrong passwords) from the world's start",
}

_TIMESTAMP = "%Y.%m.%d %H:%M:%S %z"
_SCOPE_SPLIT = re.compile(r"[ +]+")
#: Parameters only the v2 endpoints require.
_V2: dict[str, tuple[str, ...]] = {"v1": (), "v2": ("client_certificate_hash",)}
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

Protocol = Literal["v1", "v2"]
AccountStatus = Literal["confirmed", "unconfirmed", "blocked"]
JwtAlgorithm = Literal["GOST3410_2012_256", "RS256"]


class EsiaProtocolError(Exception):
    """An ESIA protocol error with its code (``"007014"``); routes render it on the wire.

    ``redirect_uri``/``state`` are set when the error may be sent back to the client's callback; otherwise
    ESIA shows it on its own error page.
    """

    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        redirect_uri: str | None = None,
        state: str | None = None,
    ) -> None:
        self.esia_code = code
        self.error, base = ESIA_ERRORS[code]
        self.detail = detail
        self.description = f"ESIA-{code}: {base}" + (f" [{detail}]" if detail else "")
        self.redirect_uri = redirect_uri
        self.state = state
        super().__init__(self.description)

    def callback_url(self) -> str:
        """The client's callback with ``error``, ``error_description`` and ``state`` (needs ``redirect_uri``)."""
        if self.redirect_uri is None:
            raise ValueError("this error cannot be redirected")
        params = {"error": self.error, "error_description": self.description}
        if self.state:
            params["state"] = self.state
        return add_query(self.redirect_uri, params)

    def to_json(self) -> dict[str, str]:
        """The token endpoint's body: ``{"error": …, "error_description": "ESIA-0070xx: …"}`` (+ state)."""
        body = {"error": self.error, "error_description": self.description}
        if self.state:
            body["state"] = self.state
        return body


class LoginRefused(Exception):
    """The login page refuses the person (wrong password, blocked or locked account, wrong SMS code)."""

    def __init__(self, reason: str, message_ru: str, status: int = 401) -> None:
        self.reason = reason
        self.message_ru = message_ru
        self.status = status
        super().__init__(reason)


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
class _Session:
    id: str
    login: str
    expires_at: float
    clients: set[str] = field(default_factory=set)


def base_scope(scope: str) -> str:
    """``"org_inn?org_oid=1"`` → ``"org_inn"``."""
    return scope.split("?", 1)[0]


def org_of_scope(scope: str) -> int | None:
    """The ``org_oid`` qualifier of a scope, or ``None``."""
    _, _, query = scope.partition("?")
    for key, value in parse_qsl(query):
        if key == "org_oid" and value.isdigit():
            return int(value)
    return None


def split_scopes(text: str) -> tuple[str, ...]:
    """Space-separated scopes (``+`` tolerated, duplicates removed, order kept)."""
    seen: dict[str, None] = {}
    for item in _SCOPE_SPLIT.split(text.strip()):
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


class EsiaState:
    """The fake ESIA's state; reach it as ``world.esia``."""

    def __init__(self, world: World, settings: EsiaSettings | None = None) -> None:
        self._world = world
        self.settings = settings or EsiaSettings()
        self._random = random.Random(f"esia:{world.seed}")
        self.clients: dict[str, RegisteredClient] = {}
        self.accounts: dict[str, Account] = {}
        self._by_alias: dict[str, str] = {}
        self.flows: dict[str, Flow] = {}
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, TokenRecord] = {}
        self.sessions: dict[str, _Session] = {}
        self.used_states: set[tuple[str, str]] = set()
        self._keys: dict[str, Any] = {}
        self._seed_accounts()

    # ------------------------------------------------------------------ setup
    def _seed_accounts(self) -> None:
        pop = self._world.population
        people = pop.people
        if len(people) < 5:
            raise ConfigurationError("fake.population_too_small", field="people", value=len(people), minimum=5)
        magic: list[tuple[str, Person, AccountStatus]] = [
            ("user@example.test", people[-1], "confirmed"),
            ("employee@example.test", people[0], "confirmed"),
            ("unconfirmed@example.test", people[-2], "unconfirmed"),
            ("blocked@example.test", people[-3], "blocked"),
            ("locked@example.test", people[-4], "confirmed"),
        ]
        taken = {p.oid for _, p, _ in magic}
        for login, person, status in magic:
            # the reserved login is the account's login; the person's own e-mail, phone and SNILS work too
            self.add_account(login, person, status=status, aliases=(person.email, person.phone, person.snils))
        for person in people:
            if person.oid not in taken:
                self.add_account(person.email, person, aliases=(person.phone, person.snils))
        self.accounts["locked@example.test"].locked_until = self._now() + self.settings.lockout_seconds

    def add_account(
        self,
        login: str,
        person: Person,
        *,
        password: str = DEFAULT_PASSWORD,
        status: AccountStatus = "confirmed",
        aliases: Iterable[str] = (),
    ) -> Account:
        """Create an account for ``person`` (logins are case-insensitive; aliases such as phone or SNILS too)."""
        with self._world.lock:
            key = login.strip().lower()
            if key in self._by_alias:
                raise ConfigurationError("fake.duplicate", field="login", value=login)
            account = Account(login=key, password=password, person=person, status=status, aliases=tuple(aliases))
            self.accounts[key] = account
            self._by_alias[key] = key
            for alias in account.aliases:
                self._by_alias.setdefault(_alias_key(alias), key)
            return account

    def account(self, login: str) -> Account | None:
        """The account for a login, e-mail, phone or SNILS."""
        with self._world.lock:
            key = self._by_alias.get(_alias_key(login)) or self._by_alias.get(login.strip().lower())
            return self.accounts.get(key) if key else None

    def register_client(
        self,
        client_id: str,
        redirect_uris: Sequence[str] | str,
        *,
        certificate: Any,
        scopes: Iterable[str] | None = None,
        jwt_algorithm: JwtAlgorithm = "GOST3410_2012_256",
        name: str = "",
        grant_types: Iterable[str] = ("authorization_code", "refresh_token"),
        enabled: bool = True,
    ) -> RegisteredClient:
        """Register an information system, as on ESIA's technology portal.

        Args:
            client_id: the system's mnemonic.
            redirect_uris: the allowed callback URLs (exact match; also used for logout ``redirect_url``).
            certificate: the system's certificate (a ``Certificate``, or PEM/DER) whose key signs client_secret.
            scopes: allowed scopes (default: every person and organisation scope).
            jwt_algorithm: how ESIA signs this system's tokens: ``"GOST3410_2012_256"`` or ``"RS256"``.
            grant_types: allowed grant types (``authorization_code``, ``refresh_token``); others give ESIA-007005.
            enabled: a disabled system gets ESIA-007005 everywhere.
        """
        if not client_id or not client_id.strip():
            raise ConfigurationError("fake.client_invalid", field="client_id", reason_ru="пусто", reason_en="empty")
        uris = (redirect_uris,) if isinstance(redirect_uris, str) else tuple(redirect_uris)
        if not uris or any(not urlsplit(u).scheme for u in uris):
            raise ConfigurationError(
                "fake.client_invalid",
                field="redirect_uris",
                reason_ru="нужны абсолютные URL",
                reason_en="absolute URLs are required",
            )
        if jwt_algorithm not in ("GOST3410_2012_256", "RS256"):
            raise ConfigurationError(
                "fake.client_invalid",
                field="jwt_algorithm",
                value=jwt_algorithm,
                reason_ru="GOST3410_2012_256 или RS256",
                reason_en="GOST3410_2012_256 or RS256",
            )
        cert = _crypto.load_certificate(certificate)
        allowed = frozenset(scopes) if scopes is not None else PERSON_SCOPES | ORG_SCOPES
        unknown = sorted(base_scope(s) for s in allowed if base_scope(s) not in PERSON_SCOPES | ORG_SCOPES)
        if unknown:
            raise ConfigurationError(
                "fake.client_invalid",
                field="scopes",
                value=" ".join(unknown),
                reason_ru="неизвестные области доступа",
                reason_en="unknown scopes",
            )
        client = RegisteredClient(
            client_id=client_id,
            redirect_uris=uris,
            scopes=frozenset(base_scope(s) for s in allowed),
            certificate=cert,
            certificate_hash=_crypto.certificate_hash(cert),
            jwt_algorithm=jwt_algorithm,
            name=name or client_id,
            grant_types=frozenset(grant_types),
            enabled=enabled,
        )
        with self._world.lock:
            self.clients[client_id] = client
        return client

    def register_test_system(
        self,
        client_id: str = "EGISZ_TEST",
        redirect_uris: Sequence[str] | str = ("https://mis.example.test/esia/callback",),
        *,
        key_kind: Literal["gost256", "gost512", "rsa"] = "gost256",
        variant: Variant = "valid",
        scopes: Iterable[str] | None = None,
        jwt_algorithm: JwtAlgorithm = "GOST3410_2012_256",
        grant_types: Iterable[str] = ("authorization_code", "refresh_token"),
        enabled: bool = True,
    ) -> SystemIdentity:
        """Issue a certificate from the test PKI (``TestPki(world.seed)``) and register a system with it.

        ``variant`` is passed to the PKI (``"valid"``, ``"expired"``, ``"wrong_owner"`` …) for negative tests.
        """
        identity = self._world.pki.issue(key_kind, common_name=f"ИС {client_id}", variant=variant)
        client = self.register_client(
            client_id,
            redirect_uris,
            certificate=identity.certificate,
            scopes=scopes,
            jwt_algorithm=jwt_algorithm,
            grant_types=grant_types,
            enabled=enabled,
        )
        return SystemIdentity(client=client, key=identity.key, certificate=client.certificate)

    # ------------------------------------------------------------------ ESIA's own keys
    def _signing_identity(self, algorithm: str) -> Any:
        with self._world.lock:
            if algorithm not in self._keys:
                kind: Literal["gost256", "rsa"] = "gost256" if algorithm == "GOST3410_2012_256" else "rsa"
                self._keys[algorithm] = self._world.pki.issue(kind, common_name=f"ЕСИА (тестовая, {algorithm})")
            return self._keys[algorithm]

    @property
    def signing_certificates(self) -> list[Certificate]:
        """ESIA's token-signing certificates (GOST first, then RSA): configure clients to trust these."""
        return [self._signing_identity(a).certificate for a in ("GOST3410_2012_256", "RS256")]

    def signing_certificate(self, algorithm: JwtAlgorithm) -> Certificate:
        """The certificate whose key signs tokens with ``algorithm``."""
        cert: Certificate = self._signing_identity(algorithm).certificate
        return cert

    # ------------------------------------------------------------------ helpers
    def _now(self) -> float:
        return self._world.clock.time()

    def _token(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def _client(self, client_id: str, *, redirect_uri: str | None = None, state: str | None = None) -> RegisteredClient:
        client = self.clients.get(client_id)
        if client is None:
            raise EsiaProtocolError("007002", f"client_id={client_id}", redirect_uri=redirect_uri, state=state)
        if not client.enabled:
            raise EsiaProtocolError("007005", f"client_id={client_id}", redirect_uri=redirect_uri, state=state)
        return client

    def _check_redirect(self, client: RegisteredClient, redirect_uri: str) -> None:
        if redirect_uri not in client.redirect_uris or "/forbidden" in urlsplit(redirect_uri).path:
            raise EsiaProtocolError("007023", redirect_uri)

    def _check_timestamp(self, value: str, err: dict[str, Any]) -> None:
        try:
            when = datetime.strptime(value.strip(), _TIMESTAMP)
        except ValueError:
            raise EsiaProtocolError("007015", f"timestamp={value}", **err) from None
        skew = abs(when.timestamp() - self._now())
        if skew > self.settings.timestamp_tolerance:
            raise EsiaProtocolError("007015", f"timestamp={value}", **err)

    def _check_certificate_hash(self, client: RegisteredClient, value: str, err: dict[str, Any]) -> None:
        given = value.strip().upper()
        if given == client.certificate_hash:
            return
        if any(c.certificate_hash == given for c in self.clients.values()):
            raise EsiaProtocolError("007002", "client_certificate_hash", **err)
        raise EsiaProtocolError("007053", "client_certificate_hash", **err)

    def _check_scopes(self, client: RegisteredClient, scopes: Sequence[str], err: dict[str, Any]) -> None:
        if not scopes:
            raise EsiaProtocolError("007014", "scope", **err)
        for scope in scopes:
            name = base_scope(scope)
            if name not in PERSON_SCOPES | ORG_SCOPES or name not in client.scopes:
                raise EsiaProtocolError("007006", scope, **err)
            if name in ORG_SCOPES and org_of_scope(scope) is None:
                raise EsiaProtocolError("007006", scope, **err)

    def _check_secret(
        self, client: RegisteredClient, protocol: Protocol, message: str, secret: str, err: dict[str, Any]
    ) -> None:
        raw = _crypto.b64url_decode(secret)
        if raw is None:
            raise EsiaProtocolError("007053", "client_secret", **err)
        data = message.encode("utf-8")
        if protocol == "v2":
            if not _crypto.verify_raw(client.certificate, data, raw):
                raise EsiaProtocolError("007053", "client_secret", **err)
            return
        signer_der = _crypto.verify_cms_signer(raw, data)
        if signer_der is None:
            raise EsiaProtocolError("007053", "client_secret", **err)
        if signer_der != client.certificate.der:
            other = any(c.certificate.der == signer_der for c in self.clients.values())
            raise EsiaProtocolError("007002" if other else "007053", "client_secret", **err)

    @staticmethod
    def _require(params: Mapping[str, str], names: Iterable[str], err: Mapping[str, Any]) -> None:
        missing = [n for n in names if not params.get(n, "").strip()]
        if missing:
            raise EsiaProtocolError("007014", ", ".join(missing), **err)

    def _check_signed_request(
        self,
        client: RegisteredClient,
        params: Mapping[str, str],
        protocol: Protocol,
        err: dict[str, Any],
    ) -> tuple[str, ...]:
        """What /ac and /te check alike, in ESIA's order: a fresh UUID state, the certificate hash (v2), the
        timestamp and the scopes. Returns the requested scopes."""
        state = params["state"]
        if not _UUID.match(state) or (client.client_id, state) in self.used_states:
            raise EsiaProtocolError("007003", "state", **err)
        if protocol == "v2":
            self._check_certificate_hash(client, params["client_certificate_hash"], err)
        self._check_timestamp(params["timestamp"], err)
        scope, scope_org = params["scope"], params.get("scope_org", "")
        scopes = split_scopes(scope) + split_scopes(scope_org)
        self._check_scopes(client, scopes, err)
        return scopes

    def _check_secret_over(
        self,
        client: RegisteredClient,
        params: Mapping[str, str],
        protocol: Protocol,
        err: dict[str, Any],
        code: str = "",
    ) -> None:
        """Check ``client_secret`` over the string of ``protocol`` (v3 /te adds ``code``); then spend the state."""
        scope, timestamp, state = params["scope"], params["timestamp"], params["state"]
        if protocol == "v1":
            message = scope + timestamp + client.client_id + state
        else:
            message = client.client_id + scope + params.get("scope_org", "") + timestamp + state
            message += params["redirect_uri"] + code
        self._check_secret(client, protocol, message, params["client_secret"], err)
        self.used_states.add((client.client_id, state))

    # ------------------------------------------------------------------ /ac
    def begin_authorization(self, params: Mapping[str, str], protocol: Protocol = "v2") -> Flow:
        """Check an authorisation request (``/v2/ac`` or v1 ``/ac``) and open a login flow.

        Raises :class:`EsiaProtocolError`: without ``redirect_uri`` set when ESIA must show its own error page
        (unknown system, callback not registered), with it when the error goes back to the callback.
        """
        with self._world.lock:
            self._require(params, ("client_id", "redirect_uri"), {})
            client = self._client(params["client_id"])
            redirect_uri = params["redirect_uri"]
            self._check_redirect(client, redirect_uri)
            state = params.get("state", "")
            err: dict[str, Any] = {"redirect_uri": redirect_uri, "state": state or None}
            self._require(
                params, ("client_secret", "scope", "response_type", "state", "timestamp", *_V2[protocol]), err
            )
            if params["response_type"] != "code":
                raise EsiaProtocolError("007003", "response_type", **err)
            access_type = params.get("access_type", "online") or "online"
            if access_type not in ("online", "offline"):
                raise EsiaProtocolError("007003", "access_type", **err)
            scopes = self._check_signed_request(client, params, protocol, err)
            if access_type == "offline" and "refresh_token" not in client.grant_types:
                raise EsiaProtocolError("007005", "access_type=offline", **err)
            self._check_secret_over(client, params, protocol, err)
            flow = Flow(
                id=self._token(),
                protocol=protocol,
                client_id=client.client_id,
                redirect_uri=redirect_uri,
                scopes=scopes,
                state=state,
                access_type=access_type,
                created=self._now(),
            )
            self.flows[flow.id] = flow
            return flow

    def flow(self, flow_id: str) -> Flow:
        """The open flow ``flow_id``; :class:`LoginRefused` when unknown or finished."""
        with self._world.lock:
            flow = self.flows.get(flow_id)
            if flow is None or flow.step == "done":
                raise LoginRefused("flow_unknown", "Сеанс входа не найден или уже завершён. Начните вход заново.", 400)
            return flow

    def _flow_error(self, flow: Flow, code: str, detail: str = "") -> EsiaProtocolError:
        flow.step = "done"
        return EsiaProtocolError(code, detail, redirect_uri=flow.redirect_uri, state=flow.state)

    def resume_session(self, flow_id: str, session_id: str | None) -> bool:
        """Skip the login and SMS steps when the browser has a live SSO session; returns whether it did."""
        with self._world.lock:
            flow = self.flow(flow_id)
            session = self.sessions.get(session_id or "")
            if session is None or session.expires_at <= self._now():
                return False
            account = self.accounts.get(session.login)
            if account is None or account.status != "confirmed":
                return False
            self._check_org_membership(flow, account)
            flow.login = account.login
            flow.step = "consent"
            return True

    def _check_org_membership(self, flow: Flow, account: Account) -> None:
        orgs = {o.oid for o in self._world.population.organizations_of(account.person.oid)}
        for scope in flow.scopes:
            org = org_of_scope(scope)
            if org is not None and org not in orgs:
                raise self._flow_error(flow, "007194", scope)

    def submit_credentials(self, flow_id: str, login: str, password: str) -> Flow:
        """The login page: check login and password, lockout, account status; moves the flow to the SMS step."""
        with self._world.lock:
            flow = self.flow(flow_id)
            if flow.step != "login":
                raise LoginRefused("wrong_step", "Этот шаг входа уже пройден.", 400)
            account = self.account(login)
            if account is None:
                raise LoginRefused("invalid_credentials", "Неверный логин или пароль.")
            now = self._now()
            if account.locked_until is not None and account.locked_until > now:
                until = datetime.fromtimestamp(account.locked_until, tz=self._world.clock.now().tzinfo)
                raise LoginRefused(
                    "locked",
                    f"Учётная запись временно заблокирована из-за неверных попыток входа до {until:%H:%M} (UTC).",
                    403,
                )
            if password != account.password:
                account.failed_logins += 1
                if account.failed_logins >= self.settings.max_failed_logins:
                    account.locked_until = now + self.settings.lockout_seconds
                    account.failed_logins = 0
                raise LoginRefused("invalid_credentials", "Неверный логин или пароль.")
            account.failed_logins = 0
            account.locked_until = None
            if account.status == "blocked":
                raise LoginRefused("blocked", "Учётная запись заблокирована. Обратитесь в центр обслуживания.", 403)
            if account.status == "unconfirmed":
                raise self._flow_error(flow, "007055", "")
            self._check_org_membership(flow, account)
            flow.login = account.login
            flow.step = "sms"
            flow.sms_code = f"{self._random.randrange(0, 1_000_000):06d}"
            flow.sms_attempts = 0
            return flow

    def pending_sms(self, login: str) -> str | None:
        """The SMS code waiting to be entered for ``login`` (latest open flow), or ``None``."""
        with self._world.lock:
            account = self.account(login)
            if account is None:
                return None
            for flow in reversed(list(self.flows.values())):
                if flow.step == "sms" and flow.login == account.login:
                    return flow.sms_code
            return None

    def submit_sms(self, flow_id: str, code: str) -> Flow:
        """The SMS step: a wrong code is refused; too many wrong codes end the flow."""
        with self._world.lock:
            flow = self.flow(flow_id)
            if flow.step != "sms":
                raise LoginRefused("wrong_step", "Этот шаг входа сейчас недоступен.", 400)
            if code.strip() != flow.sms_code:
                flow.sms_attempts += 1
                if flow.sms_attempts >= self.settings.max_sms_attempts:
                    flow.step = "done"
                    raise LoginRefused("sms_attempts", "Превышено число попыток ввода кода. Начните вход заново.", 403)
                raise LoginRefused("sms_wrong", "Неверный код подтверждения.")
            flow.step = "consent"
            flow.sms_code = None
            return flow

    def decide_consent(self, flow_id: str, approve: bool, session_id: str | None = None) -> tuple[str, str]:
        """The consent screen: returns ``(callback URL, SSO session id)``; refusal gives ESIA-007004."""
        with self._world.lock:
            flow = self.flow(flow_id)
            if flow.step != "consent" or flow.login is None:
                raise LoginRefused("wrong_step", "Этот шаг входа сейчас недоступен.", 400)
            if not approve:
                raise self._flow_error(flow, "007004", "")
            account = self.accounts[flow.login]
            now = self._now()
            session = self.sessions.get(session_id or "")
            if session is None or session.login != account.login or session.expires_at <= now:
                session = _Session(id=self._token(), login=account.login, expires_at=now + self.settings.session_ttl)
                self.sessions[session.id] = session
            session.clients.add(flow.client_id)
            grant = Grant(
                value=self._token(),
                kind="code",
                client_id=flow.client_id,
                redirect_uri=flow.redirect_uri,
                scopes=flow.scopes,
                oid=account.person.oid,
                session_id=session.id,
                access_type=flow.access_type,
                expires_at=now + self.settings.code_ttl,
                protocol=flow.protocol,
            )
            self.grants[grant.value] = grant
            flow.step = "done"
            return add_query(flow.redirect_uri, {"code": grant.value, "state": flow.state}), session.id

    def authorize(
        self,
        login: str,
        request_url: str,
        *,
        password: str | None = None,
        approve: bool = True,
    ) -> str:
        """Log ``login`` in through the same state transitions as the pages (password → SMS → consent).

        Returns the callback URL the browser would be redirected to (with ``code`` and ``state``, or with
        ``error`` when ESIA sends the error back to the client). Errors ESIA shows on its own pages (unknown
        system, callback not registered) raise :class:`~egisz_sdk.errors.EsiaError`; a refused login (wrong
        password, blocked or locked account) raises :class:`~egisz_sdk.errors.AuthError`.
        """
        parts = urlsplit(request_url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        protocol: Protocol = "v2" if parts.path.rstrip("/").endswith("/v2/ac") else "v1"
        with self._world.lock:
            try:
                flow = self.begin_authorization(params, protocol)
                account = self.account(login)
                secret = password if password is not None else (account.password if account else "")
                self.submit_credentials(flow.id, login, secret)
                self.submit_sms(flow.id, flow.sms_code or "")
                url, _ = self.decide_consent(flow.id, approve)
                return url
            except EsiaProtocolError as exc:
                if exc.redirect_uri is not None:
                    return exc.callback_url()
                raise EsiaError("fake.esia_page_error", esia_code=exc.esia_code, description=exc.description) from None
            except LoginRefused as exc:
                raise AuthError("fake.login_refused", field="login", value=login, reason=exc.reason) from None

    # ------------------------------------------------------------------ /te
    def exchange(self, params: Mapping[str, str], protocol: Protocol = "v2") -> dict[str, Any]:
        """The token endpoint (v3 ``/te`` or v1 ``/te``): code or refresh token → tokens."""
        with self._world.lock:
            state = params.get("state", "").strip() or None
            err: dict[str, Any] = {"state": state}
            self._require(params, ("state", "client_id"), err)
            grant_type = params.get("grant_type", "")
            secret_key = "refresh_token" if grant_type == "refresh_token" else "code"
            names = (secret_key, "grant_type", "client_secret", "redirect_uri", "scope", "timestamp", "token_type")
            self._require(params, (*names, *_V2[protocol]), err)
            client = self._client(params["client_id"], state=state)
            if grant_type not in ("authorization_code", "refresh_token"):
                raise EsiaProtocolError("007012", f"grant_type={grant_type}", **err)
            if grant_type not in client.grant_types:
                raise EsiaProtocolError("007005", f"grant_type={grant_type}", **err)
            if params["token_type"] != "Bearer":
                raise EsiaProtocolError("007003", "token_type", **err)
            scopes = self._check_signed_request(client, params, protocol, err)
            code = params["code"] if grant_type == "authorization_code" else ""
            self._check_secret_over(client, params, protocol, err, code)
            uri = params["redirect_uri"]
            grant = self.grants.get(params[secret_key])
            expected_kind = "code" if grant_type == "authorization_code" else "refresh"
            if (
                grant is None
                or grant.kind != expected_kind
                or grant.used
                or grant.expires_at <= self._now()
                or grant.client_id != client.client_id
                or grant.redirect_uri != uri
            ):
                raise EsiaProtocolError("007011", secret_key, **err)
            if not set(scopes) <= set(grant.scopes):
                raise EsiaProtocolError("007006", " ".join(sorted(set(scopes) - set(grant.scopes))), **err)
            grant.used = True
            return self._issue_tokens(client, grant, scopes, params["state"])

    def _issue_tokens(
        self, client: RegisteredClient, grant: Grant, scopes: tuple[str, ...], state: str
    ) -> dict[str, Any]:
        now = int(self._now())
        ttl = self.settings.access_token_ttl
        oid = grant.oid
        scope_claim = " ".join(s if "?" in s else f"{s}?oid={oid}" for s in scopes)
        access_claims = {
            "nbf": now,
            "scope": scope_claim,
            "iss": self.settings.issuer,
            "urn:esia:sid": grant.session_id,
            "urn:esia:sbj_id": oid,
            "exp": now + ttl,
            "iat": now,
            "client_id": client.client_id,
        }
        alg = client.jwt_algorithm
        key = self._signing_identity(alg).key
        header = {"ver": 1, "typ": "JWT", "sbt": "access"}
        access = _crypto.sign_jwt(access_claims, key, alg, dict(header))
        person = self._world.population.person(oid)
        id_claims: dict[str, Any] = {
            "aud": client.client_id,
            "sub": oid,
            "nbf": now,
            "amr": "PWD",
            "urn:esia:amd": "PWD",
            "auth_time": now,
            "iss": self.settings.issuer,
            "urn:esia:sid": grant.session_id,
            "urn:esia:sbj": {
                "urn:esia:sbj:typ": "P",
                "urn:esia:sbj:is:tru": True,
                "urn:esia:sbj:oid": oid,
                "urn:esia:sbj:nam": f"OID.{oid}",
            },
            "exp": now + ttl,
            "iat": now,
        }
        if person is not None and grant.protocol == "v1":
            id_claims["urn:esia:sbj"]["urn:esia:sbj:name"] = person.full_name
        id_token = _crypto.sign_jwt(id_claims, key, alg, {**header, "sbt": "id"})
        self.tokens[access] = TokenRecord(oid=oid, client_id=client.client_id, scopes=scopes, expires_at=now + ttl)
        body: dict[str, Any] = {
            "access_token": access,
            "id_token": id_token,
            "state": state,
            "token_type": "Bearer",
            "expires_in": ttl,
        }
        if grant.access_type == "offline":
            refresh = Grant(
                value=self._token(),
                kind="refresh",
                client_id=client.client_id,
                redirect_uri=grant.redirect_uri,
                scopes=grant.scopes,
                oid=oid,
                session_id=grant.session_id,
                access_type="offline",
                expires_at=self._now() + self.settings.refresh_token_ttl,
                protocol=grant.protocol,
            )
            self.grants[refresh.value] = refresh
            body["refresh_token"] = refresh.value
        return body

    # ------------------------------------------------------------------ resources
    def token_record(self, token: str | None) -> TokenRecord | None:
        """The live access token record, or ``None`` (unknown or expired)."""
        with self._world.lock:
            record = self.tokens.get(token or "")
            if record is None or record.expires_at <= self._now():
                return None
            return record

    def logout(self, client_id: str, redirect_url: str, session_id: str | None) -> str:
        """End the SSO session; returns where to send the browser (a registered URL of the system)."""
        with self._world.lock:
            client = self._client(client_id)
            if redirect_url and redirect_url not in client.redirect_uris:
                raise EsiaProtocolError("007023", redirect_url)
            self.sessions.pop(session_id or "", None)
            return redirect_url or client.redirect_uris[0]

    def organizations_of(self, oid: int) -> list[Organization]:
        """Organisations the person ``oid`` belongs to."""
        return self._world.population.organizations_of(oid)


def _alias_key(value: str) -> str:
    text = value.strip().lower()
    digits = re.sub(r"[\s\-()]", "", text)
    if digits.startswith("8") and len(digits) == 11 and digits.isdigit():
        digits = "+7" + digits[1:]
    return digits if digits.lstrip("+").isdigit() else text
