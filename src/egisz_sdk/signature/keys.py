"""Private and public keys: GOST R 34.10-2012 (256/512), RSA and EC, and the formats they come in.

Read:

* PKCS#8 in PEM or DER, unencrypted and encrypted (PBES2). GOST keys as gost-engine writes them (the
  private key as raw little-endian bytes, as a DER OCTET STRING of them, or as a big-endian INTEGER);
  PBES2 with PBKDF2-HMAC-Streebog-512 and GOST 28147-89 CFB, and PBES2 with PBKDF2-HMAC-SHA* and AES-CBC
  (OpenSSL 3's default, also around GOST keys), are decrypted here, other schemes through ``cryptography``;
* RSA and EC keys in every format ``cryptography`` reads (PKCS#1, SEC1, PKCS#8);
* PKCS#12 / PFX (:func:`load_pkcs12`), including TC26 GOST PFX (Р 50.1.112-2016).

Not read, with a specific error: CryptoPro key containers (``header.key``/``masks.key``/``primary.key``,
code ``key.cryptopro_container``) and PFX exported by CryptoPro CSP (code ``key.cryptopro_pfx``).

Key objects never show key material in ``repr``.
"""

from __future__ import annotations

import abc
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
from asn1crypto import core
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _asn1, _oids

if TYPE_CHECKING:
    from egisz_sdk.signature.certificates import Certificate
    from egisz_sdk.signature.gost.curves import Curve

__all__ = [
    "EcPrivateKey",
    "EcPublicKey",
    "GostPrivateKey",
    "GostPublicKey",
    "PrivateKey",
    "PublicKey",
    "RsaPrivateKey",
    "RsaPublicKey",
    "dump_private_key",
    "generate_gost_key",
    "load_pkcs12",
    "load_private_key",
    "load_private_key_file",
    "load_public_key_spki",
]

_GOST_KEY_OIDS = {_oids.GOST2012_256: 32, _oids.GOST2012_512: 64}
_CRYPTOPRO_FILES = ("header.key", "masks.key", "primary.key", "name.key")


# ------------------------------------------------------------------------------------------------ helpers


def _password_bytes(password: bytes | str | None) -> bytes | None:
    if password is None:
        return None
    if isinstance(password, str):
        return password.encode("utf-8")
    return bytes(password)


def _curve_for(param_set: str) -> Curve:
    from egisz_sdk.signature.gost import curves

    try:
        return curves.get(param_set)
    except SignatureError as exc:
        raise SignatureError("key.unsupported_curve", oid=param_set) from exc


def _default_digest_param(size: int, param_set: str) -> str | None:
    """The digest parameter gost-engine writes: for CryptoPro curves (256) and 512-bit sets other than C."""
    if size == 64:
        return _oids.STREEBOG512 if param_set != _oids.TC26_512_C else None
    return _oids.STREEBOG256 if param_set.startswith("1.2.643.2.2.") else None


def _gost_algorithm_identifier(size: int, param_set: str, digest_param: str | None) -> dict[str, Any]:
    """The AlgorithmIdentifier of a GOST key (SPKI and PKCS#8 alike): key OID and ``GostKeyParams``."""
    params = {"public_key_param_set": param_set}
    if digest_param is not None:
        params["digest_param_set"] = digest_param
    return {
        "algorithm": _oids.GOST2012_256 if size == 32 else _oids.GOST2012_512,
        "parameters": core.Any.load(_asn1.GostKeyParams(params).dump()),
    }


def _gost_key_params(algorithm: _asn1.AlgorithmIdentifier) -> tuple[Curve, str, str | None]:
    """Curve, parameter-set OID and digest OID from the AlgorithmIdentifier of a GOST SPKI or PKCS#8 key."""
    size = _GOST_KEY_OIDS[algorithm["algorithm"].dotted]
    params_any = algorithm["parameters"]
    if isinstance(params_any, core.Void) or not params_any.contents:
        raise SignatureError("key.corrupt", reason="GOST key parameters missing")
    params = _asn1.parse(_asn1.GostKeyParams, _asn1.dump(params_any, "GOST key parameters"), "GOST key parameters")
    param_set = params["public_key_param_set"].dotted
    digest = params["digest_param_set"].dotted if params["digest_param_set"].native is not None else None
    curve = _curve_for(param_set)
    if curve.size != size:
        raise SignatureError("key.corrupt", reason="curve size does not match the key algorithm")
    return curve, param_set, digest


