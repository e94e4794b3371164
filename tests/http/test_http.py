"""The shared HTTP layer: retries (idempotent only, Retry-After), rate limit, redaction, error translation."""

from __future__ import annotations

import logging
import ssl
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from egisz_sdk._http import (
    AsyncHttpClient,
    HttpClient,
    HttpConfig,
    RetryPolicy,
    TokenBucket,
    check_status,
    parse_json,
    parse_retry_after,
    redact_form,
    redact_headers,
    redact_url,
    ssl_verify,
)
from egisz_sdk.errors import ConfigurationError, TransportError


class Script:
    """A MockTransport handler answering from a list of responses/exceptions, recording every request."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps = list(steps)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        return step


def make(script: Script, **policy: object) -> tuple[HttpClient, list[float]]:
    slept: list[float] = []
    retry = RetryPolicy(sleep=slept.append, jitter=0.0, **policy)  # type: ignore[arg-type]
    config = HttpConfig(base_url="https://svc.test", transport=httpx.MockTransport(script), retry=retry)
    return HttpClient(config), slept


def test_get_is_retried_on_503_and_honours_retry_after_seconds() -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1}))
    http, slept = make(script)
    response = http.request("GET", "/x")
    assert response.status_code == 200 and len(script.seen) == 2
    assert slept == [7.0]


def test_retry_after_is_capped_and_http_date_understood() -> None:
    later = format_datetime(datetime.now(timezone.utc) + timedelta(hours=1), usegmt=True)
    script = Script(httpx.Response(429, headers={"Retry-After": later}), httpx.Response(200))
    http, slept = make(script, retry_after_cap=5.0)
    assert http.request("GET", "/x").status_code == 200
    assert slept == [5.0]


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after("") is None and parse_retry_after(None) is None
    assert parse_retry_after("１２") is None  # full-width digits are not a delay


def test_exponential_backoff_without_retry_after() -> None:
    script = Script(httpx.Response(502), httpx.Response(504), httpx.Response(200))
    http, slept = make(script, backoff=0.5)
    assert http.request("GET", "/x").status_code == 200
    assert slept == [0.5, 1.0]


def test_gives_up_after_attempts_and_returns_last_response() -> None:
    script = Script(httpx.Response(503))
    http, slept = make(script, attempts=3)
    response = http.request("GET", "/x")
    assert response.status_code == 503 and len(script.seen) == 3 and len(slept) == 2
    with pytest.raises(TransportError) as err:
        check_status(response)
    assert err.value.code == "transport.status" and err.value.params["status"] == 503


def test_post_is_never_retried() -> None:
    script = Script(httpx.Response(503), httpx.Response(200))
    http, slept = make(script)
    assert http.request("POST", "/te", data={"code": "x"}).status_code == 503
    assert len(script.seen) == 1 and slept == []


def test_post_connect_error_is_not_retried_but_translated() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.Response(200))
    http, _ = make(script)
    with pytest.raises(TransportError) as err:
        http.request("POST", "/te")
    assert err.value.code == "transport.connect" and len(script.seen) == 1


def test_post_marked_idempotent_is_retried() -> None:
    script = Script(httpx.Response(503), httpx.Response(200))
    http, _ = make(script)
    assert http.request("POST", "/search", idempotent=True).status_code == 200
    script2 = Script(httpx.Response(503), httpx.Response(200))
    http2, _ = make(script2)
    request = http2.build_request("POST", "/search", extensions={"egisz_idempotent": True})
    assert http2.send(request).status_code == 200 and len(script2.seen) == 2


def test_get_forbidden_to_retry_by_caller() -> None:
    script = Script(httpx.Response(503), httpx.Response(200))
    http, _ = make(script)
    assert http.request("GET", "/x", idempotent=False).status_code == 503


def test_connect_errors_retried_then_translated() -> None:
    script = Script(httpx.ConnectError("refused"))
    http, slept = make(script, attempts=2)
    with pytest.raises(TransportError) as err:
        http.request("GET", "/x")
    assert err.value.code == "transport.connect" and len(script.seen) == 2 and len(slept) == 1


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (httpx.ReadTimeout("slow"), "transport.timeout"),
        (httpx.RemoteProtocolError("eof"), "transport.protocol"),
        (httpx.ReadError("reset"), "transport.protocol"),
    ],
)
def test_other_failures_are_translated_without_retry(exc: Exception, code: str) -> None:
    script = Script(exc, httpx.Response(200))
    http, slept = make(script)
    with pytest.raises(TransportError) as err:
        http.request("GET", "/x?access_token=SECRET-AT")
    assert err.value.code == code and len(script.seen) == 1 and slept == []
    assert "SECRET-AT" not in str(err.value)
    assert "***" in str(err.value)


def test_real_timeout_against_a_silent_server() -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        config = HttpConfig(base_url=f"http://127.0.0.1:{port}", timeout=0.2, connect_timeout=0.2)
        with HttpClient(config) as http, pytest.raises(TransportError) as err:
            http.request("POST", "/te")
    assert err.value.code == "transport.timeout"


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        (b"<html><body>Login</body></html>", "text/html"),
        (b"\xff\xfe\x00garbage", "application/octet-stream"),
        (b"", "application/json"),
        (b"[1, 2]", "application/json"),
    ],
)
def test_parse_json_refuses_non_json(body: bytes, ctype: str) -> None:
    request = httpx.Request("GET", "https://svc.test/x?code=SECRET-CODE")
    response = httpx.Response(200, content=body, headers={"content-type": ctype}, request=request)
    with pytest.raises(TransportError) as err:
        parse_json(response)
    assert err.value.code == "transport.bad_json"
    assert "SECRET-CODE" not in str(err.value) and "Login" not in str(err.value)


def test_parse_json_accepts_objects_and_chosen_types() -> None:
    assert parse_json(httpx.Response(200, json={"a": 1})) == {"a": 1}
    assert parse_json(httpx.Response(200, json=[1]), expect=list) == [1]


def test_redaction_helpers() -> None:
    url = redact_url("https://u:pw@h.test/p?client_secret=S1&code=C1&scope=openid&state=abc")
    assert "S1" not in url and "C1" not in url and "pw" not in url and "scope=openid" in url and "state=abc" in url
    headers = redact_headers({"Authorization": "Bearer T1", "Accept": "application/json"})
    assert headers == {"Authorization": "***", "Accept": "application/json"}
    form = redact_form(b"grant_type=refresh_token&refresh_token=R1&client_secret=S2&client_id=mis")
    assert "R1" not in form and "S2" not in form and "client_id=mis" in form
    assert redact_form(b'{"password": "x"}') == "<17 chars>"


def test_no_secret_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    secrets = ["SECRET-BEARER", "SECRET-CLIENT-SECRET", "SECRET-CODE", "SECRET-REFRESH", "SECRET-PASSWORD"]
    script = Script(httpx.Response(503), httpx.Response(200, json={"access_token": "SECRET-BEARER"}))
    http, _ = make(script)
    caplog.set_level(logging.DEBUG, logger="egisz_sdk.http")
    http.request(
        "GET",
        "/x",
        params={"client_secret": secrets[1], "code": secrets[2], "scope": "openid"},
        headers={"Authorization": f"Bearer {secrets[0]}"},
    )
    http.request("POST", "/te", data={"refresh_token": secrets[3], "password": secrets[4], "client_id": "mis"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "retrying GET" in text and "client_id=mis" in text and "scope=openid" in text
    for secret in secrets:
        assert secret not in text


def test_token_bucket_rate_and_burst() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=2, clock=lambda: now[0])
    assert bucket.reserve() == 0.0 and bucket.reserve() == 0.0
    assert bucket.reserve() == pytest.approx(0.5)
    now[0] = 10.0
    assert bucket.reserve() == 0.0
    with pytest.raises(ConfigurationError) as caught:
        TokenBucket(rate=0)
    assert caught.value.code == "config.invalid"


def test_rate_limit_is_applied_per_request() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=1, clock=lambda: now[0])
    waits: list[float] = []
    original = bucket.acquire
    bucket.acquire = lambda sleep=None: waits.append(original(sleep=lambda s: None)) or 0.0  # type: ignore[method-assign]
    http = HttpClient(HttpConfig(transport=httpx.MockTransport(Script(httpx.Response(200))), rate_limit=bucket))
    for _ in range(3):
        http.request("GET", "https://svc.test/x")
    assert waits == [0.0, 1.0, 2.0]


def test_verify_settings(tmp_path: Path) -> None:
    assert ssl_verify(True) is True
    ctx = ssl.create_default_context()
    assert ssl_verify(ctx) is ctx
    with pytest.raises(ConfigurationError):
        ssl_verify(tmp_path / "missing.pem")
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    with pytest.raises(ConfigurationError):
        ssl_verify(bad)
    assert HttpConfig().verify is True  # never disabled by default


def test_verify_false_only_explicitly_and_warned(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="egisz_sdk.http")
    assert ssl_verify(False) is False
    assert "DISABLED" in caplog.text


def test_wrong_transport_kind_is_a_configuration_error() -> None:
    class OnlyAsync(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200)

    with pytest.raises(ConfigurationError) as err:
        HttpClient(HttpConfig(transport=OnlyAsync()))
    assert err.value.field == "transport" and "sync" in err.value.message_en
    with pytest.raises(ConfigurationError) as err:
        AsyncHttpClient(HttpConfig(transport=httpx.HTTPTransport()))
    assert err.value.field == "transport" and "async" in err.value.message_en


async def test_only_clients_we_created_are_closed() -> None:
    mine = HttpClient(HttpConfig(transport=httpx.MockTransport(Script(httpx.Response(200)))))
    with mine:
        pass
    assert mine.client.is_closed
    theirs = httpx.Client(transport=httpx.MockTransport(Script(httpx.Response(200))))
    with HttpClient(client=theirs):
        pass
    assert not theirs.is_closed
    theirs.close()
    async_mine = AsyncHttpClient(HttpConfig(transport=httpx.MockTransport(Script(httpx.Response(200)))))
    async with async_mine:
        pass
    assert async_mine.client.is_closed
    async with httpx.AsyncClient() as async_theirs:
        async with AsyncHttpClient(client=async_theirs):
            pass
        assert not async_theirs.is_closed


async def test_async_retries_and_translation() -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "1"}), httpx.Response(200, json={"a": 1}))
    slept: list[float] = []
    config = HttpConfig(transport=httpx.MockTransport(script), retry=RetryPolicy(sleep=slept.append, jitter=0))
    async with AsyncHttpClient(config) as http:
        response = await http.request("GET", "https://svc.test/x")
        assert parse_json(response) == {"a": 1} and slept == [1.0]
        post = Script(httpx.Response(503), httpx.Response(200))
        http2 = AsyncHttpClient(HttpConfig(transport=httpx.MockTransport(post)))
        assert (await http2.request("POST", "https://svc.test/te")).status_code == 503
        assert len(post.seen) == 1
        broken = AsyncHttpClient(HttpConfig(transport=httpx.MockTransport(Script(httpx.ReadTimeout("t")))))
        with pytest.raises(TransportError) as err:
            await broken.request("GET", "https://svc.test/x")
        assert err.value.code == "transport.timeout"
