"""The :class:`Signer` protocol and the re-verification wrapper every signer's output goes through.

A signer is anything with a ``certificate``, an ``algorithm`` name and ``sign(data) -> bytes`` returning the
raw signature over ``data`` (the signer hashes) in the SDK's canonical order:

* GOST R 34.10-2012: ``BE(s) || BE(r)`` — the order of X.509, CMS and ``openssl dgst -sign``;
* RSA: PKCS#1 v1.5 with SHA-256;
* ECDSA: DER ``SEQUENCE { r, s }`` with SHA-256.

A signer may also offer ``sign_cms(data, detached=True) -> bytes`` (a tool that builds its own CAdES-BES);
:func:`egisz_sdk.signature.sign_cms` then uses it and verifies the result before returning it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature._algorithms import public_key_of
from egisz_sdk.signature._keys import PublicKey

__all__ = ["CertificateSigner", "Signer", "VerifiedSigner", "verified"]


@runtime_checkable
class Signer(Protocol):
    """What the CMS, JWS and ESIA code need from a signing backend."""

    @property
    def certificate(self) -> Any:
        """The signer's certificate (an SDK ``Certificate``, or DER/PEM bytes)."""

    @property
    def algorithm(self) -> str:
        """``GOST3410_2012_256``, ``GOST3410_2012_512``, ``RSA`` or ``ECDSA``."""

    def sign(self, data: bytes) -> bytes:
        """The raw signature over ``data`` in canonical order (the signer hashes ``data`` itself)."""


class CertificateSigner:
    """Base of the SDK's signers: the certificate as given and the algorithm of its key (read once)."""

    def __init__(self, certificate: Any) -> None:
        self._certificate = certificate
        self._key: PublicKey = public_key_of(certificate)

    @property
    def certificate(self) -> Any:
        """The signer's certificate as given."""
        return self._certificate

    @property
    def algorithm(self) -> str:
        """``GOST3410_2012_256``, ``GOST3410_2012_512``, ``RSA`` or ``ECDSA`` (from the certificate)."""
        return self._key.scheme


def _name(signer: object) -> str:
    return type(signer).__name__


class VerifiedSigner:
    """Wraps a signer so that every raw signature it returns is checked against its certificate.

    A backend that returns garbage (a wrong key, a byte-reversed value, a truncated answer) raises
    :class:`~egisz_sdk.errors.SignatureError` ``signer.bad_output`` instead of producing a bad signature.
    """

    def __init__(self, signer: Signer) -> None:
        self._signer = signer
        self._key: PublicKey = public_key_of(signer.certificate)

    @property
    def inner(self) -> Signer:
        """The wrapped signer."""
        return self._signer

    @property
    def certificate(self) -> Any:
        """The wrapped signer's certificate."""
        return self._signer.certificate

    @property
    def algorithm(self) -> str:
        """The algorithm of the certificate's key."""
        return self._key.scheme

    @property
    def key(self) -> PublicKey:
        """The certificate's public key."""
        return self._key

    def sign(self, data: bytes) -> bytes:
        """Sign through the wrapped signer and verify the result before returning it."""
        signature = self._signer.sign(data)
        if not isinstance(signature, bytes) or not self._key.is_valid(data, signature):
            raise SignatureError("signer.bad_output", signer=_name(self._signer))
        return signature

    def __repr__(self) -> str:
        return f"VerifiedSigner({self._signer!r})"


def verified(signer: Signer) -> VerifiedSigner:
    """Return ``signer`` wrapped in :class:`VerifiedSigner` (idempotent)."""
    return signer if isinstance(signer, VerifiedSigner) else VerifiedSigner(signer)
