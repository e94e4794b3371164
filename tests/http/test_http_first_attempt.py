"""The first attempt is sent outside the retry loop; when it must be retried, the loop counts, waits and logs as if
it had made that attempt itself, and nothing is sent twice."""

from __future__ import annotations

import logging

import httpx
import pytest

from egisz_sdk._http import AsyncHttpClient, HttpClient, HttpConfig, RetryPolicy
from egisz_sdk.errors import TransportError


class Steps:
    """Answers from a list (responses or exceptions), recording how many requests arrived."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps = list(steps)
        self.sent = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def _config(steps: Steps, slept: list[float], attempts: int = 3) -> HttpConfig:
    retry = RetryPolicy(attempts=attempts, sleep=slept.append, jitter=0.0, backoff=0.25)
    return HttpConfig(base_url="https://svc.test", transport=httpx.MockTransport(steps), retry=retry)


def test_a_connect_error_then_success_is_sent_twice_and_logged_as_attempt_two(
    caplog: pytest.LogCaptureFixture,
) -> None:
    steps = Steps(httpx.ConnectError("refused"), httpx.Response(200))
    slept: list[float] = []
    with caplog.at_level(logging.WARNING, logger="egisz_sdk.http"), HttpClient(_config(steps, slept)) as http:
        assert http.request("GET", "/x").status_code == 200
    assert steps.sent == 2 and slept == [0.25]
    assert any("attempt 2 of 3" in record.getMessage() for record in caplog.records)


def test_three_503_give_the_last_response_after_two_waits() -> None:
    steps = Steps(httpx.Response(503), httpx.Response(503), httpx.Response(503, json={"last": True}))
    slept: list[float] = []
    with HttpClient(_config(steps, slept)) as http:
        response = http.request("GET", "/x")
    assert response.status_code == 503 and response.json() == {"last": True}
    assert steps.sent == 3 and slept == [0.25, 0.5]


def test_one_attempt_returns_a_503_and_translates_a_connect_error() -> None:
    slept: list[float] = []
    with HttpClient(_config(Steps(httpx.Response(503)), slept, attempts=1)) as http:
        assert http.request("GET", "/x").status_code == 503
    failing = Steps(httpx.ConnectError("refused"))
    with HttpClient(_config(failing, slept, attempts=1)) as http, pytest.raises(TransportError) as caught:
        http.request("GET", "/x")
    assert caught.value.code == "transport.connect" and failing.sent == 1 and slept == []


def test_an_error_that_is_not_retried_is_raised_untouched_by_the_retry_loop() -> None:
    steps = Steps(ValueError("not an HTTP failure"))
    with HttpClient(_config(steps, [])) as http, pytest.raises(ValueError):
        http.request("GET", "/x")
    assert steps.sent == 1


async def test_async_first_attempt_and_retries() -> None:
    slept: list[float] = []
    steps = Steps(httpx.ConnectError("refused"), httpx.Response(502), httpx.Response(200, json={"ok": 1}))
    async with AsyncHttpClient(_config(steps, slept)) as http:
        assert (await http.request("GET", "/x")).json() == {"ok": 1}
    assert steps.sent == 3 and slept == [0.25, 0.5]
    once = Steps(httpx.ConnectError("refused"))
    async with AsyncHttpClient(_config(once, slept, attempts=1)) as http:
        with pytest.raises(TransportError) as caught:
            await http.request("GET", "/x")
    assert caught.value.code == "transport.connect" and once.sent == 1
