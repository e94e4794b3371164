"""Configuration, the two thin client shells, and the descriptors that turn declarations into typed methods.

A registry client is a class listing :class:`Endpoint` (a declaration + its read model) and :class:`Task`
(a multi-step flow) attributes once, in a mixin; the sync client mixes it into :class:`RegistryClient`, the
async one into :class:`AsyncRegistryClient`. The descriptors give ``mypy`` the right types on each side:
``client.person`` is a :class:`SyncResource` ``[Person]`` (``get() -> Person``) on the sync client and an
:class:`AsyncResource` ``[Person]`` (``get() -> Awaitable[Person]``, ``iterate() -> AsyncIterator``) on the
async one. Only the send loop and the paging loop exist twice.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, Concatenate, Final, Generic, ParamSpec, TypeVar, overload

import attrs
import httpx

from egisz_sdk._http import (
    AsyncHttpClient,
    AsyncOwner,
    Flow,
    HttpClient,
    HttpConfig,
    Owner,
    RetryPolicy,
    TokenBucket,
    Transport,
    Verify,
    adrive,
    drive,
)
from egisz_sdk.errors import ConfigurationError, TransportError
from egisz_sdk.registries._flows import LOST_CODES, LOST_EXTENSION, Call, lost_response, next_page
from egisz_sdk.registries._models import Ack, Created, Page, RegistryModel
from egisz_sdk.registries._spec import Resource
from egisz_sdk.registries._wire import Builder

__all__ = [
    "AsyncRegistryClient",
    "AsyncResource",
    "Endpoint",
    "RegistryClient",
    "RegistryConfig",
    "SyncResource",
    "Task",
]

M = TypeVar("M", bound=RegistryModel)
R = TypeVar("R")
P = ParamSpec("P")

_MAX_PAGES: Final = 100_000


def _bad(field: str, reason: str) -> ConfigurationError:
    return ConfigurationError("config.invalid", field=field, reason_ru=reason, reason_en=reason)


def _check_url(_: Any, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")) or len(value) > 2048:
        raise _bad(attribute.name, "an http(s) URL is expected")


def _positive(low: float, high: float) -> Callable[[Any, Any, Any], None]:
    def check(_: Any, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise _bad(attribute.name, "a finite number is expected")
        if not low <= value <= high:
            raise _bad(attribute.name, f"must be between {low:g} and {high:g}")

    return check


@attrs.frozen
class RegistryConfig:
    """Settings of a registry client (FRMR, FRMO).

    Attributes:
        base_url: the gateway URL of the registry, with its per-environment hash (``FRMR_TEST_URL`` …).
        auth: the gateway token (:class:`~egisz_sdk.auth.IpsTokenAuth`) or any :class:`httpx.Auth`.
        verify: ``True``, a CA bundle path (the Russian state CA, PEM), an SSL context, or an explicit ``False``.
        timeout: seconds for reads and writes (0.1 … 600).
        connect_timeout: seconds to connect (0.1 … 120).
        retry: retries of GET/PUT/DELETE (POST never: see :class:`~egisz_sdk.registries.Created`).
        rate: client-side limit in requests per second (default 2: the regional scripts pause 0.5 s); ``None``: off.
        burst: requests allowed back to back under ``rate``.
        page_size: records per page when iterating (1 … the resource's maximum, 100 for ``person/list``).
        transport: an httpx transport instead of the network (``httpx.MockTransport``, the fake world).
        user_agent: the ``User-Agent`` header (default ``egisz-sdk/<version>``).
    """

    base_url: str = attrs.field(validator=_check_url)
    auth: httpx.Auth | None = attrs.field(default=None, eq=False, repr=False)
    verify: Verify = True
    timeout: float = attrs.field(default=30.0, validator=_positive(0.1, 600))
    connect_timeout: float = attrs.field(default=10.0, validator=_positive(0.1, 120))
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    rate: float | None = attrs.field(default=2.0, validator=_positive(0.01, 10_000))
    burst: int = attrs.field(default=1, validator=_positive(1, 1000))
    page_size: int = attrs.field(default=100, validator=_positive(1, 10_000))
    transport: Transport | None = attrs.field(default=None, eq=False, repr=False)
    user_agent: str | None = None

    def http(self) -> HttpConfig:
        """The :class:`~egisz_sdk._http.HttpConfig` these settings describe (a fresh token bucket)."""
        extra: dict[str, Any] = {} if self.user_agent is None else {"user_agent": self.user_agent}
        return HttpConfig(
            base_url=self.base_url if self.base_url.endswith("/") else self.base_url + "/",
            timeout=self.timeout,
            connect_timeout=self.connect_timeout,
            verify=self.verify,
            retry=self.retry,
            rate_limit=TokenBucket(self.rate, int(self.burst)) if self.rate is not None else None,
            headers={"Accept": "application/json"},
            transport=self.transport,
            auth=self.auth,
            **extra,
        )


def _lost_or_raise(request: httpx.Request, exc: TransportError) -> httpx.Response:
    if request.extensions.get(LOST_EXTENSION) and exc.code in LOST_CODES:
        return lost_response(request, exc)
    raise exc


class _Shell:
    """What both shells share: the configuration, the HTTP client they own (or were given) and the builder."""

    _http: HttpClient | AsyncHttpClient

    def __init__(self, config: RegistryConfig, http: HttpClient | AsyncHttpClient) -> None:
        self.config = config
        self._http = http
        self._resources: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r})"

    @property
    def build(self) -> Builder:
        """The request builder (base URL, headers) flows use."""
        return self._http.build_request


class RegistryClient(_Shell, Owner):
    """The synchronous shell: sends what the flows build, through the SDK's HTTP layer.

    Args:
        config: the settings.
        http: an existing :class:`~egisz_sdk._http.HttpClient` to send through (not closed by this client).
    """

    _http: HttpClient

    def __init__(self, config: RegistryConfig, *, http: HttpClient | None = None) -> None:
        super().__init__(config, http if http is not None else HttpClient(config.http()))
        self._owned = self._http if http is None else None

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._http.send(request)
        except TransportError as exc:
            return _lost_or_raise(request, exc)

    def run(self, flow: Flow[R]) -> R:
        """Drive a flow to its result."""
        return drive(flow, self._send)


class AsyncRegistryClient(_Shell, AsyncOwner):
    """The asynchronous shell (same flows, awaited sends)."""

    _http: AsyncHttpClient

    def __init__(self, config: RegistryConfig, *, http: AsyncHttpClient | None = None) -> None:
        super().__init__(config, http if http is not None else AsyncHttpClient(config.http()))
        self._owned = self._http if http is None else None

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._http.send(request)
        except TransportError as exc:
            return _lost_or_raise(request, exc)

    async def run(self, flow: Flow[R]) -> R:
        """Drive a flow to its result."""
        return await adrive(flow, self._send)


def _page_size(client: RegistryClient | AsyncRegistryClient, resource: Resource, size: int | None) -> int:
    value = client.config.page_size if size is None else size
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _bad("page_size", "a positive integer is expected")
    return min(value, resource.max_limit)


class SyncResource(Generic[M]):
    """The verbs of one resource on the sync client (an undeclared verb raises ``registry.unsupported_verb``)."""

    def __init__(self, client: RegistryClient, call: Call[M]) -> None:
        self._client = client
        self.call = call

    def __repr__(self) -> str:
        return f"<{self.call.resource.service}.{self.call.resource.name}: {sorted(self.call.resource.verbs)}>"

    def get(self, **params: Any) -> M:
        """One record by its identifying parameters."""
        return self._client.run(self.call.get(params))

    def list(self, **params: Any) -> builtins.list[M]:
        """Every record of a (non-paged) list."""
        return self._client.run(self.call.listing(params))

    def page(self, *, offset: int = 0, limit: int | None = None, **params: Any) -> Page[M]:
        """One page (``offset`` counts records, not pages)."""
        size = _page_size(self._client, self.call.resource, limit)
        return self._client.run(self.call.page(params, offset, size))

    def iterate(self, *, page_size: int | None = None, **params: Any) -> Iterator[M]:
        """Every record of a paged list, fetched lazily page by page."""
        position: tuple[int, int] | None = (0, _page_size(self._client, self.call.resource, page_size))
        for _ in range(_MAX_PAGES):
            if position is None:
                return
            page = self._client.run(self.call.page(params, *position))
            yield from page.items
            position = next_page(page, position[1])

    def create(self, record: M | Mapping[str, Any], **params: Any) -> Created:
        """Create a record (never duplicated after a lost answer)."""
        return self._client.run(self.call.create(record, params))

    def update(self, record: M | Mapping[str, Any], **params: Any) -> Ack:
        """Replace a record."""
        return self._client.run(self.call.update(record, params))

    def delete(self, **params: Any) -> Ack:
        """Delete a record."""
        return self._client.run(self.call.delete(params))


class AsyncResource(Generic[M]):
    """The verbs of one resource on the async client."""

    def __init__(self, client: AsyncRegistryClient, call: Call[M]) -> None:
        self._client = client
        self.call = call

    def __repr__(self) -> str:
        return f"<async {self.call.resource.service}.{self.call.resource.name}: {sorted(self.call.resource.verbs)}>"

    async def get(self, **params: Any) -> M:
        """One record by its identifying parameters."""
        return await self._client.run(self.call.get(params))

    async def list(self, **params: Any) -> builtins.list[M]:
        """Every record of a (non-paged) list."""
        return await self._client.run(self.call.listing(params))

    async def page(self, *, offset: int = 0, limit: int | None = None, **params: Any) -> Page[M]:
        """One page (``offset`` counts records, not pages)."""
        size = _page_size(self._client, self.call.resource, limit)
        return await self._client.run(self.call.page(params, offset, size))

    async def iterate(self, *, page_size: int | None = None, **params: Any) -> AsyncIterator[M]:
        """Every record of a paged list, fetched lazily page by page."""
        position: tuple[int, int] | None = (0, _page_size(self._client, self.call.resource, page_size))
        for _ in range(_MAX_PAGES):
            if position is None:
                return
            page = await self._client.run(self.call.page(params, *position))
            for item in page.items:
                yield item
            position = next_page(page, position[1])

    async def create(self, record: M | Mapping[str, Any], **params: Any) -> Created:
        """Create a record (never duplicated after a lost answer)."""
        return await self._client.run(self.call.create(record, params))

    async def update(self, record: M | Mapping[str, Any], **params: Any) -> Ack:
        """Replace a record."""
        return await self._client.run(self.call.update(record, params))

    async def delete(self, **params: Any) -> Ack:
        """Delete a record."""
        return await self._client.run(self.call.delete(params))


class Endpoint(Generic[M]):
    """A resource declaration with its read model, as a client attribute.

    ``Endpoint(PERSON, Person)`` in a client mixin gives ``client.person`` — a :class:`SyncResource` or an
    :class:`AsyncResource` depending on the client — and :meth:`bind` gives the flows for multi-step tasks.
    """

    def __init__(self, resource: Resource, model: type[M]) -> None:
        self.resource = resource
        self.model = model

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def bind(self, build: Builder) -> Call[M]:
        """The flows of this resource with ``build`` as the request builder."""
        return Call(self.resource, self.model, build)

    @overload
    def __get__(self, obj: None, owner: type) -> Endpoint[M]: ...
    @overload
    def __get__(self, obj: RegistryClient, owner: type) -> SyncResource[M]: ...
    @overload
    def __get__(self, obj: AsyncRegistryClient, owner: type) -> AsyncResource[M]: ...
    def __get__(self, obj: object, owner: type) -> Any:
        if obj is None:
            return self
        cache: dict[str, Any] = obj._resources  # type: ignore[attr-defined]
        key = self.resource.operation("get")
        found = cache.get(key)
        if found is None:
            call = self.bind(obj.build)  # type: ignore[attr-defined]
            found = SyncResource(obj, call) if isinstance(obj, RegistryClient) else AsyncResource(obj, call)  # type: ignore[arg-type]
            cache[key] = found
        return found


class Task(Generic[P, R]):
    """A multi-step flow as a client method: written once as ``flow(build, *args)``, driven sync or async."""

    def __init__(self, flow: Callable[Concatenate[Builder, P], Flow[R]]) -> None:
        self.flow = flow
        self.__doc__ = flow.__doc__

    @overload
    def __get__(self, obj: None, owner: type) -> Task[P, R]: ...
    @overload
    def __get__(self, obj: RegistryClient, owner: type) -> Callable[P, R]: ...
    @overload
    def __get__(self, obj: AsyncRegistryClient, owner: type) -> Callable[P, Awaitable[R]]: ...
    def __get__(self, obj: object, owner: type) -> Any:
        if obj is None:
            return self
        flow = self.flow
        if isinstance(obj, RegistryClient):
            return _sync_runner(obj, flow)
        if isinstance(obj, AsyncRegistryClient):
            return _async_runner(obj, flow)
        raise TypeError("a Task works on a RegistryClient or an AsyncRegistryClient")


def _sync_runner(client: RegistryClient, flow: Callable[..., Flow[Any]]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        return client.run(flow(client.build, *args, **kwargs))

    run.__doc__ = flow.__doc__
    run.__name__ = getattr(flow, "__name__", "task")
    return run


def _async_runner(client: AsyncRegistryClient, flow: Callable[..., Flow[Any]]) -> Callable[..., Awaitable[Any]]:
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await client.run(flow(client.build, *args, **kwargs))

    run.__doc__ = flow.__doc__
    run.__name__ = getattr(flow, "__name__", "task")
    return run
