"""Closing what a client created, once for every sync and async client of the SDK.

A client either builds its own connection pool (and must close it) or is handed one by the caller (which stays the
caller's to close). :class:`Owner` and :class:`AsyncOwner` hold that rule and the ``with`` / ``async with`` protocol,
so the shells only say what they own.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, TypeVar

__all__ = ["AsyncOwner", "Owner"]

_S = TypeVar("_S", bound="Owner")
_A = TypeVar("_A", bound="AsyncOwner")


class _Closeable(Protocol):
    def close(self) -> None: ...


class _AsyncCloseable(Protocol):
    async def aclose(self) -> None: ...


class Owner:
    """Closes :attr:`_owned` (what this object created; ``None`` when the caller supplied it) on :meth:`close`."""

    _owned: _Closeable | None = None

    def close(self) -> None:
        """Close what this object created (a client passed in by the caller is left open)."""
        if self._owned is not None:
            self._owned.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncOwner:
    """The ``async`` twin of :class:`Owner`: :meth:`aclose` and ``async with``."""

    _owned: _AsyncCloseable | None = None

    async def aclose(self) -> None:
        """Close what this object created (a client passed in by the caller is left open)."""
        if self._owned is not None:
            await self._owned.aclose()

    async def __aenter__(self: _A) -> _A:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
