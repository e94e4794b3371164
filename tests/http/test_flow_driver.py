"""The one driver for generator flows: sync and async run the same flow and always close it."""

from __future__ import annotations

import httpx
import pytest

from egisz_sdk._http import Flow, adrive, drive


def _two_steps(log: list[str]) -> Flow[int]:
    try:
        first = yield httpx.Request("GET", "http://x/1")
        second = yield httpx.Request("GET", f"http://x/{first.status_code}")
        return second.status_code
    finally:
        log.append("closed")


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200 if request.url.path == "/1" else 201, request=request)


def test_drive_returns_the_result_and_closes() -> None:
    log: list[str] = []
    assert drive(_two_steps(log), _answer) == 201
    assert log == ["closed"]


def test_drive_closes_the_flow_when_sending_fails() -> None:
    log: list[str] = []

    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    with pytest.raises(httpx.ConnectError):
        drive(_two_steps(log), broken)
    assert log == ["closed"]


async def test_adrive_runs_the_same_flow() -> None:
    log: list[str] = []

    async def send(request: httpx.Request) -> httpx.Response:
        return _answer(request)

    assert await adrive(_two_steps(log), send) == 201
    assert log == ["closed"]


def test_http_config_carries_auth_to_every_request() -> None:
    from egisz_sdk._http import HttpClient, HttpConfig

    class Stamp(httpx.Auth):
        def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
            request.headers["Authorization"] = "Bearer t"
            yield request

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization", ""))
        return httpx.Response(200)

    with HttpClient(HttpConfig(base_url="http://x", auth=Stamp(), transport=httpx.MockTransport(handler))) as http:
        http.request("GET", "/a")
    assert seen == ["Bearer t"]
