"""CMS SignedData verification: every signer's signature, signed attributes and certificate chain.

Parsing uses asn1crypto (it accepts the BER that some tools write) but the signature is checked over the
ORIGINAL signed-attribute bytes with the tag switched to ``31`` — asn1crypto re-sorts ``SET OF`` when it
re-encodes, which would break signatures from tools that do not sort. Fail closed: each signer certificate must
chain to a trust anchor unless the caller passes ``insecure_skip_chain_check=True``. The public face is
:mod:`egisz_sdk.signature.cms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from egisz_sdk.errors import ConfigurationError, EgiszError, SignatureError
from egisz_sdk.signature._algorithms import (
    HASH_BY_OID,
    SIGNATURE_OIDS,
    certificate_der,
    hash_data,
    issuer_and_serial,
    public_key_of,
)
from egisz_sdk.signature._der import der_tlv

__all__ = ["CmsReport", "SignerReport", "trust_required", "verify_cms"]

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_TIME = "1.2.840.113549.1.9.5"
OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
OID_SIGNING_CERTIFICATE = "1.2.840.113549.1.9.16.2.12"

#: Refuse CMS inputs larger than this before parsing (content is normally detached; 64 MiB is generous).
MAX_CMS = 64 * 1024 * 1024


# --------------------------------------------------------------------------------------------------------
# verification


@attrs.frozen
class SignerReport:
    """What was found and checked for one SignerInfo.

    Attributes:
        signer: a readable name of the signer (certificate subject, or issuer and serial from the sid).
        certificate_der: the signer certificate, when found.
        signing_time: the (signed, but self-declared) ``signingTime`` attribute.
        digest_algorithm: ``streebog256``, ``sha256`` …
        key_algorithm: ``GOST3410_2012_256`` … (empty when the certificate was not found).
        signature_algorithm_oid: the OID as written (both GOST conventions are accepted).
        checks: ``message_digest``, ``signing_certificate``, ``signature``, ``certificate`` → ``True`` (passed),
            ``False`` (failed) or ``None`` (not applicable / not performed).
        errors: the failures, as SDK errors with codes.
    """

    signer: str
    certificate_der: bytes | None
    signing_time: dt.datetime | None
    digest_algorithm: str
    key_algorithm: str
    signature_algorithm_oid: str
    has_signed_attributes: bool
    checks: Mapping[str, bool | None]
    errors: tuple[SignatureError, ...] = ()

    @property
    def valid(self) -> bool:
        """True when no check failed."""
        return not self.errors

    def __repr__(self) -> str:
        when = self.signing_time.isoformat() if self.signing_time else None
        checks = ", ".join(f"{k}={v}" for k, v in self.checks.items())
        return (
            f"SignerReport(signer={self.signer!r}, valid={self.valid}, signing_time={when!r}, "
            f"digest={self.digest_algorithm!r}, key={self.key_algorithm!r}, checks={{{checks}}}, "
            f"errors={[e.code for e in self.errors]!r})"
        )

    @property
    def certificate(self) -> Any:
        """The signer certificate as an SDK ``Certificate`` (parsed on access), or ``None``."""
        if self.certificate_der is None:
            return None
        from egisz_sdk.signature.certificates import load_certificate

        return load_certificate(self.certificate_der)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "signer": self.signer,
            "valid": self.valid,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "digest_algorithm": self.digest_algorithm,
            "key_algorithm": self.key_algorithm,
            "signature_algorithm_oid": self.signature_algorithm_oid,
            "signed_attributes": self.has_signed_attributes,
            "checks": dict(self.checks),
            "errors": [e.to_dict() for e in self.errors],
        }


@attrs.frozen
class CmsReport:
    """The result of :func:`verify_cms`: one :class:`SignerReport` per SignerInfo (co-signatures included)."""

    detached: bool
    content: bytes | None
    signers: tuple[SignerReport, ...]

    @property
    def valid(self) -> bool:
        """True when there is at least one signer and every signer passed every check."""
        return bool(self.signers) and all(s.valid for s in self.signers)

    @property
    def errors(self) -> tuple[SignatureError, ...]:
        """Every failure of every signer."""
        return tuple(e for s in self.signers for e in s.errors)

    def __repr__(self) -> str:
        content = f"{len(self.content)} bytes" if self.content is not None else None
        return (
            f"CmsReport(valid={self.valid}, detached={self.detached}, content={content!r}, "
            f"signers=[{', '.join(repr(s) for s in self.signers)}])"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (without the content bytes)."""
        return {
            "valid": self.valid,
            "detached": self.detached,
            "content_length": len(self.content) if self.content is not None else None,
            "signers": [s.to_dict() for s in self.signers],
        }


