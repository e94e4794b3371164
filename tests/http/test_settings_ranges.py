"""Every numeric HTTP setting is finite and in range (``nan`` once disabled checks silently), and the shared client
resolves the relative requests that sans-IO cores build against its own base URL and default headers."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from egisz_sdk._http import HttpClient, HttpConfig, RetryPolicy, TokenBucket
from egisz_sdk.errors import ConfigurationError

HOSTILE = [math.nan, math.inf, -math.inf, 1e12, -1.0, True, "30", None]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
@pytest.mark.parametrize("field", ["timeout", "connect_timeout"])
def test_http_config_timeouts_must_be_finite_and_in_range(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        HttpConfig(**{field: value})
    assert caught.value.code == "config.invalid" and caught.value.field == field


def test_an_httpx_timeout_is_checked_part_by_part() -> None:
    with pytest.raises(ConfigurationError) as caught:
        HttpConfig(timeout=httpx.Timeout(10.0, read=math.nan))
    assert caught.value.field == "timeout.read"
    assert HttpConfig(timeout=httpx.Timeout(10.0, pool=None)).httpx_timeout().pool is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attempts", 0),
        ("attempts", 10**6),
        ("attempts", 2.5),
        ("backoff", math.nan),
        ("backoff", math.inf),
        ("backoff_max", 1e9),
        ("retry_after_cap", math.nan),
        ("retry_after_cap", -1),
        ("jitter", 2.0),
        ("jitter", math.nan),
        ("statuses", frozenset({429, 99999})),
    ],
)
def test_retry_policy_numbers_are_checked(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        RetryPolicy(**{field: value})
    assert caught.value.code == "config.invalid" and caught.value.field == field


@pytest.mark.parametrize(("rate", "burst"), [(math.nan, 1), (math.inf, 1), (0, 1), (1.0, 0), (1.0, 1.5), (1e300, 1)])
def test_token_bucket_numbers_are_checked(rate: Any, burst: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        TokenBucket(rate=rate, burst=burst)
    assert caught.value.code == "config.invalid"


def test_relative_requests_get_the_configured_base_url_and_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    config = HttpConfig(
        base_url="https://esia.example",
        user_agent="mis/1.0",
        headers={"Accept": "application/json"},
        transport=httpx.MockTransport(handler),
    )
    with HttpClient(config) as client:
        client.send(httpx.Request("GET", "/rs/prns/5?embed=(elements)", headers={"Authorization": "Bearer T"}))
        client.send(httpx.Request("GET", "https://other.example/x"))
    first, second = seen
    assert str(first.url) == "https://esia.example/rs/prns/5?embed=(elements)"
    assert first.headers["user-agent"] == "mis/1.0" and first.headers["authorization"] == "Bearer T"
    assert first.headers["accept"] == "application/json"
    assert str(second.url) == "https://other.example/x"  # absolute requests are sent as built


@pytest.mark.parametrize("digits", [400, 5000])
def test_an_absurd_retry_after_from_a_server_is_capped_not_a_crash(digits: int) -> None:
    from egisz_sdk._http import parse_retry_after

    # float(int("9" * 400)) overflowed and int("9" * 5000) is refused by Python: both used to escape as bare errors
    hint = parse_retry_after("9" * digits)
    assert hint is not None and math.isfinite(hint)
    policy = RetryPolicy()
    response = httpx.Response(503, headers={"retry-after": "9" * digits})
    assert policy.delay(1, response) == policy.retry_after_cap
