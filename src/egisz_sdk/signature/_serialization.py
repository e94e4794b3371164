"""Reading and writing keys: PKCS#8 (plain and encrypted), PKCS#1/SEC1, SubjectPublicKeyInfo, and the key of a PFX.

Read:

* PKCS#8 in PEM or DER, unencrypted and encrypted (PBES2). GOST keys as gost-engine writes them (the
  private key as raw little-endian bytes, as a DER OCTET STRING of them, or as a big-endian INTEGER);
  PBES2 with PBKDF2-HMAC-Streebog-512 and GOST 28147-89 CFB, and PBES2 with PBKDF2-HMAC-SHA* and AES-CBC
  (OpenSSL 3's default, also around GOST keys), are decrypted here, other schemes through ``cryptography``;
* RSA and EC keys in every format ``cryptography`` reads (PKCS#1, SEC1, PKCS#8);
* the private key of a PKCS#12 / PFX (the whole PFX, with its certificates: :mod:`._pkcs12`).

Password-based key derivation is bounded: an iteration count above ``max_iterations`` (default
:data:`MAX_KDF_ITERATIONS`) is refused with ``key.kdf_iterations`` before any derivation runs.

Not read, with a specific error: CryptoPro key containers (``header.key``/``masks.key``/``primary.key``,
code ``key.cryptopro_container``) and PFX exported by CryptoPro CSP (code ``key.cryptopro_pfx``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asn1crypto import core
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _asn1, _oids, _pfx
from egisz_sdk.signature._keys import (
    _GOST_KEY_OIDS,
    EcPrivateKey,
    EcPublicKey,
    GostPrivateKey,
    GostPublicKey,
    PrivateKey,
    PublicKey,
    RsaPrivateKey,
    RsaPublicKey,
    _gost_algorithm_identifier,
    _gost_key_params,
)
from egisz_sdk.signature._pfx import MAX_KDF_ITERATIONS

__all__ = [
    "MAX_KDF_ITERATIONS",
    "dump_private_key",
    "load_private_key",
    "load_private_key_file",
    "load_public_key_spki",
    "read_pkcs12_key",
]

_CRYPTOPRO_FILES = ("header.key", "masks.key", "primary.key", "name.key")


def _password_bytes(password: bytes | str | None) -> bytes | None:
    if password is None:
        return None
    if isinstance(password, str):
        return password.encode("utf-8")
    return bytes(password)


# -------------------------------------------------------------------------------------------- public keys


def _wrap_crypto_public(key: Any) -> PublicKey:
    if isinstance(key, rsa.RSAPublicKey):
        return RsaPublicKey(key)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return EcPublicKey(key)
    raise SignatureError("key.unsupported_algorithm", oid=type(key).__name__)


def _gost_public_from_spki(spki: _asn1.SubjectPublicKeyInfo) -> GostPublicKey:
    curve, param_set, digest = _gost_key_params(spki["algorithm"])
    wrapped = spki["public_key"].native
    raw = _asn1.parse(core.OctetString, wrapped, "GOST public key").native
    from egisz_sdk.signature.gost import gost3410

    try:
        x, y = gost3410.decode_public_key(curve, raw)
    except (SignatureError, ValueError) as exc:
        raise SignatureError("key.corrupt", reason="public key is not a point of the curve") from exc
    return GostPublicKey(curve, x, y, param_set, digest)


def load_public_key_spki(der: bytes) -> PublicKey:
    """A :class:`PublicKey` from DER (or PEM) SubjectPublicKeyInfo: GOST 2012, RSA or EC."""
    der = _asn1.to_der(der, "public key")
    spki = _asn1.parse(_asn1.SubjectPublicKeyInfo, der, "SubjectPublicKeyInfo")
    oid = spki["algorithm"]["algorithm"].dotted
    if oid in _GOST_KEY_OIDS:
        return _gost_public_from_spki(spki)
    if oid == _oids.GOST2001:
        raise SignatureError("key.unsupported_algorithm", oid=oid)
    try:
        return _wrap_crypto_public(serialization.load_der_public_key(der))
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SignatureError("key.unsupported_algorithm", oid=oid) from exc


# ------------------------------------------------------------------------------------------- private keys


class _PrivateKeyInfo(core.Sequence):  # type: ignore[misc]
    """PKCS#8 / OneAsymmetricKey with the key kept as bytes (asn1crypto has no GOST private-key spec)."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("version", core.Integer),
        ("private_key_algorithm", _asn1.AlgorithmIdentifier),
        ("private_key", core.OctetString),
        ("attributes", core.Any, {"implicit": 0, "optional": True}),
        ("public_key", core.BitString, {"implicit": 1, "optional": True}),
    ]