def _gost_algorithm(size: int) -> str:
    return "gost2012_256" if size == 32 else "gost2012_512"


def _streebog(size: int, data: bytes) -> bytes:
    from egisz_sdk.signature.gost import streebog

    return streebog.streebog256(data) if size == 32 else streebog.streebog512(data)


# ------------------------------------------------------------------------------------------------- public


class PublicKey(abc.ABC):
    """A public key that can verify raw signatures. Subclasses: GOST, RSA, EC."""

    @property
    @abc.abstractmethod
    def algorithm(self) -> str:
        """``"gost2012_256"``, ``"gost2012_512"``, ``"rsa"`` or ``"ec"``."""

    @property
    @abc.abstractmethod
    def curve_name(self) -> str | None:
        """The curve or parameter-set name (``None`` for RSA)."""

    @property
    @abc.abstractmethod
    def key_size(self) -> int:
        """Key size in bits."""

    @abc.abstractmethod
    def verify(self, data: bytes, signature: bytes) -> None:
        """Verify ``signature`` over ``data`` (hashing as :meth:`PrivateKey.sign` does) or raise ``SignatureError``."""

    @abc.abstractmethod
    def verify_digest(self, digest: bytes, signature: bytes) -> None:
        """Verify ``signature`` over an already computed digest or raise ``SignatureError``."""

    @abc.abstractmethod
    def spki_der(self) -> bytes:
        """DER SubjectPublicKeyInfo."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(algorithm={self.algorithm!r}, curve={self.curve_name!r})"


class PrivateKey(abc.ABC):
    """A private key that signs. ``repr`` never shows key material."""

    @property
    @abc.abstractmethod
    def algorithm(self) -> str:
        """``"gost2012_256"``, ``"gost2012_512"``, ``"rsa"`` or ``"ec"``."""

    @property
    @abc.abstractmethod
    def curve_name(self) -> str | None:
        """The curve or parameter-set name (``None`` for RSA)."""

    @abc.abstractmethod
    def public_key(self) -> PublicKey:
        """The matching public key."""

    @abc.abstractmethod
    def sign(self, data: bytes) -> bytes:
        """Sign ``data``: GOST → ``BE(s)||BE(r)`` over Streebog; RSA → PKCS#1 v1.5 SHA-256; EC → DER ECDSA SHA-256."""

    @abc.abstractmethod
    def sign_digest(self, digest: bytes) -> bytes:
        """Sign an already computed digest (Streebog for GOST, SHA-256 for RSA/EC)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(algorithm={self.algorithm!r}, curve={self.curve_name!r})"


@attrs.frozen(repr=False)
class GostPublicKey(PublicKey):
    """A GOST R 34.10-2012 public key: the point ``(x, y)`` on ``curve``.

    ``param_set`` is the parameter-set OID written in the key (it may be an alias of ``curve.oid``, e.g.
    CryptoPro-A for tc26-256-B); ``digest_param_set`` the optional digest OID of the key parameters.
    """

    curve: Curve
    x: int
    y: int
    param_set: str = attrs.field(default="")
    digest_param_set: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not self.param_set:
            object.__setattr__(self, "param_set", self.curve.oid)

    @property
    def algorithm(self) -> str:
        return _gost_algorithm(self.curve.size)

    @property
    def curve_name(self) -> str:
        return self.curve.name

    @property
    def key_size(self) -> int:
        return self.curve.size * 8

    def verify_digest(self, digest: bytes, signature: bytes) -> None:
        from egisz_sdk.signature.gost import gost3410

        gost3410.verify_digest(self.curve, (self.x, self.y), digest, signature)

    def verify(self, data: bytes, signature: bytes) -> None:
        self.verify_digest(_streebog(self.curve.size, data), signature)

    def raw(self) -> bytes:
        """``LE(x) || LE(y)`` as in SubjectPublicKeyInfo."""
        size = self.curve.size
        return self.x.to_bytes(size, "little") + self.y.to_bytes(size, "little")

    def spki_der(self) -> bytes:
        spki = _asn1.SubjectPublicKeyInfo(
            {
                "algorithm": _gost_algorithm_identifier(self.curve.size, self.param_set, self.digest_param_set),
                "public_key": core.OctetString(self.raw()).dump(),
            }
        )
        return bytes(spki.dump())


@attrs.frozen(repr=False)
class GostPrivateKey(PrivateKey):
    """A GOST R 34.10-2012 private key ``d`` on ``curve`` (see :class:`GostPublicKey` for the OIDs)."""

    curve: Curve
    d: int = attrs.field(repr=False)
    param_set: str = attrs.field(default="")
    digest_param_set: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not self.param_set:
            object.__setattr__(self, "param_set", self.curve.oid)
        if not 0 < self.d < self.curve.q:
            raise SignatureError("key.corrupt", reason="private key out of range")

    @property
    def algorithm(self) -> str:
        return _gost_algorithm(self.curve.size)

    @property
    def curve_name(self) -> str:
        return self.curve.name

    def public_key(self) -> GostPublicKey:
        from egisz_sdk.signature.gost import gost3410

        x, y = gost3410.public_key(self.curve, self.d)
        return GostPublicKey(self.curve, x, y, self.param_set, self.digest_param_set)

    def sign_digest(self, digest: bytes) -> bytes:
        from egisz_sdk.signature.gost import gost3410

        return gost3410.sign_digest(self.curve, self.d, digest)

    def sign(self, data: bytes) -> bytes:
        return self.sign_digest(_streebog(self.curve.size, data))


#: What :meth:`_CryptographyPublicKey._verify` and :meth:`_CryptographyPrivateKey._sign` hash with: a hash of the
#: data, or ``Prehashed`` for an already computed digest.
_HashChoice = hashes.HashAlgorithm | Prehashed
_PublicK = TypeVar("_PublicK", rsa.RSAPublicKey, ec.EllipticCurvePublicKey)
_PrivateK = TypeVar("_PrivateK", rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)


@attrs.frozen(repr=False)
class _CryptographyPublicKey(PublicKey, Generic[_PublicK]):
    """An RSA or EC public key held by ``cryptography``; subclasses only say how a signature is checked."""

    key: _PublicK

    @property
    def key_size(self) -> int:
        return self.key.key_size

    @abc.abstractmethod
    def _verify(self, signature: bytes, data: bytes, hash_algorithm: _HashChoice) -> None:
        """``cryptography``'s verify call for this key type (raises ``InvalidSignature``)."""

    def verify(self, data: bytes, signature: bytes) -> None:
        self.verify_with(data, signature, hashes.SHA256())

    def verify_with(self, data: bytes, signature: bytes, hash_algorithm: hashes.HashAlgorithm) -> None:
        """Verify with a given hash (used for certificates signed with SHA-384/512)."""
        self._checked(signature, data, hash_algorithm)

    def verify_digest(self, digest: bytes, signature: bytes) -> None:
        self._checked(signature, digest, Prehashed(hashes.SHA256()))

    def _checked(self, signature: bytes, data: bytes, hash_algorithm: _HashChoice) -> None:
        try:
            self._verify(signature, data, hash_algorithm)
        except (InvalidSignature, ValueError) as exc:  # ValueError: a digest of the wrong length
            raise SignatureError("signature.invalid") from exc

    def spki_der(self) -> bytes:
        return self.key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


