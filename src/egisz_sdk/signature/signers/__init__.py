"""Pluggable signing backends.

* :class:`SoftwareSigner` — a private key in memory;
* :class:`OpenSslSigner` — ``openssl`` with gost-engine as a subprocess (keys in OpenSSL files);
* :class:`Pkcs11Signer` — a key on a PKCS#11 token (Rutoken, JaCarta, HSM, SoftHSM2) through python-pkcs11;
* :class:`CryptoProSigner` — CryptoPro CSP's ``cryptcp`` / ``csptest`` command-line tools;
* any object with ``certificate``, ``algorithm`` and ``sign(data)`` (a remote signing service …).

All implement :class:`Signer`; :func:`verified` wraps any of them so that every signature is re-verified
against the certificate before it is used.
"""

from __future__ import annotations

from typing import Any

from egisz_sdk._lazy import lazy_dir, lazy_get

_EXPORTS: dict[str, str] = {
    "CryptoProSigner": "egisz_sdk.signature.signers._cryptopro",
    "OpenSslSigner": "egisz_sdk.signature.signers._openssl",
    "Pkcs11Signer": "egisz_sdk.signature.signers._pkcs11",
    "Signer": "egisz_sdk.signature.signers._protocol",
    "SoftwareSigner": "egisz_sdk.signature.signers._software",
    "VerifiedSigner": "egisz_sdk.signature.signers._protocol",
    "verified": "egisz_sdk.signature.signers._protocol",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
