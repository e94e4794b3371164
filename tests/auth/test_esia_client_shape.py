"""The two clients have one set of exchanges: awaited on the async client, direct on the sync one; the I/O-free
methods are synchronous on both (the docs say exactly this)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from egisz_sdk.auth import AsyncEsiaClient, EsiaClient, EsiaConfig
from egisz_sdk.auth.esia.client import _EsiaBase, _Exchange

EXCHANGES = {
    "exchange_code",
    "login",
    "refresh",
    "get_person",
    "get_collection",
    "get_contacts",
    "get_addresses",
    "get_documents",
    "get_organizations",
    "get_organization",
}
SYNCHRONOUS = {"authorization_url", "logout_url", "parse_callback", "now"}


def test_every_exchange_is_declared_once() -> None:
    declared = {name for name, value in vars(_EsiaBase).items() if isinstance(value, _Exchange)}
    assert declared == EXCHANGES
    for cls in (EsiaClient, AsyncEsiaClient):
        assert not (EXCHANGES & set(vars(cls))), f"{cls.__name__} redeclares an exchange"
        assert EsiaClient.get_person.__doc__ and "rs/prns" in EsiaClient.get_person.__doc__


async def test_async_exchanges_are_awaitable_and_io_free_methods_are_not(
    make_config: Callable[..., EsiaConfig], mint: Callable[..., str], E: Any
) -> None:
    person = {"oid": E.OID, "firstName": "Иван"}
    config = make_config(transport=httpx.MockTransport(lambda request: httpx.Response(200, json=person)))
    async with AsyncEsiaClient(config) as client:
        pending = client.get_person(E.OID, "AT")
        assert inspect.isawaitable(pending)
        assert (await pending).oid == E.OID
        for name in SYNCHRONOUS:
            assert not inspect.iscoroutinefunction(getattr(client, name)), name
        login = client.authorization_url()
        assert client.parse_callback({"code": "C", "state": login.state}, login.state).code == "C"
        assert client.logout_url().startswith(config.base_url)


def test_sync_exchanges_return_results(make_config: Callable[..., EsiaConfig], E: Any) -> None:
    config = make_config(transport=httpx.MockTransport(lambda request: httpx.Response(200, json={"oid": E.OID})))
    with EsiaClient(config) as client:
        assert client.get_person(E.OID, "AT").oid == E.OID


def test_a_failing_send_still_closes_the_flow(make_config: Callable[..., EsiaConfig], E: Any) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    config = make_config(transport=httpx.MockTransport(broken))
    closed: list[bool] = []
    with EsiaClient(config) as client:
        original = client._drive

        def watching(flow: Any) -> Any:
            def wrapper() -> Any:
                try:
                    return (yield from flow)
                finally:
                    closed.append(True)

            return original(wrapper())

        client._drive = watching  # type: ignore[method-assign]
        with pytest.raises(Exception):
            client.get_person(E.OID, "AT")
    assert closed == [True]
