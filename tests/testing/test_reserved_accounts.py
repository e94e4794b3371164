"""Reserved ESIA accounts answer to their person's phone, SNILS and e-mail too, and keep their behaviour."""

from __future__ import annotations

import pytest

from egisz_sdk.testing import World


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=0, people=8, organizations=1)


@pytest.mark.parametrize("login", ["user@example.test", "employee@example.test", "locked@example.test"])
def test_reserved_accounts_log_in_by_phone_snils_and_email_too(world: World, login: str) -> None:
    # Defect: docs say every seeded account logs in by e-mail, phone (any printed form) or SNILS, but the
    # reserved accounts answered only to their reserved login.
    account = world.esia.account(login)
    assert account is not None
    person = account.person
    digits = person.phone[-10:]
    printed = f"+7 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    snils = f"{person.snils[:3]}-{person.snils[3:6]}-{person.snils[6:9]} {person.snils[9:]}"
    for alias in (printed, "8" + digits, person.snils, snils, person.email.upper()):
        assert world.esia.account(alias) is account, alias


def test_a_reserved_account_by_phone_keeps_its_reserved_behaviour(world: World) -> None:
    account = world.esia.account("unconfirmed@example.test")
    assert account is not None
    assert world.esia.account(account.person.phone) is account
    assert account.status == "unconfirmed"
