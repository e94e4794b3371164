"""The HTTP clients every service client of the SDK sends through (one base, thin sync/async shells).

:class:`HttpConfig` holds the settings; :func:`build_client` / :func:`build_async_client` make the httpx
clients (base URL, timeouts, TLS trust, ``transport=`` injection); :class:`HttpClient` and
:class:`AsyncHttpClient` add what httpx leaves to us: retries of idempotent requests (tenacity, ``Retry-After``
honoured and capped), an optional client-side rate limit, logging with secrets redacted, and translation of
httpx failures to :class:`~egisz_sdk.errors.TransportError` codes. Only the send loop exists twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import attrs
import httpx
import tenacity

from egisz_sdk._http._errors import translate_error
from egisz_sdk._http._lifecycle import AsyncOwner, Owner
from egisz_sdk._http._ratelimit import TokenBucket
from egisz_sdk._http._redact import logger, redact_form, redact_headers, redact_url
from egisz_sdk._http._retry import NO_RETRY, RETRYABLE_EXCEPTIONS, RetryPolicy, is_idempotent
from egisz_sdk._numbers import number
from egisz_sdk._version import __version__
from egisz_sdk.errors import ConfigurationError

__all__ = [
    "AsyncHttpClient",
    "HttpClient",
    "HttpConfig",
    "Transport",
    "Verify",
    "build_async_client",
    "build_client",
    "ssl_verify",
]

#: What ``verify=`` accepts: ``True`` (system trust store), a CA bundle path, an SSL context, or an explicit ``False``.
Verify = bool | str | os.PathLike[str] | ssl.SSLContext

#: An injected httpx transport (``httpx.MockTransport`` serves sync and async clients alike).
Transport = httpx.BaseTransport | httpx.AsyncBaseTransport

DEFAULT_USER_AGENT: Final = f"egisz-sdk/{__version__}"
#: The longest timeout a setting may ask for (seconds).
MAX_TIMEOUT: Final = 3600.0
#: Joined request URLs remembered per client (paths without a query; cleared when full).
_MAX_URLS: Final = 256


def _check_timeout(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            seconds = getattr(value, part)
            if seconds is not None:
                number(f"{attribute.name}.{part}", seconds, low=0.0, high=MAX_TIMEOUT, low_open=True)
        return
    number(attribute.name, value, low=0.0, high=MAX_TIMEOUT, low_open=True)


@attrs.frozen
class HttpConfig:
    """Settings of one HTTP client.

    Every number is checked: timeouts are finite seconds in ``(0, 3600]`` (``config.invalid`` otherwise).

    Attributes:
        base_url: prefix of relative request URLs (requests built without a host are resolved against it).
        timeout: seconds (read/write/pool) or a full :class:`httpx.Timeout`.
        connect_timeout: seconds to establish a connection (when ``timeout`` is a number).
        verify: ``True`` (system CAs), a path to a CA bundle (e.g. the Russian root CA, PEM), an
            :class:`ssl.SSLContext`, or ``False`` — accepted only when passed explicitly, and logged as a warning.
        retry: the :class:`RetryPolicy` for idempotent requests.
        rate_limit: an optional :class:`TokenBucket` every request waits on.
        headers: extra headers sent with every request.
        user_agent: the ``User-Agent`` header.
        transport: an httpx transport to use instead of the network (the fake EGISZ plugs in here).
        follow_redirects: whether httpx follows redirects (off: OAuth redirects are handled by the caller).
        auth: an :class:`httpx.Auth` applied to every request (e.g. the IPS gateway token).
    """

    base_url: str = ""
    timeout: float | httpx.Timeout = attrs.field(default=30.0, validator=_check_timeout)
    connect_timeout: float = attrs.field(default=10.0, validator=_check_timeout)
    verify: Verify = True
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    rate_limit: TokenBucket | None = attrs.field(default=None, eq=False)
    headers: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    user_agent: str = DEFAULT_USER_AGENT
    transport: Transport | None = attrs.field(default=None, eq=False, repr=False)
    follow_redirects: bool = False
    auth: httpx.Auth | None = attrs.field(default=None, eq=False, repr=False)

    def httpx_timeout(self) -> httpx.Timeout:
        """The :class:`httpx.Timeout` these settings describe."""
        if isinstance(self.timeout, httpx.Timeout):
            return self.timeout
        return httpx.Timeout(self.timeout, connect=self.connect_timeout)


def ssl_verify(verify: Verify) -> bool | ssl.SSLContext:
    """Turn ``verify`` into what httpx takes: a CA bundle path becomes an SSL context trusting that bundle."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is False:
        logger.warning("TLS certificate verification is DISABLED (verify=False was passed explicitly)")
        return False
    if verify is True:
        return True
    path = os.fspath(verify)
    if not os.path.isfile(path):
        raise ConfigurationError(
            "config.invalid",
            field="verify",
            value=path,
            reason_ru="файл с сертификатами УЦ не найден",
            reason_en="CA bundle file not found",
        )
    try:
        return ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError, ValueError):
        raise ConfigurationError(
            "config.invalid",
            field="verify",
            value=path,
            reason_ru="файл не содержит сертификатов УЦ в формате PEM",
            reason_en="the file holds no PEM CA certificates",
        ) from None