@attrs.frozen(repr=False)
class RsaPublicKey(_CryptographyPublicKey[rsa.RSAPublicKey]):
    """An RSA public key (``cryptography`` object inside); signatures are PKCS#1 v1.5 with SHA-256."""

    @property
    def algorithm(self) -> str:
        return "rsa"

    @property
    def curve_name(self) -> None:
        return None

    def _verify(self, signature: bytes, data: bytes, hash_algorithm: _HashChoice) -> None:
        self.key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)


@attrs.frozen(repr=False)
class EcPublicKey(_CryptographyPublicKey[ec.EllipticCurvePublicKey]):
    """An EC public key (``cryptography`` object inside); signatures are DER ECDSA with SHA-256."""

    @property
    def algorithm(self) -> str:
        return "ec"

    @property
    def curve_name(self) -> str:
        return self.key.curve.name

    def _verify(self, signature: bytes, data: bytes, hash_algorithm: _HashChoice) -> None:
        self.key.verify(signature, data, ec.ECDSA(hash_algorithm))


@attrs.frozen(repr=False)
class _CryptographyPrivateKey(PrivateKey, Generic[_PrivateK]):
    """An RSA or EC private key held by ``cryptography``; subclasses only say how to sign."""

    key: _PrivateK

    @abc.abstractmethod
    def _sign(self, data: bytes, hash_algorithm: _HashChoice) -> bytes:
        """``cryptography``'s sign call for this key type."""

    def sign(self, data: bytes) -> bytes:
        return self._sign(data, hashes.SHA256())

    def sign_digest(self, digest: bytes) -> bytes:
        return self._sign(digest, Prehashed(hashes.SHA256()))


