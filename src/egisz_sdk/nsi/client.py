"""``NsiClient`` and ``AsyncNsiClient``: thin shells that drive the NSI flows over the shared HTTP layer.

Everything both share (building flows and paging plans, checking arguments) is in :class:`_NsiBase`; the shells
differ only in how they send (``drive`` vs ``adrive``) and in the loop of the lazy row iterators.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import SecretStr

from egisz_sdk._http import AsyncHttpClient, AsyncOwner, Flow, HttpClient, Owner, adrive, drive
from egisz_sdk.nsi import _flows as flows
from egisz_sdk.nsi._dictionary import Dictionary
from egisz_sdk.nsi._sync import dictionary_flow
from egisz_sdk.nsi.cache import DictionaryCache
from egisz_sdk.nsi.config import PRODUCTION_URL, NsiConfig
from egisz_sdk.nsi.models import Comparison, Filter, Page, Passport, Record, SortDirection, VersionInfo

__all__ = ["AsyncNsiClient", "NsiClient"]

T = TypeVar("T")


class _NsiBase:
    """The I/O-free half of both clients."""

    def __init__(self, config: NsiConfig | None, user_key: str | SecretStr | None, kwargs: dict[str, Any]) -> None:
        if config is None:
            config = NsiConfig(user_key=user_key if user_key is not None else "", **kwargs)
        self.config = config
        self.cache: DictionaryCache | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.config.base_url!r})"

    def _plan(
        self,
        oid: str,
        version: str | None,
        columns: Sequence[str] | None,
        sorting: str | None,
        direction: SortDirection | str,
        filters: Iterable[Filter],
        size: int | None,
    ) -> flows.DataPlan:
        return flows.DataPlan(
            self.config,
            oid,
            version=version,
            columns=columns,
            sorting=sorting,
            direction=direction,
            filters=tuple(filters),
            size=size,
        )

    def _close_cache(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def _cache(self, cache: DictionaryCache | None) -> DictionaryCache:
        if cache is not None:
            return cache
        if self.cache is None:
            self.cache = DictionaryCache()
        return self.cache


class NsiClient(_NsiBase, Owner):
    """Synchronous NSI (ФНСИ) client.

    Args:
        user_key: the NSI ``userKey`` (or pass ``config``).
        config: full settings (:class:`NsiConfig`); keyword arguments build one otherwise
            (``base_url``, ``transport``, ``page_size`` …).
        http: an existing :class:`~egisz_sdk._http.HttpClient` to send through (not closed by this client).
    """

    def __init__(
        self,
        user_key: str | SecretStr | None = None,
        *,
        config: NsiConfig | None = None,
        http: HttpClient | None = None,
        base_url: str = PRODUCTION_URL,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, user_key, {"base_url": base_url, **kwargs})
        self.http = http if http is not None else HttpClient(self.config.http_config())
        self._owned = self.http if http is None else None

    def _run(self, flow: Flow[T]) -> T:
        return drive(flow, self.http.send)

    def close(self) -> None:
        """Close the HTTP client this client created, and the default cache if it opened one."""
        super().close()
        self._close_cache()

    def search(self, text: str, *, page: int = 1, size: int = 50) -> Page[Passport]:
        """Dictionaries whose OID or name matches ``text`` (``/searchDictionary``; pages from 1)."""
        return self._run(flows.search_flow(self.config, text, page, size))

    def passport(self, oid: str, version: str | None = None) -> Passport:
        """The passport of a dictionary version (the latest by default): columns, types, key, dates."""
        return self._run(flows.passport_flow(self.config, oid, version))

    def versions(self, oid: str) -> list[VersionInfo]:
        """Every version of a dictionary, newest first (all pages of ``/versions``)."""
        return self._run(flows.versions_flow(self.config, oid))

    def data(
        self,
        oid: str,
        *,
        version: str | None = None,
        page: int = 1,
        size: int | None = None,
        columns: Sequence[str] | None = None,
        sorting: str | None = None,
        direction: SortDirection | str = SortDirection.ASC,
        filters: Iterable[Filter] = (),
        passport: Passport | None = None,
    ) -> Page[Record]:
        """One page of typed rows (``/data``; the passport is fetched first unless given)."""
        plan = self._plan(oid, version, columns, sorting, direction, filters, size)
        plan.passport = passport
        return self._run(plan.page_flow(page))

    def iter_data(
        self,
        oid: str,
        *,
        version: str | None = None,
        size: int | None = None,
        columns: Sequence[str] | None = None,
        sorting: str | None = None,
        direction: SortDirection | str = SortDirection.ASC,
        filters: Iterable[Filter] = (),
    ) -> Iterator[Record]:
        """Every row, lazily: one page is fetched when the previous one is used up."""
        plan = self._plan(oid, version, columns, sorting, direction, filters, size)
        number: int | None = 1
        while number is not None:
            page = self._run(plan.page_flow(number))
            yield from page.items
            number = plan.next_page(page)

    def pull(self, oid: str, version: str | None = None) -> Dictionary:
        """Every row of a version (all pages) as a :class:`Dictionary`, without touching the cache."""
        passport, rows = self._run(flows.pull_flow(self._plan(oid, version, None, None, "ASC", (), None)))
        return Dictionary(passport, rows, source="network")

    def compare(self, oid: str, old: str, new: str) -> Comparison:
        """The rows changed from version ``old`` to version ``new`` (``/compare``, every page)."""
        return self._run(flows.compare_flow(self.config, oid, old, new))

    def dictionary(
        self,
        oid: str,
        version: str | None = None,
        *,
        cache: DictionaryCache | None = None,
        offline: bool = False,
        incremental: bool = True,
    ) -> Dictionary:
        """A dictionary through the local cache: offline when cached, incremental when an older version is.

        Args:
            oid: the dictionary's OID.
            version: a version label; ``None`` asks NSI for the newest (unless ``offline``).
            cache: the :class:`DictionaryCache` to use (default: one in the user's cache directory).
            offline: never touch the network; raise :class:`~egisz_sdk.nsi.OfflineError` when not cached.
            incremental: update from an older cached version with ``/compare`` instead of a full pull.
        """
        return self._run(
            dictionary_flow(self.config, self._cache(cache), oid, version, offline=offline, incremental=incremental)
        )


class AsyncNsiClient(_NsiBase, AsyncOwner):
    """Asynchronous NSI client: the same methods as :class:`NsiClient`, awaited; ``iter_data`` is ``async for``."""

    def __init__(
        self,
        user_key: str | SecretStr | None = None,
        *,
        config: NsiConfig | None = None,
        http: AsyncHttpClient | None = None,
        base_url: str = PRODUCTION_URL,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, user_key, {"base_url": base_url, **kwargs})
        self.http = http if http is not None else AsyncHttpClient(self.config.http_config())
        self._owned = self.http if http is None else None

    async def _run(self, flow: Flow[T]) -> T:
        return await adrive(flow, self.http.send)

    async def aclose(self) -> None:
        """Close the HTTP client this client created, and the default cache if it opened one."""
        await super().aclose()
        self._close_cache()

    async def search(self, text: str, *, page: int = 1, size: int = 50) -> Page[Passport]:
        """See :meth:`NsiClient.search`."""
        return await self._run(flows.search_flow(self.config, text, page, size))

    async def passport(self, oid: str, version: str | None = None) -> Passport:
        """See :meth:`NsiClient.passport`."""
        return await self._run(flows.passport_flow(self.config, oid, version))

    async def versions(self, oid: str) -> list[VersionInfo]:
        """See :meth:`NsiClient.versions`."""
        return await self._run(flows.versions_flow(self.config, oid))

    async def data(
        self,
        oid: str,
        *,
        version: str | None = None,
        page: int = 1,
        size: int | None = None,
        columns: Sequence[str] | None = None,
        sorting: str | None = None,
        direction: SortDirection | str = SortDirection.ASC,
        filters: Iterable[Filter] = (),
        passport: Passport | None = None,
    ) -> Page[Record]:
        """See :meth:`NsiClient.data`."""
        plan = self._plan(oid, version, columns, sorting, direction, filters, size)
        plan.passport = passport
        return await self._run(plan.page_flow(page))

    async def iter_data(
        self,
        oid: str,
        *,
        version: str | None = None,
        size: int | None = None,
        columns: Sequence[str] | None = None,
        sorting: str | None = None,
        direction: SortDirection | str = SortDirection.ASC,
        filters: Iterable[Filter] = (),
    ) -> AsyncIterator[Record]:
        """See :meth:`NsiClient.iter_data` (``async for row in client.iter_data(oid)``)."""
        plan = self._plan(oid, version, columns, sorting, direction, filters, size)
        number: int | None = 1
        while number is not None:
            page = await self._run(plan.page_flow(number))
            for record in page.items:
                yield record
            number = plan.next_page(page)

    async def pull(self, oid: str, version: str | None = None) -> Dictionary:
        """See :meth:`NsiClient.pull`."""
        passport, rows = await self._run(flows.pull_flow(self._plan(oid, version, None, None, "ASC", (), None)))
        return Dictionary(passport, rows, source="network")

    async def compare(self, oid: str, old: str, new: str) -> Comparison:
        """See :meth:`NsiClient.compare`."""
        return await self._run(flows.compare_flow(self.config, oid, old, new))

    async def dictionary(
        self,
        oid: str,
        version: str | None = None,
        *,
        cache: DictionaryCache | None = None,
        offline: bool = False,
        incremental: bool = True,
    ) -> Dictionary:
        """See :meth:`NsiClient.dictionary` (the cache's SQLite work is short and runs in the event loop)."""
        flow = dictionary_flow(self.config, self._cache(cache), oid, version, offline=offline, incremental=incremental)
        return await self._run(flow)
