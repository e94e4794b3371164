"""Algorithm tables and raw signature verification shared by CMS, JWS and the signers.

Public keys are read straight from a certificate's SubjectPublicKeyInfo (our own DER reader, so GOST keys
need no asn1crypto registration). RSA and ECDSA go through pyca ``cryptography``; GOST R 34.10-2012 goes
through :mod:`egisz_sdk.signature.gost.gost3410` (imported lazily).

Canonical raw signature forms: GOST ``BE(s) || BE(r)`` (the X.509/CMS/OpenSSL order), RSA PKCS#1 v1.5,
ECDSA DER ``SEQUENCE { r, s }``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import attrs

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.signers._der import DerError, children, oid_to_str, read_single

__all__ = [
    "ALG_ECDSA",
    "ALG_GOST256",
    "ALG_GOST512",
    "ALG_RSA",
    "HASH_OIDS",
    "KeyInfo",
    "certificate_der",
    "hash_data",
    "issuer_and_serial",
    "key_info",
    "signature_valid",
]

ALG_GOST256 = "GOST3410_2012_256"
ALG_GOST512 = "GOST3410_2012_512"
ALG_RSA = "RSA"
ALG_ECDSA = "ECDSA"

OID_GOST256 = "1.2.643.7.1.1.1.1"
OID_GOST512 = "1.2.643.7.1.1.1.2"
OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"

#: digest name → OID
HASH_OIDS: dict[str, str] = {
    "streebog256": "1.2.643.7.1.1.2.2",
    "streebog512": "1.2.643.7.1.1.2.3",
    "sha1": "1.3.14.3.2.26",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
}
HASH_BY_OID: dict[str, str] = {oid: name for name, oid in HASH_OIDS.items()}

#: signatureAlgorithm OIDs accepted in CMS, with the key algorithm they need and the hash they imply (if any)
SIGNATURE_OIDS: dict[str, tuple[str, str | None]] = {
    OID_GOST256: (ALG_GOST256, None),  # as OpenSSL writes it
    OID_GOST512: (ALG_GOST512, None),
    "1.2.643.7.1.1.3.2": (ALG_GOST256, "streebog256"),  # as CryptoPro and RFC 9215 write it
    "1.2.643.7.1.1.3.3": (ALG_GOST512, "streebog512"),
    OID_RSA: (ALG_RSA, None),
    "1.2.840.113549.1.1.5": (ALG_RSA, "sha1"),
    "1.2.840.113549.1.1.11": (ALG_RSA, "sha256"),
    "1.2.840.113549.1.1.12": (ALG_RSA, "sha384"),
    "1.2.840.113549.1.1.13": (ALG_RSA, "sha512"),
    OID_EC: (ALG_ECDSA, None),
    "1.2.840.10045.4.1": (ALG_ECDSA, "sha1"),
    "1.2.840.10045.4.3.2": (ALG_ECDSA, "sha256"),
    "1.2.840.10045.4.3.3": (ALG_ECDSA, "sha384"),
    "1.2.840.10045.4.3.4": (ALG_ECDSA, "sha512"),
}

_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.S)


@attrs.frozen
class KeyInfo:
    """A public key read from a SubjectPublicKeyInfo.

    Attributes:
        algorithm: ``GOST3410_2012_256``, ``GOST3410_2012_512``, ``RSA`` or ``ECDSA``.
        spki: the DER SubjectPublicKeyInfo.
        curve_oid: GOST public-key parameter set OID (GOST keys only).
        point: GOST public key ``LE(x) || LE(y)`` (GOST keys only).
    """

    algorithm: str
    spki: bytes
    curve_oid: str = ""
    point: bytes = b""

    @property
    def default_hash(self) -> str:
        """The digest this key signs with by default."""
        return {ALG_GOST256: "streebog256", ALG_GOST512: "streebog512"}.get(self.algorithm, "sha256")


def certificate_der(certificate: object) -> bytes:
    """DER bytes of a certificate given as an SDK ``Certificate`` (``.der``), DER bytes or PEM bytes/str."""
    der = getattr(certificate, "der", None)
    if isinstance(der, bytes):
        return der
    if isinstance(certificate, str):
        certificate = certificate.encode("ascii", "replace")
    if isinstance(certificate, (bytes, bytearray, memoryview)):
        raw = bytes(certificate)
        match = _PEM_CERT.search(raw)
        if match:
            try:
                return base64.b64decode(b"".join(match.group(1).split()), validate=True)
            except ValueError as exc:
                raise SignatureError("cms.corrupt", reason="bad PEM certificate") from exc
        return raw
    raise SignatureError("cms.corrupt", reason=f"not a certificate: {type(certificate).__name__}")


def _spki_of_certificate(cert_der: bytes) -> bytes:
    cert = read_single(cert_der)
    if cert.tag != 0x30:
        raise DerError("certificate is not a SEQUENCE")
    tbs = children(cert.content)[0]
    fields = children(tbs.content)
    start = 1 if fields and fields[0].tag == 0xA0 else 0
    # serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    return fields[start + 5].raw


def issuer_and_serial(cert_der: bytes) -> tuple[bytes, int]:
    """The issuer Name (DER) and serial number of a certificate."""
    try:
        cert = read_single(cert_der)
        fields = children(children(cert.content)[0].content)
        start = 1 if fields and fields[0].tag == 0xA0 else 0
        serial = fields[start]
        issuer = fields[start + 2]
        if serial.tag != 0x02 or issuer.tag != 0x30:
            raise DerError("unexpected certificate layout")
        return issuer.raw, int.from_bytes(serial.content, "big", signed=True)
    except (DerError, IndexError) as exc:
        raise SignatureError("cms.corrupt", reason="unreadable certificate") from exc


def key_info(source: object) -> KeyInfo:
    """Read the public key of a certificate (any form :func:`certificate_der` accepts) or a DER SPKI."""
    der = certificate_der(source)
    try:
        top = read_single(der)
        first = children(top.content)[0]
        spki = der if first.tag == 0x30 and children(first.content)[0].tag == 0x06 else _spki_of_certificate(der)
        alg_seq, bits = children(read_single(spki).content)[:2]
        alg_parts = children(alg_seq.content)
        oid = oid_to_str(alg_parts[0].content)
        if bits.tag != 0x03 or not bits.content or bits.content[0] != 0:
            raise DerError("bad public key BIT STRING")
        if oid in (OID_GOST256, OID_GOST512):
            params = children(alg_parts[1].content)
            curve_oid = oid_to_str(params[0].content)
            point = read_single(bits.content[1:])
            if point.tag != 0x04:
                raise DerError("GOST public key is not an OCTET STRING")
            algorithm = ALG_GOST256 if oid == OID_GOST256 else ALG_GOST512
            if len(point.content) != (64 if algorithm == ALG_GOST256 else 128):
                raise DerError("GOST public key has a wrong length")
            return KeyInfo(algorithm, spki, curve_oid, point.content)
        if oid == OID_RSA:
            return KeyInfo(ALG_RSA, spki)
        if oid == OID_EC:
            return KeyInfo(ALG_ECDSA, spki)
    except (DerError, IndexError) as exc:
        raise SignatureError("cms.corrupt", reason="unreadable public key") from exc
    raise SignatureError("cms.unsupported_algorithm", algorithm=oid)


def hash_data(name: str, data: bytes) -> bytes:
    """Digest ``data`` with ``streebog256``, ``streebog512``, ``sha1``, ``sha256``, ``sha384`` or ``sha512``."""
    if name in ("streebog256", "streebog512"):
        from egisz_sdk.signature.gost import streebog

        return streebog.streebog256(data) if name == "streebog256" else streebog.streebog512(data)
    if name in ("sha1", "sha256", "sha384", "sha512"):
        return hashlib.new(name, data).digest()
    raise SignatureError("cms.unsupported_algorithm", algorithm=name)


def _pyca_hash(name: str) -> Any:
    from cryptography.hazmat.primitives import hashes

    table: dict[str, Any] = {
        "sha1": hashes.SHA1,
        "sha256": hashes.SHA256,
        "sha384": hashes.SHA384,
        "sha512": hashes.SHA512,
    }
    if name not in table:
        raise SignatureError("cms.unsupported_algorithm", algorithm=name)
    return table[name]()


def signature_valid(key: KeyInfo, data: bytes, signature: bytes, hash_name: str | None = None) -> bool:
    """True when ``signature`` (canonical form) is ``key``'s signature over ``data`` hashed with ``hash_name``.

    Raises :class:`SignatureError` ``cms.unsupported_algorithm`` for a hash that does not fit the key.
    """
    hash_name = hash_name or key.default_hash
    if key.algorithm in (ALG_GOST256, ALG_GOST512):
        if hash_name != key.default_hash:
            raise SignatureError("cms.unsupported_algorithm", algorithm=f"{key.algorithm} with {hash_name}")
        from egisz_sdk.signature.gost import curves, gost3410

        try:
            curve = curves.get(key.curve_oid)
        except (SignatureError, KeyError, ValueError) as exc:
            raise SignatureError("cms.unsupported_algorithm", algorithm=key.curve_oid) from exc
        size = 32 if key.algorithm == ALG_GOST256 else 64
        if len(signature) != 2 * size or curve.size != size:
            return False
        try:
            public = gost3410.decode_public_key(curve, key.point)
            gost3410.verify_digest(curve, public, hash_data(hash_name, data), signature)
        except (SignatureError, ValueError):
            return False
        return True
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        public_key = load_der_public_key(key.spki)
    except (ValueError, TypeError) as exc:
        raise SignatureError("cms.corrupt", reason="unreadable public key") from exc
    algorithm = _pyca_hash(hash_name)
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            raise SignatureError("cms.unsupported_algorithm", algorithm=type(public_key).__name__)
    except InvalidSignature:
        return False
    return True
