"""X.509 certificates and CRLs with GOST keys and the attributes of Russian qualified certificates.

:func:`load_certificate` reads PEM or DER; :class:`Certificate` gives the subject and issuer (with
OGRN, SNILS, INN … looked up by name), validity as aware UTC datetimes, key usage, policies, the public key,
the qualified-certificate attributes (:class:`QualifiedAttributes`, each identifier checked with
:mod:`egisz_sdk.validators` — invalid ones become warnings, never a load failure), thumbprints as
CryptoPro (SHA-1) and ESIA (Streebog-256) show them, and signature verification against an issuer (GOST,
RSA and EC issuers). :func:`load_crl` reads certificate revocation lists.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, Final

import attrs
from asn1crypto import crl, x509

from egisz_sdk.errors import InvalidIdentifier, SignatureError
from egisz_sdk.signature import _asn1, _oids
from egisz_sdk.signature._keys import GostPublicKey, PublicKey, hash_data
from egisz_sdk.signature._names import Name, NameAttribute
from egisz_sdk.signature._serialization import load_public_key_spki
from egisz_sdk.signature._wrong_inputs import PEM_KINDS, der_kind, not_a_certificate

__all__ = [
    "Certificate",
    "CertificateList",
    "Name",
    "NameAttribute",
    "QualifiedAttributes",
    "certificate_der",
    "load_certificate",
    "load_certificates",
    "load_crl",
    "streebog256_thumbprint",
]

#: PEM labels a certificate comes under.
_CERT_LABELS: Final = ("CERTIFICATE", "X509 CERTIFICATE")
#: The most certificates :func:`load_certificates` reads from one bundle by default.
MAX_CERTIFICATES: Final = 1000


@attrs.frozen
class QualifiedAttributes:
    """Attributes of a Russian qualified certificate (Приказ ФСБ №795).

    Identifiers are as written in the certificate (a legal entity's INN padded with ``"00"`` to 12 digits is
    exposed as the 10-digit INN, and as ``inn_le`` when INNLE is absent). ``warnings`` lists identifiers that
    fail their validator (``"snils: snils.checksum"``) — the certificate still loads.
    """

    snils: str | None = None
    inn: str | None = None
    inn_le: str | None = None
    ogrn: str | None = None
    ogrnip: str | None = None
    subject_sign_tool: str | None = None
    issuer_sign_tool: tuple[str, str, str, str] | None = None
    signing_tool_classes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_qualified(self) -> bool:
        """True when the certificate carries the qualified-certificate extensions."""
        return self.subject_sign_tool is not None and self.issuer_sign_tool is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "snils": self.snils,
            "inn": self.inn,
            "inn_le": self.inn_le,
            "ogrn": self.ogrn,
            "ogrnip": self.ogrnip,
            "subject_sign_tool": self.subject_sign_tool,
            "issuer_sign_tool": list(self.issuer_sign_tool) if self.issuer_sign_tool else None,
            "signing_tool_classes": list(self.signing_tool_classes),
            "warnings": list(self.warnings),
        }


def _validate(kind: str, value: str | None, warnings: list[str]) -> None:
    if value is None:
        return
    from egisz_sdk import validators

    try:
        validators.get(kind).validate(value)
    except InvalidIdentifier as exc:
        warnings.append(f"{kind}: {exc.code}")


_GOST_SIGNATURES: Final[dict[str, int]] = {
    _oids.SIG_GOST2012_256: 32,
    _oids.SIG_GOST2012_512: 64,
    _oids.GOST2012_256: 32,
    _oids.GOST2012_512: 64,
}


def verify_signed(
    tbs: bytes, algorithm: x509.SignedDigestAlgorithm | Any, signature: bytes, key: PublicKey, what: str
) -> None:
    """Verify an X.509-style signature (certificate, CRL) made by ``key``; raise ``cert.bad_signature``."""
    oid = algorithm["algorithm"].dotted
    try:
        if oid in _GOST_SIGNATURES:
            size = _GOST_SIGNATURES[oid]
            if not isinstance(key, GostPublicKey) or key.curve.size != size:
                raise SignatureError("cert.bad_signature", what=what, reason="issuer key does not match the algorithm")
            key.verify(tbs, signature)
            return
        try:
            sig_algo = algorithm.signature_algo
            hash_algo = algorithm.hash_algo
        except (KeyError, ValueError) as exc:
            raise SignatureError("cert.unsupported_algorithm", oid=oid) from exc
        if hash_algo not in ("sha1", "sha256", "sha384", "sha512"):
            raise SignatureError("cert.unsupported_algorithm", oid=oid)
        if (sig_algo == "rsassa_pkcs1v15" and key.scheme == "RSA") or (sig_algo == "ecdsa" and key.scheme == "ECDSA"):
            key.verify(tbs, signature, hash_algo)
        elif sig_algo in ("rsassa_pkcs1v15", "ecdsa"):
            raise SignatureError("cert.bad_signature", what=what, reason="issuer key does not match the algorithm")
        else:
            raise SignatureError("cert.unsupported_algorithm", oid=oid)
    except SignatureError as exc:
        if exc.code.startswith("cert."):
            raise
        raise SignatureError("cert.bad_signature", what=what, reason=exc.code) from exc


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


class Certificate:
    """An X.509 certificate (read-only view over its DER)."""

    def __init__(self, der: bytes) -> None:
        self.der: bytes = bytes(der)
        self._cert: x509.Certificate = _asn1.parse(x509.Certificate, self.der, "certificate")
        tbs = self._cert["tbs_certificate"]
        try:
            # asn1crypto parses lazily, so a malformed inner value would otherwise surface later, from any
            # property, as whatever exception it happens to raise. Parse everything once, here, at the boundary.
            self._cert.native  # noqa: B018 - forces the full parse
            self.subject: Name = Name._from_asn1(tbs["subject"])
            self.issuer: Name = Name._from_asn1(tbs["issuer"])
            self.serial_number: int = int(tbs["serial_number"].native)
            validity = tbs["validity"]
            self.not_before: datetime = _aware(validity["not_before"].native)
            self.not_after: datetime = _aware(validity["not_after"].native)
        except Exception as exc:  # asn1crypto raises ValueError, TypeError, AttributeError … on malformed input
            raise SignatureError("cert.corrupt", reason=type(exc).__name__) from exc

    def __repr__(self) -> str:
        return f"Certificate(subject={self.subject.rfc4514!r}, serial={self.serial_number:x})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Certificate) and other.der == self.der

    def __hash__(self) -> int:
        return hash(self.der)

    # --- raw parts -----------------------------------------------------------------------------------------
    @property
    def tbs_der(self) -> bytes:
        """DER of tbsCertificate (what the issuer signed)."""
        return bytes(self._cert["tbs_certificate"].dump())

    @property
    def signature_value(self) -> bytes:
        """The raw signature bytes (for GOST: ``BE(s) || BE(r)``)."""
        value = self._cert["signature_value"].native
        assert isinstance(value, bytes)
        return value

    @property
    def signature_algorithm_oid(self) -> str:
        """OID of the signature algorithm, e.g. ``1.2.643.7.1.1.3.2``."""
        return str(self._cert["signature_algorithm"]["algorithm"].dotted)

    @property
    def signature_algorithm(self) -> str:
        """Name of the signature algorithm (``gost2012_256_streebog256``, ``sha256_rsa`` …) or its OID."""
        return str(self._cert["signature_algorithm"]["algorithm"].native)

    @cached_property
    def public_key(self) -> PublicKey:
        """The subject's public key."""
        spki = self._cert["tbs_certificate"]["subject_public_key_info"]
        try:
            return load_public_key_spki(bytes(spki.dump()))
        except SignatureError as exc:
            if exc.code == "key.unsupported_algorithm":
                raise SignatureError("cert.unsupported_algorithm", oid=exc.params.get("oid", "")) from exc
            raise SignatureError("cert.corrupt", reason=exc.code) from exc

    @property
    def public_key_algorithm_oid(self) -> str:
        """OID of the subject public-key algorithm."""
        return str(self._cert["tbs_certificate"]["subject_public_key_info"]["algorithm"]["algorithm"].dotted)

    # --- extensions ----------------------------------------------------------------------------------------
    def _extension(self, oid: str) -> Any:
        for ext in self._cert["tbs_certificate"]["extensions"]:
            if ext["extn_id"].dotted == oid:
                return ext["extn_value"].parsed
        return None

    @property
    def extension_oids(self) -> list[str]:
        """OIDs of every extension present."""
        return [str(ext["extn_id"].dotted) for ext in self._cert["tbs_certificate"]["extensions"]]

    @property
    def critical_extension_oids(self) -> list[str]:
        """OIDs of the extensions marked critical."""
        return [str(e["extn_id"].dotted) for e in self._cert["tbs_certificate"]["extensions"] if e["critical"].native]

    @property
    def key_usage(self) -> frozenset[str] | None:
        """Key usage bit names (``digital_signature``, ``key_cert_sign`` …); ``None`` when the extension is absent."""
        ku = self._extension("2.5.29.15")
        return frozenset(ku.native) if ku is not None else None

    @property
    def extended_key_usage(self) -> list[str]:
        """Extended key usage OIDs (empty when absent)."""
        eku = self._extension("2.5.29.37")
        return [str(p.dotted) for p in eku] if eku is not None else []

    @property
    def policies(self) -> list[str]:
        """Certificate policy OIDs (empty when absent)."""
        pol = self._extension("2.5.29.32")
        return [str(p["policy_identifier"].dotted) for p in pol] if pol is not None else []

    @property
    def is_ca(self) -> bool:
        """True when basicConstraints says ``cA = TRUE``."""
        bc = self._extension("2.5.29.19")
        return bool(bc is not None and bc["ca"].native)

    @property
    def path_length(self) -> int | None:
        """basicConstraints pathLenConstraint, if any."""
        bc = self._extension("2.5.29.19")
        return bc["path_len_constraint"].native if bc is not None else None

    @property
    def subject_key_identifier(self) -> bytes | None:
        """subjectKeyIdentifier, if present."""
        ski = self._extension("2.5.29.14")
        return bytes(ski.native) if ski is not None else None

    @property
    def authority_key_identifier(self) -> bytes | None:
        """authorityKeyIdentifier keyIdentifier, if present."""
        aki = self._extension("2.5.29.35")
        if aki is None or aki["key_identifier"].native is None:
            return None
        return bytes(aki["key_identifier"].native)

    @property
    def is_self_issued(self) -> bool:
        """Subject and issuer are the same name."""
        return self.subject.der == self.issuer.der

    @cached_property
    def qualified(self) -> QualifiedAttributes:
        """Qualified-certificate attributes (SNILS, INN, OGRN …, signing tools, КС class) with warnings."""
        warnings: list[str] = []
        subj = self.subject
        snils = subj.get("SNILS")
        inn = subj.get("INN")
        inn_le = subj.get("INNLE")
        ogrn = subj.get("OGRN")
        ogrnip = subj.get("OGRNIP")
        if inn is not None and len(inn) == 12 and inn.startswith("00"):
            inn = inn[2:]
            inn_le = inn_le or inn
        for kind, value in (("snils", snils), ("inn", inn), ("ogrn", ogrn), ("ogrnip", ogrnip)):
            _validate(kind, value, warnings)
        if inn_le is not None and inn_le != inn:
            _validate("inn", inn_le, warnings)
        try:
            sst = self._extension(_oids.SUBJECT_SIGN_TOOL)
            subject_tool = str(sst.native) if sst is not None else None
            ist = self._extension(_oids.ISSUER_SIGN_TOOL)
            issuer_tool: tuple[str, str, str, str] | None = None
            if ist is not None:
                issuer_tool = (
                    str(ist["sign_tool"].native),
                    str(ist["ca_tool"].native),
                    str(ist["sign_tool_cert"].native),
                    str(ist["ca_tool_cert"].native),
                )
        except (ValueError, TypeError, KeyError):
            warnings.append("sign_tool: malformed extension")
            subject_tool, issuer_tool = None, None
        classes = tuple(_oids.SIGNING_TOOL_CLASSES[p] for p in self.policies if p in _oids.SIGNING_TOOL_CLASSES)
        return QualifiedAttributes(
            snils=snils,
            inn=inn,
            inn_le=inn_le,
            ogrn=ogrn,
            ogrnip=ogrnip,
            subject_sign_tool=subject_tool,
            issuer_sign_tool=issuer_tool,
            signing_tool_classes=classes,
            warnings=tuple(warnings),
        )

    # --- digests and verification --------------------------------------------------------------------------
    @property
    def thumbprint_sha1(self) -> str:
        """SHA-1 of the DER in upper-case hex — the thumbprint CryptoPro shows."""
        return hashlib.sha1(self.der, usedforsecurity=False).hexdigest().upper()

    @property
    def thumbprint_streebog256(self) -> str:
        """Streebog-256 of the DER in upper-case hex (ESIA's ``client_certificate_hash`` input)."""
        return streebog256_thumbprint(self.der)

    def verify_signature(self, issuer: Certificate) -> None:
        """Check that ``issuer``'s key signed this certificate; raise ``cert.bad_signature`` otherwise."""
        verify_signed(
            self.tbs_der, self._cert["signature_algorithm"], self.signature_value, issuer.public_key, "certificate"
        )

    def is_valid_at(self, when: datetime) -> bool:
        """True when ``when`` lies inside the validity period."""
        return self.not_before <= _aware(when) <= self.not_after

    def to_pem(self) -> str:
        """The certificate as PEM text."""
        return _asn1.pem("CERTIFICATE", self.der).decode("ascii")


