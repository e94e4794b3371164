"""The configuration of a FRMO client: the gateway configuration every registry behind the IPS gateway shares."""

from __future__ import annotations

from egisz_sdk.registries._config import gateway_config

__all__ = ["frmo_config"]

#: A :class:`~egisz_sdk.registries.RegistryConfig` with the IPS gateway token — FRMO sits behind the same gateway
#: as FRMR and takes the same token, so this is :func:`egisz_sdk.registries.gateway_config` (``base_url``:
#: :data:`~egisz_sdk.frmo.FRMO_TEST_URL` or :data:`~egisz_sdk.frmo.FRMO_PROD_URL`; ``signer`` or ``key`` +
#: ``certificate``; ``system_id``; ``transport``, ``verify``, ``rate``, ``retry``, ``timeout``, ``page_size``).
frmo_config = gateway_config
