"""The EGISZ integration-gateway (IPS) token as an :class:`httpx.Auth`.

FRMR and FRMO sit behind the gateway; every request carries ``Authorization: Bearer <token>``, where the token
is issued by the information system itself and signed with its GOST key (see ``docs/gateway.md``)::

    header  {"alg": "ECGOST3410-2012", "x5c": ["<base64 DER certificate>"]}
    claims  {"sub": <system id>, "aud": <audience>, "iat": <now>, "exp": <now + lifetime>}
    token   base64url(header) "." base64url(claims) "." base64url(detached CMS over "header.claims")

The token is built by :func:`egisz_sdk.signature.jose.encode_ips_token` (one home for the format), cached until
``refresh_margin`` seconds before it expires, re-issued once when the gateway answers 401 (the request is
repeated once with the fresh token, never more), and shared safely by threads (a lock) and by tasks (an
:class:`asyncio.Lock`; signing runs in a worker thread so a command-line signer does not block the loop).
The token never appears in ``repr`` and the SDK's HTTP logging masks ``Authorization``.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Final

import httpx

from egisz_sdk.errors import AuthError, ConfigurationError, EgiszError
from egisz_sdk.signature.jose import encode_ips_token
from egisz_sdk.signature.signers import Signer, verified

__all__ = ["IPS_TEST_AUDIENCE", "IpsTokenAuth"]

#: The ``aud`` of the test gateway (parusrx ``Jwt__Auth__Audience``); the production audience is not public.
IPS_TEST_AUDIENCE: Final = "https://ips.test.egisz.rosminzdrav.ru"

_GOST_ALGORITHMS: Final = frozenset({"GOST3410_2012_256", "GOST3410_2012_512"})
_MIN_LIFETIME: Final = 10.0
_MAX_LIFETIME: Final = 24 * 3600.0
_MAX_TEXT: Final = 512


def _setting(field: str, reason: str) -> ConfigurationError:
    return ConfigurationError("gateway.setting", field=field, reason=reason)


def _number(field: str, value: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _setting(field, "not a number")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise _setting(field, f"must be between {low:g} and {high:g} seconds")
    return number


def _text(field: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _setting(field, "must be a non-empty string")
    if len(value) > _MAX_TEXT or any(ord(c) < 32 for c in value):
        raise _setting(field, f"at most {_MAX_TEXT} printable characters")
    return value


class IpsTokenAuth(httpx.Auth):
    """``Authorization: Bearer <IPS token>`` for every request of an httpx client.

    Args:
        signer: any SDK signer (software key, PKCS#11, OpenSSL, CryptoPro) with a GOST R 34.10-2012 key;
            other keys raise :class:`~egisz_sdk.errors.AuthError` ``gateway.key_not_gost`` here, not at the gateway.
        system_id: the ``sub`` claim — the information system's identifier registered with the gateway.
        audience: the ``aud`` claim (default: the test gateway; the production value is not public — ask the operator).
        lifetime: seconds from ``iat`` to ``exp`` (default 300, as the reference client; 10 s … 24 h).
        refresh_margin: a cached token is replaced this many seconds before it expires (default 30; below ``lifetime``).
        clock: seconds since the epoch (injectable for tests).
    """

    requires_request_body = False
    requires_response_body = False

    def __init__(
        self,
        signer: Signer,
        system_id: str,
        *,
        audience: str = IPS_TEST_AUDIENCE,
        lifetime: float = 300.0,
        refresh_margin: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        try:
            checked = verified(signer)
            algorithm = checked.algorithm
        except EgiszError:
            raise
        except Exception as exc:  # a foreign object that is not a signer at all
            raise ConfigurationError("gateway.setting", field="signer", reason=type(exc).__name__) from exc
        if algorithm not in _GOST_ALGORITHMS:
            raise AuthError("gateway.key_not_gost", field="signer", algorithm=algorithm)
        self._signer = checked
        self.system_id = _text("system_id", system_id)
        self.audience = _text("audience", audience)
        self.lifetime = _number("lifetime", lifetime, _MIN_LIFETIME, _MAX_LIFETIME)
        self.refresh_margin = _number("refresh_margin", refresh_margin, 0.0, self.lifetime - 1.0)
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self._alocks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
        self.issued = 0
        """How many tokens this object has signed (for tests and metrics)."""

    def __repr__(self) -> str:
        return (
            f"IpsTokenAuth(system_id={self.system_id!r}, audience={self.audience!r}, "
            f"lifetime={self.lifetime:g}, algorithm={self._signer.algorithm!r})"
        )

    # --- issuing -------------------------------------------------------------------------------------------
    def issue(self) -> str:
        """Sign a new token now (not cached; :meth:`token` is the cached one)."""
        now = self._clock()
        if not math.isfinite(now):
            raise _setting("clock", "the clock returned a non-finite time")
        iat = int(now)
        claims = {"sub": self.system_id, "aud": self.audience, "iat": iat, "exp": iat + int(self.lifetime)}
        token = encode_ips_token(claims, self._signer)
        self.issued += 1
        return token

    def _fresh_enough(self, stale: str | None) -> str | None:
        token = self._token
        if token is None or token == stale:
            return None
        if self._clock() >= self._expires - self.refresh_margin:
            return None
        return token

    def _store(self, token: str) -> str:
        self._token = token
        self._expires = float(int(self._clock())) + int(self.lifetime)
        return token

    def token(self, *, stale: str | None = None) -> str:
        """The cached token, or a fresh one when it is near expiry or equals ``stale`` (a token the gateway refused)."""
        with self._lock:
            cached = self._fresh_enough(stale)
            return cached if cached is not None else self._store(self.issue())

    async def atoken(self, *, stale: str | None = None) -> str:
        """Async :meth:`token`: one issuer at a time per event loop; signing runs in a worker thread."""
        with self._lock:  # the usual case: the cached token, without queueing on the issuing lock
            cached = self._fresh_enough(stale)
        if cached is not None:
            return cached
        loop = asyncio.get_running_loop()
        with self._lock:
            alock = self._alocks.get(loop)
            if alock is None:
                alock = self._alocks[loop] = asyncio.Lock()
        async with alock:
            with self._lock:
                cached = self._fresh_enough(stale)
            if cached is not None:
                return cached
            token = await asyncio.to_thread(self.issue)
            with self._lock:
                return self._store(token)

    def invalidate(self) -> None:
        """Forget the cached token (the next request signs a new one)."""
        with self._lock:
            self._token = None

    # --- httpx.Auth ----------------------------------------------------------------------------------------
    @staticmethod
    def _bearer(request: httpx.Request, token: str) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send with the cached token; on 401 re-issue once and repeat the request once."""
        token = self.token()
        response = yield self._bearer(request, token)
        if response.status_code == 401:
            yield self._bearer(request, self.token(stale=token))

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Async :meth:`sync_auth_flow`."""
        token = await self.atoken()
        response = yield self._bearer(request, token)
        if response.status_code == 401:
            yield self._bearer(request, await self.atoken(stale=token))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Same as :meth:`sync_auth_flow` (httpx calls the sync or async variant itself)."""
        return self.sync_auth_flow(request)