@attrs.frozen(repr=False)
class RsaPrivateKey(_CryptographyPrivateKey[rsa.RSAPrivateKey]):
    """An RSA private key; :meth:`sign` is PKCS#1 v1.5 with SHA-256."""

    @property
    def algorithm(self) -> str:
        return "rsa"

    @property
    def curve_name(self) -> None:
        return None

    def public_key(self) -> RsaPublicKey:
        return RsaPublicKey(self.key.public_key())

    def _sign(self, data: bytes, hash_algorithm: _HashChoice) -> bytes:
        return self.key.sign(data, padding.PKCS1v15(), hash_algorithm)


@attrs.frozen(repr=False)
class EcPrivateKey(_CryptographyPrivateKey[ec.EllipticCurvePrivateKey]):
    """An EC private key; :meth:`sign` is ECDSA with SHA-256, DER-encoded."""

    @property
    def algorithm(self) -> str:
        return "ec"

    @property
    def curve_name(self) -> str:
        return self.key.curve.name

    def public_key(self) -> EcPublicKey:
        return EcPublicKey(self.key.public_key())

    def _sign(self, data: bytes, hash_algorithm: _HashChoice) -> bytes:
        return self.key.sign(data, ec.ECDSA(hash_algorithm))


def generate_gost_key(curve: str = _oids.TC26_256_A, random: Any = None) -> GostPrivateKey:
    """A new GOST private key on ``curve`` (name or OID); ``random`` as for ``gost3410.generate_private_key``."""
    from egisz_sdk.signature.gost import gost3410

    c = _curve_for(curve)
    param_set = curve if curve.startswith("1.") else c.oid
    d = gost3410.generate_private_key(c, random) if random is not None else gost3410.generate_private_key(c)
    return GostPrivateKey(c, d, param_set, _default_digest_param(c.size, param_set))


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


def _load_encrypted_pkcs8(der: bytes, password: bytes | None) -> PrivateKey:
    from egisz_sdk.signature import _pfx

    info = _asn1.parse(_EncryptedPrivateKeyInfo, der, "encrypted PKCS#8 private key")
    algorithm = info["encryption_algorithm"]
    oid = algorithm["algorithm"].dotted
    if oid == _oids.CRYPTOPRO_PFX_PBE:
        raise SignatureError("key.cryptopro_pfx")
    if _pfx.is_supported_pbes2(algorithm):  # GOST PBES2, or AES-CBC around any key (cryptography cannot hold GOST)
        if password is None:
            raise SignatureError("key.password_required")
        plain = _pfx.decrypt_pbes2(algorithm, info["encrypted_data"].native, password)
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


def load_private_key(data: bytes | str, password: bytes | str | None = None) -> PrivateKey:
    """Load a private key from PEM or DER: PKCS#8 (plain or encrypted), PKCS#1/SEC1, or PKCS#12/PFX.

    Args:
        data: the file contents.
        password: for encrypted keys and PFX (``str`` is encoded as UTF-8). Never logged or shown.

    Raises:
        SignatureError: ``key.password`` (wrong password), ``key.password_required``, ``key.corrupt``,
            ``key.unsupported_algorithm``, ``key.unsupported_curve``, ``key.unsupported_pbe``,
            ``key.cryptopro_container``, ``key.cryptopro_pfx``, ``key.no_key``, ``asn1.*``.
    """
    try:
        return _load_private_key(data, password)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a parser corner we did not foresee
        raise SignatureError("key.corrupt", reason=type(exc).__name__) from exc


