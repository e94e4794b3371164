"""Algorithm tables and the certificate fields CMS, JWS and the signers share.

Public keys are the SDK's one key model (:class:`~egisz_sdk.signature.keys.PublicKey`), read from a
certificate's SubjectPublicKeyInfo by :func:`public_key_of`; the signature scheme names are the keys' own.

Canonical raw signature forms: GOST ``BE(s) || BE(r)`` (the X.509/CMS/OpenSSL order), RSA PKCS#1 v1.5,
ECDSA DER ``SEQUENCE { r, s }``.
"""

from __future__ import annotations

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature._der import DerError, children, read_single
from egisz_sdk.signature._keys import (
    SCHEME_ECDSA,
    SCHEME_GOST256,
    SCHEME_GOST512,
    SCHEME_RSA,
    PublicKey,
    hash_data,
)
from egisz_sdk.signature._serialization import load_public_key_spki
from egisz_sdk.signature.certificates import certificate_der

__all__ = [
    "ALG_ECDSA",
    "ALG_GOST256",
    "ALG_GOST512",
    "ALG_RSA",
    "HASH_OIDS",
    "certificate_der",
    "hash_data",
    "issuer_and_serial",
    "public_key_of",
]

ALG_GOST256 = SCHEME_GOST256
ALG_GOST512 = SCHEME_GOST512
ALG_RSA = SCHEME_RSA
ALG_ECDSA = SCHEME_ECDSA

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


def public_key_of(source: object) -> PublicKey:
    """The public key of a certificate (anything :func:`certificate_der` accepts), of a DER SubjectPublicKeyInfo,
    or ``source`` itself when it is a :class:`PublicKey`.

    Raises:
        SignatureError: ``cms.corrupt`` (unreadable), ``cms.unsupported_algorithm`` (a key the SDK cannot use).
    """
    if isinstance(source, PublicKey):
        return source
    der = certificate_der(source)
    try:
        first = children(read_single(der).content)[0]
        is_spki = first.tag == 0x30 and children(first.content)[0].tag == 0x06
        spki = der if is_spki else _spki_of_certificate(der)
    except (DerError, IndexError) as exc:
        raise SignatureError("cms.corrupt", reason="unreadable public key") from exc
    try:
        return load_public_key_spki(spki)
    except SignatureError as exc:
        if exc.code in ("key.unsupported_algorithm", "key.unsupported_curve"):
            raise SignatureError("cms.unsupported_algorithm", algorithm=str(exc.params.get("oid", "?"))) from exc
        raise SignatureError("cms.corrupt", reason="unreadable public key") from exc
