"""PKCS#12 / PFX reading, with the TC26 GOST profile (Р 50.1.112-2016) done here.

GOST PFX: every encrypted part uses PBES2 with PBKDF2-HMAC-Streebog-512 and GOST 28147-89 in CFB mode
(S-box of the parameter set in the algorithm parameters, id-tc26-gost-28147-param-Z in practice, with
CryptoPro key meshing); the integrity MAC is HMAC-Streebog-512 keyed with the last 32 bytes of a 96-byte
PBKDF2-HMAC-Streebog-512 output over the password and the MAC salt. Passwords are used as UTF-8 bytes,
as OpenSSL does for PBES2 and the GOST MAC.

Everything else (RSA/EC PFX with the classic PKCS#12 algorithms) is handed to ``cryptography``. A GOST key
protected with the standard algorithms OpenSSL 3 uses by default (PBES2 with PBKDF2-HMAC-SHA* and AES-CBC, the
PKCS#12 MAC with SHA-1/SHA-2) is read here too: ``cryptography`` decrypts such files but cannot hold a GOST key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Final

import attrs
from asn1crypto import core, parser

from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature import _asn1, _gost28147, _oids

__all__ = [
    "MAX_KDF_ITERATIONS",
    "PfxContents",
    "check_max_iterations",
    "check_pbe_cost",
    "decrypt_pbes2",
    "encrypt_pkcs8_gost",
    "is_gost_pbes2",
    "read_pfx",
]

#: The default cap on password-derivation iterations (PBKDF2, the PKCS#12 KDF). Real key files use 2,000–10,000
#: (OpenSSL and CryptoPro write 2,048 / 2,000); a hostile file asking for more is refused before any work is done.
MAX_KDF_ITERATIONS: Final = 100_000
#: The highest cap a caller may configure (each iteration of PBKDF2-Streebog costs ~13 µs with OpenSSL).
_CAP_CEILING: Final = 10_000_000

_PBE_NAMES: Final = {
    _oids.MAGMA_CTR_ACPKM: "magma-ctr-acpkm",
    _oids.MAGMA_CTR_ACPKM_OMAC: "magma-ctr-acpkm-omac",
    _oids.KUZNYECHIK_CTR_ACPKM: "kuznyechik-ctr-acpkm",
    _oids.KUZNYECHIK_CTR_ACPKM_OMAC: "kuznyechik-ctr-acpkm-omac",
    _oids.GOST28147_PARAM_CRYPTOPRO_A: "gost89 with the CryptoPro-A S-box",
    _oids.CRYPTOPRO_PFX_PBE: "CryptoPro PFX PBE",
}


class _ContentInfo(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("content_type", core.ObjectIdentifier),
        ("content", core.Any, {"explicit": 0, "optional": True}),
    ]


class _AuthenticatedSafe(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _ContentInfo


class _DigestInfo(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("algorithm", _asn1.AlgorithmIdentifier),
        ("digest", core.OctetString),
    ]


class _MacData(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("mac", _DigestInfo),
        ("mac_salt", core.OctetString),
        ("iterations", core.Integer, {"default": 1}),
    ]


class _Pfx(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("version", core.Integer),
        ("auth_safe", _ContentInfo),
        ("mac_data", _MacData, {"optional": True}),
    ]


class _EncryptedContentInfo(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("content_type", core.ObjectIdentifier),
        ("algorithm", _asn1.AlgorithmIdentifier),
        ("encrypted_content", core.OctetString, {"implicit": 0, "optional": True}),
    ]


class _EncryptedData(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("version", core.Integer),
        ("encrypted_content_info", _EncryptedContentInfo),
        ("unprotected_attrs", core.Any, {"implicit": 1, "optional": True}),
    ]


class _SafeBag(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("bag_id", core.ObjectIdentifier),
        ("bag_value", core.Any, {"explicit": 0}),
        ("bag_attributes", core.Any, {"optional": True}),
    ]


class _SafeContents(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _SafeBag


class _CertBag(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("cert_id", core.ObjectIdentifier),
        ("cert_value", core.OctetString, {"explicit": 0}),
    ]


class _Pbes2Params(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("kdf", _asn1.AlgorithmIdentifier),
        ("encryption_scheme", _asn1.AlgorithmIdentifier),
    ]


class _Pbkdf2Params(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("salt", core.OctetString),
        ("iterations", core.Integer),
        ("key_length", core.Integer, {"optional": True}),
        ("prf", _asn1.AlgorithmIdentifier, {"optional": True}),
    ]


class _Gost28147Params(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("iv", core.OctetString),
        ("param_set", core.ObjectIdentifier),
    ]


@attrs.frozen
class PfxContents:
    """What a PFX holds: the private key (PKCS#8 DER, encrypted or not) and certificate DERs."""

    key_der: bytes | None = attrs.field(repr=False)
    key_encrypted: bool
    cert_ders: list[bytes]


def _pbe_error(oid: str) -> SignatureError:
    if oid == _oids.CRYPTOPRO_PFX_PBE:
        return SignatureError("key.cryptopro_pfx")
    return SignatureError("key.unsupported_pbe", oid=oid, name=_PBE_NAMES.get(oid, "unknown"))


#: PBKDF2 PRF OID → hashlib name (RFC 8018; hmacWithSHA1 when the PRF is absent).
_PRF_HASHES: Final = {
    _oids.HMAC_SHA1: "sha1",
    _oids.HMAC_SHA224: "sha224",
    _oids.HMAC_SHA256: "sha256",
    _oids.HMAC_SHA384: "sha384",
    _oids.HMAC_SHA512: "sha512",
}
#: AES-CBC scheme OID → key length in bytes.
_AES_KEY_SIZES: Final = {_oids.AES128_CBC: 16, _oids.AES192_CBC: 24, _oids.AES256_CBC: 32}
#: PKCS#12 MAC digest OID → (hashlib name, block size v of the PKCS#12 KDF).
_MAC_HASHES: Final = {
    _oids.SHA1: ("sha1", 64),
    _oids.SHA224: ("sha224", 64),
    _oids.SHA256: ("sha256", 64),
    _oids.SHA384: ("sha384", 128),
    _oids.SHA512: ("sha512", 128),
}


def _params(alg: _asn1.AlgorithmIdentifier, spec: type[core.Sequence], what: str) -> core.Sequence:
    params = alg["parameters"]
    if isinstance(params, core.Void) or not params.contents:
        raise SignatureError("key.corrupt", reason=f"{what} parameters missing")
    return _asn1.parse(spec, _asn1.dump(params, what), what)


def is_gost_pbes2(alg: _asn1.AlgorithmIdentifier) -> bool:
    """True when ``alg`` is PBES2 whose encryption scheme is a GOST cipher (ours to decrypt)."""
    if alg["algorithm"].dotted != _oids.PBES2:
        return False
    pbes2 = _params(alg, _Pbes2Params, "PBES2")
    scheme = str(pbes2["encryption_scheme"]["algorithm"].dotted)
    return scheme.startswith("1.2.643.")


def is_aes_pbes2(alg: _asn1.AlgorithmIdentifier) -> bool:
    """True when ``alg`` is PBES2 with AES-CBC (OpenSSL 3's default for ``pkcs8 -topk8`` and ``pkcs12 -export``)."""
    if alg["algorithm"].dotted != _oids.PBES2:
        return False
    pbes2 = _params(alg, _Pbes2Params, "PBES2")
    return pbes2["encryption_scheme"]["algorithm"].dotted in _AES_KEY_SIZES


def is_supported_pbes2(alg: _asn1.AlgorithmIdentifier) -> bool:
    """True when :func:`decrypt_pbes2` handles ``alg``: GOST PBES2 or PBES2 with AES-CBC."""
    return is_gost_pbes2(alg) or is_aes_pbes2(alg)


def check_max_iterations(value: object) -> int:
    """Validate a configured iteration cap: an integer from 1 to 10,000,000, else ``config.invalid``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _CAP_CEILING:
        raise ConfigurationError(
            "config.invalid",
            field="max_iterations",
            value=value,
            reason_ru=f"нужно целое число от 1 до {_CAP_CEILING}",
            reason_en=f"an integer from 1 to {_CAP_CEILING} is required",
        )
    return value


def _iterations(value: object, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SignatureError("key.corrupt", reason="PBKDF2 iteration count out of range")
    if value > limit:
        raise SignatureError("key.kdf_iterations", iterations=value, limit=limit)
    return value


class _PbeParams(core.Sequence):  # type: ignore[misc]
    """PKCS#5 v1 / PKCS#12 PBE parameters: salt and iteration count."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("salt", core.OctetString),
        ("iterations", core.Integer),
    ]


