"""Signing with a key held by a PKCS#11 token (Rutoken, JaCarta, an HSM, SoftHSM2) through python-pkcs11.

Mechanisms and output forms (all converted to the SDK's canonical raw signature, see
:class:`~egisz_sdk.signature.Signer`):

* RSA — ``CKM_SHA256_RSA_PKCS`` (0x40): the token hashes and pads; the output is already PKCS#1 v1.5.
* ECDSA — SHA-256 computed here, then ``CKM_ECDSA`` (0x1041); PKCS#11 returns ``r || s`` (each half the
  size of the curve order), which is re-encoded as DER ``SEQUENCE { r, s }``.
* GOST R 34.10-2012 — the TC26 vendor mechanisms, the token hashes with Streebog itself:
  ``CKM_GOSTR3410_WITH_GOSTR3411_12_256`` = 0xD4321008 and ``CKM_GOSTR3410_WITH_GOSTR3411_12_512`` = 0xD4321009
  (vendor base ``NSSCK_VENDOR_PKCS11_RU_TEAM`` = 0xD4321000; TC26 «Расширение PKCS#11 для использования
  российских стандартов»; the same values are in the Rutoken and JaCarta SDK headers). 512-bit keys have the
  vendor key type ``CKK_GOSTR3410_512`` = 0xD4321003, 256-bit keys the standard ``CKK_GOSTR3410`` = 0x30.
  PKCS#11 v2.40 (Current Mechanisms, GOST R 34.10-2001, which the TC26 extension keeps for 2012) defines the
  signature as ``s || r``, each a big-endian octet string of the key size, most significant byte first —
  exactly the SDK's canonical ``BE(s) || BE(r)``. So the token's bytes are used unchanged after a length check;
  a token that deviates (``r || s``, or CryptoAPI's byte-reversed order) is caught by re-verification.

Every signature is verified against the certificate before :meth:`Pkcs11Signer.sign` returns it.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from typing import Any

from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature._algorithms import (
    ALG_ECDSA,
    ALG_GOST256,
    ALG_GOST512,
    ALG_RSA,
    certificate_der,
)
from egisz_sdk.signature._der import der_integer, der_seq
from egisz_sdk.signature.signers._protocol import CertificateSigner

__all__ = [
    "CKK_GOSTR3410",
    "CKK_GOSTR3410_512",
    "CKM_GOSTR3410_WITH_GOSTR3411_12_256",
    "CKM_GOSTR3410_WITH_GOSTR3411_12_512",
    "CKM_GOSTR3411_12_256",
    "CKM_GOSTR3411_12_512",
    "Pkcs11Signer",
]

#: TC26 vendor base (``NSSCK_VENDOR_PKCS11_RU_TEAM`` = ``CKK_VENDOR_DEFINED | 0x54321000``).
_RU_TEAM = 0xD4321000
CKK_GOSTR3410 = 0x00000030
CKK_GOSTR3410_512 = _RU_TEAM | 0x003
CKM_GOSTR3410_WITH_GOSTR3411_12_256 = _RU_TEAM | 0x008
CKM_GOSTR3410_WITH_GOSTR3411_12_512 = _RU_TEAM | 0x009
CKM_GOSTR3411_12_256 = _RU_TEAM | 0x012
CKM_GOSTR3411_12_512 = _RU_TEAM | 0x013

_NAME = "Pkcs11Signer"
_GOST_MECHANISMS = {ALG_GOST256: CKM_GOSTR3410_WITH_GOSTR3411_12_256, ALG_GOST512: CKM_GOSTR3410_WITH_GOSTR3411_12_512}
_GOST_SIZES = {ALG_GOST256: 32, ALG_GOST512: 64}

# One lock per PKCS#11 library: C_Login state is shared by every session of an application, and tokens
# are serial devices anyway.
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(library: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(library, threading.Lock())


def _import_pkcs11() -> Any:
    try:
        import pkcs11
    except ImportError as exc:
        raise ConfigurationError("dependency.missing", package="python-pkcs11", extra="pkcs11") from exc
    return pkcs11


def _enum_member(enum_type: Any, value: int) -> Any:
    """The member of a python-pkcs11 IntEnum for ``value``, or a pseudo-member for a vendor value.

    python-pkcs11 insists on ``Mechanism`` / ``KeyType`` instances and has no vendor (TC26) values; a
    pseudo-member is an instance of the enum type carrying the raw number, which is what reaches C.
    """
    try:
        return enum_type(value)
    except ValueError:
        member = int.__new__(enum_type, value)
        member._name_ = f"VENDOR_{value:#010x}"
        member._value_ = value
        return member


def _attribute_mapper(pkcs11: Any) -> Any:
    """An attribute mapper that reads vendor key types (``CKK_GOSTR3410_512``) instead of failing on them."""
    try:
        from pkcs11.attributes import AttributeMapper, handle_ulong
    except ImportError:  # python-pkcs11 before 0.8 has no mapper: vendor key types stay unreadable there
        return None
    pack, unpack = handle_ulong
    mapper = AttributeMapper()
    key_type = pkcs11.KeyType

    def unpack_key_type(raw: bytes) -> Any:
        return _enum_member(key_type, int(unpack(raw)))

    mapper.attribute_types[pkcs11.Attribute.KEY_TYPE] = (lambda v: pack(int(v)), unpack_key_type)
    return mapper


def _ecdsa_der(raw: bytes) -> bytes:
    """PKCS#11 ECDSA output ``r || s`` → DER ``SEQUENCE { r, s }``."""
    if not raw or len(raw) % 2:
        raise SignatureError("signer.bad_output", signer=_NAME)
    half = len(raw) // 2
    return der_seq(der_integer(int.from_bytes(raw[:half], "big")), der_integer(int.from_bytes(raw[half:], "big")))


