"""Requests built by the SDK's HTTP client: the joined base URL is remembered, never stale, the same as httpx's."""

from __future__ import annotations

import httpx

from egisz_sdk._http import HttpClient, HttpConfig
from egisz_sdk._http._client import _MAX_URLS


def _config() -> HttpConfig:
    return HttpConfig(
        base_url="https://svc.test/4f52d90e921a0/", transport=httpx.MockTransport(lambda r: httpx.Response(200))
    )


def test_requests_are_what_httpx_builds() -> None:
    with HttpClient(_config()) as http:
        for path, params in [("person/full", {"mo": "1.2.3", "oid": "2022.0000001"}), ("/a b/ц", {"q": "x y&z"})]:
            for _ in range(2):  # built fresh, then from the remembered URL
                ours = http.build_request("GET", path, params=params)
                theirs = http.client.build_request("GET", path, params=params)
                assert ours.url == theirs.url and ours.headers == theirs.headers
        query = http.build_request("GET", "x?a=1", params={"b": "2"})  # not remembered: httpx decides
        assert query.url == http.client.build_request("GET", "x?a=1", params={"b": "2"}).url


def test_a_changed_base_url_is_followed_and_the_memory_is_bounded() -> None:
    with HttpClient(_config()) as http:
        assert str(http.build_request("GET", "p").url) == "https://svc.test/4f52d90e921a0/p"
        http.client.base_url = "https://other.test/root/"
        assert str(http.build_request("GET", "p").url) == "https://other.test/root/p"
        for index in range(_MAX_URLS * 2):
            http.build_request("GET", f"p{index}")
        assert len(http._urls) <= _MAX_URLS