_PBE_ARCS: Final = ("1.2.840.113549.1.12.1.", "1.2.840.113549.1.5.")


def check_pbe_cost(alg: _asn1.AlgorithmIdentifier, limit: int) -> None:
    """Refuse a password-based encryption whose key derivation is costlier than ``limit`` iterations.

    Runs before any derivation, ours or ``cryptography``'s: PBES2 must use PBKDF2 (``key.unsupported_pbe``
    otherwise), and PBKDF2, PKCS#5 v1 and PKCS#12 PBE iteration counts above ``limit`` raise ``key.kdf_iterations``.
    """
    oid = alg["algorithm"].dotted
    if oid == _oids.PBES2:
        kdf = _params(alg, _Pbes2Params, "PBES2")["kdf"]
        if kdf["algorithm"].dotted != _oids.PBKDF2:
            raise _pbe_error(kdf["algorithm"].dotted)
        _iterations(_params(kdf, _Pbkdf2Params, "PBKDF2")["iterations"].native, limit)
    elif oid.startswith(_PBE_ARCS):
        _iterations(_params(alg, _PbeParams, "PBE")["iterations"].native, limit)


def _pbkdf2(password: bytes, salt: bytes, iterations: int, length: int) -> bytes:
    from egisz_sdk.signature.gost import streebog

    return streebog.pbkdf2_hmac_streebog512(password, salt, iterations, length)


