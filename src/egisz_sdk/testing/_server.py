"""The loopback HTTP/1.1 server of the fake world: one asyncio loop in one thread serves every connection.

Every connection is a small state machine (idle → head → body → busy → idle …) fed by ``data_received``; nothing
blocks a thread while a client is slow, and the number of threads does not grow with the number of sockets.
The world's handlers run in a pool of ``workers`` threads (signature checks overlap where OpenSSL releases the
GIL, and a slow handler never stalls the loop); the loop thread only moves bytes. A ``latency`` fault waits on a
loop timer, not in a sleeping thread.

The defences, each with its answer (an error document of the world's shape, ``{"error": code, "message": …,
"field": …}``, then the connection is closed):

* a deadline for the request head (``header_timeout``), for the body (``body_timeout``) and for an idle
  keep-alive connection (``idle_timeout``, closed silently); 408 for the first two;
* request line and header lines at most ``max_header_line`` bytes (414 / 431), at most ``max_headers`` header
  lines and ``max_head`` bytes of head in all (431);
* ``Content-Length`` digits only, equal when repeated (400); a body over ``max_body`` is refused with 413 before
  any of it is read; ``Transfer-Encoding: chunked`` is decoded strictly (hex sizes, CRLF after each chunk, the
  same ``max_body``); any other transfer coding, or both headers at once, is 400 (request smuggling);
* at most ``max_connections`` open connections: past that the oldest connection that is idle or still sending
  its head is shed (503 when it had started a request); running out of file descriptors sheds the same way while
  asyncio retries ``accept`` a second later;
* a pipelining client that does not read its answers stops being read.
"""

from __future__ import annotations

import asyncio
import errno
import random
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from egisz_sdk.errors import EgiszError
from egisz_sdk.testing._http import Request, Response
from egisz_sdk.testing._server_limits import ServerLimits

if TYPE_CHECKING:
    from egisz_sdk.testing._world import Outcome, World

__all__ = ["GARBAGE", "LoopbackServer", "latin1_headers"]

#: What a ``garbage`` fault writes on the socket instead of an HTTP response.
GARBAGE = b"\x00\xff\xfe GARBAGE \x13\x37 not-http \r\n\r\n\x00"

_NO_BODY = frozenset({204, 304})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")
_DIGITS = re.compile(r"[0-9]{1,18}\Z")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,15}\Z")
_ABSOLUTE = re.compile(r"https?://[^/?#]*(.*)\Z", re.IGNORECASE)
_RESOURCE_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_MAX_CHUNK_LINE = 4096
#: Connections timed out, and connections accepted, per loop iteration; the kernel's queue of pending connections.
_EXPIRE_BATCH = 64
_ACCEPT_BATCH = 64
_LISTEN_BACKLOG = 1024
_REASONS = {s.value: s.phrase for s in HTTPStatus}

_IDLE, _HEAD, _BODY, _BUSY, _CLOSED = range(5)


def latin1_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
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


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


def _render(response: Response, *, head_only: bool, close: bool) -> bytes:
    status = response.status
    out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}\r\nServer: egisz-fake\r\nDate: {_http_date()}\r\n"]
    has_length = False
    for key, value in latin1_headers(response.headers):
        if "\r" in key or "\n" in key or "\r" in value or "\n" in value:  # no header injection through a fault
            key, value = key.replace("\r", " ").replace("\n", " "), value.replace("\r", " ").replace("\n", " ")
        lowered = key.lower()
        if lowered == "content-length":
            has_length = True
        elif lowered == "connection":
            continue
        out.append(f"{key}: {value}\r\n")
    if not has_length and status not in _NO_BODY:
        out.append(f"Content-Length: {len(response.body)}\r\n")
    if close:
        out.append("Connection: close\r\n")
    out.append("\r\n")
    head = "".join(out).encode("latin-1")
    return head if head_only or status in _NO_BODY else head + response.body


