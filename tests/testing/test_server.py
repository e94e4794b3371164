"""The loopback server's defences: framing, size limits, chunked bodies, timeouts, shedding, fd exhaustion."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from egisz_sdk.errors import ConfigurationError
from egisz_sdk.testing import ServerHandle, ServerLimits, World

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def server() -> Iterator[ServerHandle]:
    with World().serve(limits=ServerLimits(max_body=1000, max_headers=20, max_header_line=200)) as handle:
        yield handle


def _connect(server: ServerHandle, timeout: float = 5.0) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=timeout)


def _read_answer(sock: socket.socket, pending: bytearray | None = None) -> tuple[int, dict[str, str], bytes]:
    """One response (Content-Length framing) from ``sock``; bytes of later answers stay in ``pending``."""
    data = bytearray() if pending is None else pending
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before an answer: {bytes(data)!r}"
        data += chunk
    head, _, rest = bytes(data).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk
        rest += chunk
    assert pending is not None or len(rest) == length, "more bytes than the answer"
    data[:] = rest[length:]
    return int(lines[0].split(" ")[1]), headers, rest[:length]


def _is_closed(sock: socket.socket, wait: float = 2.0) -> bool:
    sock.settimeout(wait)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _refused(server: ServerHandle, raw: bytes) -> tuple[int, dict[str, object]]:
    """Send ``raw``; expect an error document of the world's shape and a closed connection."""
    with _connect(server) as sock:
        sock.sendall(raw)
        status, headers, body = _read_answer(sock)
        assert headers["connection"] == "close"
        assert _is_closed(sock)
    document = json.loads(body)
    assert set(document) == {"error", "message", "field"} and document["message"]
    return status, document


@pytest.mark.parametrize("value", ["abc", "-1", "1e3", "+5", "0x10", "", "5, 6"])
def test_bad_content_length_is_400_and_closes(server: ServerHandle, value: str) -> None:
    raw = f"POST /aas/oauth2/v3/te HTTP/1.1\r\nHost: x\r\nContent-Length: {value}\r\n\r\n".encode()
    status, document = _refused(server, raw)
    assert status == 400 and document["error"] == "fake.http_bad_request" and document["field"] == "content-length"


def test_repeated_equal_content_length_is_accepted(server: ServerHandle) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /aas/oauth2/v3/te HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\na=b")
        assert _read_answer(sock)[0] == 400  # the fake ESIA's own answer to a form without fields
    assert server.world.journal.count("esia.token") == 1


def test_body_over_the_limit_is_413_before_it_is_read(server: ServerHandle) -> None:
    started = time.monotonic()
    status, document = _refused(server, b"POST /aas/oauth2/v3/te HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n")
    assert status == 413 and document["error"] == "fake.http_body_too_large"
    assert time.monotonic() - started < 2
    assert server.world.journal.count("esia.token") == 0


def test_body_at_the_limit_is_served(server: ServerHandle) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        answer = client.post("/aas/oauth2/v3/te", content=b"a=" + b"x" * 998)
        assert answer.status_code == 400 and answer.json()["error"] != "fake.http_body_too_large"
        assert client.post("/aas/oauth2/v3/te", content=b"a=" + b"x" * 999).status_code == 413


def test_default_body_limit_is_ten_megabytes() -> None:
    assert ServerLimits().max_body == 10 * 1024 * 1024


def test_header_limits(server: ServerHandle) -> None:
    many = "".join(f"X-{i}: v\r\n" for i in range(21))
    status, document = _refused(server, f"GET / HTTP/1.1\r\n{many}\r\n".encode())
    assert status == 431 and document["error"] == "fake.http_headers_too_large"
    status, document = _refused(server, b"GET / HTTP/1.1\r\nX-Long: " + b"v" * 300 + b"\r\n\r\n")
    assert status == 431 and document["field"] == "header"
    # an unfinished line over the limit is refused without waiting for its end
    status, _ = _refused(server, b"GET / HTTP/1.1\r\nX-Long: " + b"v" * 300)
    assert status == 431
    status, document = _refused(server, b"GET /" + b"a" * 300 + b" HTTP/1.1\r\n\r\n")
    assert status == 414 and document["error"] == "fake.http_uri_too_long"