@attrs.frozen
class _Parsed:
    content_type: str
    content: bytes | None
    certificates: tuple[bytes, ...]
    signer_infos: tuple[Any, ...]


def _has_signed_attrs(si: Any) -> bool:
    from asn1crypto import core

    return not isinstance(si["signed_attrs"], core.Void)


def _corrupt(reason: str) -> SignatureError:
    return SignatureError("cms.corrupt", reason=reason)


def _parse(data: bytes) -> _Parsed:
    from asn1crypto import cms as acms
    from asn1crypto import tsp  # noqa: F401  (registers the signingCertificate attributes)

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise _corrupt("not bytes")
    data = bytes(data)
    if len(data) > MAX_CMS:
        raise _corrupt("too large")
    if len(data) < 2 or data[0] != 0x30:
        raise _corrupt("not a DER SEQUENCE")
    try:
        info = acms.ContentInfo.load(data, strict=True)
        if info["content_type"].dotted != OID_SIGNED_DATA:
            raise _corrupt("not SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        content_type = encap["content_type"].dotted
        econtent = encap["content"]
        content: bytes | None = None
        if econtent.native is not None:
            raw = econtent.native
            content = raw if isinstance(raw, bytes) else econtent.contents
        certs: list[bytes] = []
        for choice in signed["certificates"] or ():
            if choice.name == "certificate":
                certs.append(choice.chosen.dump())
        infos = tuple(signed["signer_infos"])
        for si in infos:
            # touch every field now, so malformed input fails here with cms.corrupt
            _ = si["version"].native, si["sid"].native, si["signature"].native
            _ = si["digest_algorithm"]["algorithm"].dotted, si["signature_algorithm"]["algorithm"].dotted
            if _has_signed_attrs(si):
                _ = si["signed_attrs"].contents
    except SignatureError:
        raise
    except Exception as exc:  # asn1crypto raises many types on hostile input; all mean "corrupt"
        raise _corrupt(type(exc).__name__) from exc
    return _Parsed(content_type, content, tuple(certs), infos)


def _sid_matches(si: Any, cert_der: bytes) -> bool:
    from asn1crypto import x509

    sid = si["sid"]
    if sid.name == "issuer_and_serial_number":
        issuer_raw, serial = issuer_and_serial(cert_der)
        if serial != sid.chosen["serial_number"].native:
            return False
        return bool(x509.Name.load(issuer_raw) == sid.chosen["issuer"])
    cert = x509.Certificate.load(cert_der)
    return bool(cert.key_identifier == sid.chosen.native)


def _name_text(name: Any) -> str:
    """A distinguished name with Russian labels (``Владелец: …; СНИЛС: …``), as ``Certificate.subject.human``."""
    from egisz_sdk.signature._names import Name

    try:
        return Name._from_asn1(name).human
    except Exception:  # a name we cannot render our way is shown as asn1crypto does
        return str(name.human_friendly)


def _sid_text(si: Any) -> str:
    sid = si["sid"]
    if sid.name == "issuer_and_serial_number":
        return f"{_name_text(sid.chosen['issuer'])} / serial {sid.chosen['serial_number'].native:x}"
    return f"key id {sid.chosen.native.hex()}"


def _subject_text(cert_der: bytes) -> str | None:
    from asn1crypto import x509

    try:
        return _name_text(x509.Certificate.load(cert_der).subject)
    except Exception:  # a name we cannot render is not a verification failure
        return None


def _find_certificate(si: Any, candidates: Iterable[bytes]) -> bytes | None:
    for cert in candidates:
        try:
            if _sid_matches(si, cert):
                return cert
        except (SignatureError, ValueError, TypeError, KeyError):
            continue
    return None


@attrs.define
class _Attrs:
    content_type: str | None = None
    message_digest: bytes | None = None
    signing_time: dt.datetime | None = None
    cert_ids: list[tuple[str, bytes]] = attrs.Factory(list)
    problems: list[tuple[str, str]] = attrs.Factory(list)


def _read_attributes(si: Any) -> _Attrs:
    found = _Attrs()
    seen: set[str] = set()
    for attr in si["signed_attrs"]:
        oid = attr["type"].dotted
        values = attr["values"]
        if oid in seen and oid in (OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_TIME):
            found.problems.append((oid, "duplicated"))
            continue
        seen.add(oid)
        if oid in (OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_TIME) and len(values) != 1:
            found.problems.append((oid, "must have exactly one value"))
            continue
        if oid == OID_CONTENT_TYPE:
            found.content_type = values[0].dotted
        elif oid == OID_MESSAGE_DIGEST:
            found.message_digest = values[0].native
        elif oid == OID_SIGNING_TIME:
            found.signing_time = values[0].native
        elif oid in (OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_CERTIFICATE):
            for value in values:
                for cert_id in value["certs"]:
                    if oid == OID_SIGNING_CERTIFICATE:
                        found.cert_ids.append(("sha1", cert_id["cert_hash"].native))
                        continue
                    alg = cert_id["hash_algorithm"]["algorithm"].dotted
                    found.cert_ids.append((HASH_BY_OID.get(alg, alg), cert_id["cert_hash"].native))
    return found


_ATTR_NAMES = {
    OID_CONTENT_TYPE: "contentType",
    OID_MESSAGE_DIGEST: "messageDigest",
    OID_SIGNING_TIME: "signingTime",
}


def _signed_attrs_bytes(si: Any) -> bytes:
    """The original signed-attribute bytes with the SET tag (``31``), as they were signed."""
    return der_tlv(0x31, si["signed_attrs"].contents)


def _check_policy(
    cert_der: bytes,
    trust_anchors: Iterable[Any],
    intermediates: Iterable[Any],
    crls: Iterable[Any],
    at: dt.datetime | None,
) -> SignatureError | None:
    from egisz_sdk.signature import policy

    try:
        policy.verify_certificate(
            cert_der, trust_anchors=tuple(trust_anchors), intermediates=tuple(intermediates), crls=tuple(crls), at=at
        )
    except EgiszError as exc:
        return SignatureError("cms.certificate_rejected", signer=_subject_text(cert_der) or "?", reason=exc.code)
    return None


def _verify_signer(
    si: Any,
    parsed: _Parsed,
    content: bytes,
    candidates: list[bytes],
    policy_args: tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...], dt.datetime | None] | None,
) -> SignerReport:
    errors: list[SignatureError] = []
    checks: dict[str, bool | None] = {
        "message_digest": None,
        "signing_certificate": None,
        "signature": None,
        "certificate": None,
    }
    digest_oid = si["digest_algorithm"]["algorithm"].dotted
    sig_oid = si["signature_algorithm"]["algorithm"].dotted
    digest_name = HASH_BY_OID.get(digest_oid, digest_oid)
    cert_der = _find_certificate(si, candidates)
    name = (_subject_text(cert_der) if cert_der else None) or _sid_text(si)
    has_attrs = _has_signed_attrs(si)

    def report(key_algorithm: str = "", signing_time: dt.datetime | None = None) -> SignerReport:
        return SignerReport(
            signer=name,
            certificate_der=cert_der,
            signing_time=signing_time,
            digest_algorithm=digest_name,
            key_algorithm=key_algorithm,
            signature_algorithm_oid=sig_oid,
            has_signed_attributes=has_attrs,
            checks=checks,
            errors=tuple(errors),
        )

    if cert_der is None:
        errors.append(SignatureError("cms.signer_not_found", signer=name))
        return report()
    try:
        key = public_key_of(cert_der)
    except SignatureError as exc:
        errors.append(exc)
        return report()
    if digest_oid not in HASH_BY_OID:
        errors.append(SignatureError("cms.unsupported_algorithm", algorithm=digest_oid))
        return report(key.scheme)
    sig_alg = SIGNATURE_OIDS.get(sig_oid)
    if sig_alg is None or sig_alg[0] != key.scheme:
        errors.append(SignatureError("cms.unsupported_algorithm", algorithm=f"{sig_oid} for {key.scheme} key"))
        return report(key.scheme)

    signing_time: dt.datetime | None = None
    if has_attrs:
        try:
            found = _read_attributes(si)
        except Exception as exc:  # malformed attribute values from hostile input
            errors.append(SignatureError("cms.attribute_invalid", attribute="signedAttrs", reason=type(exc).__name__))
            return report(key.scheme)
        signing_time = found.signing_time
        for oid, problem in found.problems:
            errors.append(SignatureError("cms.attribute_invalid", attribute=_ATTR_NAMES.get(oid, oid), reason=problem))
        if found.content_type is None or found.message_digest is None:
            missing = "contentType" if found.content_type is None else "messageDigest"
            errors.append(SignatureError("cms.attribute_invalid", attribute=missing, reason="missing"))
        elif found.content_type != parsed.content_type:
            errors.append(SignatureError("cms.attribute_invalid", attribute="contentType", reason="differs"))
        if found.message_digest is not None:
            ok = hash_data(digest_name, content) == found.message_digest
            checks["message_digest"] = ok
            if not ok:
                errors.append(SignatureError("cms.digest_mismatch", signer=name))
        if found.cert_ids:
            matches = []
            for hash_name, value in found.cert_ids:
                try:
                    matches.append(hash_data(hash_name, cert_der) == value)
                except SignatureError:
                    matches.append(False)
            ok = any(matches)
            checks["signing_certificate"] = ok
            if not ok:
                errors.append(SignatureError("cms.certificate_mismatch", signer=name))
        signed_bytes = _signed_attrs_bytes(si)
    else:
        signed_bytes = content
    try:
        ok = key.is_valid(signed_bytes, si["signature"].native, digest_name)
    except SignatureError as exc:
        errors.append(exc)
        return report(key.scheme, signing_time)
    checks["signature"] = ok
    if not ok:
        errors.append(SignatureError("cms.signature_mismatch", signer=name))
    if policy_args is not None:
        rejection = _check_policy(cert_der, *policy_args)
        checks["certificate"] = rejection is None
        if rejection is not None:
            errors.append(rejection)
    return report(key.scheme, signing_time)