class _EncryptedPrivateKeyInfo(core.Sequence):  # type: ignore[misc]
    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("encryption_algorithm", _asn1.AlgorithmIdentifier),
        ("encrypted_data", core.OctetString),
    ]


def _gost_private_value(raw: bytes, size: int) -> int:
    """The GOST private key from the PKCS#8 OCTET STRING content, in any of the forms gost-engine uses."""
    if len(raw) == size:
        return int.from_bytes(raw, "little")
    if raw[:1] == b"\x04":
        inner = _asn1.parse(core.OctetString, raw, "GOST private key").native
        if len(inner) != size:
            raise SignatureError("key.corrupt", reason="GOST private key has a wrong length")
        return int.from_bytes(inner, "little")
    if raw[:1] == b"\x02":
        value = _asn1.parse(core.Integer, raw, "GOST private key").native
        if not isinstance(value, int) or value <= 0 or value.bit_length() > size * 8:
            raise SignatureError("key.corrupt", reason="GOST private key out of range")
        return value
    raise SignatureError("key.corrupt", reason="GOST private key has an unknown encoding")


def _load_pkcs8_der(der: bytes) -> PrivateKey:
    info = _asn1.parse(_PrivateKeyInfo, der, "PKCS#8 private key")
    oid = info["private_key_algorithm"]["algorithm"].dotted
    if oid in _GOST_KEY_OIDS:
        curve, param_set, digest = _gost_key_params(info["private_key_algorithm"])
        d = _gost_private_value(info["private_key"].native, curve.size)
        return GostPrivateKey(curve, d, param_set, digest)  # checks 0 < d < q
    if oid == _oids.GOST2001:
        raise SignatureError("key.unsupported_algorithm", oid=oid)
    return _load_with_cryptography(der, None, oid)


def _wrap_crypto_private(key: Any, oid: str) -> PrivateKey:
    if isinstance(key, rsa.RSAPrivateKey):
        return RsaPrivateKey(key)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return EcPrivateKey(key)
    raise SignatureError("key.unsupported_algorithm", oid=oid or type(key).__name__)


def _load_with_cryptography(data: bytes, password: bytes | None, oid: str = "", *, pem: bool = False) -> PrivateKey:
    loader = serialization.load_pem_private_key if pem else serialization.load_der_private_key
    try:
        key = loader(data, password)
    except TypeError as exc:
        # "Password was not given but private key is encrypted" / "given but not encrypted"
        if password is None:
            raise SignatureError("key.password_required") from exc
        return _load_with_cryptography(data, None, oid, pem=pem)
    except UnsupportedAlgorithm as exc:
        raise SignatureError("key.unsupported_algorithm", oid=oid or "unknown") from exc
    except ValueError as exc:
        text = str(exc).lower()
        if password is not None and ("decrypt" in text or "password" in text):
            raise SignatureError("key.password") from exc
        raise SignatureError("key.corrupt", reason="not a key cryptography can read") from exc
    return _wrap_crypto_private(key, oid)


def _load_encrypted_pkcs8(der: bytes, password: bytes | None, max_iterations: int) -> PrivateKey:
    info = _asn1.parse(_EncryptedPrivateKeyInfo, der, "encrypted PKCS#8 private key")
    algorithm = info["encryption_algorithm"]
    oid = algorithm["algorithm"].dotted
    if oid == _oids.CRYPTOPRO_PFX_PBE:
        raise SignatureError("key.cryptopro_pfx")
    _pfx.check_pbe_cost(algorithm, max_iterations)  # before any derivation, ours or cryptography's
    if _pfx.is_supported_pbes2(algorithm):  # GOST PBES2, or AES-CBC around any key (cryptography cannot hold GOST)
        if password is None:
            raise SignatureError("key.password_required")
        plain = _pfx.decrypt_pbes2(algorithm, info["encrypted_data"].native, password, max_iterations=max_iterations)
        try:
            return _load_pkcs8_der(plain)
        except SignatureError as exc:
            raise SignatureError("key.password") from exc
    if password is None:
        raise SignatureError("key.password_required")
    try:
        return _load_with_cryptography(der, password, oid)
    except SignatureError as exc:
        # The encrypted envelope parsed, so a payload that does not decode came from the wrong password (with
        # CBC padding, about one wrong password in 256 decrypts to valid padding and fails only here).
        if exc.code == "key.corrupt":
            raise SignatureError("key.password") from exc
        raise


