"""PKCS#12 / PFX: the private key, its certificate and the other certificates of the container.

The container itself (MAC, PBES2 with GOST or AES, the TC26 GOST profile) is read by :mod:`._pfx`; the key
by :mod:`._serialization`; this module pairs the key with the certificate whose public key matches it.
"""

from __future__ import annotations

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature._keys import PrivateKey
from egisz_sdk.signature._pfx import MAX_KDF_ITERATIONS
from egisz_sdk.signature._serialization import read_pkcs12_key
from egisz_sdk.signature.certificates import Certificate, load_certificate

__all__ = ["load_pkcs12"]


def load_pkcs12(
    data: bytes, password: bytes | str | None, *, max_iterations: int = MAX_KDF_ITERATIONS
) -> tuple[PrivateKey, Certificate, list[Certificate]]:
    """Read a PKCS#12 / PFX file: ``(key, certificate, other certificates)``.

    RSA/EC PFX are read by ``cryptography``; TC26 GOST PFX (PBES2 with PBKDF2-HMAC-Streebog-512 and
    GOST 28147-89 CFB, MAC with HMAC-Streebog-512), and GOST keys in a PFX with OpenSSL 3's default algorithms
    (PBES2 with AES-CBC, SHA MAC), are read here. The certificate returned is the one
    whose public key matches the private key. ``max_iterations`` caps every password derivation in the file
    (see :func:`~egisz_sdk.signature.keys.load_private_key`).

    Raises:
        SignatureError: ``key.password``, ``key.kdf_iterations``, ``key.cryptopro_pfx``, ``key.unsupported_pbe``,
            ``key.corrupt`` …
    """
    key, cert_ders = read_pkcs12_key(data, password, max_iterations=max_iterations)
    certs = [load_certificate(c) for c in cert_ders]
    spki = key.public_key().spki_der()
    mine = [c for c in certs if c.public_key.spki_der() == spki]
    if not mine:
        raise SignatureError("key.corrupt", reason="no certificate in the PFX matches the private key")
    others = [c for c in certs if c is not mine[0]]
    return key, mine[0], others
