"""CMS SignedData: CAdES-BES signing, co-signing and verification (GOST R 34.10-2012, RSA, ECDSA).

Signing writes the DER by hand (:mod:`._der`) so the bytes that are signed are exactly the bytes that
are embedded: the signed attributes are sorted once, signed as a ``SET`` (tag ``31``) and stored with the
``[0]`` tag (``A0``) inside the SignerInfo.

Verification (:func:`verify_cms`, :class:`CmsReport`) lives in :mod:`._cms_verify` and is re-exported here;
it accepts BER and checks each signer certificate's chain against trust anchors (fail closed).

Both signatureAlgorithm conventions are accepted for GOST: the key OID ``1.2.643.7.1.1.1.1`` (OpenSSL) and
the signature OID ``1.2.643.7.1.1.3.2`` (CryptoPro, RFC 9215).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from egisz_sdk.errors import EgiszError, SignatureError
from egisz_sdk.signature._algorithms import (
    ALG_ECDSA,
    ALG_GOST256,
    ALG_GOST512,
    ALG_RSA,
    HASH_OIDS,
    certificate_der,
    hash_data,
    issuer_and_serial,
)
from egisz_sdk.signature._cms_verify import (
    OID_CONTENT_TYPE,
    OID_DATA,
    OID_MESSAGE_DIGEST,
    OID_SIGNED_DATA,
    OID_SIGNING_CERTIFICATE_V2,
    OID_SIGNING_TIME,
    CmsReport,
    SignerReport,
    trust_required,
    verify_cms,
)
from egisz_sdk.signature._der import (
    DerError,
    children,
    der_explicit,
    der_integer,
    der_null,
    der_octets,
    der_oid,
    der_seq,
    der_set,
    der_time,
    read_single,
)
from egisz_sdk.signature.signers._protocol import Signer, VerifiedSigner, verified

__all__ = ["CmsReport", "SignerReport", "cosign_cms", "sign_cms", "verify_cms"]

_SIG_ALG_DER: dict[str, bytes] = {
    ALG_GOST256: der_seq(der_oid("1.2.643.7.1.1.1.1"), der_null()),
    ALG_GOST512: der_seq(der_oid("1.2.643.7.1.1.1.2"), der_null()),
    ALG_RSA: der_seq(der_oid("1.2.840.113549.1.1.1"), der_null()),
    ALG_ECDSA: der_seq(der_oid("1.2.840.10045.4.3.2")),
}


def _digest_alg_der(hash_name: str) -> bytes:
    oid = der_oid(HASH_OIDS[hash_name])
    # OpenSSL and the TC26 examples write NULL parameters for Streebog; RFC 5754 omits them for SHA-2.
    return der_seq(oid, der_null()) if hash_name.startswith("streebog") else der_seq(oid)


def _attribute(oid: str, value: bytes) -> bytes:
    return der_seq(der_oid(oid), der_set(value))


def _signing_certificate_v2(cert_der: bytes, gost: bool) -> bytes:
    ess_hash = "streebog256" if gost else "sha256"
    issuer, serial = issuer_and_serial(cert_der)
    issuer_serial = der_seq(der_seq(der_explicit(4, issuer)), der_integer(serial))
    # hashAlgorithm is written explicitly even for SHA-256 (its DEFAULT): verifiers in the wild expect it.
    ess_cert_id = der_seq(
        der_seq(der_oid(HASH_OIDS[ess_hash])), der_octets(hash_data(ess_hash, cert_der)), issuer_serial
    )
    return der_seq(der_seq(ess_cert_id))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _signer_info(data: bytes, signer: VerifiedSigner, signing_time: dt.datetime | None) -> tuple[bytes, str, bytes]:
    """Build one SignerInfo; returns it, its digest name and the signer certificate DER."""
    key = signer.key
    cert_der = certificate_der(signer.certificate)
    hash_name = key.default_digest
    gost = key.scheme in (ALG_GOST256, ALG_GOST512)
    when = signing_time or _now()
    if when.tzinfo is None:
        raise SignatureError("cms.attribute_invalid", attribute="signingTime", reason="naive datetime")
    signed_attrs = der_set(
        _attribute(OID_CONTENT_TYPE, der_oid(OID_DATA)),
        _attribute(OID_SIGNING_TIME, der_time(when)),
        _attribute(OID_MESSAGE_DIGEST, der_octets(hash_data(hash_name, data))),
        _attribute(OID_SIGNING_CERTIFICATE_V2, _signing_certificate_v2(cert_der, gost)),
    )
    signature = signer.sign(signed_attrs)
    issuer, serial = issuer_and_serial(cert_der)
    info = der_seq(
        der_integer(1),
        der_seq(issuer, der_integer(serial)),
        _digest_alg_der(hash_name),
        b"\xa0" + signed_attrs[1:],
        _SIG_ALG_DER[key.scheme],
        der_octets(signature),
    )
    return info, hash_name, cert_der


def _signed_data(
    digest_algs: Iterable[bytes],
    content: bytes | None,
    certificates: Iterable[bytes],
    signer_infos: Iterable[bytes],
    version: bytes = b"\x02\x01\x01",
) -> bytes:
    encap = (
        der_seq(der_oid(OID_DATA), der_explicit(0, der_octets(content)))
        if content is not None
        else der_seq(der_oid(OID_DATA))
    )
    certs = list(dict.fromkeys(certificates))
    parts = [version, der_set(*dict.fromkeys(digest_algs)), encap]
    if certs:
        parts.append(b"\xa0" + der_set(*certs)[1:])
    parts.append(der_set(*signer_infos))
    return der_seq(der_oid(OID_SIGNED_DATA), der_explicit(0, der_seq(*parts)))


def _chain(signer: Signer) -> list[bytes]:
    inner = signer.inner if isinstance(signer, VerifiedSigner) else signer
    chain = getattr(inner, "chain", None) or ()
    return [certificate_der(c) for c in chain]


def sign_cms(
    data: bytes,
    signer: Signer,
    *,
    detached: bool = True,
    signing_time: dt.datetime | None = None,
    include_chain: bool = True,
) -> bytes:
    """Sign ``data`` as CAdES-BES and return the DER ``ContentInfo``.

    Args:
        data: the bytes to sign.
        signer: any :class:`~egisz_sdk.signature.Signer`. A signer that builds CMS itself (``sign_cms``
            method, e.g. CryptoPro or OpenSSL) is used for that, and its output is verified here.
        detached: leave the content out (the default; ESIA and EGISZ use detached signatures).
        signing_time: the ``signingTime`` attribute (timezone-aware); now by default.
        include_chain: embed the signer certificate (and a ``chain`` of CA certificates if the signer has
            one). Without it the verifier must be given the certificate.

    Every signature a signer returns is re-verified before use (``signer.bad_output`` otherwise).
    """
    data = bytes(data)
    inner = signer.inner if isinstance(signer, VerifiedSigner) else signer
    external = getattr(inner, "sign_cms", None)
    if callable(external) and signing_time is None and include_chain:
        result = external(data, detached=detached)
        try:
            # the tool's output is checked against the signer's own certificate, so no chain is involved
            report = verify_cms(result, data if detached else None, strict=False, insecure_skip_chain_check=True)
        except EgiszError as exc:
            raise SignatureError("signer.bad_output", signer=type(inner).__name__) from exc
        own = certificate_der(inner.certificate)
        if not report.valid or not any(s.certificate_der == own for s in report.signers):
            raise SignatureError("signer.bad_output", signer=type(inner).__name__)
        return bytes(result)
    checked = verified(signer)
    info, hash_name, cert_der = _signer_info(data, checked, signing_time)
    certs = [cert_der, *_chain(checked)] if include_chain else []
    return _signed_data([_digest_alg_der(hash_name)], None if detached else data, certs, [info])


def cosign_cms(
    cms: bytes,
    data: bytes | None,
    signer: Signer,
    *,
    signing_time: dt.datetime | None = None,
    trust_anchors: Iterable[Any] = (),
    intermediates: Iterable[Any] = (),
    at: dt.datetime | None = None,
    insecure_skip_chain_check: bool = False,
) -> bytes:
    """Add a parallel signature by ``signer`` to an existing SignedData.

    ``data`` is the signed content; for an attached signature it may be ``None`` (the embedded content is
    used). The existing signatures are kept byte for byte; the new signer's certificate and digest
    algorithm are added to the sets. The existing signatures are verified first, as :func:`verify_cms`
    does: their signers must chain to ``trust_anchors`` unless ``insecure_skip_chain_check=True``.
    """
    trust_required(tuple(trust_anchors), insecure_skip_chain_check)
    try:
        top = read_single(bytes(cms))
        oid_tlv, wrapper = children(top.content)
        if oid_tlv.raw != der_oid(OID_SIGNED_DATA) or wrapper.tag != 0xA0:
            raise DerError("not SignedData")
        fields = children(read_single(wrapper.content).content)
        version, digest_set, encap = fields[0], fields[1], fields[2]
        rest = fields[3:]
        certs_field = next((f for f in rest if f.tag == 0xA0), None)
        crls_field = next((f for f in rest if f.tag == 0xA1), None)
        signer_set = rest[-1]
        if signer_set.tag != 0x31 or crls_field is not None:
            raise DerError("unexpected SignedData layout")
        encap_parts = children(encap.content)
        embedded = None
        if len(encap_parts) > 1:
            embedded = read_single(encap_parts[1].content)
            if embedded.tag != 0x04:
                raise DerError("eContent is not an OCTET STRING")
    except (DerError, ValueError, IndexError) as exc:
        raise SignatureError("cms.corrupt", reason="not a DER SignedData") from exc
    content = embedded.content if embedded is not None else data
    if content is None:
        raise SignatureError("cms.content_missing")
    if embedded is not None and data is not None and bytes(data) != embedded.content:
        raise SignatureError("cms.digest_mismatch", signer="(new)")
    verify_cms(
        cms,
        content if embedded is None else None,
        strict=True,
        trust_anchors=trust_anchors,
        intermediates=intermediates,
        at=at,
        insecure_skip_chain_check=insecure_skip_chain_check,
    )
    checked = verified(signer)
    info, hash_name, cert_der = _signer_info(content, checked, signing_time)
    digest_algs = [t.raw for t in children(digest_set.content)] + [_digest_alg_der(hash_name)]
    certs = [t.raw for t in children(certs_field.content)] if certs_field is not None else []
    certs += [cert_der, *_chain(checked)]
    infos = [t.raw for t in children(signer_set.content)] + [info]
    return _signed_data(digest_algs, embedded.content if embedded is not None else None, certs, infos, version.raw)
