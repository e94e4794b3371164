"""``EsiaClient`` and ``AsyncEsiaClient``: thin shells that send what the sans-IO core builds.

Everything both share — building the authorization and logout URLs, checking the callback, the clock and its
correction from ESIA's ``Date`` header, choosing flows — lives in :class:`_EsiaBase`. The two shells differ
only in their send loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

import httpx
from pydantic import SecretStr

from egisz_sdk._http import AsyncHttpClient, AsyncOwner, HttpClient, Owner
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
Token = str | SecretStr | TokenSet

#: Offsets from the ``Date`` header smaller than this are rounding noise (the header has 1-second resolution).
_MIN_OFFSET: Final = timedelta(seconds=2)


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


class _EsiaBase:
    """The I/O-free half of both clients."""

    def __init__(self, config: EsiaConfig) -> None:
        self.config = config
        self.clock_offset = timedelta(0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self.config.client_id!r}, base_url={self.config.base_url!r})"

    def now(self) -> datetime:
        """The current time, corrected by ESIA's clock when :attr:`EsiaConfig.use_server_clock` is on."""
        return self.config.clock() + self.clock_offset

    def _observe(self, response: httpx.Response) -> None:
        if not self.config.use_server_clock:
            return
        offset = clock_offset(response.headers.get("date"), self.config.clock())
        if offset is not None:
            self.clock_offset = offset if abs(offset) >= _MIN_OFFSET else timedelta(0)

    def authorization_url(
        self,
        scopes: Iterable[str] | str | None = None,
        state: str | None = None,
        access_type: str = "online",
        scope_org: str | None = None,
    ) -> AuthorizationRequest:
        """Prepare a login: the URL for the user's browser, and the state/timestamp to keep in the session.

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
        """Check ESIA's redirect to ``redirect_uri`` (see :func:`egisz_sdk.auth.parse_callback`)."""
        return proto.parse_callback(url_or_params, expected_state)

    def logout_url(self, redirect_url: str | None = None) -> str:
        """ESIA's logout URL; the browser comes back to ``redirect_url``."""
        return proto.logout_url(self.config, redirect_url)

    def _exchange(
        self,
        code: str,
        request: AuthorizationRequest | None,
        scopes: Iterable[str] | str | None,
        scope_org: str | None,
    ) -> flows.Flow[TokenSet]:
        if request is not None:
            scopes = scopes if scopes is not None else request.scopes
            scope_org = scope_org if scope_org is not None else request.scope_org
        return flows.token_flow(self.config, code, now=self.now, scopes=scopes, scope_org=scope_org)

    def _login(
        self, callback: str | httpx.URL | Mapping[str, Any], request: AuthorizationRequest, embed: Iterable[str] | None
    ) -> flows.Flow[LoginResult]:
        checked = proto.parse_callback(callback, request.state)
        return flows.login_flow(
            self.config, checked.code, now=self.now, scopes=request.scopes, scope_org=request.scope_org, embed=embed
        )

    def _refresh(self, token: Token, scopes: Iterable[str] | str | None, scope_org: str | None) -> flows.Flow[TokenSet]:
        return flows.refresh_flow(self.config, _refresh_secret(token), now=self.now, scopes=scopes, scope_org=scope_org)


