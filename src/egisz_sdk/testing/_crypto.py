"""The one seam between the fake and the SDK's signature package.

The fake verifies client signatures and issues tokens with the same code integrators use
(``egisz_sdk.signature``); every call goes through the small functions here so the rest of the fake
does not depend on the shape of that package.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from egisz_sdk.errors import SignatureError

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate

__all__ = [
    "b64url_decode",
    "certificate_hash",
    "certificate_pem",
    "load_certificate",
    "sign_jwt",
    "verify_cms_signer",
    "verify_raw",
]


def load_certificate(data: Any) -> Certificate:
    """A :class:`~egisz_sdk.signature.Certificate` from an object that is one, or PEM/DER bytes or text."""
    from egisz_sdk.signature.certificates import Certificate, load_certificate

    if isinstance(data, Certificate):
        return data
    if isinstance(data, str):
        data = data.encode("ascii")
    return load_certificate(bytes(data))


def certificate_hash(certificate: Certificate) -> str:
    """Streebog-256 of the certificate DER as 64 upper-case hex characters (ESIA's client_certificate_hash)."""
    from egisz_sdk.signature.certificates import streebog256_thumbprint

    return streebog256_thumbprint(certificate)


def certificate_pem(certificate: Certificate) -> str:
    """The certificate as PEM text."""
    return certificate.to_pem()


def b64url_decode(text: str) -> bytes | None:
    """Decode base64url with or without padding (standard alphabet tolerated); ``None`` when malformed."""
    cleaned = text.strip().replace("+", "-").replace("/", "_").rstrip("=")
    if not cleaned:
        return None
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        return None


def verify_raw(certificate: Certificate, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is a valid raw signature of ``data`` by the certificate's key (GOST or RSA)."""
    try:
        certificate.public_key.verify(data, signature)
    except (SignatureError, ValueError, TypeError):
        return False
    return True


def verify_cms_signer(cms: bytes, data: bytes) -> bytes | None:
    """Verify a detached CMS over ``data``; the DER of its (first) signer certificate, or ``None`` if invalid."""
    from egisz_sdk.signature.cms import verify_cms

    try:
        # the fake compares the signer certificate with the system's registered one itself
        report = verify_cms(cms, data, insecure_skip_chain_check=True)
    except (SignatureError, ValueError, TypeError):
        return None
    for signer in report.signers:
        if signer.valid and signer.certificate_der is not None:
            return bytes(signer.certificate_der)
    return None


def sign_jwt(claims: dict[str, Any], key: Any, algorithm: str, headers: dict[str, Any]) -> str:
    """A compact JWT signed with ``key`` (``GOST3410_2012_256`` or ``RS256``)."""
    from egisz_sdk.signature.jose import encode_jwt

    return str(encode_jwt(claims, key, algorithm, headers=headers))