def _common(config: HttpConfig) -> dict[str, Any]:
    headers = {"User-Agent": config.user_agent, **dict(config.headers)}
    return {
        "base_url": config.base_url,
        "timeout": config.httpx_timeout(),
        "headers": headers,
        "follow_redirects": config.follow_redirects,
        "auth": config.auth,
    }


#: Per client kind: the transport class it needs, and the complaint (ru, en) when it gets the other kind.
_TRANSPORT_KINDS: Final[dict[bool, tuple[type, str, str]]] = {
    False: (
        httpx.BaseTransport,
        "синхронному клиенту нужен синхронный транспорт httpx",
        "a sync client needs a sync httpx transport",
    ),
    True: (
        httpx.AsyncBaseTransport,
        "асинхронному клиенту нужен асинхронный транспорт httpx",
        "an async client needs an async httpx transport",
    ),
}


def _client_kwargs(config: HttpConfig, *, is_async: bool) -> dict[str, Any]:
    kwargs = _common(config)
    if config.transport is None:
        kwargs["verify"] = ssl_verify(config.verify)
        return kwargs
    needed, reason_ru, reason_en = _TRANSPORT_KINDS[is_async]
    if not isinstance(config.transport, needed):
        raise ConfigurationError("config.invalid", field="transport", reason_ru=reason_ru, reason_en=reason_en)
    kwargs["transport"] = config.transport
    return kwargs


def build_client(config: HttpConfig) -> httpx.Client:
    """A configured :class:`httpx.Client` (the injected ``transport`` must be a sync transport)."""
    return httpx.Client(**_client_kwargs(config, is_async=False))


def build_async_client(config: HttpConfig) -> httpx.AsyncClient:
    """A configured :class:`httpx.AsyncClient` (the injected ``transport`` must be an async transport)."""
    return httpx.AsyncClient(**_client_kwargs(config, is_async=True))


def _settled(policy: RetryPolicy, first: httpx.Response | BaseException, request: httpx.Request) -> bool:
    """Whether the first attempt's outcome is final: a response the policy would not retry (returned), or any
    outcome when the policy allows one attempt only (a connection failure is raised translated)."""
    if isinstance(first, httpx.Response):
        return policy.attempts == 1 or not policy.retryable_response(first)
    if policy.attempts == 1:
        assert isinstance(first, httpx.HTTPError)
        raise translate_error(first, request) from first
    return False


class _Replay:
    """The first attempt's outcome, handed to the retry loop as its attempt number 1 (so nothing is sent twice
    and the loop counts, waits and logs exactly as if it had made that attempt itself)."""

    def __init__(self, first: httpx.Response | BaseException) -> None:
        self._first: httpx.Response | BaseException | None = first

    def take(self) -> httpx.Response | None:
        """The first outcome once (raised when it was an exception), then ``None``."""
        first, self._first = self._first, None
        if isinstance(first, BaseException):
            raise first
        return first


