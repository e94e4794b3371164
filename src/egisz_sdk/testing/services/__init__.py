"""The services the SDK's fake world ships, one package each (``services/<name>/``: catalogue, records, state,
routes). :func:`default_services` is what ``World()`` holds unless told otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egisz_sdk.testing._service import Service
    from egisz_sdk.testing.services.esia import EsiaSettings

__all__ = ["default_services"]


def default_services(*, esia: EsiaSettings | None = None) -> list[Service]:
    """Every service the SDK ships, freshly made (the fake ESIA, NSI, the registries' gateway, FRMR and FRMO)."""
    from egisz_sdk.testing.services.esia import EsiaService
    from egisz_sdk.testing.services.frmo import FrmoService
    from egisz_sdk.testing.services.frmr import FrmrService
    from egisz_sdk.testing.services.gateway import GatewayService
    from egisz_sdk.testing.services.nsi import NsiService

    return [EsiaService(esia), NsiService(), GatewayService(), FrmrService(), FrmoService()]
