"""What people pass instead of a certificate (a key, a PFX, a CMS, a CSR, a CRL, a bare public key), recognised
by its PEM label or its outer DER shape, so that the error says what was given and what to pass instead."""

from __future__ import annotations

from typing import Any, Final

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature._der import DerError, children, oid_to_str, read_tlv

__all__ = ["PEM_KINDS", "der_kind", "not_a_certificate"]

# What people pass instead of a certificate: kind → (Russian name, English name, Russian hint, English hint).
_WRONG_INPUTS: Final[dict[str, tuple[str, str, str, str]]] = {
    "private_key": (
        "закрытый ключ (PKCS#8 или PKCS#1/SEC1)",
        "a private key (PKCS#8 or PKCS#1/SEC1)",
        "Укажите файл сертификата этого ключа (.cer/.crt: PEM «-----BEGIN CERTIFICATE-----» или DER)",
        'Pass the certificate of this key instead (.cer/.crt: PEM "-----BEGIN CERTIFICATE-----" or DER)',
    ),
    "pkcs12": (
        "контейнер PKCS#12/PFX (ключ и сертификаты)",
        "a PKCS#12/PFX container (key and certificates)",
        "Извлеките сертификат: openssl pkcs12 [-engine gost] -in ФАЙЛ -clcerts -nokeys -out cert.pem; "
        "для egisz sign PFX можно передать в --key как есть",
        "Extract the certificate: openssl pkcs12 [-engine gost] -in FILE -clcerts -nokeys -out cert.pem; "
        "egisz sign takes the PFX as --key directly",
    ),
    "cms": (
        "подпись CMS/PKCS#7 (.p7s, .sig, .p7b)",
        "a CMS/PKCS#7 signature (.p7s, .sig, .p7b)",
        "Проверьте подпись командой egisz verify; сертификаты из неё: openssl pkcs7 -inform DER -in ФАЙЛ -print_certs",
        "Check the signature with egisz verify; its certificates: openssl pkcs7 -inform DER -in FILE -print_certs",
    ),
    "csr": (
        "запрос на сертификат (CSR)",
        "a certificate signing request (CSR)",
        "Сертификат по этому запросу выдаёт УЦ: укажите выданный файл .cer/.crt",
        "The CA issues the certificate for this request: pass the issued .cer/.crt file",
    ),
    "crl": (
        "список отозванных сертификатов (CRL)",
        "a certificate revocation list (CRL)",
        "Укажите файл сертификата (.cer/.crt); CRL передаётся отдельно (egisz verify --crl)",
        "Pass a certificate file (.cer/.crt); a CRL goes separately (egisz verify --crl)",
    ),
    "public_key": (
        "открытый ключ без сертификата",
        "a bare public key, not a certificate",
        "Укажите файл сертификата (.cer/.crt: PEM «-----BEGIN CERTIFICATE-----» или DER)",
        'Pass the certificate file (.cer/.crt: PEM "-----BEGIN CERTIFICATE-----" or DER)',
    ),
}
PEM_KINDS: Final = {
    "PRIVATE KEY": "private_key",
    "ENCRYPTED PRIVATE KEY": "private_key",
    "RSA PRIVATE KEY": "private_key",
    "EC PRIVATE KEY": "private_key",
    "PKCS12": "pkcs12",
    "PKCS7": "cms",
    "CMS": "cms",
    "CERTIFICATE REQUEST": "csr",
    "NEW CERTIFICATE REQUEST": "csr",
    "X509 CRL": "crl",
    "PUBLIC KEY": "public_key",
}
_PKCS7_DATA, _PKCS7_SIGNED = "1.2.840.113549.1.7.1", "1.2.840.113549.1.7.2"


def not_a_certificate(kind: str) -> SignatureError:
    kind_ru, kind_en, hint_ru, hint_en = _WRONG_INPUTS[kind]
    return SignatureError(
        "cert.not_a_certificate", found=kind, kind_ru=kind_ru, kind_en=kind_en, hint_ru=hint_ru, hint_en=hint_en
    )


def der_kind(der: bytes) -> str | None:
    """Recognise DER that is a well-known non-certificate: PKCS#12, CMS ContentInfo, a private key.

    Only the outer shape is read; a certificate (``SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }``) never matches.
    """
    seq, oid_tag, integer, octets = 0x30, 0x06, 0x02, 0x04

    def oid_of(item: Any) -> str | None:  # the OID a SEQUENCE (AlgorithmIdentifier, ContentInfo) starts with
        if item.tag != seq:
            return None
        inner = children(item.content)
        return oid_to_str(inner[0].content) if inner and inner[0].tag == oid_tag else None

    try:
        top, _ = read_tlv(der)
        if top.tag != seq:
            return None
        items = children(top.content)
        if not items:
            return None
        head = items[0]
        if head.tag == oid_tag:
            return "cms" if oid_to_str(head.content) == _PKCS7_SIGNED else None  # ContentInfo { signedData, [0] … }
        if head.tag == integer and len(items) >= 2:
            version = int.from_bytes(head.content, "big", signed=True)
            if version == 3 and oid_of(items[1]) in (_PKCS7_DATA, _PKCS7_SIGNED):
                return "pkcs12"  # PFX { version 3, authSafe ContentInfo, macData }
            if version in (0, 1) and len(items) >= 3 and oid_of(items[1]) and items[2].tag == octets:
                return "private_key"  # PKCS#8 PrivateKeyInfo / OneAsymmetricKey { version, algorithm, privateKey }
            if version == 1 and items[1].tag == octets:
                return "private_key"  # SEC1 ECPrivateKey { 1, privateKey, [0] parameters, [1] publicKey }
            if version == 0 and len(items) == 9 and all(i.tag == integer for i in items):
                return "private_key"  # PKCS#1 RSAPrivateKey
        if len(items) == 2 and oid_of(items[0]) and items[1].tag == octets:
            return "private_key"  # EncryptedPrivateKeyInfo { encryptionAlgorithm, encryptedData }
        if len(items) == 2 and oid_of(items[0]) and items[1].tag == 0x03:
            return "public_key"  # SubjectPublicKeyInfo { algorithm, subjectPublicKey }
    except (DerError, ValueError, IndexError):
        return None
    return None