def decrypt_pbes2(
    alg: _asn1.AlgorithmIdentifier, data: bytes, password: bytes, *, max_iterations: int = MAX_KDF_ITERATIONS
) -> bytes:
    """Decrypt PBES2 content: GOST (PBKDF2-HMAC-Streebog-512 + GOST 28147-89 CFB) or AES-CBC (PBKDF2-HMAC-SHA*)."""
    if is_aes_pbes2(alg):
        return _decrypt_pbes2_aes(alg, data, password, max_iterations)
    pbes2 = _params(alg, _Pbes2Params, "PBES2")
    kdf = pbes2["kdf"]
    if kdf["algorithm"].dotted != _oids.PBKDF2:
        raise _pbe_error(kdf["algorithm"].dotted)
    kdf_params = _params(kdf, _Pbkdf2Params, "PBKDF2")
    prf = kdf_params["prf"]
    prf_oid = prf["algorithm"].dotted if isinstance(prf, _asn1.AlgorithmIdentifier) and prf.contents else ""
    if prf_oid != _oids.HMAC_STREEBOG512:
        raise SignatureError("key.unsupported_pbe", oid=prf_oid or "hmacWithSHA1", name="PBKDF2 PRF")
    scheme = pbes2["encryption_scheme"]
    scheme_oid = scheme["algorithm"].dotted
    if scheme_oid != _oids.GOST28147:
        raise _pbe_error(scheme_oid)
    cipher_params = _params(scheme, _Gost28147Params, "GOST 28147-89")
    sbox = cipher_params["param_set"].dotted
    if sbox not in _gost28147.SBOXES:
        raise _pbe_error(sbox)
    iv = cipher_params["iv"].native
    if len(iv) != 8:
        raise SignatureError("key.corrupt", reason="GOST 28147-89 IV must be 8 bytes")
    key_length = kdf_params["key_length"].native or 32
    if key_length != 32:
        raise SignatureError("key.corrupt", reason="GOST 28147-89 key must be 32 bytes")
    iterations = _iterations(kdf_params["iterations"].native, max_iterations)
    key = _pbkdf2(password, kdf_params["salt"].native, iterations, 32)
    return _gost28147.cfb_decrypt(key, iv, data, sbox)