class EsiaClient(_EsiaBase, Owner):
    """Synchronous ESIA client.

    >>> client = EsiaClient(config)                                      # doctest: +SKIP
    >>> login = client.authorization_url(access_type="offline")          # redirect the browser to login.url
    >>> result = client.login(callback_url, login)                       # code → tokens → person
    """

    def __init__(self, config: EsiaConfig, *, http: HttpClient | None = None) -> None:
        super().__init__(config)
        self.http = http if http is not None else HttpClient(config.http_config())
        self._owned = self.http if http is None else None

    def _run(self, flow: flows.Flow[T]) -> T:
        request = next(flow)
        while True:
            response = self.http.send(request)
            self._observe(response)
            try:
                request = flow.send(response)
            except StopIteration as stop:
                result: T = stop.value
                return result

    def exchange_code(
        self,
        code: str,
        *,
        request: AuthorizationRequest | None = None,
        scopes: Iterable[str] | str | None = None,
        scope_org: str | None = None,
    ) -> TokenSet:
        """Redeem ``code`` for verified tokens (a NEW state is sent and must be echoed)."""
        return self._run(self._exchange(code, request, scopes, scope_org))

    def login(
        self,
        callback: str | httpx.URL | Mapping[str, Any],
        request: AuthorizationRequest,
        *,
        embed: Iterable[str] | None = None,
    ) -> LoginResult:
        """Check the callback against ``request``, redeem the code, verify the tokens and fetch the person."""
        return self._run(self._login(callback, request, embed))

    def refresh(
        self, token: Token, *, scopes: Iterable[str] | str | None = None, scope_org: str | None = None
    ) -> TokenSet:
        """New tokens for a refresh token (or a :class:`TokenSet` obtained with ``access_type="offline"``)."""
        return self._run(self._refresh(token, scopes, scope_org))

    def get_person(self, oid: int | str, token: Token, *, embed: Iterable[str] | None = None) -> Person:
        """``/rs/prns/{oid}``; ``embed=("contacts", "addresses", "documents")`` inlines collections."""
        return self._run(flows.person_flow(self.config, oid, _secret(token), embed=embed))

    def get_collection(self, oid: int | str, token: Token, name: str) -> Collection[Any]:
        """A person's collection (``contacts``, ``addresses``, ``documents``, ``organizations``, ``kids`` …)."""
        return self._run(flows.collection_flow(self.config, oid, _secret(token), name))

    def get_contacts(self, oid: int | str, token: Token) -> list[Contact]:
        """The person's contacts (e-mail, mobile …)."""
        return self.get_collection(oid, token, "contacts").items

    def get_addresses(self, oid: int | str, token: Token) -> list[Address]:
        """The person's addresses."""
        return self.get_collection(oid, token, "addresses").items

    def get_documents(self, oid: int | str, token: Token) -> list[Document]:
        """The person's documents."""
        return self.get_collection(oid, token, "documents").items

    def get_organizations(self, oid: int | str, token: Token) -> list[Organization]:
        """The organisations the person works for (for an org-scoped login)."""
        return self.get_collection(oid, token, "organizations").items

    def get_organization(self, org_oid: int | str, token: Token) -> Organization:
        """``/rs/orgs/{org_oid}`` (needs an organisation-scoped token)."""
        return self._run(flows.organization_flow(self.config, org_oid, _secret(token)))


class AsyncEsiaClient(_EsiaBase, AsyncOwner):
    """Asynchronous ESIA client (same methods as :class:`EsiaClient`, awaited)."""

    def __init__(self, config: EsiaConfig, *, http: AsyncHttpClient | None = None) -> None:
        super().__init__(config)
        self.http = http if http is not None else AsyncHttpClient(config.http_config())
        self._owned = self.http if http is None else None

    async def _run(self, flow: flows.Flow[T]) -> T:
        request = next(flow)
        while True:
            response = await self.http.send(request)
            self._observe(response)
            try:
                request = flow.send(response)
            except StopIteration as stop:
                result: T = stop.value
                return result

    async def exchange_code(
        self,
        code: str,
        *,
        request: AuthorizationRequest | None = None,
        scopes: Iterable[str] | str | None = None,
        scope_org: str | None = None,
    ) -> TokenSet:
        """See :meth:`EsiaClient.exchange_code`."""
        return await self._run(self._exchange(code, request, scopes, scope_org))

    async def login(
        self,
        callback: str | httpx.URL | Mapping[str, Any],
        request: AuthorizationRequest,
        *,
        embed: Iterable[str] | None = None,
    ) -> LoginResult:
        """See :meth:`EsiaClient.login`."""
        return await self._run(self._login(callback, request, embed))

    async def refresh(
        self, token: Token, *, scopes: Iterable[str] | str | None = None, scope_org: str | None = None
    ) -> TokenSet:
        """See :meth:`EsiaClient.refresh`."""
        return await self._run(self._refresh(token, scopes, scope_org))

    async def get_person(self, oid: int | str, token: Token, *, embed: Iterable[str] | None = None) -> Person:
        """See :meth:`EsiaClient.get_person`."""
        return await self._run(flows.person_flow(self.config, oid, _secret(token), embed=embed))

    async def get_collection(self, oid: int | str, token: Token, name: str) -> Collection[Any]:
        """See :meth:`EsiaClient.get_collection`."""
        return await self._run(flows.collection_flow(self.config, oid, _secret(token), name))

    async def get_contacts(self, oid: int | str, token: Token) -> list[Contact]:
        """See :meth:`EsiaClient.get_contacts`."""
        return (await self.get_collection(oid, token, "contacts")).items

    async def get_addresses(self, oid: int | str, token: Token) -> list[Address]:
        """See :meth:`EsiaClient.get_addresses`."""
        return (await self.get_collection(oid, token, "addresses")).items

    async def get_documents(self, oid: int | str, token: Token) -> list[Document]:
        """See :meth:`EsiaClient.get_documents`."""
        return (await self.get_collection(oid, token, "documents")).items

    async def get_organizations(self, oid: int | str, token: Token) -> list[Organization]:
        """See :meth:`EsiaClient.get_organizations`."""
        return (await self.get_collection(oid, token, "organizations")).items

    async def get_organization(self, org_oid: int | str, token: Token) -> Organization:
        """See :meth:`EsiaClient.get_organization`."""
        return await self._run(flows.organization_flow(self.config, org_oid, _secret(token)))