def _looks_like_pkcs12(der: bytes) -> bool:
    return der[:1] == b"\x30" and bytes.fromhex("06092a864886f70d010701") in der[:40] and b"\x02\x01\x03" in der[:12]


def _check_cryptopro_container(der: bytes) -> None:
    """CryptoPro container files: ``primary.key``/``masks.key`` (SEQUENCE of OCTET STRINGs), ``header.key``."""
    if der[:4] == b"\x30\x22\x04\x20" and len(der) == 36:
        raise SignatureError("key.cryptopro_container", file="primary.key")
    if der[:4] in (b"\x30\x3a\x04\x20", b"\x30\x3e\x04\x20", b"\x30\x30\x04\x20") and len(der) in (48, 60, 64):
        raise SignatureError("key.cryptopro_container", file="masks.key")
    # header.key carries CryptoPro's private arc 1.2.643.2.2.37 (key container properties)
    if der[:1] == b"\x30" and bytes.fromhex("2a8503020225") in der[:400] and b"\x02\x01\x00" not in der[2:6]:
        raise SignatureError("key.cryptopro_container", file="header.key")


def load_private_key(
    data: bytes | str, password: bytes | str | None = None, *, max_iterations: int = MAX_KDF_ITERATIONS
) -> PrivateKey:
    """Load a private key from PEM or DER: PKCS#8 (plain or encrypted), PKCS#1/SEC1, or PKCS#12/PFX.

    Args:
        data: the file contents.
        password: for encrypted keys and PFX (``str`` is encoded as UTF-8). Never logged or shown.
        max_iterations: the highest password-derivation iteration count accepted (default
            :data:`MAX_KDF_ITERATIONS`); a file asking for more is refused before any derivation runs.

    Raises:
        SignatureError: ``key.password`` (wrong password), ``key.password_required``, ``key.corrupt``,
            ``key.kdf_iterations`` (iteration count above ``max_iterations``),
            ``key.unsupported_algorithm``, ``key.unsupported_curve``, ``key.unsupported_pbe``,
            ``key.cryptopro_container``, ``key.cryptopro_pfx``, ``key.no_key``, ``asn1.*``.
    """
    try:
        return _load_private_key(data, password, _pfx.check_max_iterations(max_iterations))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a parser corner we did not foresee
        raise SignatureError("key.corrupt", reason=type(exc).__name__) from exc


def _load_private_key(data: bytes | str, password: bytes | str | None, max_iterations: int) -> PrivateKey:
    pwd = _password_bytes(password)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > _asn1.MAX_INPUT:
        raise SignatureError("asn1.too_large", what="private key", size=len(raw), limit=_asn1.MAX_INPUT)
    if b"-----BEGIN" in raw:
        blocks = _asn1.pem_blocks(raw)
        for label, der in blocks:
            if label == "PRIVATE KEY":
                return _load_pkcs8_der(der)
            if label == "ENCRYPTED PRIVATE KEY":
                return _load_encrypted_pkcs8(der, pwd, max_iterations)
            if label in ("RSA PRIVATE KEY", "EC PRIVATE KEY"):
                block = raw[raw.index(b"-----BEGIN " + label.encode()) :]
                return _load_with_cryptography(block, pwd, pem=True)
            if label == "PKCS12":
                return read_pkcs12_key(der, password, max_iterations=max_iterations)[0]
        raise SignatureError("key.no_key", found=", ".join(label for label, _ in blocks) or "nothing")
    if not raw:
        raise SignatureError("key.corrupt", reason="empty input")
    if _looks_like_pkcs12(raw):
        return read_pkcs12_key(raw, password, max_iterations=max_iterations)[0]
    _check_cryptopro_container(raw)
    head = _peek_second_element_tag(raw)
    if head == 0x30:  # EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier
        return _load_encrypted_pkcs8(raw, pwd, max_iterations)
    if head == 0x02:  # PrivateKeyInfo starts with the version INTEGER; PKCS#1/SEC1 too
        try:
            return _load_pkcs8_der(raw)
        except SignatureError as exc:
            if exc.code != "asn1.corrupt":
                raise
            return _load_with_cryptography(raw, pwd)
    raise SignatureError("key.corrupt", reason="not a DER key structure")


