"""Private and public keys: GOST R 34.10-2012 (256/512), RSA and EC, and the formats they come in.

This is the public face of three private modules, separated as pyca/cryptography separates them: the key
model (:mod:`._keys`: :class:`PublicKey`, :class:`PrivateKey` and their GOST/RSA/EC classes), reading and
writing keys (:mod:`._serialization`: PKCS#8, PKCS#1/SEC1, SubjectPublicKeyInfo, bounded password
derivation) and PKCS#12 (:mod:`._pkcs12`). Every name below is importable from here as before.

Not read, with a specific error: CryptoPro key containers (``header.key``/``masks.key``/``primary.key``,
code ``key.cryptopro_container``) and PFX exported by CryptoPro CSP (code ``key.cryptopro_pfx``).
Key objects never show key material in ``repr``.
"""

from __future__ import annotations

from egisz_sdk.signature._keys import (
    EcPrivateKey,
    EcPublicKey,
    GostPrivateKey,
    GostPublicKey,
    PrivateKey,
    PublicKey,
    RsaPrivateKey,
    RsaPublicKey,
    generate_gost_key,
)
from egisz_sdk.signature._keys import _default_digest_param as _default_digest_param  # for egisz_sdk.testing.pki
from egisz_sdk.signature._pkcs12 import load_pkcs12
from egisz_sdk.signature._serialization import (
    MAX_KDF_ITERATIONS,
    dump_private_key,
    load_private_key,
    load_private_key_file,
    load_public_key_spki,
)

__all__ = [
    "MAX_KDF_ITERATIONS",
    "EcPrivateKey",
    "EcPublicKey",
    "GostPrivateKey",
    "GostPublicKey",
    "PrivateKey",
    "PublicKey",
    "RsaPrivateKey",
    "RsaPublicKey",
    "dump_private_key",
    "generate_gost_key",
    "load_pkcs12",
    "load_private_key",
    "load_private_key_file",
    "load_public_key_spki",
]
