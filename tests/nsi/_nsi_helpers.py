"""Shared pieces of the NSI tests: the shipped dictionaries' OIDs and a world with the fake NSI."""

from __future__ import annotations

from egisz_sdk.testing import World
from egisz_sdk.testing.services.nsi import NsiService, NsiState

VMP = "1.2.643.5.1.13.13.99.2.359"  # Наименования видов ВМП, 174 rows (recorded real answers)
LINKS = "1.2.643.5.1.13.2.1.1.725"  # МНН/ЛФ/дозировка links, versions 1.2 (103 rows) and 1.8 (65 rows)
POSTS = "1.2.643.5.1.13.13.11.1102"  # FRMR positions, a labelled subset (the 2017 table, 333 rows)
SEX = "1.2.643.5.1.13.13.11.1040"  # Пол пациента, versions 1.0 and 2.1 (the key column changed)


def nsi_world(seed: int = 0) -> World:
    """A world with the fake NSI plugged in."""
    world = World(seed=seed, services=[NsiService()])
    return world


def nsi_state(world: World) -> NsiState:
    """The fake NSI's state."""
    state: NsiState = world.nsi
    return state
