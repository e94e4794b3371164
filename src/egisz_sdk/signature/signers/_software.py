"""In-memory signing with a private key held by the process (keys from files, PKCS#12, the test PKI)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature._algorithms import public_key_of
from egisz_sdk.signature._keys import GostPublicKey, PublicKey
from egisz_sdk.signature.signers._protocol import CertificateSigner

__all__ = ["SoftwareSigner"]


def _matches(private_key: Any, certificate_key: PublicKey) -> bool:
    """False when ``private_key`` visibly belongs to another public key than the certificate's.

    Keys whose public half cannot be read (a custom object) pass: every signature is re-verified anyway.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    der, spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        mine = public_key_of(private_key.public_key().public_bytes(der, spki))
    else:
        public_key = getattr(private_key, "public_key", None)
        spki_der = getattr(public_key() if callable(public_key) else None, "spki_der", None)
        if not callable(spki_der):
            return True
        mine = public_key_of(spki_der())
    if mine.scheme != certificate_key.scheme:
        return False
    if isinstance(mine, GostPublicKey) and isinstance(certificate_key, GostPublicKey):
        # the same point may be written with different parameter-set OIDs (aliases): compare the point
        return mine.raw() == certificate_key.raw()
    return mine.spki_der() == certificate_key.spki_der()


class SoftwareSigner(CertificateSigner):
    """Sign with a private key in memory.

    Args:
        private_key: an SDK ``PrivateKey`` (from :func:`egisz_sdk.signature.load_private_key`, any of GOST,
            RSA, EC), or a pyca ``cryptography`` RSA / EC private key.
        certificate: the matching certificate (SDK ``Certificate``, DER or PEM bytes).
        chain: CA certificates above it (e.g. the other certificates of a PFX); :func:`sign_cms` embeds them
            after the signer certificate.

    The key never appears in ``repr``. Signatures are in the SDK's canonical order (see
    :class:`~egisz_sdk.signature.Signer`).
    """

    def __init__(self, private_key: Any, certificate: Any, *, chain: Sequence[Any] = ()) -> None:
        super().__init__(certificate)
        self._private_key = private_key
        self._chain = tuple(chain)
        if not _matches(private_key, self._key):
            raise SignatureError("signer.key_mismatch", signer="SoftwareSigner")

    @property
    def chain(self) -> tuple[Any, ...]:
        """The CA certificates given with ``chain`` (embedded by :func:`~egisz_sdk.signature.sign_cms`)."""
        return self._chain

    def sign(self, data: bytes) -> bytes:
        """Raw signature over ``data``."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

        key = self._private_key
        if isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hashes.SHA256()))
        sign = getattr(key, "sign", None)
        if not callable(sign):
            raise SignatureError("signer.unsupported", signer="SoftwareSigner", what=type(key).__name__)
        result = sign(data)
        if not isinstance(result, bytes):
            raise SignatureError("signer.bad_output", signer="SoftwareSigner")
        return result

    def __repr__(self) -> str:
        return f"SoftwareSigner(algorithm={self.algorithm!r}, key=<hidden>)"