def _decrypt_pbes2_aes(alg: _asn1.AlgorithmIdentifier, data: bytes, password: bytes, max_iterations: int) -> bytes:
    """PBES2 with PBKDF2-HMAC-SHA1/SHA-2 and AES-128/192/256-CBC (RFC 8018), PKCS#7 padding removed."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    pbes2 = _params(alg, _Pbes2Params, "PBES2")
    kdf = pbes2["kdf"]
    if kdf["algorithm"].dotted != _oids.PBKDF2:
        raise _pbe_error(kdf["algorithm"].dotted)
    kdf_params = _params(kdf, _Pbkdf2Params, "PBKDF2")
    prf = kdf_params["prf"]
    prf_oid = (
        prf["algorithm"].dotted if isinstance(prf, _asn1.AlgorithmIdentifier) and prf.contents else _oids.HMAC_SHA1
    )
    if prf_oid not in _PRF_HASHES:
        raise SignatureError("key.unsupported_pbe", oid=prf_oid, name="PBKDF2 PRF")
    scheme = pbes2["encryption_scheme"]
    size = _AES_KEY_SIZES[scheme["algorithm"].dotted]
    params = scheme["parameters"]
    if isinstance(params, core.Void) or not params.contents:
        raise SignatureError("key.corrupt", reason="AES-CBC IV missing")
    iv = _asn1.parse(core.OctetString, _asn1.dump(params, "AES-CBC IV"), "AES-CBC IV").native
    if not isinstance(iv, bytes) or len(iv) != 16:
        raise SignatureError("key.corrupt", reason="AES-CBC IV must be 16 bytes")
    key_length = kdf_params["key_length"].native
    if key_length is not None and key_length != size:
        raise SignatureError("key.corrupt", reason="PBKDF2 key length does not match the AES key size")
    if not data or len(data) % 16:
        raise SignatureError("key.corrupt", reason="AES-CBC data is not a whole number of blocks")
    iterations = _iterations(kdf_params["iterations"].native, max_iterations)
    key = hashlib.pbkdf2_hmac(_PRF_HASHES[prf_oid], password, kdf_params["salt"].native, iterations, size)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= 16 or plain[-pad:] != bytes([pad]) * pad:
        raise SignatureError("key.password")
    return plain[:-pad]


def encrypt_pkcs8_gost(plain: bytes, password: bytes, *, iterations: int = 2048) -> bytes:
    """DER EncryptedPrivateKeyInfo as ``openssl pkcs8 -topk8 -v2 gost89`` writes it (random salt and IV)."""
    salt, iv = os.urandom(8), os.urandom(8)
    key = _pbkdf2(password, salt, iterations, 32)
    encrypted = _gost28147.cfb_encrypt(key, iv, plain, _oids.GOST28147_PARAM_Z)
    kdf = _asn1.AlgorithmIdentifier(
        {
            "algorithm": _oids.PBKDF2,
            "parameters": core.Any.load(
                _Pbkdf2Params(
                    {
                        "salt": salt,
                        "iterations": iterations,
                        "prf": {"algorithm": _oids.HMAC_STREEBOG512, "parameters": core.Null()},
                    }
                ).dump()
            ),
        }
    )
    scheme = _asn1.AlgorithmIdentifier(
        {
            "algorithm": _oids.GOST28147,
            "parameters": core.Any.load(_Gost28147Params({"iv": iv, "param_set": _oids.GOST28147_PARAM_Z}).dump()),
        }
    )
    alg = _asn1.AlgorithmIdentifier(
        {
            "algorithm": _oids.PBES2,
            "parameters": core.Any.load(_Pbes2Params({"kdf": kdf, "encryption_scheme": scheme}).dump()),
        }
    )
    out = core.Sequence()
    out.contents = alg.dump() + core.OctetString(encrypted).dump()
    return bytes(out.dump())


def _walk_algorithms(pfx: _Pfx, limit: int) -> list[str]:
    """Every encryption algorithm OID used by the PFX (to route GOST and CryptoPro files); costs checked on the way."""
    found: list[str] = []
    for info in _auth_safe(pfx):
        if info["content_type"].dotted == _oids.PKCS7_ENCRYPTED_DATA:
            ed = _asn1.parse(_EncryptedData, _inner(info["content"]), "PKCS#12 EncryptedData")
            found.extend(_scheme_oids(ed["encrypted_content_info"]["algorithm"], limit))
        elif info["content_type"].dotted == _oids.PKCS7_DATA:
            for bag in _safe_contents(info):
                if bag["bag_id"].dotted == _oids.PKCS12_SHROUDED_KEY_BAG:
                    epki = _asn1.parse(_ShroudedKey, _inner(bag["bag_value"]), "PKCS#8 shrouded key bag")
                    found.extend(_scheme_oids(epki["encryption_algorithm"], limit))
    return found


class _ShroudedKey(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("encryption_algorithm", _asn1.AlgorithmIdentifier),
        ("encrypted_data", core.OctetString),
    ]


def _scheme_oids(alg: _asn1.AlgorithmIdentifier, limit: int) -> list[str]:
    oid = alg["algorithm"].dotted
    if oid != _oids.CRYPTOPRO_PFX_PBE:
        check_pbe_cost(alg, limit)
    if oid != _oids.PBES2:
        return [oid]
    pbes2 = _params(alg, _Pbes2Params, "PBES2")
    return [oid, pbes2["encryption_scheme"]["algorithm"].dotted]


def _inner(value: core.Asn1Value) -> bytes:
    """The DER inside an ``[0] EXPLICIT`` field kept as ``Any`` (asn1crypto leaves the tag on)."""
    raw = _asn1.dump(value, "PKCS#12")
    if raw[:1] == b"\xa0":
        try:
            return bytes(parser.parse(raw, strict=True)[4])
        except ValueError as exc:
            raise SignatureError("asn1.corrupt", what="PKCS#12", reason=type(exc).__name__) from exc
    return raw


def _octets(any_value: core.Asn1Value, what: str) -> bytes:
    value = _asn1.parse(core.OctetString, _inner(any_value), what).native
    assert isinstance(value, bytes)
    return value


def _auth_safe(pfx: _Pfx) -> _AuthenticatedSafe:
    auth = pfx["auth_safe"]
    if auth["content_type"].dotted != _oids.PKCS7_DATA:
        raise SignatureError("key.corrupt", reason="PKCS#12 authSafe must be pkcs7-data (public-key mode unsupported)")
    return _asn1.parse(_AuthenticatedSafe, _octets(auth["content"], "PKCS#12 authSafe"), "PKCS#12 AuthenticatedSafe")


def _safe_contents(info: _ContentInfo) -> _SafeContents:
    return _asn1.parse(_SafeContents, _octets(info["content"], "PKCS#12 SafeContents"), "PKCS#12 SafeContents")


def read_pfx(der: bytes, password: bytes, *, max_iterations: int = MAX_KDF_ITERATIONS) -> PfxContents:
    """Read a PFX: GOST ones here, others through ``cryptography``. Checks every derivation's cost, then the MAC."""
    pfx = _asn1.parse(_Pfx, der, "PKCS#12")
    if pfx["version"].native != 3:
        raise SignatureError("key.corrupt", reason="PKCS#12 version must be 3")
    schemes = _walk_algorithms(pfx, max_iterations)
    if _oids.CRYPTOPRO_PFX_PBE in schemes:
        raise SignatureError("key.cryptopro_pfx")
    mac_oid = pfx["mac_data"]["mac"]["algorithm"]["algorithm"].dotted if pfx["mac_data"].contents else ""
    if mac_oid:
        _iterations(pfx["mac_data"]["iterations"].native, max_iterations)
    gost = any(s.startswith("1.2.643.") for s in schemes) or mac_oid.startswith("1.2.643.")
    if not gost:
        try:
            return _read_with_cryptography(der, password)
        except SignatureError as exc:
            # cryptography refuses a PFX whose key it cannot hold (a GOST key under OpenSSL's default AES
            # encryption) exactly as it refuses a wrong password: decide here when we can read the algorithms.
            readable = all(s == _oids.PBES2 or s in _AES_KEY_SIZES for s in schemes)
            if exc.code != "key.password" or not readable or (mac_oid and mac_oid not in _MAC_HASHES):
                raise
    for oid in schemes:
        if oid.startswith("1.2.643.") and oid != _oids.GOST28147:
            raise _pbe_error(oid)
    _check_mac(pfx, password, max_iterations)
    key_der: bytes | None = None
    key_encrypted = False
    certs: list[bytes] = []
    for info in _auth_safe(pfx):
        ctype = info["content_type"].dotted
        if ctype == _oids.PKCS7_DATA:
            bags = _safe_contents(info)
        elif ctype == _oids.PKCS7_ENCRYPTED_DATA:
            ed = _asn1.parse(_EncryptedData, _inner(info["content"]), "PKCS#12 EncryptedData")
            eci = ed["encrypted_content_info"]
            alg = eci["algorithm"]
            if not is_supported_pbes2(alg):
                raise _pbe_error(alg["algorithm"].dotted)
            plain = decrypt_pbes2(alg, eci["encrypted_content"].native or b"", password, max_iterations=max_iterations)
            try:
                bags = _asn1.parse(_SafeContents, plain, "PKCS#12 SafeContents")
            except SignatureError as exc:
                raise SignatureError("key.password") from exc
        else:
            raise SignatureError("key.corrupt", reason="unsupported PKCS#12 content type " + ctype)
        for bag in bags:
            bag_id = bag["bag_id"].dotted
            if bag_id == _oids.PKCS12_SHROUDED_KEY_BAG and key_der is None:
                key_der, key_encrypted = bytes(_inner(bag["bag_value"])), True
            elif bag_id == _oids.PKCS12_KEY_BAG and key_der is None:
                key_der, key_encrypted = bytes(_inner(bag["bag_value"])), False
            elif bag_id == _oids.PKCS12_CERT_BAG:
                cert_bag = _asn1.parse(_CertBag, _inner(bag["bag_value"]), "PKCS#12 CertBag")
                if cert_bag["cert_id"].dotted == _oids.PKCS9_X509_CERTIFICATE:
                    certs.append(cert_bag["cert_value"].native)
    return PfxContents(key_der, key_encrypted, certs)


