"""The fake ESIA's request checks, in ESIA's order: system, callback, mandatory parameters, state, certificate
hash, timestamp, scopes and the ``client_secret`` signature. Each raises :class:`EsiaProtocolError` with the code
ESIA gives; the routes render it. Also the base every part of :class:`EsiaState` shares (records, clock, random).
"""

from __future__ import annotations

import heapq
import random
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from egisz_sdk.testing import _crypto
from egisz_sdk.testing.services.esia.catalogue import (
    ORG_SCOPES,
    PERSON_SCOPES,
    EsiaProtocolError,
    Protocol,
    base_scope,
    org_of_scope,
    split_scopes,
)

if TYPE_CHECKING:
    from egisz_sdk.testing._service import ServiceContext
    from egisz_sdk.testing.services.esia.records import (
        Account,
        EsiaSettings,
        Flow,
        Grant,
        RegisteredClient,
        Session,
        SignedRequest,
        TokenRecord,
    )

__all__ = ["V2_ONLY", "EsiaBase"]

_TIMESTAMP = "%Y.%m.%d %H:%M:%S %z"
#: Parameters only the v2 endpoints require.
V2_ONLY: dict[str, tuple[str, ...]] = {"v1": (), "v2": ("client_certificate_hash",)}
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class EsiaBase:
    """The records of the fake ESIA and the checks every endpoint shares. Every table expires on the world clock
    and holds at most ``settings.max_records`` entries (see :meth:`_expire`)."""

    context: ServiceContext
    settings: EsiaSettings
    clients: dict[str, RegisteredClient]
    accounts: dict[str, Account]
    flows: dict[str, Flow]
    grants: dict[str, Grant]
    tokens: dict[str, TokenRecord]
    sessions: dict[str, Session]
    #: (client_id, state) → world time after which the state may be forgotten (its timestamp is stale by then).
    used_states: dict[tuple[str, str], float]
    _random: random.Random
    _deadlines: list[tuple[float, int, str, Any]]
    _counter: int

    def _clear_records(self) -> None:
        self.flows, self.grants, self.tokens, self.sessions, self.used_states = {}, {}, {}, {}, {}
        self._deadlines = []
        self._counter = 0

    def _expires(self, table: str, key: Any, at: float) -> None:
        """Remember that ``key`` of ``table`` expires at world time ``at``; enforce the size bound."""
        self._counter += 1
        heapq.heappush(self._deadlines, (at, self._counter, table, key))
        records: dict[Any, Any] = getattr(self, table)
        while len(records) > self.settings.max_records:
            records.pop(next(iter(records)))  # insertion order: the oldest first

    def _expire(self) -> None:
        """Drop every record whose deadline has passed on the world clock (amortised O(log n) per record)."""
        now = self._now()
        deadlines = self._deadlines
        while deadlines and deadlines[0][0] <= now:
            _, _, table, key = heapq.heappop(deadlines)
            getattr(self, table).pop(key, None)
        if len(deadlines) > 8 * self.settings.max_records:  # keys already evicted by the size bound
            live = [d for d in deadlines if d[3] in getattr(self, d[2])]
            heapq.heapify(live)
            self._deadlines = live

    # ------------------------------------------------------------------ helpers
    def account(self, login: str) -> Account | None:
        """The account for a login, e-mail, phone or SNILS (see :class:`EsiaState`)."""
        raise NotImplementedError

    def _now(self) -> float:
        return self.context.clock.time()

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
    def _require(request: SignedRequest, names: tuple[str, ...], err: Mapping[str, Any]) -> None:
        missing = request.missing(names)
        if missing:
            raise EsiaProtocolError("007014", ", ".join(missing), **err)

    def _check_signed_request(
        self,
        client: RegisteredClient,
        request: SignedRequest,
        err: dict[str, Any],
        *,
        at_token: bool = False,
    ) -> tuple[str, ...]:
        """What /ac and /te check alike, in ESIA's order: a fresh UUID state, the certificate hash (v2), the
        timestamp and the scopes. Returns the requested scopes.

        At the token endpoint a state already spent is refused only for the protocols in
        ``settings.fresh_token_state`` (v2/v3 by default: the reference asks for a new UUID there)."""
        state, protocol = request.state, request.protocol
        spent = (client.client_id, state) in self.used_states
        if not _UUID.match(state) or (spent and (not at_token or protocol in self.settings.fresh_token_state)):
            raise EsiaProtocolError("007003", "state", **err)
        if protocol == "v2":
            self._check_certificate_hash(client, request.client_certificate_hash, err)
        self._check_timestamp(request.timestamp, err)
        scopes = split_scopes(request.scope) + split_scopes(request.scope_org)
        self._check_scopes(client, scopes, err)
        return scopes

    def _check_secret_over(
        self,
        client: RegisteredClient,
        request: SignedRequest,
        err: dict[str, Any],
        code: str = "",
    ) -> None:
        """Check ``client_secret`` over the string of ``protocol`` (v3 /te adds ``code``); then spend the state."""
        scope, timestamp, state = request.scope, request.timestamp, request.state
        if request.protocol == "v1":
            message = scope + timestamp + client.client_id + state
        else:
            message = client.client_id + scope + request.scope_org + timestamp + state
            message += request.redirect_uri + code
        self._check_secret(client, request.protocol, message, request.client_secret, err)
        key = (client.client_id, state)
        if key not in self.used_states:
            # once the signed timestamp is stale the state cannot be replayed anyway: forget it then
            forget_at = self._now() + 2 * self.settings.timestamp_tolerance + 1
            self.used_states[key] = forget_at
            self._expires("used_states", key, forget_at)
