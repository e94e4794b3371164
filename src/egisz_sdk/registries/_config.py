"""The configuration of a registry client behind the IPS gateway, assembled from its parts (FRMR and FRMO alike)."""

from __future__ import annotations

from typing import Any

from egisz_sdk._http import RetryPolicy, Transport, Verify
from egisz_sdk.auth.ips import IPS_TEST_AUDIENCE, IpsTokenAuth
from egisz_sdk.registries._client import RegistryConfig
from egisz_sdk.signature.signers import Signer, SoftwareSigner

__all__ = ["gateway_config"]


def gateway_config(
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
    auth = None
    if signer is None and key is not None:
        signer = SoftwareSigner(key, certificate)
    if signer is not None:
        auth = IpsTokenAuth(signer, system_id or "", audience=audience)
    return RegistryConfig(
        base_url=base_url,
        auth=auth,
        transport=transport,
        verify=verify,
        rate=rate,
        retry=retry if retry is not None else RetryPolicy(),
        timeout=timeout,
        page_size=page_size,
    )