class _Refusal(Exception):
    """A request the server answers itself (status, catalogue code, field) and then closes the connection."""

    def __init__(self, status: int, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status = status
        self.error = EgiszError(code, field=field, **params)

    def response(self) -> Response:
        return Response.json({"error": self.error.code, "message": self.error.message_en, "field": self.error.field},
                             status=self.status)  # fmt: skip


def _bad(field: str, reason: str) -> _Refusal:
    return _Refusal(400, "fake.http_bad_request", field, reason=reason)


class _Connection(asyncio.Protocol):
    """One client connection: parses requests incrementally, hands them to the world, writes the answers."""

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.limits = server.limits
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.state = _IDLE
        self.timer: asyncio.TimerHandle | None = None
        self.deadline = 0.0  # 0: no deadline (a request is being answered)
        self.phase = "idle"
        self.phase_seconds = 0.0
        self.eof = False
        self.write_paused = False
        self.read_paused = False
        # head parsing
        self.scan = 0
        self.lines = 0
        self.line_len = 0
        # the request being received
        self.head: tuple[str, str, str, list[tuple[str, str]]] | None = None
        self.keep_alive = True
        self.length = 0
        self.chunked = False
        self.chunk_left = -1
        self.trailers = 0
        self.body = bytearray()

    # ------------------------------------------------------------------ asyncio callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.opened(self)
        self._arm(self.limits.idle_timeout, "idle")

    def connection_lost(self, exc: Exception | None) -> None:
        self._close()
        self.server.closed(self)

    def eof_received(self) -> bool:
        self.eof = True
        if self.state != _BUSY:
            self._close()
        return True

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        if self.state == _IDLE:
            self._advance()

    def data_received(self, data: bytes) -> None:
        if self.state == _CLOSED:
            return
        self.buf += data
        if self.state == _HEAD:
            self._count_head(data)
        if self.state == _BUSY or self.write_paused:
            if len(self.buf) > self.limits.max_head and self.transport is not None:
                self.transport.pause_reading()  # a pipelining client that does not read its answers
                self.read_paused = True
            return
        self._advance()

    # ------------------------------------------------------------------ timers
    def _arm(self, seconds: float, phase: str, spread: float = 1.0) -> None:
        """Set the deadline of the current phase; the one timer is moved only when it would fire too late."""
        loop = self.server.loop
        self.deadline = loop.time() + seconds * spread
        self.phase, self.phase_seconds = phase, seconds
        if self.timer is None or self.timer.when() > self.deadline:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = loop.call_at(self.deadline, self._expired)

    def _disarm(self) -> None:
        self.deadline = 0.0

    def _expired(self) -> None:
        self.timer = None
        if self.deadline == 0.0 or self.state == _CLOSED:
            return
        if self.server.loop.time() < self.deadline:  # the deadline moved on since the timer was set
            self.timer = self.server.loop.call_at(self.deadline, self._expired)
            return
        self.server.expire(self)

    def time_out(self) -> None:
        """Act on a passed deadline: close an idle connection, answer 408 to a slow request."""
        if self.deadline == 0.0 or self.state == _CLOSED or self.server.loop.time() < self.deadline:
            return
        if self.state == _IDLE:
            self._close()
        else:
            phase = self.phase
            self._refuse(_Refusal(408, "fake.http_timeout", phase, phase=phase, seconds=self.phase_seconds))

    # ------------------------------------------------------------------ parsing
    def _count_head(self, data: bytes) -> None:
        """Track lines and the current line's length of an unfinished head, so every byte is looked at once."""
        newlines = data.count(b"\n")
        if newlines:
            self.lines += newlines
            self.line_len = len(data) - data.rfind(b"\n") - 1
        else:
            self.line_len += len(data)

    def _advance(self) -> None:
        """Make as much progress on the buffered bytes as the state allows (several pipelined requests too)."""
        try:
            while self.state != _CLOSED and not self.write_paused:
                if self.state == _IDLE:
                    while self.buf[:2] == b"\r\n":  # stray CRLF between requests (RFC 9112 §2.2)
                        del self.buf[:2]
                    if not self.buf:
                        break
                    self.state = _HEAD
                    self.scan = 0
                    self.lines = self.buf.count(b"\n")
                    self.line_len = len(self.buf) - self.buf.rfind(b"\n") - 1
                    # a random three quarters to all of the limit: connections opened together (a slowloris
                    # burst) do not all time out, and reconnect, in the same instant
                    self._arm(self.limits.header_timeout, "head", 0.75 + 0.25 * random.random())
                if self.state == _HEAD and not self._read_head():
                    break
                if self.state == _BODY and not self._read_body():
                    break
                if self.state == _BUSY:
                    break
            if self.read_paused and self.state != _BUSY and self.transport is not None:
                self.read_paused = False
                self.transport.resume_reading()
        except _Refusal as refusal:
            self._refuse(refusal)

    def _read_head(self) -> bool:
        limits = self.limits
        end = self.buf.find(b"\r\n\r\n", self.scan)
        if end < 0:
            self.scan = max(0, len(self.buf) - 3)
            if len(self.buf) > limits.max_head or self.lines > limits.max_headers + 1:
                raise _Refusal(431, "fake.http_headers_too_large", "head", limit=limits.max_head)
            if self.line_len > limits.max_header_line:
                if self.lines == 0:
                    raise _Refusal(414, "fake.http_uri_too_long", "request_line", limit=limits.max_header_line)
                raise _Refusal(431, "fake.http_headers_too_large", "header", limit=limits.max_header_line)
            return False
        if end > limits.max_head:
            raise _Refusal(431, "fake.http_headers_too_large", "head", limit=limits.max_head)
        raw = bytes(self.buf[:end]).decode("latin-1")
        del self.buf[: end + 4]
        self._parse_head(raw.split("\r\n"))
        return True

    def _parse_head(self, lines: list[str]) -> None:
        limits = self.limits
        if len(lines[0]) > limits.max_header_line:
            raise _Refusal(414, "fake.http_uri_too_long", "request_line", limit=limits.max_header_line)
        if len(lines) - 1 > limits.max_headers:
            raise _Refusal(431, "fake.http_headers_too_large", "header", limit=limits.max_headers)
        parts = lines[0].split(" ")
        if len(parts) != 3 or not _TOKEN.match(parts[0]):
            raise _bad("request_line", "expected METHOD SP target SP HTTP/1.x")
        method, target, version = parts
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            if version.startswith("HTTP/"):
                raise _Refusal(505, "fake.http_version", "request_line", version=version[:16])
            raise _bad("request_line", "expected METHOD SP target SP HTTP/1.x")
        if not target.startswith("/"):
            absolute = _ABSOLUTE.match(target)
            if absolute is None:
                raise _bad("request_line", "the target is neither a path nor an absolute http URL")
            target = absolute.group(1) or "/"
        headers: list[tuple[str, str]] = []
        lengths: list[str] = []
        codings: list[str] = []
        connection = ""
        expect = ""
        for line in lines[1:]:
            if len(line) > limits.max_header_line:
                raise _Refusal(431, "fake.http_headers_too_large", "header", limit=limits.max_header_line)
            name, colon, value = line.partition(":")
            if not colon or not _TOKEN.match(name) or "\n" in value or "\r" in value or "\x00" in value:
                raise _bad("header", "a header line is not 'name: value' (no folding, no bare CR or LF)")
            value = value.strip(" \t")
            headers.append((name, value))
            lowered = name.lower()
            if lowered == "content-length":
                lengths.extend(v.strip(" \t") for v in value.split(","))
            elif lowered == "transfer-encoding":
                codings.extend(v.strip(" \t").lower() for v in value.split(","))
            elif lowered == "connection":
                connection += "," + value.lower()
            elif lowered == "expect":
                expect = value.lower()
        tokens = {t.strip() for t in connection.split(",")}
        self.keep_alive = ("close" not in tokens) if version == "HTTP/1.1" else ("keep-alive" in tokens)
        self.length, self.chunked = self._framing(lengths, codings, version)
        self.head = (method, target, version, headers)
        if self.chunked or self.length:
            self.state = _BODY
            self.body = bytearray()
            self.chunk_left = -1
            self.trailers = 0
            self._arm(limits.body_timeout, "body")
            if expect == "100-continue" and version == "HTTP/1.1" and self.transport is not None:
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        else:
            self._dispatch(b"")

    def _framing(self, lengths: list[str], codings: list[str], version: str) -> tuple[int, bool]:
        if codings and lengths:
            raise _bad("transfer-encoding", "both Content-Length and Transfer-Encoding")
        if codings:
            if codings != ["chunked"] or version != "HTTP/1.1":
                raise _bad("transfer-encoding", "only 'chunked' is supported, and only in HTTP/1.1")
            return 0, True
        if not lengths:
            return 0, False
        if any(not _DIGITS.match(v) for v in lengths) or len(set(lengths)) != 1:
            raise _bad("content-length", "not one non-negative decimal number")
        length = int(lengths[0])
        if length > self.limits.max_body:
            raise _Refusal(413, "fake.http_body_too_large", "content-length", limit=self.limits.max_body)
        return length, False

    def _read_body(self) -> bool:
        if not self.chunked:
            if len(self.buf) < self.length:
                return False
            body = bytes(self.buf[: self.length])
            del self.buf[: self.length]
            self._dispatch(body)
            return True
        while True:
            if self.chunk_left < 0:  # a chunk-size line, or a trailer line after the last chunk
                end = self.buf.find(b"\r\n", 0, _MAX_CHUNK_LINE + 2)
                if end < 0:
                    if len(self.buf) > _MAX_CHUNK_LINE:
                        raise _bad("chunk", "a chunk-size line is too long")
                    return False
                line = bytes(self.buf[:end])
                del self.buf[: end + 2]
                if self.trailers:
                    if not line:
                        self._dispatch(bytes(self.body))
                        return True
                    self.trailers += 1
                    if self.trailers > self.limits.max_headers:
                        raise _Refusal(431, "fake.http_headers_too_large", "trailer", limit=self.limits.max_headers)
                    continue
                size = line.split(b";", 1)[0]
                if not _HEX.match(size):
                    raise _bad("chunk", "a chunk size is not a hexadecimal number")
                self.chunk_left = int(size, 16)
                if len(self.body) + self.chunk_left > self.limits.max_body:
                    raise _Refusal(413, "fake.http_body_too_large", "chunk", limit=self.limits.max_body)
                if self.chunk_left == 0:
                    self.chunk_left = -1
                    self.trailers = 1
                continue
            if len(self.buf) < self.chunk_left + 2:
                return False
            if self.buf[self.chunk_left : self.chunk_left + 2] != b"\r\n":
                raise _bad("chunk", "a chunk is not followed by CRLF")
            self.body += self.buf[: self.chunk_left]
            del self.buf[: self.chunk_left + 2]
            self.chunk_left = -1

    # ------------------------------------------------------------------ answering
    def _dispatch(self, body: bytes) -> None:
        assert self.head is not None
        method, target, _, headers = self.head
        self.state = _BUSY
        self._disarm()
        path, _, query = target.partition("?")
        self.body = bytearray()
        request = Request.build(method, path, query, headers, body)
        future = self.server.loop.run_in_executor(self.server.pool, self.server.world.handle, request)
        future.add_done_callback(lambda done: self._handled(done, method))

    def _handled(self, future: asyncio.Future[Outcome], method: str) -> None:
        if self.state == _CLOSED:
            return
        if future.cancelled() or future.exception() is not None:
            # the world answers its handlers' errors itself; this is the world failing
            error = "cancelled" if future.cancelled() else type(future.exception()).__name__
            self._refuse(_Refusal(500, "fake.http_internal", None, reason=error))
            return
        outcome = future.result()
        fault = outcome.fault
        if fault is not None and fault.latency:
            self.server.loop.call_later(fault.latency, self._answer_late, outcome, method)
        else:
            self._answer_late(outcome, method)

    def _answer_late(self, outcome: Outcome, method: str) -> None:
        self._answer(outcome, method)
        if self.state == _IDLE:
            self._advance()

    def _answer(self, outcome: Outcome, method: str) -> None:
        """Write the world's answer (or act out its socket fault); back to idle on a keep-alive connection."""
        transport = self.transport
        if self.state == _CLOSED or transport is None:
            return
        fault = outcome.fault
        if fault is not None and fault.kind == "reset":
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.state = _CLOSED
            transport.abort()
            return
        if fault is not None and fault.kind == "garbage":
            transport.write(GARBAGE)
            self._close()
            return
        close = not self.keep_alive or self.eof
        transport.write(_render(outcome.response, head_only=method == "HEAD", close=close))
        if close:
            self._close()
            return
        self.state = _IDLE
        self._arm(self.limits.idle_timeout, "idle")

    def _refuse(self, refusal: _Refusal) -> None:
        if self.state == _CLOSED or self.transport is None:
            return
        method = self.head[0] if self.head is not None and self.state != _HEAD else "GET"
        self.transport.write(_render(refusal.response(), head_only=method == "HEAD", close=True))
        self._close()

    def _close(self) -> None:
        self.state = _CLOSED
        self._disarm()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.transport is not None:
            self.transport.close()

    def shed(self) -> None:
        """Close this connection to make room: 503 when a request had started, silently when idle."""
        if self.state == _HEAD:
            self._refuse(_Refusal(503, "fake.http_busy", None, limit=self.limits.max_connections))
        else:
            self._close()


class LoopbackServer:
    """The server behind :class:`~egisz_sdk.testing.ServerHandle`: a listening socket, a loop thread, a pool."""

    def __init__(self, world: World, host: str, port: int, limits: ServerLimits) -> None:
        self.world = world
        self.limits = limits
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.create_server((host, port), family=family, backlog=_LISTEN_BACKLOG)
        self.address: tuple[str, int] = self.sock.getsockname()[:2]
        self.loop = asyncio.new_event_loop()
        self.connections: dict[_Connection, None] = {}
        self.expiring: deque[_Connection] = deque()  # deadlines passed, handled a batch per loop iteration
        self.pool = ThreadPoolExecutor(limits.workers, thread_name_prefix=f"egisz-fake:{self.address[1]}")
        self._server: asyncio.AbstractServer | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"egisz-fake:{self.address[1]}")
        self._started = threading.Event()
        self._error: BaseException | None = None
        self._thread.start()
        self._started.wait(10)
        if self._error is not None:
            self.close()
            raise self._error

    def _run(self) -> None:
        loop = self.loop
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(self._loop_error)
        factory: Callable[[], _Connection] = lambda: _Connection(self)  # noqa: E731
        try:
            # asyncio accepts up to ``backlog`` connections per loop iteration (each one a task): a small batch
            # keeps a reconnect storm from stalling the loop; the kernel's queue is set back to a long one
            server = loop.create_server(factory, sock=self.sock, backlog=_ACCEPT_BATCH)
            self._server = loop.run_until_complete(server)
            self.sock.listen(_LISTEN_BACKLOG)
        except BaseException as exc:  # reported to the thread that called serve()
            self._error = exc
            self._started.set()
            loop.close()
            return
        self._started.set()
        try:
            loop.run_forever()
        finally:
            for connection in list(self.connections):
                if connection.transport is not None:
                    connection.transport.abort()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in _RESOURCE_ERRNOS:
            # out of file descriptors: asyncio retries accept() in a second; make room meanwhile
            self.shed(max(1, len(self.connections) // 10))
            return
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        loop.default_exception_handler(context)

    def expire(self, connection: _Connection) -> None:
        """Queue a connection whose deadline passed; thousands expiring at once must not stall the loop."""
        self.expiring.append(connection)
        if len(self.expiring) == 1:
            self.loop.call_soon(self._drain_expired)

    def _drain_expired(self) -> None:
        for _ in range(min(_EXPIRE_BATCH, len(self.expiring))):
            self.expiring.popleft().time_out()
        if self.expiring:
            self.loop.call_soon(self._drain_expired)  # after the next poll, so other sockets are served between

    def opened(self, connection: _Connection) -> None:
        """Register a new connection; shed the oldest idle or slow one when over ``max_connections``."""
        self.connections[connection] = None
        if len(self.connections) > self.limits.max_connections and not self.shed(1):
            connection.shed()

    def closed(self, connection: _Connection) -> None:
        """Forget a closed connection."""
        self.connections.pop(connection, None)

    def shed(self, count: int) -> int:
        """Close up to ``count`` of the oldest connections that are idle or still sending a head."""
        victims = []
        for connection in self.connections:
            if connection.state in (_IDLE, _HEAD):
                victims.append(connection)
                if len(victims) >= count:
                    break
        for connection in victims:
            connection.shed()
        return len(victims)

    def close(self) -> None:
        """Stop the loop, close every connection and the listening socket (idempotent)."""
        if self._thread.is_alive():

            def stop() -> None:
                if self._server is not None:
                    self._server.close()
                self.loop.stop()

            self.loop.call_soon_threadsafe(stop)
            self._thread.join(timeout=5)
        self.sock.close()
        self.pool.shutdown(wait=False, cancel_futures=True)
