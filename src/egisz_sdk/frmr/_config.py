"""One helper that assembles a FRMR client configuration from its parts (used by tests, the CLI and fixtures)."""

from __future__ import annotations

from egisz_sdk.registries._config import gateway_config

__all__ = ["frmr_config"]

#: A :class:`~egisz_sdk.registries.RegistryConfig` with the IPS gateway token: give either ``signer`` (any SDK
#: signer) or ``key`` + ``certificate`` and the ``system_id`` registered with the gateway (see
#: :func:`egisz_sdk.registries.gateway_config`, which FRMO's ``frmo_config`` is as well).
frmr_config = gateway_config