def _bmp_password(password: bytes) -> bytes:
    """The PKCS#12 KDF password: BMPString (UTF-16BE) with a terminating zero, as OpenSSL converts UTF-8."""
    try:
        text = password.decode("utf-8")
    except UnicodeDecodeError:
        text = password.decode("latin-1")
    return text.encode("utf-16-be") + b"\x00\x00"


def _pkcs12_kdf(hash_name: str, block: int, password: bytes, salt: bytes, iterations: int, length: int) -> bytes:
    """RFC 7292 appendix B.2 with ID = 3 (MAC key); ``password`` is already the BMPString."""

    def stretch(value: bytes) -> bytes:
        if not value:
            return b""
        size = block * -(-len(value) // block)
        return (value * (size // len(value) + 1))[:size]

    diversifier = bytes([3]) * block
    i_block = bytearray(stretch(salt) + stretch(password))
    out = b""
    while True:
        a = hashlib.new(hash_name, diversifier + bytes(i_block)).digest()
        for _ in range(iterations - 1):
            a = hashlib.new(hash_name, a).digest()
        out += a
        if len(out) >= length:
            return out[:length]
        b = int.from_bytes((a * (block // len(a) + 1))[:block], "big")
        for j in range(0, len(i_block), block):
            value = (int.from_bytes(i_block[j : j + block], "big") + b + 1) % (1 << (8 * block))
            i_block[j : j + block] = value.to_bytes(block, "big")


def _check_mac(pfx: _Pfx, password: bytes, max_iterations: int) -> None:
    mac_data = pfx["mac_data"]
    if not mac_data.contents:
        return
    alg = mac_data["mac"]["algorithm"]["algorithm"].dotted
    if alg in _MAC_HASHES:
        hash_name, block = _MAC_HASHES[alg]
        iterations = _iterations(mac_data["iterations"].native, max_iterations)
        content = _octets(pfx["auth_safe"]["content"], "PKCS#12 authSafe")
        size = hashlib.new(hash_name).digest_size
        # OpenSSL tries an empty password both as an empty BMPString and as no password at all.
        for bmp in (_bmp_password(password), b"") if not password else (_bmp_password(password),):
            mac_key = _pkcs12_kdf(hash_name, block, bmp, mac_data["mac_salt"].native, iterations, size)
            if hmac.compare_digest(hmac.digest(mac_key, content, hash_name), mac_data["mac"]["digest"].native):
                return
        raise SignatureError("key.password")
    if alg != _oids.STREEBOG512:
        raise SignatureError("key.unsupported_pbe", oid=alg, name="PKCS#12 MAC digest")
    iterations = _iterations(mac_data["iterations"].native, max_iterations)
    mac_key = _pbkdf2(password, mac_data["mac_salt"].native, iterations, 96)[64:]
    from egisz_sdk.signature.gost import streebog

    content = _octets(pfx["auth_safe"]["content"], "PKCS#12 authSafe")
    expected = streebog.hmac_streebog(mac_key, content, "streebog512")
    if not hmac.compare_digest(expected, mac_data["mac"]["digest"].native):
        raise SignatureError("key.password")


def _read_with_cryptography(der: bytes, password: bytes) -> PfxContents:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(der, password or None)
    except ValueError as exc:
        raise SignatureError("key.password") from exc
    except TypeError as exc:
        raise SignatureError("key.password_required") from exc
    key_der = (
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        if key is not None
        else None
    )
    certs = [c.public_bytes(serialization.Encoding.DER) for c in ([cert] if cert is not None else []) + list(extra)]
    return PfxContents(key_der, False, certs)