def _gost_canonical(raw: bytes, size: int) -> bytes:
    """PKCS#11 GOST output → ``BE(s) || BE(r)``.

    PKCS#11 (v2.40 Current Mechanisms, GOST R 34.10; TC26 extension for 2012) already returns ``s || r``,
    big-endian, ``size`` bytes each — the canonical order — so only the length is checked here.
    """
    if len(raw) != 2 * size:
        raise SignatureError("signer.bad_output", signer=_NAME)
    return raw


class Pkcs11Signer(CertificateSigner):
    """Sign with a private key on a PKCS#11 token.

    Args:
        library: path of the PKCS#11 module (``/usr/lib/softhsm/libsofthsm2.so``, ``librtpkcs11ecp.so`` …).
        token_label: the token's label; or
        slot: the slot id. With neither, the only initialised token present is used.
        pin: the user PIN. It is kept in memory only, never in ``repr``, logs or error text.
        key_label: ``CKA_LABEL`` of the private key; and/or
        key_id: ``CKA_ID`` of the private key (bytes, or hex text). With neither, the key whose ``CKA_ID`` is
            that of a certificate object equal to ``certificate`` is used, else the only private key.
        certificate: the key's certificate (SDK ``Certificate``, DER or PEM bytes); it decides the mechanism.

    A session is opened and logged in per :meth:`sign` call under a per-library lock, so one signer (or
    several on the same library) can be shared between threads.

    Raises (from :meth:`sign`):
        ConfigurationError: ``dependency.missing`` (python-pkcs11 not installed), ``signer.library_unavailable``.
        SignatureError: ``signer.token_not_found``, ``signer.key_not_found``, ``signer.pin``,
            ``signer.unsupported`` (the token lacks the mechanism), ``signer.failed``, ``signer.bad_output``.
    """

    def __init__(
        self,
        library: str,
        *,
        token_label: str | None = None,
        slot: int | None = None,
        pin: str,
        key_label: str | None = None,
        key_id: bytes | str | None = None,
        certificate: Any,
    ) -> None:
        self._library = str(library)
        self._token_label = token_label
        self._slot = slot
        self._pin = pin
        self._key_label = key_label
        if isinstance(key_id, str):
            try:
                key_id = bytes.fromhex(key_id)
            except ValueError as exc:
                raise ConfigurationError(
                    "config.invalid", field="key_id", reason_ru="ожидается hex", reason_en="hex expected"
                ) from exc
        self._key_id = key_id
        super().__init__(certificate)

    def __repr__(self) -> str:
        where = f"token_label={self._token_label!r}" if self._slot is None else f"slot={self._slot!r}"
        key = f"key_label={self._key_label!r}, key_id={self._key_id.hex() if self._key_id else None!r}"
        return f"Pkcs11Signer({self._library!r}, {where}, {key}, algorithm={self.algorithm!r}, pin=<hidden>)"

    # -- token, session, key ------------------------------------------------------------------------------

    def _selector(self) -> str:
        if self._slot is not None:
            return f"slot={self._slot}"
        return f"token_label={self._token_label!r}" if self._token_label is not None else "any token"

    def _load(self, pkcs11: Any) -> Any:
        try:
            return pkcs11.lib(self._library)
        except pkcs11.PKCS11Error as exc:
            raise ConfigurationError(
                "signer.library_unavailable", library=self._library, detail=str(exc) or type(exc).__name__
            ) from exc

    def _token(self, pkcs11: Any, lib: Any) -> Any:
        selector = self._selector()
        try:
            if self._slot is not None:
                for slot in lib.get_slots():
                    if slot.slot_id == self._slot:
                        return slot.get_token()
                raise SignatureError("signer.token_not_found", selector=selector, reason="no such slot")
            if self._token_label is not None:
                return lib.get_token(token_label=self._token_label)
            initialised = pkcs11.TokenFlag.TOKEN_INITIALIZED
            tokens = [t for t in (s.get_token() for s in lib.get_slots(token_present=True)) if t.flags & initialised]
        except pkcs11.NoSuchToken as exc:
            raise SignatureError("signer.token_not_found", selector=selector, reason="no token has this label") from exc
        except pkcs11.MultipleTokensReturned as exc:
            raise SignatureError("signer.token_not_found", selector=selector, reason="several tokens match") from exc
        except (pkcs11.TokenNotPresent, pkcs11.TokenNotRecognised) as exc:
            raise SignatureError("signer.token_not_found", selector=selector, reason="no token in the slot") from exc
        if len(tokens) != 1:
            reason = "no initialised token" if not tokens else "several tokens: give token_label or slot"
            raise SignatureError("signer.token_not_found", selector=selector, reason=reason)
        return tokens[0]

    def _open(self, pkcs11: Any, token: Any) -> Any:
        mapper = _attribute_mapper(pkcs11)
        kwargs: dict[str, Any] = {"user_pin": self._pin}
        if mapper is not None:
            kwargs["attribute_mapper"] = mapper
        pin_errors = {
            pkcs11.PinIncorrect: "incorrect PIN",
            pkcs11.PinInvalid: "malformed PIN",
            pkcs11.PinLenRange: "PIN length out of range",
            pkcs11.PinLocked: "PIN locked",
            pkcs11.PinExpired: "PIN expired",
            pkcs11.UserPinNotInitialized: "user PIN not initialised",
        }
        try:
            try:
                return token.open(**kwargs)
            except pkcs11.UserAlreadyLoggedIn:
                # the application already logged in to this token (login state is per process): reuse it
                del kwargs["user_pin"]
                return token.open(**kwargs)
        except tuple(pin_errors) as exc:
            raise SignatureError("signer.pin", signer=_NAME, reason=pin_errors[type(exc)]) from None
        except pkcs11.PKCS11Error as exc:
            # the PIN is never part of python-pkcs11's messages, but only the class name is reported anyway
            raise SignatureError("signer.failed", signer=_NAME, detail=f"login: {type(exc).__name__}") from None

    def _private_key(self, pkcs11: Any, session: Any) -> Any:
        cls = pkcs11.ObjectClass.PRIVATE_KEY
        key_id = self._key_id
        selector = f"key_label={self._key_label!r}, key_id={key_id.hex() if key_id else None}"
        if self._key_label is None and key_id is None:
            der = certificate_der(self._certificate)
            certificates = session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE})
            ids = {bytes(c[pkcs11.Attribute.ID]) for c in certificates if bytes(c[pkcs11.Attribute.VALUE]) == der}
            if len(ids) == 1:
                key_id = ids.pop()
                selector = f"key_id={key_id.hex()} (from the certificate on the token)"
            else:
                keys = list(session.get_objects({pkcs11.Attribute.CLASS: cls}))
                if len(keys) == 1:
                    return keys[0]
                reason = "no private key" if not keys else "several private keys: give key_label or key_id"
                raise SignatureError("signer.key_not_found", selector="certificate", reason=reason)
        try:
            return session.get_key(object_class=cls, label=self._key_label, id=key_id)
        except pkcs11.NoSuchKey as exc:
            raise SignatureError("signer.key_not_found", selector=selector, reason="no such private key") from exc
        except pkcs11.MultipleObjectsReturned as exc:
            raise SignatureError("signer.key_not_found", selector=selector, reason="several keys match") from exc

    # -- signing -------------------------------------------------------------------------------------------

    def _sign_with_key(self, pkcs11: Any, key: Any, data: bytes) -> bytes:
        """Sign ``data`` with a python-pkcs11 private key object; returns the canonical raw signature."""
        algorithm = self._key.scheme
        try:
            if algorithm == ALG_RSA:
                return bytes(key.sign(data, mechanism=pkcs11.Mechanism.SHA256_RSA_PKCS))
            if algorithm == ALG_ECDSA:
                digest = hashlib.sha256(data).digest()
                return _ecdsa_der(bytes(key.sign(digest, mechanism=pkcs11.Mechanism.ECDSA)))
            mechanism = _enum_member(pkcs11.Mechanism, _GOST_MECHANISMS[algorithm])
            return _gost_canonical(bytes(key.sign(data, mechanism=mechanism)), _GOST_SIZES[algorithm])
        except pkcs11.MechanismInvalid as exc:
            raise SignatureError("signer.unsupported", signer=_NAME, what=f"{algorithm} on this token") from exc
        except (pkcs11.KeyTypeInconsistent, pkcs11.KeyHandleInvalid) as exc:
            detail = f"the key cannot sign {algorithm}: {type(exc).__name__}"
            raise SignatureError("signer.failed", signer=_NAME, detail=detail) from exc
        except pkcs11.PKCS11Error as exc:
            raise SignatureError("signer.failed", signer=_NAME, detail=f"sign: {type(exc).__name__}") from exc

    def _checked(self, data: bytes, signature: bytes) -> bytes:
        if not self._key.is_valid(data, signature):
            raise SignatureError("signer.bad_output", signer=_NAME)
        return signature

    def sign(self, data: bytes) -> bytes:
        """Raw signature over ``data`` in canonical order, verified against the certificate."""
        data = bytes(data)
        pkcs11 = _import_pkcs11()
        with _lock_for(self._library):
            lib = self._load(pkcs11)
            token = self._token(pkcs11, lib)
            session = self._open(pkcs11, token)
            try:
                key = self._private_key(pkcs11, session)
                signature = self._sign_with_key(pkcs11, key, data)
            finally:
                with contextlib.suppress(pkcs11.PKCS11Error):  # the token went away: nothing to release
                    session.close()
        return self._checked(data, signature)