@pytest.mark.parametrize(
    "raw",
    [
        b"GET / HTTP/1.1\r\nBad Header: v\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-A: v\r\n folded\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-A : v\r\n\r\n",
        b"GET /\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET nowhere HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-A: v\nX-B: w\r\n\r\n",
    ],
)
def test_malformed_heads_are_400(server: ServerHandle, raw: bytes) -> None:
    status, document = _refused(server, raw)
    assert status == 400 and document["error"] == "fake.http_bad_request"


def test_unsupported_http_version_is_505(server: ServerHandle) -> None:
    status, document = _refused(server, b"GET / HTTP/2.0\r\n\r\n")
    assert status == 505 and document["error"] == "fake.http_version"


def test_chunked_body_is_decoded_and_the_connection_stays_in_sync(server: ServerHandle) -> None:
    rule = json.dumps({"operation": "esia.token", "status": 503, "times": 1}).encode()
    first, second = rule[:10], rule[10:]
    body = b"%x;ext=1\r\n%s\r\n%x\r\n%s\r\n0\r\nX-Trailer: t\r\n\r\n" % (len(first), first, len(second), second)
    with _connect(server) as sock:
        head = b"POST /__fake__/faults HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        sock.sendall(head + body + b"GET /__fake__/faults HTTP/1.1\r\n\r\n")
        pending = bytearray()
        status, _, answer = _read_answer(sock, pending)
        assert status == 201 and json.loads(answer)[0]["status"] == 503
        status, _, answer = _read_answer(sock, pending)
        assert status == 200 and len(json.loads(answer)) == 1
    assert [rule.operation for rule in server.world.faults.rules] == ["esia.token"]


@pytest.mark.parametrize(
    ("raw", "status", "field"),
    [
        (b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400, "transfer-encoding"),
        (b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400, "transfer-encoding"),
        (b"Transfer-Encoding: identity\r\n\r\n", 400, "transfer-encoding"),
        (b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 400, "chunk"),
        (b"Transfer-Encoding: chunked\r\n\r\n-1\r\n", 400, "chunk"),
        (b"Transfer-Encoding: chunked\r\n\r\n 2\r\nab\r\n0\r\n\r\n", 400, "chunk"),
        (b"Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400, "chunk"),
        (b"Transfer-Encoding: chunked\r\n\r\n3e9\r\n", 413, "chunk"),
        (b"Transfer-Encoding: chunked\r\n\r\n200\r\n" + b"a" * 512 + b"\r\n200\r\n", 413, "chunk"),
    ],
)
def test_smuggling_shapes_are_refused(server: ServerHandle, raw: bytes, status: int, field: str) -> None:
    answer, document = _refused(server, b"POST /aas/oauth2/v3/te HTTP/1.1\r\nHost: x\r\n" + raw)
    assert (answer, document["field"]) == (status, field)
    assert server.world.journal.count("esia.token") == 0


def test_keep_alive_and_pipelining(server: ServerHandle) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /__fake__/faults HTTP/1.1\r\n\r\n" * 3)
        pending = bytearray()
        assert [_read_answer(sock, pending)[0] for _ in range(3)] == [200, 200, 200]
        assert not pending
        sock.sendall(b"GET /__fake__/faults HTTP/1.1\r\nConnection: close\r\n\r\n")
        status, headers, _ = _read_answer(sock)
        assert status == 200 and headers["connection"] == "close" and _is_closed(sock)
    with _connect(server) as sock:
        sock.sendall(b"GET /__fake__/faults HTTP/1.0\r\n\r\n")
        assert _read_answer(sock)[0] == 200 and _is_closed(sock)
    with httpx.Client(base_url=server.url, timeout=5) as client:
        ports = {client.get("/__fake__/faults").extensions["network_stream"].get_extra_info("client_addr")[1]
                 for _ in range(5)}  # fmt: skip
    assert len(ports) == 1


def test_a_long_pipeline_is_answered_in_order(server: ServerHandle) -> None:
    import threading

    count = 1500  # deeper than the recursion limit, more bytes than a socket buffer: no recursion, no deadlock
    with _connect(server, timeout=20) as sock:
        sender = threading.Thread(target=sock.sendall, args=(b"GET /__fake__/faults HTTP/1.1\r\n\r\n" * count,))
        sender.start()
        pending = bytearray()
        statuses = [_read_answer(sock, pending)[0] for _ in range(count)]
        sender.join()
    assert statuses == [200] * count and not pending


def test_expect_100_continue(server: ServerHandle) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /aas/oauth2/v3/te HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        assert sock.recv(64) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"a=b")
        assert _read_answer(sock)[0] == 400


