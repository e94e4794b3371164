"""Three doors into one world: an in-process httpx transport, an ASGI app and a loopback HTTP server.

All three call :meth:`World.handle` and act on the fault it reports: a delay, a replaced answer, a reset
connection or garbage bytes (the last two are real socket behaviour on the loopback server; in-process
they surface as the httpx exceptions a client would see).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx

from egisz_sdk._http import Owner
from egisz_sdk.testing._http import Request, Response

if TYPE_CHECKING:
    from egisz_sdk.testing._world import Outcome, World

__all__ = ["GARBAGE", "AsgiApp", "InProcessTransport", "ServerHandle", "serve"]

#: What a ``garbage`` fault writes on the socket instead of an HTTP response.
GARBAGE = b"\x00\xff\xfe GARBAGE \x13\x37 not-http \r\n\r\n\x00"

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
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in _latin1(response.headers)]
        if not any(k == b"content-length" for k, _ in raw) and response.status not in _NO_BODY:
            raw.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": raw})
        body = b"" if scope["method"] == "HEAD" else response.body
        await send({"type": "http.response.body", "body": body})


def _latin1(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header values as latin-1-safe text (non-Latin-1 characters percent-encoded, as browsers do)."""
    out = []
    for key, value in headers:
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            from urllib.parse import quote

            value = quote(value, safe=":/?&=%#;,+@!$'()*[] ")
        out.append((key, value))
    return out


# ---------------------------------------------------------------------- loopback server
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "egisz-fake"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle + delayed ACK stall each response ~40 ms.
    disable_nagle_algorithm = True
    world: World

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr logging (the journal records every request)."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        request = Request.build(self.command, path, query, list(self.headers.items()), body)
        outcome = self.world.handle(request)
        fault = outcome.fault
        if fault is not None and fault.latency:
            time.sleep(fault.latency)
        if fault is not None and fault.kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if fault is not None and fault.kind == "garbage":
            self.wfile.write(GARBAGE)
            self.wfile.flush()
            self.close_connection = True
            return
        self._write(outcome.response)

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        has_length = False
        for key, value in _latin1(response.headers):
            if key.lower() == "content-length":
                has_length = True
            self.send_header(key, value)
        if not has_length and response.status not in _NO_BODY:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.status not in _NO_BODY:
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (timeouts, fault tests) is normal here: no traceback on stderr."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class ServerHandle(Owner):
    """A running loopback server: ``.url``, ``.port``, ``.close()``; also a context manager."""

    def __init__(self, world: World, server: ThreadingHTTPServer, thread: threading.Thread) -> None:
        self.world = world
        self._server = server
        self._thread = thread
        host, port = server.server_address[:2]
        self.host = str(host)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"

    def close(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __repr__(self) -> str:
        return f"ServerHandle(url={self.url!r})"


def serve(world: World, port: int = 0, host: str = "127.0.0.1") -> ServerHandle:
    """Start a threaded HTTP/1.1 server for ``world`` on ``host:port`` (``port=0`` picks a free port)."""
    handler = type("FakeEgiszHandler", (_Handler,), {"world": world})
    server = _Server((host, port), handler)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        daemon=True,
        name=f"egisz-fake:{server.server_address[1]}",
    )
    thread.start()
    return ServerHandle(world, server, thread)
