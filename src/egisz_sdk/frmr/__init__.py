"""FRMR — the federal register of medical workers: client, models, HR tasks, export and deadlines.

>>> from egisz_sdk.frmr import FrmrClient, frmr_config                     # doctest: +SKIP

See ``docs/frmr.md``. The resource declarations (paths, parameters, verbs — no models) live in
:mod:`egisz_sdk.frmr.resources`; importing this package stays cheap (names load on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:  # explicit re-exports for type checkers; at run time names load lazily
    from egisz_sdk.frmr._config import frmr_config as frmr_config
    from egisz_sdk.frmr._tasks import Hired as Hired
    from egisz_sdk.frmr._tasks import Transferred as Transferred
    from egisz_sdk.frmr.client import AsyncFrmrClient as AsyncFrmrClient
    from egisz_sdk.frmr.client import FrmrClient as FrmrClient
    from egisz_sdk.frmr.models import Accreditation as Accreditation
    from egisz_sdk.frmr.models import AccreditationProcedure as AccreditationProcedure
    from egisz_sdk.frmr.models import Card as Card
    from egisz_sdk.frmr.models import Cert as Cert
    from egisz_sdk.frmr.models import CodeName as CodeName
    from egisz_sdk.frmr.models import Document as Document
    from egisz_sdk.frmr.models import Person as Person
    from egisz_sdk.frmr.models import PersonFull as PersonFull
    from egisz_sdk.frmr.models import Prof as Prof
    from egisz_sdk.frmr.resources import FRMR as FRMR
    from egisz_sdk.frmr.resources import FRMR_TEST_URL as FRMR_TEST_URL

_M = "egisz_sdk.frmr.models"
_EXPORTS: dict[str, str] = {
    "FRMR": "egisz_sdk.frmr.resources",
    "FRMR_TEST_URL": "egisz_sdk.frmr.resources",
    "Accreditation": _M,
    "AccreditationProcedure": _M,
    "AsyncFrmrClient": "egisz_sdk.frmr.client",
    "Card": _M,
    "Cert": _M,
    "CodeName": _M,
    "Document": _M,
    "FrmrClient": "egisz_sdk.frmr.client",
    "Hired": "egisz_sdk.frmr._tasks",
    "Person": _M,
    "PersonFull": _M,
    "Prof": _M,
    "Transferred": "egisz_sdk.frmr._tasks",
    "frmr_config": "egisz_sdk.frmr._config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
