"""One driver for multi-step exchanges written as generator flows (the shape of httpx's ``Auth.auth_flow()``).

A flow yields :class:`httpx.Request` objects and receives the matching :class:`httpx.Response`; its return value
is the result. Service code writes each exchange once, as a flow; :func:`drive` and :func:`adrive` run it with a
sync or an async send function. Both always close the generator (its ``finally`` blocks run even when sending
raises), so a flow may hold resources or record what it did.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar

import httpx

__all__ = ["Flow", "adrive", "drive"]

T = TypeVar("T")

#: A flow: yields requests, receives responses, returns ``T``.
Flow = Generator[httpx.Request, httpx.Response, T]


def drive(flow: Flow[T], send: Callable[[httpx.Request], httpx.Response]) -> T:
    """Run ``flow`` to its end, sending each request it yields with ``send``; return its result."""
    try:
        request = next(flow)
        while True:
            request = flow.send(send(request))
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        flow.close()


async def adrive(flow: Flow[T], send: Callable[[httpx.Request], Awaitable[httpx.Response]]) -> T:
    """Async :func:`drive`: the same flow, each request sent with an awaited ``send``."""
    try:
        request = next(flow)
        while True:
            request = flow.send(await send(request))
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        flow.close()
