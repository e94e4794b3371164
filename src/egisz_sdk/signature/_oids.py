"""Every object identifier the signature layer uses, in one place.

Sources: RFC 9215 / RFC 7836 (GOST R 34.10/34.11-2012 and TC26 parameter sets), RFC 4357 / RFC 4490 /
RFC 4491 (CryptoPro, 2001 era), Р 50.1.112-2016 (PFX with GOST), Приказ ФСБ №795 (qualified
certificate attributes, amended by №31 of 2021), RFC 5280 / RFC 8018 / RFC 7292 (X.509, PKCS#5, PKCS#12).
"""

from __future__ import annotations

from typing import Final

# --- GOST R 34.10 public keys -------------------------------------------------------------------------
GOST2012_256: Final = "1.2.643.7.1.1.1.1"
GOST2012_512: Final = "1.2.643.7.1.1.1.2"
GOST2001: Final = "1.2.643.2.2.19"

# --- GOST R 34.11 digests and HMAC ----------------------------------------------------------------------
STREEBOG256: Final = "1.2.643.7.1.1.2.2"
STREEBOG512: Final = "1.2.643.7.1.1.2.3"
GOSTR3411_94: Final = "1.2.643.2.2.9"
HMAC_STREEBOG256: Final = "1.2.643.7.1.1.4.1"
HMAC_STREEBOG512: Final = "1.2.643.7.1.1.4.2"

# --- GOST signature algorithms --------------------------------------------------------------------------
SIG_GOST2012_256: Final = "1.2.643.7.1.1.3.2"
SIG_GOST2012_512: Final = "1.2.643.7.1.1.3.3"
SIG_GOST2001: Final = "1.2.643.2.2.3"

# --- parameter sets -------------------------------------------------------------------------------------
TC26_256_A: Final = "1.2.643.7.1.2.1.1.1"
TC26_256_B: Final = "1.2.643.7.1.2.1.1.2"
TC26_256_C: Final = "1.2.643.7.1.2.1.1.3"
TC26_256_D: Final = "1.2.643.7.1.2.1.1.4"
TC26_512_TEST: Final = "1.2.643.7.1.2.1.2.0"
TC26_512_A: Final = "1.2.643.7.1.2.1.2.1"
TC26_512_B: Final = "1.2.643.7.1.2.1.2.2"
TC26_512_C: Final = "1.2.643.7.1.2.1.2.3"
CRYPTOPRO_TEST: Final = "1.2.643.2.2.35.0"
CRYPTOPRO_A: Final = "1.2.643.2.2.35.1"
CRYPTOPRO_B: Final = "1.2.643.2.2.35.2"
CRYPTOPRO_C: Final = "1.2.643.2.2.35.3"
CRYPTOPRO_XCHA: Final = "1.2.643.2.2.36.0"
CRYPTOPRO_XCHB: Final = "1.2.643.2.2.36.1"
CRYPTOPRO_DIGEST_PARAMS: Final = "1.2.643.2.2.30.1"

GOST_PARAM_SETS: Final = (
    TC26_256_A,
    TC26_256_B,
    TC26_256_C,
    TC26_256_D,
    TC26_512_TEST,
    TC26_512_A,
    TC26_512_B,
    TC26_512_C,
    CRYPTOPRO_TEST,
    CRYPTOPRO_A,
    CRYPTOPRO_B,
    CRYPTOPRO_C,
    CRYPTOPRO_XCHA,
    CRYPTOPRO_XCHB,
)

# --- GOST 28147-89 and the PBE of Р 50.1.112-2016 -------------------------------------------------------
GOST28147: Final = "1.2.643.2.2.21"
GOST28147_PARAM_Z: Final = "1.2.643.7.1.2.5.1.1"
GOST28147_PARAM_CRYPTOPRO_A: Final = "1.2.643.2.2.31.1"
MAGMA_CTR_ACPKM: Final = "1.2.643.7.1.1.5.1.1"
MAGMA_CTR_ACPKM_OMAC: Final = "1.2.643.7.1.1.5.1.2"
KUZNYECHIK_CTR_ACPKM: Final = "1.2.643.7.1.1.5.2.1"
KUZNYECHIK_CTR_ACPKM_OMAC: Final = "1.2.643.7.1.1.5.2.2"
#: PBE used by CryptoPro CSP when it exports a PFX (undocumented).
CRYPTOPRO_PFX_PBE: Final = "1.2.840.113549.1.12.1.80"

# --- PKCS#5 / PKCS#12 / PKCS#7 --------------------------------------------------------------------------
PBES2: Final = "1.2.840.113549.1.5.13"
PBKDF2: Final = "1.2.840.113549.1.5.12"
#: PBKDF2 pseudo-random functions of RFC 8018 (hmacWithSHA1 is the default when absent).
HMAC_SHA1: Final = "1.2.840.113549.2.7"
HMAC_SHA224: Final = "1.2.840.113549.2.8"
HMAC_SHA256: Final = "1.2.840.113549.2.9"
HMAC_SHA384: Final = "1.2.840.113549.2.10"
HMAC_SHA512: Final = "1.2.840.113549.2.11"
#: AES-CBC encryption schemes of PBES2 (what OpenSSL 3 uses by default: AES-256-CBC).
AES128_CBC: Final = "2.16.840.1.101.3.4.1.2"
AES192_CBC: Final = "2.16.840.1.101.3.4.1.22"
AES256_CBC: Final = "2.16.840.1.101.3.4.1.42"
#: Digests of the classic PKCS#12 MAC (HMAC keyed through the PKCS#12 KDF).
SHA1: Final = "1.3.14.3.2.26"
SHA224: Final = "2.16.840.1.101.3.4.2.4"
SHA256: Final = "2.16.840.1.101.3.4.2.1"
SHA384: Final = "2.16.840.1.101.3.4.2.2"
SHA512: Final = "2.16.840.1.101.3.4.2.3"
PKCS7_DATA: Final = "1.2.840.113549.1.7.1"
PKCS7_ENCRYPTED_DATA: Final = "1.2.840.113549.1.7.6"
PKCS12_KEY_BAG: Final = "1.2.840.113549.1.12.10.1.1"
PKCS12_SHROUDED_KEY_BAG: Final = "1.2.840.113549.1.12.10.1.2"
PKCS12_CERT_BAG: Final = "1.2.840.113549.1.12.10.1.3"
PKCS9_X509_CERTIFICATE: Final = "1.2.840.113549.1.9.22.1"

# --- Russian qualified certificates (Приказ ФСБ №795) --------------------------------------------------
OGRN: Final = "1.2.643.100.1"
SNILS: Final = "1.2.643.100.3"
INNLE: Final = "1.2.643.100.4"
OGRNIP: Final = "1.2.643.100.5"
INN: Final = "1.2.643.3.131.1.1"
SUBJECT_SIGN_TOOL: Final = "1.2.643.100.111"
ISSUER_SIGN_TOOL: Final = "1.2.643.100.112"

#: Certificate policies that name the class of the signing tool.
SIGNING_TOOL_CLASSES: Final[dict[str, str]] = {
    "1.2.643.100.113.1": "КС1",
    "1.2.643.100.113.2": "КС2",
    "1.2.643.100.113.3": "КС3",
    "1.2.643.100.113.4": "КВ1",
    "1.2.643.100.113.5": "КВ2",
    "1.2.643.100.113.6": "КА1",
}

# --- generic X.509 ----------------------------------------------------------------------------------------
RSA: Final = "1.2.840.113549.1.1.1"
EC: Final = "1.2.840.10045.2.1"
EMAIL_ADDRESS: Final = "1.2.840.113549.1.9.1"