def load_certificate(data: bytes | str) -> Certificate:
    """Read one certificate from PEM (the first block) or DER.

    Raises:
        SignatureError: ``cert.not_a_certificate`` for a private key, PKCS#12/PFX, CMS/PKCS#7 signature, CSR,
            CRL or bare public key given instead (the message says what to pass), ``asn1.corrupt`` / ``asn1.pem`` /
            ``asn1.too_large`` for other unreadable input, ``cert.corrupt`` for a certificate whose fields make no
            sense.
    """
    raw = _asn1.check_size(data.encode("utf-8") if isinstance(data, str) else bytes(data), "certificate")
    if b"-----BEGIN" in raw[:4096] or raw.lstrip()[:10] == b"-----BEGIN":
        found = _asn1.pem_blocks(raw)
        blocks = [der for label, der in found if label in _CERT_LABELS]
        if not blocks:
            for label, _ in found:
                if label in PEM_KINDS:
                    raise not_a_certificate(PEM_KINDS[label])
            raise SignatureError("asn1.pem", label="CERTIFICATE")
        return Certificate(blocks[0])
    der = _asn1.to_der(raw, "certificate")
    kind = der_kind(der)
    if kind is not None:
        raise not_a_certificate(kind)
    return Certificate(der)


def load_certificates(data: bytes | str, *, max_certificates: int = MAX_CERTIFICATES) -> list[Certificate]:
    """Read every certificate of a PEM bundle (or the single DER certificate).

    Raises:
        SignatureError: ``asn1.too_large`` (over 4 MiB, checked first), ``asn1.too_many_blocks`` (more than
            ``max_certificates`` PEM blocks, counted before any is decoded), ``asn1.*`` / ``cert.corrupt``.
    """
    raw = _asn1.check_size(data.encode("utf-8") if isinstance(data, str) else bytes(data), "certificate bundle")
    if b"-----BEGIN" in raw:
        blocks = _asn1.pem_blocks(raw, limit=max_certificates)
        return [Certificate(der) for label, der in blocks if label in _CERT_LABELS]
    return [Certificate(_asn1.to_der(raw, "certificate"))]