def _peek_second_element_tag(der: bytes) -> int | None:
    """The tag of the first element inside the outer SEQUENCE, or ``None`` when the framing is wrong."""
    if len(der) < 4 or der[0] != 0x30:
        return None
    first = der[1]
    offset = 2 if first < 0x80 else 2 + (first & 0x7F)
    return der[offset] if offset < len(der) else None


def load_private_key_file(
    path: str | Path, password: bytes | str | None = None, *, max_iterations: int = MAX_KDF_ITERATIONS
) -> PrivateKey:
    """Load a private key from a file (see :func:`load_private_key`); a CryptoPro container folder is refused."""
    p = Path(path)
    if p.is_dir():
        names = {child.name.lower() for child in p.iterdir()}
        if names & set(_CRYPTOPRO_FILES):
            raise SignatureError("key.cryptopro_container", file=p.name)
        raise SignatureError("key.no_key", found="a directory")
    if p.name.lower() in _CRYPTOPRO_FILES:
        raise SignatureError("key.cryptopro_container", file=p.name)
    return load_private_key(p.read_bytes(), password, max_iterations=max_iterations)


def read_pkcs12_key(
    data: bytes, password: bytes | str | None, *, max_iterations: int = MAX_KDF_ITERATIONS
) -> tuple[PrivateKey, list[bytes]]:
    """The private key of a PKCS#12 / PFX and the DER of every certificate it holds (see ``load_pkcs12``)."""
    pwd = _password_bytes(password) or b""
    der = _asn1.to_der(data, "PKCS#12")
    limit = _pfx.check_max_iterations(max_iterations)
    try:
        contents = _pfx.read_pfx(der, pwd, max_iterations=limit)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a parser corner we did not foresee
        raise SignatureError("key.corrupt", reason=type(exc).__name__) from exc
    if contents.key_der is None:
        raise SignatureError("key.no_key", found="PKCS#12 without a private key")
    if contents.key_encrypted:
        key = _load_encrypted_pkcs8(contents.key_der, pwd, limit)
    else:
        key = _load_pkcs8_der(contents.key_der)
    return key, list(contents.cert_ders)


# ------------------------------------------------------------------------------------------------ dumping


def dump_private_key(key: PrivateKey, password: bytes | str | None = None) -> bytes:
    """PEM PKCS#8. GOST keys are written exactly as gost-engine writes them (raw little-endian key).

    With ``password``: RSA/EC use PBES2 (AES-256-CBC, via ``cryptography``); GOST keys use PBES2 with
    PBKDF2-HMAC-Streebog-512 and GOST 28147-89 CFB (TC26 Z S-box), as ``openssl pkcs8 -v2 gost89`` does.
    """
    pwd = _password_bytes(password)
    if isinstance(key, GostPrivateKey):
        info = _PrivateKeyInfo(
            {
                "version": 0,
                "private_key_algorithm": _gost_algorithm_identifier(
                    key.curve.size, key.param_set, key.digest_param_set
                ),
                "private_key": key.d.to_bytes(key.curve.size, "little"),
            }
        )
        plain = bytes(info.dump())
        if pwd is None:
            return _asn1.pem("PRIVATE KEY", plain)
        return _asn1.pem("ENCRYPTED PRIVATE KEY", _pfx.encrypt_pkcs8_gost(plain, pwd))
    if isinstance(key, (RsaPrivateKey, EcPrivateKey)):
        enc: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(pwd) if pwd else serialization.NoEncryption()
        )
        return key.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    raise SignatureError("key.unsupported_algorithm", oid=type(key).__name__)
