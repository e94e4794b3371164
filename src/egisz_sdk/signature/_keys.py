"""The key model: GOST R 34.10-2012 (256/512), RSA and EC private and public keys.

One public-key class hierarchy serves every verifying caller (certificates, CMS, JWS, the signers'
re-verification): :class:`PublicKey` knows its signature scheme, its default digest, and verifies a raw
signature over data (:meth:`PublicKey.verify`, raising) or answers whether it matches
(:meth:`PublicKey.is_valid`). Reading and writing keys lives in :mod:`._serialization`, PKCS#12 in
:mod:`._pkcs12`; :mod:`egisz_sdk.signature.keys` is the public face of all three.

Key objects never show key material in ``repr``.
"""

from __future__ import annotations

import abc
import hashlib
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs
from asn1crypto import core
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _asn1, _oids

if TYPE_CHECKING:
    from egisz_sdk.signature.gost.curves import Curve

__all__ = [
    "DIGESTS",
    "SCHEME_ECDSA",
    "SCHEME_GOST256",
    "SCHEME_GOST512",
    "SCHEME_RSA",
    "EcPrivateKey",
    "EcPublicKey",
    "GostPrivateKey",
    "GostPublicKey",
    "PrivateKey",
    "PublicKey",
    "RsaPrivateKey",
    "RsaPublicKey",
    "generate_gost_key",
    "hash_data",
]

#: Signature scheme names, as signers report them in ``Signer.algorithm`` and JWS maps its ``alg`` to.
SCHEME_GOST256: Final = "GOST3410_2012_256"
SCHEME_GOST512: Final = "GOST3410_2012_512"
SCHEME_RSA: Final = "RSA"
SCHEME_ECDSA: Final = "ECDSA"

#: Digest names the SDK computes (Streebog here, SHA through hashlib).
DIGESTS: Final = ("streebog256", "streebog512", "sha1", "sha256", "sha384", "sha512")

_GOST_KEY_OIDS = {_oids.GOST2012_256: 32, _oids.GOST2012_512: 64}


def hash_data(name: str, data: bytes) -> bytes:
    """Digest ``data`` with ``streebog256``, ``streebog512``, ``sha1``, ``sha256``, ``sha384`` or ``sha512``."""
    if name in ("streebog256", "streebog512"):
        from egisz_sdk.signature.gost import streebog

        return streebog.streebog256(data) if name == "streebog256" else streebog.streebog512(data)
    if name in DIGESTS:
        return hashlib.new(name, data).digest()
    raise SignatureError("cms.unsupported_algorithm", algorithm=name)


# ------------------------------------------------------------------------------------------------ helpers


# ------------------------------------------------------------------------------------------------ helpers


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
    return hash_data("streebog256" if size == 32 else "streebog512", data)


# ------------------------------------------------------------------------------------------------- public


class PublicKey(abc.ABC):
    """A public key that verifies raw signatures. Subclasses: GOST, RSA, EC."""

    @property
    @abc.abstractmethod
    def algorithm(self) -> str:
        """``"gost2012_256"``, ``"gost2012_512"``, ``"rsa"`` or ``"ec"``."""

    @property
    @abc.abstractmethod
    def scheme(self) -> str:
        """The signature scheme: ``GOST3410_2012_256``, ``GOST3410_2012_512``, ``RSA`` or ``ECDSA``."""

    @property
    def default_digest(self) -> str:
        """The digest this key signs with by default (Streebog of the key size for GOST, SHA-256 otherwise)."""
        return {SCHEME_GOST256: "streebog256", SCHEME_GOST512: "streebog512"}.get(self.scheme, "sha256")

    @property
    @abc.abstractmethod
    def curve_name(self) -> str | None:
        """The curve or parameter-set name (``None`` for RSA)."""

    @property
    @abc.abstractmethod
    def key_size(self) -> int:
        """Key size in bits."""

    @abc.abstractmethod
    def verify(self, data: bytes, signature: bytes, digest: str | None = None) -> None:
        """Verify ``signature`` over ``data`` hashed with ``digest`` (default :attr:`default_digest`).

        Raises:
            SignatureError: ``signature.invalid`` (``gost.*`` for GOST keys) when it does not match;
                ``cms.unsupported_algorithm`` for a digest this key cannot sign with.
        """

    @abc.abstractmethod
    def verify_digest(self, digest: bytes, signature: bytes) -> None:
        """Verify ``signature`` over an already computed digest or raise ``SignatureError``."""

    def is_valid(self, data: bytes, signature: bytes, digest: str | None = None) -> bool:
        """Whether ``signature`` matches (:meth:`verify` without the exception; unsupported digests still raise)."""
        try:
            self.verify(data, signature, digest)
        except SignatureError as exc:
            if exc.code == "signature.invalid" or exc.code.startswith("gost."):
                return False
            raise
        return True

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

    @property
    def scheme(self) -> str:
        return SCHEME_GOST256 if self.curve.size == 32 else SCHEME_GOST512

    def verify_digest(self, digest: bytes, signature: bytes) -> None:
        from egisz_sdk.signature.gost import gost3410

        try:
            gost3410.verify_digest(self.curve, (self.x, self.y), digest, signature)
        except ValueError as exc:
            raise SignatureError("signature.invalid") from exc

    def verify(self, data: bytes, signature: bytes, digest: str | None = None) -> None:
        if digest not in (None, self.default_digest):
            raise SignatureError("cms.unsupported_algorithm", algorithm=f"{self.scheme} with {digest}")
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
_PYCA_HASHES: Final[dict[str, type[hashes.HashAlgorithm]]] = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
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

    def verify(self, data: bytes, signature: bytes, digest: str | None = None) -> None:
        name = digest or self.default_digest
        if name not in _PYCA_HASHES:
            raise SignatureError("cms.unsupported_algorithm", algorithm=f"{self.scheme} with {name}")
        self._checked(signature, data, _PYCA_HASHES[name]())

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
    def scheme(self) -> str:
        return SCHEME_RSA

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
    def scheme(self) -> str:
        return SCHEME_ECDSA

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