def certificate_der(certificate: object) -> bytes:
    """DER bytes of a certificate given as a :class:`Certificate` (or any object with DER in ``.der``),
    DER bytes, or PEM bytes/text (its first ``CERTIFICATE`` block). The one place the SDK does this.

    Raises:
        SignatureError: ``cert.corrupt`` (not a certificate-like value), ``asn1.pem`` (PEM without a
            certificate), ``asn1.too_large``.
    """
    der = getattr(certificate, "der", None)
    if isinstance(der, bytes):
        return der
    if isinstance(certificate, str):
        certificate = certificate.encode("utf-8")
    if not isinstance(certificate, (bytes, bytearray, memoryview)):
        raise SignatureError("cert.corrupt", reason=f"not a certificate: {type(certificate).__name__}")
    raw = _asn1.check_size(bytes(certificate), "certificate")
    if b"-----BEGIN" in raw:
        blocks = [der for label, der in _asn1.pem_blocks(raw) if label in _CERT_LABELS]
        if not blocks:
            raise SignatureError("asn1.pem", label="CERTIFICATE")
        return blocks[0]
    return raw


def streebog256_thumbprint(certificate: object) -> str:
    """Streebog-256 of the certificate DER as 64 upper-case hex characters (ESIA's ``client_certificate_hash``).

    ``certificate`` is anything :func:`certificate_der` accepts; the hash is always of the DER, never of PEM text.
    """
    return hash_data("streebog256", certificate_der(certificate)).hex().upper()


