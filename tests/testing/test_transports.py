"""The three transports serve one state: loopback concurrency, socket faults, the ASGI app."""

from __future__ import annotations

import asyncio
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from egisz_sdk.testing import World


def test_loopback_serves_the_same_state_concurrently() -> None:
    world = World()
    world.faults.add("esia.token", latency=0.3)
    with world.serve() as server:
        assert server.url.startswith("http://127.0.0.1:")

        clients = [httpx.Client(base_url=server.url, timeout=10) for _ in range(20)]  # built before the clock runs

        def call(i: int) -> int:
            return clients[i].post("/aas/oauth2/v3/te", data={"client_id": f"C{i}"}).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            started = time.monotonic()
            statuses = list(pool.map(call, range(20)))
            elapsed = time.monotonic() - started
        for client in clients:
            client.close()
    assert statuses == [400] * 20
    assert elapsed < 0.3 * 20 / 3  # served concurrently, not one after another
    assert world.journal.count("esia.token") == 20
    assert {e.params["client_id"] for e in world.journal.calls("esia.token")} == {f"C{i}" for i in range(20)}


def test_loopback_reset_and_garbage_faults() -> None:
    world = World()
    world.faults.add("esia.token", kind="reset", times=1)
    world.faults.add("esia.ac", kind="garbage", times=1)
    with world.serve() as server, httpx.Client(base_url=server.url, timeout=5) as client:
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            client.post("/aas/oauth2/v3/te")
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/aas/oauth2/v2/ac")
        assert client.post("/aas/oauth2/v3/te").status_code == 400
    with world.serve() as server:
        world.faults.add("esia.ac", kind="garbage", times=1)
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"GET /aas/oauth2/v2/ac HTTP/1.1\r\nHost: x\r\n\r\n")
            data = sock.recv(4096)
        assert not data.startswith(b"HTTP/")


def test_loopback_http_fault_and_test_api() -> None:
    world = World()
    with world.serve() as server, httpx.Client(base_url=server.url, timeout=5) as client:
        client.post("/__fake__/faults", json={"operation": "esia.token", "status": 429, "retry_after": 3})
        response = client.post("/aas/oauth2/v3/te")
        assert response.status_code == 429 and response.headers["retry-after"] == "3"
        assert client.delete("/__fake__/faults").status_code == 204
        assert client.post("/aas/oauth2/v3/te").status_code == 400
        assert client.head("/aas/oauth2/v2/ac").status_code == 400


def test_server_close_releases_the_port() -> None:
    server = World().serve()
    port = server.port
    server.close()
    server.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_asgi_app_through_httpx() -> None:
    world = World()
    world.faults.add("esia.token", status=503, times=1)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=world.asgi_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://egisz.fake") as client:
            first = await client.post("/aas/oauth2/v3/te", data={"client_id": "A"})
            second = await client.post("/aas/oauth2/v3/te", data={"client_id": "A"})
            missing = await client.get("/rs/prn/1")
            return [first.status_code, second.status_code, missing.status_code]

    assert asyncio.run(run()) == [503, 400, 404]
    assert world.journal.count("esia.token") == 2


def test_asgi_lifespan() -> None:
    app = World().asgi_app()
    sent: list[dict[str, object]] = []
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> dict[str, object]:
        return next(incoming)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))  # type: ignore[arg-type]
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
