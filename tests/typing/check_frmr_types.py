"""Checked by mypy --strict (tests/typing/test_frmr_typing.py): the declared-once surface keeps its types."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any

from typing_extensions import assert_type

from egisz_sdk.frmr import AsyncFrmrClient, FrmrClient, Hired, Person, PersonFull
from egisz_sdk.frmr.models import Card
from egisz_sdk.registries import Created, Page


def sync_side(client: FrmrClient) -> None:
    assert_type(client.person.get(mo="1.2.3", snils="11223344595"), Person)
    assert_type(client.person_full.get(mo="1.2.3", oid="2022.0055647"), PersonFull)
    assert_type(client.person_list.iterate(mo="1.2.3"), Iterator[Person])
    assert_type(client.person_list.page(mo="1.2.3"), Page[Person])
    assert_type(client.card.list(mo="1.2.3", oid="2022.0055647"), list[Card])
    assert_type(client.card.create({}, mo="1.2.3"), Created)
    assert_type(client.find_worker(mo="1.2.3", snils="11223344595"), Person | None)
    assert_type(client.hire({}, {}, mo="1.2.3"), Hired)


async def async_side(client: AsyncFrmrClient) -> None:
    got: Awaitable[Person] = client.person.get(mo="1.2.3", snils="11223344595")
    assert_type(await got, Person)
    assert_type(client.person_list.iterate(mo="1.2.3"), AsyncIterator[Person])
    assert_type(await client.card.list(mo="1.2.3", oid="2022.0055647"), list[Card])
    assert_type(await client.hire({}, {}, mo="1.2.3"), Hired)
    assert_type(client.find_worker(mo="1.2.3", snils="11223344595"), Awaitable[Person | None])


def misuse(client: FrmrClient, aclient: AsyncFrmrClient) -> Any:
    return client, aclient