def _load_private_key(data: bytes | str, password: bytes | str | None) -> PrivateKey:
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
                return _load_encrypted_pkcs8(der, pwd)
            if label in ("RSA PRIVATE KEY", "EC PRIVATE KEY"):
                block = raw[raw.index(b"-----BEGIN " + label.encode()) :]
                return _load_with_cryptography(block, pwd, pem=True)
            if label == "PKCS12":
                return load_pkcs12(der, password)[0]
        raise SignatureError("key.no_key", found=", ".join(label for label, _ in blocks) or "nothing")
    if not raw:
        raise SignatureError("key.corrupt", reason="empty input")
    if _looks_like_pkcs12(raw):
        return load_pkcs12(raw, password)[0]
    _check_cryptopro_container(raw)
    head = _peek_second_element_tag(raw)
    if head == 0x30:  # EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier
        return _load_encrypted_pkcs8(raw, pwd)
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


def load_private_key_file(path: str | Path, password: bytes | str | None = None) -> PrivateKey:
    """Load a private key from a file (see :func:`load_private_key`); a CryptoPro container folder is refused."""
    p = Path(path)
    if p.is_dir():
        names = {child.name.lower() for child in p.iterdir()}
        if names & set(_CRYPTOPRO_FILES):
            raise SignatureError("key.cryptopro_container", file=p.name)
        raise SignatureError("key.no_key", found="a directory")
    if p.name.lower() in _CRYPTOPRO_FILES:
        raise SignatureError("key.cryptopro_container", file=p.name)
    return load_private_key(p.read_bytes(), password)


def load_pkcs12(data: bytes, password: bytes | str | None) -> tuple[PrivateKey, Certificate, list[Certificate]]:
    """Read a PKCS#12 / PFX file: ``(key, certificate, other certificates)``.

    RSA/EC PFX are read by ``cryptography``; TC26 GOST PFX (PBES2 with PBKDF2-HMAC-Streebog-512 and
    GOST 28147-89 CFB, MAC with HMAC-Streebog-512), and GOST keys in a PFX with OpenSSL 3's default algorithms
    (PBES2 with AES-CBC, SHA MAC), are read here. The certificate returned is the one
    whose public key matches the private key.

    Raises:
        SignatureError: ``key.password``, ``key.cryptopro_pfx``, ``key.unsupported_pbe``, ``key.corrupt`` …
    """
    from egisz_sdk.signature import _pfx
    from egisz_sdk.signature.certificates import load_certificate

    pwd = _password_bytes(password) or b""
    der = _asn1.to_der(data, "PKCS#12")
    try:
        contents = _pfx.read_pfx(der, pwd)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a parser corner we did not foresee
        raise SignatureError("key.corrupt", reason=type(exc).__name__) from exc
    if contents.key_der is None:
        raise SignatureError("key.no_key", found="PKCS#12 without a private key")
    load = _load_encrypted_pkcs8 if contents.key_encrypted else (lambda der, _pwd: _load_pkcs8_der(der))
    key = load(contents.key_der, pwd)
    certs = [load_certificate(c) for c in contents.cert_ders]
    spki = key.public_key().spki_der()
    mine = [c for c in certs if c.public_key.spki_der() == spki]
    if not mine:
        raise SignatureError("key.corrupt", reason="no certificate in the PFX matches the private key")
    others = [c for c in certs if c is not mine[0]]
    return key, mine[0], others


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
        from egisz_sdk.signature import _pfx

        return _asn1.pem("ENCRYPTED PRIVATE KEY", _pfx.encrypt_pkcs8_gost(plain, pwd))
    if isinstance(key, (RsaPrivateKey, EcPrivateKey)):
        enc: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(pwd) if pwd else serialization.NoEncryption()
        )
        return key.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)
    raise SignatureError("key.unsupported_algorithm", oid=type(key).__name__)
