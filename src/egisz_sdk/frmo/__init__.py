"""FRMO — the federal register of medical organisations: client, models, tasks and write-side checks.

>>> from egisz_sdk.frmo import FrmoClient, frmo_config                     # doctest: +SKIP

See ``docs/frmo.md``. The resource declarations (paths, parameters, verbs — no models) live in
:mod:`egisz_sdk.frmo.resources`; importing this package stays cheap (names load on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:  # explicit re-exports for type checkers; at run time names load lazily
    from egisz_sdk.frmo._config import frmo_config as frmo_config
    from egisz_sdk.frmo._rules import check_assignment as check_assignment
    from egisz_sdk.frmo.client import AsyncFrmoClient as AsyncFrmoClient
    from egisz_sdk.frmo.client import FrmoClient as FrmoClient
    from egisz_sdk.frmo.models import Beds as Beds
    from egisz_sdk.frmo.models import Building as Building
    from egisz_sdk.frmo.models import CodeName as CodeName
    from egisz_sdk.frmo.models import DepartHospital as DepartHospital
    from egisz_sdk.frmo.models import Department as Department
    from egisz_sdk.frmo.models import FrmoRecord as FrmoRecord
    from egisz_sdk.frmo.models import HospitalSubdivision as HospitalSubdivision
    from egisz_sdk.frmo.models import License as License
    from egisz_sdk.frmo.models import MoAddress as MoAddress
    from egisz_sdk.frmo.models import Organization as Organization
    from egisz_sdk.frmo.models import Ref as Ref
    from egisz_sdk.frmo.models import Region as Region
    from egisz_sdk.frmo.models import StaffDetail as StaffDetail
    from egisz_sdk.frmo.models import StaffSchedule as StaffSchedule
    from egisz_sdk.frmo.resources import FRMO as FRMO
    from egisz_sdk.frmo.resources import FRMO_PROD_URL as FRMO_PROD_URL
    from egisz_sdk.frmo.resources import FRMO_TEST_URL as FRMO_TEST_URL

_M = "egisz_sdk.frmo.models"
_R = "egisz_sdk.frmo.resources"
_EXPORTS: dict[str, str] = {
    "FRMO": _R,
    "FRMO_PROD_URL": _R,
    "FRMO_TEST_URL": _R,
    "AsyncFrmoClient": "egisz_sdk.frmo.client",
    "Beds": _M,
    "Building": _M,
    "CodeName": _M,
    "DepartHospital": _M,
    "Department": _M,
    "FrmoClient": "egisz_sdk.frmo.client",
    "FrmoRecord": _M,
    "HospitalSubdivision": _M,
    "License": _M,
    "MoAddress": _M,
    "Organization": _M,
    "Ref": _M,
    "Region": _M,
    "StaffDetail": _M,
    "StaffSchedule": _M,
    "check_assignment": "egisz_sdk.frmo._rules",
    "frmo_config": "egisz_sdk.frmo._config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