def test_timeouts() -> None:
    limits = ServerLimits(header_timeout=0.3, body_timeout=0.3, idle_timeout=0.3)
    with World().serve(limits=limits) as server:
        started = time.monotonic()
        status, document = _refused(server, b"GET / HTTP/1.1\r\nX-Slow: ")
        assert status == 408 and document == {
            "error": "fake.http_timeout",
            "field": "head",
            "message": "The request was not received within 0.3 s (head)",
        }
        status, document = _refused(server, b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
        assert status == 408 and document["field"] == "body"
        assert time.monotonic() - started < 3
        with _connect(server) as sock:  # an idle keep-alive connection is closed without a word
            sock.sendall(b"GET /__fake__/faults HTTP/1.1\r\n\r\n")
            assert _read_answer(sock)[0] == 200
            assert _is_closed(sock, wait=3)
        with _connect(server) as sock:  # a dribbling client is cut at the head deadline, not per byte
            sock.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
            sock.settimeout(0.05)
            answer = b""
            deadline = time.monotonic() + 3
            while not answer and time.monotonic() < deadline:
                try:
                    sock.sendall(b"a")
                    answer = sock.recv(4096)
                except TimeoutError:
                    continue
            assert answer.startswith(b"HTTP/1.1 408 ")


def test_over_max_connections_the_oldest_slow_one_is_shed() -> None:
    with World().serve(limits=ServerLimits(max_connections=20)) as server:
        slow = [_connect(server) for _ in range(20)]
        try:
            for sock in slow:
                sock.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
            time.sleep(0.3)
            slow.extend(_connect(server) for _ in range(10))
            with httpx.Client(base_url=server.url, timeout=5) as client:
                assert client.get("/__fake__/faults").status_code == 200
            first = slow[0]
            first.settimeout(5)
            assert first.recv(64).startswith(b"HTTP/1.1 503 ")
        finally:
            for sock in slow:
                sock.close()


def test_server_error_when_the_world_itself_fails(server: ServerHandle, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(request: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(server.world, "handle", broken)
    status, document = _refused(server, b"GET / HTTP/1.1\r\n\r\n")
    assert status == 500 and document["error"] == "fake.http_internal" and "RuntimeError" in str(document["message"])


@pytest.mark.parametrize(
    "kwargs",
    [{"max_body": 0}, {"max_body": -1}, {"max_headers": 1.5}, {"idle_timeout": float("nan")}, {"header_timeout": True},
     {"max_connections": 10**9}, {"body_timeout": float("inf")}, {"max_head": 100, "max_header_line": 200}],
)  # fmt: skip
def test_limits_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError) as info:
        ServerLimits(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == "fake.server_limits_invalid"


_LOW_FD_SERVER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (96, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
from egisz_sdk.testing import World
server = World().serve()
print(server.url, flush=True)
sys.stdin.read()
server.close()
print("closed", flush=True)
"""


def test_running_out_of_file_descriptors_is_survived() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_LOW_FD_SERVER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONPATH=str(SRC)),
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        url = process.stdout.readline().strip()
        host, port = url.removeprefix("http://").split(":")
        held = []
        for _ in range(150):  # far more than the server's 96 descriptors
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex((host, int(port)))
            held.append(sock)
        time.sleep(0.5)
        with httpx.Client(base_url=url, timeout=10) as client:
            started = time.monotonic()
            assert client.get("/__fake__/faults").status_code == 200  # slow connections were shed to make room
            assert time.monotonic() - started < 5
        for sock in held:
            sock.close()
        time.sleep(0.2)
        with httpx.Client(base_url=url, timeout=5) as client:
            assert client.get("/__fake__/faults").status_code == 200
        assert process.poll() is None
    finally:
        try:
            out, err = process.communicate(input="", timeout=20)
        finally:
            process.kill()
    assert out.strip() == "closed" and process.returncode == 0, err
    assert "Traceback" not in err


def test_the_documented_example_runs() -> None:
    page = (SRC.parent / "docs" / "fake-server.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert blocks, "docs/fake-server.md lost its example"
    for block in blocks:
        exec(compile(block, "docs/fake-server.md", "exec"), {})
