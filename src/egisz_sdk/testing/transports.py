"""Three doors into one world: an in-process httpx transport, an ASGI app and a loopback HTTP server.

All three call :meth:`World.handle` and act on the fault it reports: a delay, a replaced answer, a reset
connection or garbage bytes (the last two are real socket behaviour on the loopback server; in-process
they surface as the httpx exceptions a client would see).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import httpx

from egisz_sdk._http import Owner
from egisz_sdk.testing._http import Request
from egisz_sdk.testing._server import GARBAGE, LoopbackServer, latin1_headers
from egisz_sdk.testing._server_limits import ServerLimits

if TYPE_CHECKING:
    from egisz_sdk.testing._world import Outcome, World

__all__ = ["GARBAGE", "AsgiApp", "InProcessTransport", "ServerHandle", "ServerLimits", "serve"]

_NO_BODY = frozenset({204, 304})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


# ---------------------------------------------------------------------- in-process
def _from_httpx(request: httpx.Request) -> Request:
    url = request.url
    return Request.build(
        request.method,
        url.path,
        url.query.decode("ascii", "replace"),
        [(k, v) for k, v in request.headers.multi_items()],
        request.content,
    )


def _to_httpx(outcome: Outcome, request: httpx.Request) -> httpx.Response:
    response = outcome.response
    headers = list(response.headers)
    if not any(k.lower() == "content-length" for k, _ in headers) and response.status not in _NO_BODY:
        headers.append(("Content-Length", str(len(response.body))))
    body = b"" if request.method == "HEAD" else response.body
    return httpx.Response(response.status, headers=headers, content=body, request=request)


def _raise_socket_fault(outcome: Outcome, request: httpx.Request) -> None:
    fault = outcome.fault
    if fault is None:
        return
    if fault.kind == "reset":
        raise httpx.ReadError("connection reset by peer (fake fault)", request=request)
    if fault.kind == "garbage":
        raise httpx.RemoteProtocolError("the server answered bytes that are not HTTP (fake fault)", request=request)


class InProcessTransport(httpx.MockTransport):
    """An httpx transport bound to a :class:`World`: give it to ``httpx.Client`` or ``httpx.AsyncClient``.

    >>> client = httpx.Client(transport=world.transport(), base_url="http://egisz.fake")  # doctest: +SKIP
    """

    def __init__(self, world: World) -> None:
        super().__init__(self._handle)
        self.world = world

    def _handle(self, request: httpx.Request) -> httpx.Response:
        outcome = self.world.handle(_from_httpx(request))
        if outcome.fault is not None and outcome.fault.latency:
            time.sleep(outcome.fault.latency)
        _raise_socket_fault(outcome, request)
        return _to_httpx(outcome, request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._handle(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        outcome = self.world.handle(_from_httpx(request))
        if outcome.fault is not None and outcome.fault.latency:
            await asyncio.sleep(outcome.fault.latency)
        _raise_socket_fault(outcome, request)
        return _to_httpx(outcome, request)


# ---------------------------------------------------------------------- ASGI
class AsgiApp:
    """An ASGI 3 application over a :class:`World` (``lifespan`` is accepted and ignored).

    ``reset`` and ``garbage`` faults raise :class:`ConnectionResetError` inside the app: ASGI servers then drop
    the connection without a response, which is the nearest ASGI can come to a broken socket.
    """

    def __init__(self, world: World) -> None:
        self.world = world

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            raise ValueError(f"unsupported ASGI scope {scope['type']!r}")
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        request = Request.build(
            scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), headers, b"".join(chunks)
        )
        outcome = self.world.handle(request)
        fault = outcome.fault
        if fault is not None and fault.latency:
            await asyncio.sleep(fault.latency)
        if fault is not None and fault.kind in ("reset", "garbage"):
            raise ConnectionResetError(f"fake fault: {fault.kind}")
        response = outcome.response
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in latin1_headers(response.headers)]
        if not any(k == b"content-length" for k, _ in raw) and response.status not in _NO_BODY:
            raw.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": raw})
        body = b"" if scope["method"] == "HEAD" else response.body
        await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------- loopback server
class ServerHandle(Owner):
    """A running loopback server: ``.url``, ``.port``, ``.limits``, ``.close()``; also a context manager."""

    def __init__(self, world: World, server: LoopbackServer) -> None:
        self.world = world
        self._server = server
        self.limits = server.limits
        host, port = server.address
        self.host = str(host)
        self.port = int(port)
        self.url = f"http://[{self.host}]:{self.port}" if ":" in self.host else f"http://{self.host}:{self.port}"

    def close(self) -> None:
        """Stop serving, close every connection and release the port (idempotent)."""
        self._server.close()

    def __repr__(self) -> str:
        return f"ServerHandle(url={self.url!r})"


def serve(world: World, port: int = 0, host: str = "127.0.0.1", *, limits: ServerLimits | None = None) -> ServerHandle:
    """Serve ``world`` over HTTP/1.1 on ``host:port`` (``port=0`` picks a free port) from a background thread.

    ``limits`` bounds sizes, times and connections (:class:`ServerLimits`; the defaults suit test rigs,
    browsers and load tests). Socket errors such as a port in use raise :class:`OSError` here.
    """
    return ServerHandle(world, LoopbackServer(world, host, port, limits or ServerLimits()))
