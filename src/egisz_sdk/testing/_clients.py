"""The SDK's ESIA client wired to a fake world: register a test system, trust the fake's keys, pick the transport.

The pytest plugin's ``esia_client`` fixtures, ``egisz demo``, the ESIA benchmark and the SDK's own end-to-end tests
all build their clients here, so there is one place that knows how a client meets the fake.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

from egisz_sdk.auth import EsiaConfig
from egisz_sdk.testing._world import IN_PROCESS_URL, World

if TYPE_CHECKING:
    from egisz_sdk.testing.pki import Variant
    from egisz_sdk.testing.services.esia import JwtAlgorithm
    from egisz_sdk.testing.transports import ServerHandle

__all__ = ["DEFAULT_CLIENT_ID", "DEFAULT_REDIRECT_URI", "DEFAULT_SCOPES", "esia_config"]

#: Mnemonic of the system :func:`esia_config` registers unless told otherwise.
DEFAULT_CLIENT_ID: Final = "EGISZ_TEST"
#: Its callback (never called: the fake returns the callback URL instead of following it).
DEFAULT_REDIRECT_URI: Final = "https://mis.example.test/esia/callback"
#: Scopes the client asks for by default (``scopes=`` overrides).
DEFAULT_SCOPES: Final = ("openid", "fullname", "birthdate", "gender", "snils", "email", "mobile")


def esia_config(
    target: World | ServerHandle,
    *,
    client_id: str = DEFAULT_CLIENT_ID,
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    key_kind: Literal["gost256", "gost512", "rsa"] = "gost256",
    jwt_algorithm: JwtAlgorithm = "GOST3410_2012_256",
    variant: Variant = "valid",
    allowed_scopes: Iterable[str] | None = None,
    **fields: Any,
) -> EsiaConfig:
    """Register a system in the fake ESIA and return the :class:`~egisz_sdk.auth.EsiaConfig` of a client for it.

    Args:
        target: a :class:`World` (the client is served in-process through ``world.transport()``) or a
            :class:`ServerHandle` (the client talks to its loopback socket).
        client_id: the system's mnemonic.
        redirect_uri: its registered callback.
        key_kind: the system's key from the world's test PKI (``"gost256"``, ``"gost512"`` or ``"rsa"``).
        jwt_algorithm: how the fake signs this system's tokens (``"GOST3410_2012_256"`` or ``"RS256"``).
        variant: the certificate variant for negative tests (``"expired"``, ``"not_yet_valid"`` …).
        allowed_scopes: the scopes the system may ask for (default: all).
        **fields: any further :class:`EsiaConfig` field, each overriding the default: ``scopes``
            (:data:`DEFAULT_SCOPES`), ``verification_keys`` (the fake's signing certificates), ``transport`` (that
            of ``target``), ``issuer`` (the fake's), ``environment`` (the world's URL), ``signer`` (the registered
            system's key) and ``clock`` (the world's clock, so ``world.clock.advance(…)`` moves the client too).
    """
    if isinstance(target, World):
        world, base_url, transport = target, IN_PROCESS_URL, target.transport()
    else:
        world, base_url, transport = target.world, target.url, None
    system = world.esia.register_test_system(
        client_id,
        [redirect_uri],
        key_kind=key_kind,
        variant=variant,
        scopes=allowed_scopes,
        jwt_algorithm=jwt_algorithm,
    )
    fields.setdefault("scopes", DEFAULT_SCOPES)
    fields.setdefault("verification_keys", world.esia.signing_certificates)
    fields.setdefault("transport", transport)
    fields.setdefault("issuer", world.esia.settings.issuer)
    fields.setdefault("environment", base_url)
    fields.setdefault("clock", world.clock.now)
    if "signer" not in fields:
        fields["signer"] = system.signer()
    return EsiaConfig(client_id=client_id, redirect_uri=redirect_uri, **fields)