class CertificateList:
    """A CRL: issuer, update times, revoked serial numbers, signature check."""

    def __init__(self, der: bytes) -> None:
        self.der: bytes = bytes(der)
        self._crl: crl.CertificateList = _asn1.parse(crl.CertificateList, self.der, "CRL")
        tbs = self._crl["tbs_cert_list"]
        try:
            self.issuer: Name = Name._from_asn1(tbs["issuer"])
            self.this_update: datetime = _aware(tbs["this_update"].native)
            nu = tbs["next_update"].native
            self.next_update: datetime | None = _aware(nu) if nu is not None else None
            self.revoked: dict[int, datetime] = {
                int(entry["user_certificate"].native): _aware(entry["revocation_date"].native)
                for entry in tbs["revoked_certificates"]
            }
        except (ValueError, TypeError, KeyError) as exc:
            raise SignatureError("crl.corrupt", reason=type(exc).__name__) from exc

    def __repr__(self) -> str:
        return f"CertificateList(issuer={self.issuer.rfc4514!r}, revoked={len(self.revoked)})"

    @property
    def revoked_serials(self) -> frozenset[int]:
        """Serial numbers listed as revoked."""
        return frozenset(self.revoked)

    def is_revoked(self, certificate: Certificate) -> bool:
        """True when ``certificate`` (from this CRL's issuer) is listed."""
        return certificate.issuer.der == self.issuer.der and certificate.serial_number in self.revoked

    def verify_signature(self, issuer: Certificate) -> None:
        """Check the CRL signature with ``issuer``'s key; raise ``crl.bad_signature`` otherwise."""
        tbs = bytes(self._crl["tbs_cert_list"].dump())
        value = self._crl["signature"].native
        try:
            verify_signed(tbs, self._crl["signature_algorithm"], value, issuer.public_key, "CRL")
        except SignatureError as exc:
            raise SignatureError("crl.bad_signature", reason=exc.code) from exc


def load_crl(data: bytes | str) -> CertificateList:
    """Read a CRL from PEM (``X509 CRL``) or DER; ``crl.corrupt`` / ``asn1.*`` on bad input."""
    raw = _asn1.check_size(data.encode("utf-8") if isinstance(data, str) else bytes(data), "CRL")
    if b"-----BEGIN" in raw[:4096]:
        blocks = [der for label, der in _asn1.pem_blocks(raw) if label == "X509 CRL"]
        if not blocks:
            raise SignatureError("asn1.pem", label="X509 CRL")
        return CertificateList(blocks[0])
    return CertificateList(_asn1.to_der(raw, "CRL"))
