"""One helper that assembles a FRMR client configuration from its parts (used by tests, the CLI and fixtures)."""

from __future__ import annotations

from typing import Any

from egisz_sdk._http import RetryPolicy, Transport, Verify
from egisz_sdk.auth.ips import IPS_TEST_AUDIENCE
from egisz_sdk.registries import RegistryConfig
from egisz_sdk.registries._config import gateway_config
from egisz_sdk.signature.signers import Signer

__all__ = ["frmr_config"]


def frmr_config(
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
    """A :class:`~egisz_sdk.registries.RegistryConfig` with the IPS gateway token.

    Give either ``signer`` (any SDK signer) or ``key`` + ``certificate`` (a private key object, and the
    certificate as an SDK ``Certificate`` or DER/PEM bytes — what ``egisz fake serve --export`` writes), and the
    ``system_id`` registered with the gateway. Without a signer and key no token is sent (a fake that does not
    check tokens, or an ``auth`` added later).
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
