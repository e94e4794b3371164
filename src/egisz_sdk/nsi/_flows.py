"""NSI exchanges as generator flows (driven by :func:`egisz_sdk._http.drive` / ``adrive``).

A flow yields :class:`httpx.Request` objects and receives responses; the sync and async clients drive the same
flows, so paging, version look-ups and comparisons exist once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from egisz_sdk._http import Flow
from egisz_sdk.nsi import _protocol as proto
from egisz_sdk.nsi.config import NsiConfig
from egisz_sdk.nsi.errors import NsiError, VersionNotFound
from egisz_sdk.nsi.models import (
    Change,
    Comparison,
    Filter,
    Page,
    Passport,
    Record,
    SortDirection,
    VersionInfo,
)

__all__ = ["DataPlan", "compare_flow", "passport_flow", "pull_flow", "search_flow", "versions_flow"]

#: Versions are listed this many per page.
VERSIONS_PAGE: Final = 200
#: The most versions a dictionary may list (bounded paging).
MAX_VERSIONS: Final = 20_000


def served_size(number: int, size: int, got: int, total: int, oid: str) -> int:
    """The page size NSI really served.

    A first page shorter than asked while ``total`` says more rows exist means NSI caps the page size (a public
    client notes 100 rows as the most ``/data`` returns); later pages are asked with that size. A short page in
    the middle of a dictionary is refused (``nsi.bad_response``) rather than silently losing rows.
    """
    if got == 0 or got >= size or number * size >= total:
        return size
    if number == 1:
        return got
    raise NsiError("nsi.bad_response", field="list", value=oid, what="a short page in the middle")


def columns_of(passport: Passport) -> dict[str, str]:
    """``column → dataType`` of a passport."""
    return {f.name: f.data_type for f in passport.fields}


def search_flow(config: NsiConfig, text: str, page: int, size: int) -> Flow[Page[Passport]]:
    """One page of ``/searchDictionary``."""
    response = yield proto.search_request(config, text, page, size)
    return proto.parse_search(response, page, size)


def passport_flow(config: NsiConfig, oid: str, version: str | None = None) -> Flow[Passport]:
    """``/passport`` of a version (the latest by default)."""
    response = yield proto.passport_request(config, oid, version)
    return proto.parse_passport(response, oid)


def versions_flow(config: NsiConfig, oid: str) -> Flow[list[VersionInfo]]:
    """Every version of a dictionary (all pages of ``/versions``), as NSI lists them (newest first)."""
    found: list[VersionInfo] = []
    page = 1
    while True:
        response = yield proto.versions_request(config, oid, page, VERSIONS_PAGE)
        chunk = proto.parse_versions(response, oid, page, VERSIONS_PAGE)
        found += chunk.items
        if chunk.last or len(found) >= min(chunk.total, MAX_VERSIONS):
            return found
        page += 1


@attrs.define
class DataPlan:
    """Paging through ``/data``: the passport first (for the column types), then page after page.

    Bounded: at most ``config.max_rows`` rows, and paging stops when a page is short, empty or past ``total``.
    """

    config: NsiConfig
    oid: str
    version: str | None = None
    columns: Sequence[str] | None = None
    sorting: str | None = None
    direction: SortDirection | str = SortDirection.ASC
    filters: tuple[Filter, ...] = ()
    size: int | None = None
    passport: Passport | None = None
    seen: int = 0

    def __attrs_post_init__(self) -> None:
        self.oid = proto.check_oid(self.oid)
        if self.size is None:
            self.size = self.config.page_size
        proto.check_paging(1, self.size)

    @property
    def page_size(self) -> int:
        """Rows per page."""
        return self.size or self.config.page_size

    def passport_flow(self) -> Flow[Passport]:
        """Fetch the passport (skipped when already known)."""
        if self.passport is None:
            self.passport = yield from passport_flow(self.config, self.oid, self.version)
        return self.passport

    def page_flow(self, page: int) -> Flow[Page[Record]]:
        """Fetch and type page ``page``."""
        passport = yield from self.passport_flow()
        request = proto.data_request(
            self.config,
            self.oid,
            version=self.version,
            page=page,
            size=self.page_size,
            columns=self.columns,
            sorting=self.sorting,
            direction=self.direction,
            filters=self.filters,
        )
        response = yield request
        result = proto.parse_data(
            response,
            self.oid,
            columns_of(passport),
            page,
            self.page_size,
            max_chars=self.config.max_value_chars,
            strict=self.config.strict,
        )
        size = served_size(page, self.page_size, len(result.items), result.total, self.oid)
        if size != self.page_size:
            self.size = size
            result = attrs.evolve(result, size=size)
        self.seen += len(result.items)
        if self.seen > self.config.max_rows:
            raise NsiError("nsi.limit.rows", field="max_rows", value=self.oid, limit=self.config.max_rows)
        return result

    @staticmethod
    def next_page(page: Page[Record]) -> int | None:
        """The number of the page after ``page``, or ``None`` at the end."""
        return None if page.last or len(page.items) < page.size else page.number + 1


def pull_flow(plan: DataPlan) -> Flow[tuple[Passport, list[Record]]]:
    """Every row (all pages) with the passport that types them."""
    passport = yield from plan.passport_flow()
    rows: list[Record] = []
    number: int | None = 1
    while number is not None:
        page = yield from plan.page_flow(number)
        rows += page.items
        number = plan.next_page(page)
    return passport, rows


def version_info(versions: Iterable[VersionInfo], version: str, oid: str) -> VersionInfo:
    """The entry of ``version`` (``VersionNotFound`` when NSI does not list it)."""
    for item in versions:
        if item.version == version:
            return item
    raise VersionNotFound("nsi.version.not_found", field="version", value=version, result_code="", result_text=oid)


def compare_flow(
    config: NsiConfig,
    oid: str,
    old: str,
    new: str,
    *,
    versions: Sequence[VersionInfo] | None = None,
    passport: Passport | None = None,
) -> Flow[Comparison]:
    """Every change from version ``old`` to version ``new``.

    ``/compare`` takes dates, not versions: the publication dates of both versions are looked up in ``/versions``
    (or taken from ``versions``), and the rows are typed with the passport of ``new``. NSI's «not changed»
    (``03x0002``) gives ``Comparison(unchanged=True)``.
    """
    oid = proto.check_oid(oid)
    if versions is None:
        versions = yield from versions_flow(config, oid)
    first, second = version_info(versions, old, oid), version_info(versions, new, oid)
    if first.publish_date is None or second.publish_date is None:
        raise NsiError("nsi.bad_response", field="publishDate", value=oid, what="version publish date")
    if passport is None or passport.version != new:
        passport = yield from passport_flow(config, oid, new)
    columns = columns_of(passport)
    changes: list[Change] = []
    structure_changed = False
    page = 1
    total = 0
    size = config.page_size
    while True:
        request = proto.compare_request(config, oid, first.publish_date, second.publish_date, page, size)
        response = yield request
        try:
            chunk, changed = proto.parse_compare(
                response,
                oid,
                columns,
                page,
                size,
                max_chars=config.max_value_chars,
                strict=config.strict,
            )
        except NsiError as exc:
            if exc.code != "nsi.not_changed":
                raise
            if page == 1:
                return Comparison(total=0, unchanged=True)
            # NSI answers «not changed» for a page past the last one (seen in recorded answers)
            return Comparison(total=total, changes=tuple(changes), structure_changed=structure_changed)
        served = served_size(page, size, len(chunk.items), chunk.total, oid)
        if served != size:
            size = served
            chunk = attrs.evolve(chunk, size=size)
        structure_changed = structure_changed or changed
        changes += chunk.items
        total = chunk.total
        if len(changes) > config.max_rows:
            raise NsiError("nsi.limit.rows", field="max_rows", value=oid, limit=config.max_rows)
        if chunk.last or len(chunk.items) < chunk.size:
            return Comparison(total=total, changes=tuple(changes), structure_changed=structure_changed)
        page += 1
