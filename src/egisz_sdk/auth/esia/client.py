"""``EsiaClient`` and ``AsyncEsiaClient``: thin shells that send what the sans-IO core builds.

Every exchange with ESIA is declared ONCE, in :class:`_EsiaBase`, as a method that returns a generator flow
(:mod:`._flows`) and is decorated with :func:`_exchange`. The decorator makes the method drive its flow through
the client's send loop: on :class:`EsiaClient` the call returns the result (``Person``), on
:class:`AsyncEsiaClient` an awaitable of it (``Awaitable[Person]``) — mypy sees both. The two shells differ
only in that send loop (:func:`egisz_sdk._http.drive` / :func:`~egisz_sdk._http.adrive`, which always close
the flow).

``authorization_url``, ``logout_url``, ``parse_callback`` and ``now`` do no I/O and are plain synchronous
methods on both clients.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Concatenate, Final, Generic, ParamSpec, TypeVar, overload

import httpx
from pydantic import SecretStr

from egisz_sdk._http import AsyncHttpClient, AsyncOwner, Flow, HttpClient, Owner, adrive, drive
from egisz_sdk.auth.esia import _flows as flows
from egisz_sdk.auth.esia import _protocol as proto
from egisz_sdk.auth.esia._tokens import clock_offset
from egisz_sdk.auth.esia.config import EsiaConfig
from egisz_sdk.auth.esia.models import (
    Address,
    AuthorizationRequest,
    Callback,
    Collection,
    Contact,
    Document,
    LoginResult,
    Organization,
    Person,
    TokenSet,
)
from egisz_sdk.errors import AuthError

__all__ = ["AsyncEsiaClient", "EsiaClient"]

T = TypeVar("T")
P = ParamSpec("P")
Token = str | SecretStr | TokenSet

#: Offsets from the ``Date`` header smaller than this are rounding noise (the header has 1-second resolution).
_MIN_OFFSET: Final = timedelta(seconds=2)
#: Offsets larger than this are not believed (a broken or hostile ``Date`` must not move our clock by years).
_MAX_OFFSET: Final = timedelta(hours=24)


def _secret(token: Token) -> str:
    if isinstance(token, TokenSet):
        return token.access_token.get_secret_value()
    if isinstance(token, SecretStr):
        return token.get_secret_value()
    return token


def _refresh_secret(token: Token) -> str:
    if isinstance(token, TokenSet):
        if token.refresh_token is None:
            raise AuthError("esia.no_refresh_token", field="refresh_token")
        return token.refresh_token.get_secret_value()
    return _secret(token)


class _Exchange(Generic[P, T]):
    """A method declared once as a flow builder; bound to a client, it runs the flow with that client's loop."""

    def __init__(self, build: Callable[Concatenate[_EsiaBase, P], Flow[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__
        self.__wrapped__ = build

    @overload
    def __get__(self, client: EsiaClient, owner: type[Any] | None = None) -> Callable[P, T]: ...

    @overload
    def __get__(self, client: AsyncEsiaClient, owner: type[Any] | None = None) -> Callable[P, Awaitable[T]]: ...

    @overload
    def __get__(self, client: None, owner: type[Any] | None = None) -> _Exchange[P, T]: ...

    def __get__(self, client: _EsiaBase | None, owner: type[Any] | None = None) -> Any:
        if client is None:
            return self
        build = self._build

        def call(*args: P.args, **kwargs: P.kwargs) -> Any:
            return client._drive(build(client, *args, **kwargs))

        functools.update_wrapper(call, build)
        return call


def _exchange(build: Callable[Concatenate[_EsiaBase, P], Flow[T]]) -> _Exchange[P, T]:
    """Declare a client method by the flow it runs (see the module docstring)."""
    return _Exchange(build)


class _EsiaBase:
    """Everything both clients share: configuration, clock, URLs, callback check, and every exchange."""

    def __init__(self, config: EsiaConfig) -> None:
        self.config = config
        self.clock_offset = timedelta(0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self.config.client_id!r}, base_url={self.config.base_url!r})"

    def _drive(self, flow: Flow[Any]) -> Any:
        """Run ``flow`` with this client's send loop (the result, or an awaitable of it)."""
        raise NotImplementedError

    def now(self) -> datetime:
        """The current time, corrected by ESIA's clock when :attr:`EsiaConfig.use_server_clock` is on (no I/O)."""
        return self.config.clock() + self.clock_offset

    def _observe(self, response: httpx.Response) -> None:
        if not self.config.use_server_clock:
            return
        offset = clock_offset(response.headers.get("date"), self.config.clock())
        if offset is not None and abs(offset) <= _MAX_OFFSET:
            self.clock_offset = offset if abs(offset) >= _MIN_OFFSET else timedelta(0)

    def authorization_url(
        self,
        scopes: Iterable[str] | str | None = None,
        state: str | None = None,
        access_type: str = "online",
        scope_org: str | None = None,
    ) -> AuthorizationRequest:
        """Prepare a login: the URL for the user's browser, and the state/timestamp to keep in the session.

        Synchronous on both clients (it signs ``client_secret`` but sends nothing).

        Args:
            scopes: scopes to ask for (default :attr:`EsiaConfig.scopes`); organisation scopes may be qualified
                with :func:`org_scopes` (``org_inn?org_oid=N``).
            state: a UUID v4 (a fresh one by default).
            access_type: ``"offline"`` to get a refresh token.
            scope_org: organisation scopes for ``scope_org`` (v2), signed into ``client_secret``.
        """
        return proto.authorization_request(
            self.config, now=self.now(), scopes=scopes, state=state, access_type=access_type, scope_org=scope_org
        )

    def parse_callback(self, url_or_params: str | httpx.URL | Mapping[str, Any], expected_state: str) -> Callback:
        """Check ESIA's redirect to ``redirect_uri`` (see :func:`egisz_sdk.auth.parse_callback`); synchronous."""
        return proto.parse_callback(url_or_params, expected_state)

    def logout_url(self, redirect_url: str | None = None) -> str:
        """ESIA's logout URL; the browser comes back to ``redirect_url`` (synchronous: nothing is sent)."""
        return proto.logout_url(self.config, redirect_url)

    @_exchange
    def exchange_code(
        self,
        code: str,
        *,
        request: AuthorizationRequest | None = None,
        scopes: Iterable[str] | str | None = None,
        scope_org: str | None = None,
    ) -> Flow[TokenSet]:
        """Redeem ``code`` for verified tokens (a NEW state is sent and must be echoed)."""
        if request is not None:
            scopes = scopes if scopes is not None else request.scopes
            scope_org = scope_org if scope_org is not None else request.scope_org
        return flows.token_flow(self.config, code, now=self.now, scopes=scopes, scope_org=scope_org)

    @_exchange
    def login(
        self,
        callback: str | httpx.URL | Mapping[str, Any],
        request: AuthorizationRequest,
        *,
        embed: Iterable[str] | None = None,
    ) -> Flow[LoginResult]:
        """Check the callback against ``request``, redeem the code, verify the tokens and fetch the person."""
        checked = proto.parse_callback(callback, request.state)
        return flows.login_flow(
            self.config, checked.code, now=self.now, scopes=request.scopes, scope_org=request.scope_org, embed=embed
        )

    @_exchange
    def refresh(
        self, token: Token, *, scopes: Iterable[str] | str | None = None, scope_org: str | None = None
    ) -> Flow[TokenSet]:
        """New tokens for a refresh token (or a :class:`TokenSet` obtained with ``access_type="offline"``)."""
        return flows.refresh_flow(self.config, _refresh_secret(token), now=self.now, scopes=scopes, scope_org=scope_org)

    @_exchange
    def get_person(self, oid: int | str, token: Token, *, embed: Iterable[str] | None = None) -> Flow[Person]:
        """``/rs/prns/{oid}``; ``embed=("contacts", "addresses", "documents")`` inlines collections."""
        return flows.person_flow(self.config, oid, _secret(token), embed=embed)

    @_exchange
    def get_collection(self, oid: int | str, token: Token, name: str) -> Flow[Collection[Any]]:
        """A person's collection (``contacts``, ``addresses``, ``documents``, ``organizations``, ``kids`` …)."""
        return flows.collection_flow(self.config, oid, _secret(token), name)

    @_exchange
    def get_contacts(self, oid: int | str, token: Token) -> Flow[list[Contact]]:
        """The person's contacts (e-mail, mobile …)."""
        return flows.items_flow(self.config, oid, _secret(token), "contacts")

    @_exchange
    def get_addresses(self, oid: int | str, token: Token) -> Flow[list[Address]]:
        """The person's addresses."""
        return flows.items_flow(self.config, oid, _secret(token), "addresses")

    @_exchange
    def get_documents(self, oid: int | str, token: Token) -> Flow[list[Document]]:
        """The person's documents."""
        return flows.items_flow(self.config, oid, _secret(token), "documents")

    @_exchange
    def get_organizations(self, oid: int | str, token: Token) -> Flow[list[Organization]]:
        """The organisations the person works for (for an org-scoped login)."""
        return flows.items_flow(self.config, oid, _secret(token), "organizations")

    @_exchange
    def get_organization(self, org_oid: int | str, token: Token) -> Flow[Organization]:
        """``/rs/orgs/{org_oid}`` (needs an organisation-scoped token)."""
        return flows.organization_flow(self.config, org_oid, _secret(token))


class EsiaClient(_EsiaBase, Owner):
    """Synchronous ESIA client.

    >>> client = EsiaClient(config)                                      # doctest: +SKIP
    >>> login = client.authorization_url(access_type="offline")          # redirect the browser to login.url
    >>> result = client.login(callback_url, login)                       # code → tokens → person

    ``http``: an :class:`~egisz_sdk._http.HttpClient` to send through (by default one built from
    :meth:`EsiaConfig.http_config`; a client you pass must carry ESIA's base URL, as that one does).
    """

    def __init__(self, config: EsiaConfig, *, http: HttpClient | None = None) -> None:
        super().__init__(config)
        self.http = http if http is not None else HttpClient(config.http_config())
        self._owned = self.http if http is None else None

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self.http.send(request)
        self._observe(response)
        return response

    def _drive(self, flow: Flow[T]) -> T:
        return drive(flow, self._send)


class AsyncEsiaClient(_EsiaBase, AsyncOwner):
    """Asynchronous ESIA client: the exchanges of :class:`EsiaClient` (``exchange_code``, ``login``, ``refresh``,
    ``get_person``, ``get_collection``, ``get_contacts``, ``get_addresses``, ``get_documents``,
    ``get_organizations``, ``get_organization``) are awaited; ``authorization_url``, ``logout_url``,
    ``parse_callback`` and ``now`` do no I/O and are called without ``await``."""

    def __init__(self, config: EsiaConfig, *, http: AsyncHttpClient | None = None) -> None:
        super().__init__(config)
        self.http = http if http is not None else AsyncHttpClient(config.http_config())
        self._owned = self.http if http is None else None

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self.http.send(request)
        self._observe(response)
        return response

    def _drive(self, flow: Flow[T]) -> Awaitable[T]:
        return adrive(flow, self._send)
