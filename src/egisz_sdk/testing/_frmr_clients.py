"""The SDK's FRMR client wired to a fake world: issue a gateway system, pick the transport, build the config.

The pytest plugin's ``frmr_client`` fixtures, the docs and the FRMR benchmark build their clients here (the one
place, besides ``_clients.py`` for ESIA, where the testing package touches a client: only its public config helper).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

from egisz_sdk.frmr import frmr_config
from egisz_sdk.testing._world import IN_PROCESS_URL, World

if TYPE_CHECKING:
    from egisz_sdk.registries import RegistryConfig
    from egisz_sdk.testing.pki import Variant
    from egisz_sdk.testing.transports import ServerHandle

__all__ = ["DEFAULT_SYSTEM_ID", "frmr_test_config"]

#: The gateway ``sub`` of the system :func:`frmr_test_config` issues unless told otherwise.
DEFAULT_SYSTEM_ID: Final = "MIS-TEST-0001"


def frmr_test_config(
    target: World | ServerHandle,
    *,
    system_id: str = DEFAULT_SYSTEM_ID,
    organizations: Iterable[str] | Literal["*"] = "*",
    key_kind: Literal["gost256", "gost512"] = "gost256",
    variant: Variant = "valid",
    **fields: Any,
) -> RegistryConfig:
    """Issue a gateway system in the world (registered for ``organizations``) and return the configuration of an
    FRMR client signing its gateway tokens with that system's key.

    Args:
        target: a :class:`World` (served in-process) or a :class:`ServerHandle` (its loopback socket).
        system_id: the system's ``sub``.
        organizations: organisation OIDs the system may touch, or ``"*"`` for all.
        key_kind: the system's GOST key from the world PKI.
        variant: the certificate variant (``"expired"`` … for negative tests).
        **fields: further :func:`egisz_sdk.frmr.frmr_config` keywords (``rate`` defaults to ``None``, ``transport``
            to the target's, ``retry`` to the SDK's default).
    """
    world = target if isinstance(target, World) else target.world
    path = str(world.frmr.base_url).strip("/")
    return gateway_test_config(target, path, frmr_config, system_id, organizations, key_kind, variant, fields)


def gateway_test_config(
    target: World | ServerHandle,
    path: str,
    make_config: Callable[..., RegistryConfig],
    system_id: str,
    organizations: Iterable[str] | Literal["*"],
    key_kind: Literal["gost256", "gost512"],
    variant: Variant,
    fields: dict[str, Any],
) -> RegistryConfig:
    """Issue a gateway system in the target's world and build a registry client's config for the service at
    ``path`` (FRMR and FRMO share this: the same gateway, the same config helper)."""
    if isinstance(target, World):
        world, root, transport = target, IN_PROCESS_URL, target.transport()
    else:
        world, root, transport = target.world, target.url.rstrip("/"), None
    system = world.gateway.issue_system(system_id, organizations, key_kind=key_kind, variant=variant)
    fields.setdefault("transport", transport)
    fields.setdefault("rate", None)
    return make_config(f"{root}/{path.strip('/')}/", signer=system.signer(), system_id=system.system_id, **fields)
