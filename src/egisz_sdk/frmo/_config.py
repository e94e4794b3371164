"""One helper that assembles a FRMO client configuration from its parts (used by tests, the CLI and fixtures)."""

from __future__ import annotations

from typing import Any

from egisz_sdk._http import RetryPolicy, Transport, Verify
from egisz_sdk.auth.ips import IPS_TEST_AUDIENCE
from egisz_sdk.registries import RegistryConfig
from egisz_sdk.registries._config import gateway_config
from egisz_sdk.signature.signers import Signer

__all__ = ["frmo_config"]


def frmo_config(
    base_url: str,
    *,
    signer: Signer | None = None,
    key: Any = None,
    certificate: Any = None,
    system_id: str | None = None,
    audience: str = IPS_TEST_AUDIENCE,
    transport: Transport | None = None,
    verify: Verify = True,
    rate: float | None = 2.0,
    retry: RetryPolicy | None = None,
    timeout: float = 30.0,
    page_size: int = 100,
) -> RegistryConfig:
    """A :class:`~egisz_sdk.registries.RegistryConfig` for FRMO with the IPS gateway token.

    The same gateway and the same token as FRMR (:func:`~egisz_sdk.frmr.frmr_config`): give ``signer`` (or ``key``
    + ``certificate``) and the ``system_id`` registered with the gateway. ``base_url`` is
    :data:`~egisz_sdk.frmo.resources.FRMO_TEST_URL` or :data:`~egisz_sdk.frmo.resources.FRMO_PROD_URL`.
    """
    return gateway_config(
        base_url,
        signer=signer,
        key=key,
        certificate=certificate,
        system_id=system_id,
        audience=audience,
        transport=transport,
        verify=verify,
        rate=rate,
        retry=retry,
        timeout=timeout,
        page_size=page_size,
    )