def _outcome_response(state: tenacity.RetryCallState) -> httpx.Response | None:
    outcome = state.outcome
    if outcome is None or outcome.failed:
        return None
    result = outcome.result()
    return result if isinstance(result, httpx.Response) else None


def _last_result(state: tenacity.RetryCallState) -> Any:
    assert state.outcome is not None
    return state.outcome.result()


class _HttpBase:
    """What both shells share: configuration, retry plans and logging."""

    client: httpx.Client | httpx.AsyncClient

    def __init__(self, config: HttpConfig) -> None:
        self.config = config
        self._urls: dict[str, tuple[httpx.URL, httpx.URL]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r})"

    def build_request(self, method: str, url: str, **kwargs: Any) -> httpx.Request:
        """Build a request with the client's base URL and headers (``params=``, ``data=``, ``headers=`` …)."""
        if isinstance(url, str) and "?" not in url and "#" not in url:
            return self.client.build_request(method, self._absolute(url), **kwargs)
        return self.client.build_request(method, url, **kwargs)

    def _absolute(self, path: str) -> httpx.URL:
        """``path`` joined to the base URL, remembered (a registry client asks for the same few paths all the time;
        httpx would parse and join the URLs again on every request)."""
        base = self.client.base_url
        found = self._urls.get(path)
        if found is not None and found[0] is base:
            return found[1]
        joined = self.client.build_request("GET", path).url
        if len(self._urls) >= _MAX_URLS:
            self._urls.clear()
        self._urls[path] = (base, joined)
        return joined

    def resolve(self, request: httpx.Request) -> httpx.Request:
        """A request built without a host (by a sans-IO core) gets the configured base URL and default headers
        (``User-Agent`` …, its own headers win); an absolute request is returned unchanged."""
        if not request.url.is_relative_url:
            return request
        return self.client.build_request(
            request.method, request.url, headers=request.headers, content=request.content, extensions=request.extensions
        )

    def _policy(self, request: httpx.Request, idempotent: bool | None) -> RetryPolicy:
        return self.config.retry if is_idempotent(request, idempotent) else NO_RETRY

    def _tenacity_kwargs(self, policy: RetryPolicy, request: httpx.Request) -> dict[str, Any]:
        def wait(state: tenacity.RetryCallState) -> float:
            return policy.delay(state.attempt_number, _outcome_response(state))

        def before_sleep(state: tenacity.RetryCallState) -> None:
            response = _outcome_response(state)
            reason = f"HTTP {response.status_code}" if response is not None else "connection failure"
            delay = state.next_action.sleep if state.next_action is not None else 0.0
            logger.warning(
                "retrying %s %s after %s in %.2f s (attempt %d of %d)",
                request.method,
                redact_url(request.url),
                reason,
                delay,
                state.attempt_number + 1,
                policy.attempts,
            )

        return {
            "stop": tenacity.stop_after_attempt(policy.attempts),
            "wait": wait,
            "retry": tenacity.retry_if_exception_type(RETRYABLE_EXCEPTIONS)
            | tenacity.retry_if_result(policy.retryable_response),
            "retry_error_callback": _last_result,
            "before_sleep": before_sleep,
            "reraise": True,
        }

    @staticmethod
    def _log_request(request: httpx.Request) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        try:
            body = redact_form(request.content) if request.content else ""
        except httpx.RequestNotRead:
            body = "<stream>"
        logger.debug(
            "→ %s %s headers=%s body=%s",
            request.method,
            redact_url(request.url),
            redact_headers(request.headers),
            body,
        )

    @staticmethod
    def _log_response(request: httpx.Request, response: httpx.Response, started: float) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        logger.debug(
            "← %s %s %d in %.1f ms",
            request.method,
            redact_url(request.url),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )


