"""State of the fake ESIA: registered systems and accounts (here), login steps (``login.py``), tokens
(``tokens.py``), the checks they share (``checks.py``).

Every public method takes typed arguments and raises :class:`EsiaProtocolError` (an ESIA code that the routes
render exactly as ESIA does: a callback redirect or an HTTP 400 JSON body) or :class:`LoginRefused` (a problem
the login page shows to the person). All methods run under the world's lock. Flows, codes, refresh tokens, access
tokens, sessions and spent ``state`` values expire on the world clock and are bounded in number.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import _crypto
from egisz_sdk.testing.population import Person
from egisz_sdk.testing.services.esia.catalogue import (
    DEFAULT_PASSWORD,
    ORG_SCOPES,
    PERSON_SCOPES,
    base_scope,
)
from egisz_sdk.testing.services.esia.login import LoginSteps
from egisz_sdk.testing.services.esia.records import (
    Account,
    AccountStatus,
    EsiaSettings,
    JwtAlgorithm,
    RegisteredClient,
    SystemIdentity,
)
from egisz_sdk.testing.services.esia.tokens import TokenSteps

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.pki import Variant

__all__ = ["EAGER_ACCOUNTS", "EsiaState"]

#: Populations up to this size get every account at once; larger ones create an account on its first login.
EAGER_ACCOUNTS = 1000


class EsiaState(LoginSteps, TokenSteps):
    """The fake ESIA's state; reach it as ``world.esia`` (or ``world.service("esia")``)."""

    def __init__(self, context: ServiceContext, settings: EsiaSettings | None = None) -> None:
        self.context = context
        self.settings = settings or EsiaSettings()
        self._keys: dict[str, Any] = {}
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: registered systems, added accounts, flows, codes, tokens and sessions dropped
        (ESIA's signing keys are kept: they depend on the seed only)."""
        with self.context.lock:
            self._random = random.Random(f"esia:{self.context.seed}")
            self.clients = {}
            self.accounts = {}
            self._by_alias: dict[str, str] = {}
            self._clear_records()
            self._seed_accounts()

    # ------------------------------------------------------------------ setup
    def _seed_accounts(self) -> None:
        people = self.context.population.people
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
        if len(people) <= EAGER_ACCOUNTS:
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
        with self.context.lock:
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
        """The account for a login, e-mail, phone or SNILS (made on first use in a large population)."""
        with self.context.lock:
            key = self._by_alias.get(_alias_key(login)) or self._by_alias.get(login.strip().lower())
            if key:
                return self.accounts.get(key)
            if len(self.context.population.people) <= EAGER_ACCOUNTS:
                return None
            person = self.context.population.find_person(_alias_key(login))
            if person is None or _alias_key(person.email) in self._by_alias:
                return None
            return self.add_account(person.email, person, aliases=(person.phone, person.snils))

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
        with self.context.lock:
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
        identity = self.context.pki.issue(key_kind, common_name=f"ИС {client_id}", variant=variant)
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


def _alias_key(value: str) -> str:
    text = value.strip().lower()
    digits = re.sub(r"[\s\-()]", "", text)
    if digits.startswith("8") and len(digits) == 11 and digits.isdigit():
        digits = "+7" + digits[1:]
    return digits if digits.lstrip("+").isdigit() else text