def trust_required(anchors: tuple[Any, ...], insecure_skip_chain_check: bool) -> None:
    """Refuse a verification without trust anchors unless the caller opted out explicitly."""
    if not anchors and not insecure_skip_chain_check:
        raise ConfigurationError("signature.trust_anchors_required", field="trust_anchors")


def verify_cms(
    cms: bytes,
    content: bytes | None = None,
    *,
    trust_anchors: Iterable[Any] = (),
    intermediates: Iterable[Any] = (),
    crls: Iterable[Any] = (),
    at: dt.datetime | None = None,
    certificates: Iterable[Any] = (),
    strict: bool = True,
    insecure_skip_chain_check: bool = False,
) -> CmsReport:
    """Verify every signature of a CMS SignedData (DER or BER) and every signer certificate's chain.

    Fail closed: each signer certificate must chain to one of ``trust_anchors`` (through
    :func:`egisz_sdk.signature.policy.verify_certificate`); without trust anchors the call is refused
    (``signature.trust_anchors_required``) unless ``insecure_skip_chain_check=True`` says, explicitly, that
    only the signatures are to be checked (then anyone's self-made certificate passes).

    Args:
        cms: the ``ContentInfo`` bytes.
        content: the signed content for a detached signature (for an attached one it must equal the
            embedded content if given).
        trust_anchors: trusted root certificates for the signer certificates' chains (required).
        intermediates: untrusted certificates that may complete a chain (the certificates carried in the CMS
            are used for that too).
        crls: revocation lists to check the signer certificates against.
        at: the instant the certificates must be valid at (default: now).
        certificates: extra certificates to look the signers up in (when the CMS carries none).
        strict: raise the first failure (default); with ``False`` return the report with the failures.
        insecure_skip_chain_check: skip the certificate policy entirely (no chain, validity or revocation
            check of the signers). Only for a caller that checks the signer certificate itself.

    Raises:
        ConfigurationError: ``signature.trust_anchors_required`` (no anchors and no explicit opt-out).
        SignatureError: ``cms.corrupt`` (unparseable, truncated, not SignedData), ``cms.no_signers``,
            ``cms.content_missing`` (always raised: nothing can be checked); in strict mode also
            ``cms.digest_mismatch``, ``cms.signature_mismatch``, ``cms.signer_not_found``,
            ``cms.unsupported_algorithm``, ``cms.attribute_invalid``, ``cms.certificate_mismatch``,
            ``cms.certificate_rejected``.
    """
    anchors = tuple(trust_anchors)
    trust_required(anchors, insecure_skip_chain_check)
    parsed = _parse(cms)
    if not parsed.signer_infos:
        raise SignatureError("cms.no_signers")
    if parsed.content is not None and content is not None and bytes(content) != parsed.content:
        raise SignatureError("cms.digest_mismatch", signer=_sid_text(parsed.signer_infos[0]))
    data = parsed.content if parsed.content is not None else content
    if data is None:
        raise SignatureError("cms.content_missing")
    data = bytes(data)
    extra = [certificate_der(c) for c in (*certificates, *intermediates)]
    # Certificates the CMS carries may complete the chain (they are untrusted: only the anchors are trusted).
    pool = (*intermediates, *parsed.certificates)
    policy_args = None if insecure_skip_chain_check else (anchors, pool, tuple(crls), at)
    candidates = [*parsed.certificates, *extra]
    signers: list[SignerReport] = []
    for si in parsed.signer_infos:
        try:
            one = _verify_signer(si, parsed, data, candidates, policy_args)
        except EgiszError:
            raise
        except Exception as exc:  # lazily parsed parts of hostile input fail here: still a corrupt structure
            raise _corrupt(type(exc).__name__) from exc
        signers.append(one)
    result = CmsReport(detached=parsed.content is None, content=parsed.content, signers=tuple(signers))
    if strict and not result.valid:
        raise result.errors[0]
    return result
