"""The SDK's FRMO client wired to a fake world: issue a gateway system, pick the transport, build the config.

The pytest plugin's ``frmo_client`` fixtures, the docs, the CLI tests and the FRMO benchmark build their clients
here (beside ``_frmr_clients.py``; the testing package touches only the client's public config helper).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

from egisz_sdk.frmo import frmo_config

if TYPE_CHECKING:
    from egisz_sdk.registries import RegistryConfig
    from egisz_sdk.testing._world import World
    from egisz_sdk.testing.pki import Variant
    from egisz_sdk.testing.transports import ServerHandle

__all__ = ["DEFAULT_FRMO_SYSTEM_ID", "frmo_test_config"]

#: The gateway ``sub`` of the system :func:`frmo_test_config` issues unless told otherwise.
DEFAULT_FRMO_SYSTEM_ID: Final = "MIS-FRMO-0001"


def frmo_test_config(
    target: World | ServerHandle,
    *,
    system_id: str = DEFAULT_FRMO_SYSTEM_ID,
    organizations: Iterable[str] | Literal["*"] = "*",
    key_kind: Literal["gost256", "gost512"] = "gost256",
    variant: Variant = "valid",
    **fields: Any,
) -> RegistryConfig:
    """Issue a gateway system in the world (registered for ``organizations``) and return the configuration of an
    FRMO client signing its gateway tokens with that system's key.

    Args:
        target: a :class:`World` (served in-process) or a :class:`ServerHandle` (its loopback socket).
        system_id: the system's ``sub`` (what the fake's audit journal records as ``who``).
        organizations: organisation OIDs the system may touch, or ``"*"`` for all.
        key_kind: the system's GOST key from the world PKI.
        variant: the certificate variant (``"expired"`` … for negative tests).
        **fields: further :func:`egisz_sdk.frmo.frmo_config` keywords (``rate`` defaults to ``None``, ``transport``
            to the target's).
    """
    from egisz_sdk.testing._frmr_clients import gateway_test_config
    from egisz_sdk.testing.services.frmo import REST_ROOT

    return gateway_test_config(target, REST_ROOT, frmo_config, system_id, organizations, key_kind, variant, fields)