class HttpClient(_HttpBase, Owner):
    """Synchronous sending with retries, rate limit, redacted logging and error translation.

    Args:
        config: the settings; ``config.transport`` (if any) must be a sync httpx transport.
        client: an existing :class:`httpx.Client` to send through instead of building one (not closed by us).
    """

    client: httpx.Client

    def __init__(self, config: HttpConfig | None = None, *, client: httpx.Client | None = None) -> None:
        super().__init__(config or HttpConfig())
        self.client = client if client is not None else build_client(self.config)
        self._owned = self.client if client is None else None

    def request(self, method: str, url: str, *, idempotent: bool | None = None, **kwargs: Any) -> httpx.Response:
        """Build and :meth:`send` a request."""
        return self.send(self.build_request(method, url, **kwargs), idempotent=idempotent)

    def send(self, request: httpx.Request, *, idempotent: bool | None = None) -> httpx.Response:
        """Send ``request`` (body read), retrying only if it is idempotent; httpx failures become ``transport.*``.

        HTTP error statuses are returned, not raised: the caller's parser knows what they mean. A relative
        request is resolved against the configuration first (:meth:`resolve`).
        """
        request = self.resolve(request)
        policy = self._policy(request, idempotent)
        try:
            first: httpx.Response | BaseException = self._send_once(request)
        except RETRYABLE_EXCEPTIONS as exc:
            first = exc
        except httpx.HTTPError as exc:
            raise translate_error(exc, request) from exc
        if _settled(policy, first, request):  # the usual case: done without building a retry plan
            assert isinstance(first, httpx.Response)
            return first
        retrying = tenacity.Retrying(sleep=policy.sleep or time.sleep, **self._tenacity_kwargs(policy, request))
        replay = _Replay(first)

        def attempt(request: httpx.Request) -> httpx.Response:
            replayed = replay.take()
            return replayed if replayed is not None else self._send_once(request)

        try:
            response: httpx.Response = retrying(attempt, request)
        except httpx.HTTPError as exc:
            raise translate_error(exc, request) from exc
        return response

    def _send_once(self, request: httpx.Request) -> httpx.Response:
        if self.config.rate_limit is not None:
            self.config.rate_limit.acquire()
        self._log_request(request)
        started = time.perf_counter()
        response = self.client.send(request)
        self._log_response(request, response, started)
        return response


class AsyncHttpClient(_HttpBase, AsyncOwner):
    """Asynchronous twin of :class:`HttpClient` (same policy; sleeps with :func:`asyncio.sleep`)."""

    client: httpx.AsyncClient

    def __init__(self, config: HttpConfig | None = None, *, client: httpx.AsyncClient | None = None) -> None:
        super().__init__(config or HttpConfig())
        self.client = client if client is not None else build_async_client(self.config)
        self._owned = self.client if client is None else None

    async def request(self, method: str, url: str, *, idempotent: bool | None = None, **kwargs: Any) -> httpx.Response:
        """Build and :meth:`send` a request."""
        return await self.send(self.build_request(method, url, **kwargs), idempotent=idempotent)

    async def send(self, request: httpx.Request, *, idempotent: bool | None = None) -> httpx.Response:
        """Async :meth:`HttpClient.send`."""
        request = self.resolve(request)
        policy = self._policy(request, idempotent)
        try:
            first: httpx.Response | BaseException = await self._send_once(request)
        except RETRYABLE_EXCEPTIONS as exc:
            first = exc
        except httpx.HTTPError as exc:
            raise translate_error(exc, request) from exc
        if _settled(policy, first, request):
            assert isinstance(first, httpx.Response)
            return first
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        if policy.sleep is not None:
            sync_sleep = policy.sleep

            async def sleep(seconds: float) -> None:
                sync_sleep(seconds)

        retrying = tenacity.AsyncRetrying(sleep=sleep, **self._tenacity_kwargs(policy, request))
        replay = _Replay(first)

        async def attempt(request: httpx.Request) -> httpx.Response:
            replayed = replay.take()
            return replayed if replayed is not None else await self._send_once(request)

        try:
            response: httpx.Response = await retrying(attempt, request)
        except httpx.HTTPError as exc:
            raise translate_error(exc, request) from exc
        return response

    async def _send_once(self, request: httpx.Request) -> httpx.Response:
        if self.config.rate_limit is not None:
            await self.config.rate_limit.aacquire()
        self._log_request(request)
        started = time.perf_counter()
        response = await self.client.send(request)
        self._log_response(request, response, started)
        return response
