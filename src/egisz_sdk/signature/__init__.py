"""Electronic signatures: GOST R 34.11/34.10-2012, RSA/ECDSA, X.509 with Russian qualified attributes,
CAdES-BES, raw signatures and JWS, and pluggable signers.

Public names load lazily from the private modules listed in ``_EXPORTS`` (name → module), which keeps
``import egisz_sdk.signature`` cheap; the module that defines a name is its single source.
"""

from __future__ import annotations

from typing import Any

from egisz_sdk._lazy import lazy_dir, lazy_get

#: Public name → module that defines it. Each part of the signature package adds its own names here.
_EXPORTS: dict[str, str] = {
    "gost": "egisz_sdk.signature.gost",
    "Certificate": "egisz_sdk.signature.certificates",
    "CertificateList": "egisz_sdk.signature.certificates",
    "CertificateReport": "egisz_sdk.signature.policy",
    "GostPrivateKey": "egisz_sdk.signature.keys",
    "GostPublicKey": "egisz_sdk.signature.keys",
    "PrivateKey": "egisz_sdk.signature.keys",
    "PublicKey": "egisz_sdk.signature.keys",
    "QualifiedAttributes": "egisz_sdk.signature.certificates",
    "check_certificate": "egisz_sdk.signature.policy",
    "dump_private_key": "egisz_sdk.signature.keys",
    "MAX_KDF_ITERATIONS": "egisz_sdk.signature.keys",
    "certificate_der": "egisz_sdk.signature.certificates",
    "streebog256_thumbprint": "egisz_sdk.signature.certificates",
    "load_certificate": "egisz_sdk.signature.certificates",
    "load_certificates": "egisz_sdk.signature.certificates",
    "load_crl": "egisz_sdk.signature.certificates",
    "load_pkcs12": "egisz_sdk.signature.keys",
    "load_private_key": "egisz_sdk.signature.keys",
    "load_public_key_spki": "egisz_sdk.signature.keys",
    "verify_certificate": "egisz_sdk.signature.policy",
    "CmsReport": "egisz_sdk.signature.cms",
    "Signer": "egisz_sdk.signature.signers._protocol",
    "SoftwareSigner": "egisz_sdk.signature.signers._software",
    "OpenSslSigner": "egisz_sdk.signature.signers._openssl",
    "Pkcs11Signer": "egisz_sdk.signature.signers._pkcs11",
    "CryptoProSigner": "egisz_sdk.signature.signers._cryptopro",
    "cms": "egisz_sdk.signature.cms",
    "cosign_cms": "egisz_sdk.signature.cms",
    "sign_cms": "egisz_sdk.signature.cms",
    "verify_cms": "egisz_sdk.signature.cms",
    "jose": "egisz_sdk.signature.jose",
    "encode_jwt": "egisz_sdk.signature.jose",
    "decode_jwt": "egisz_sdk.signature.jose",
    "encode_ips_token": "egisz_sdk.signature.jose",
    "decode_ips_token": "egisz_sdk.signature.jose",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
