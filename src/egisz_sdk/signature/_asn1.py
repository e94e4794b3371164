"""ASN.1 glue: GOST and Russian-qualified-certificate OIDs taught to asn1crypto, and safe parsing.

asn1crypto knows nothing of GOST. :func:`ensure_registered` adds the OIDs of :mod:`._oids` to the
``_map`` dictionaries and ``_oid_specs`` of asn1crypto's classes (its documented extension points) once
per process; every module that parses calls it first. :func:`parse` turns any parsing failure of
untrusted bytes into a :class:`~egisz_sdk.errors.SignatureError` with a stable code.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import cache
from typing import Any, TypeVar, cast

from asn1crypto import algos, core, keys, x509

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import _oids

__all__ = [
    "AlgorithmIdentifier",
    "GostKeyParams",
    "IssuerSignTool",
    "NumericText",
    "SubjectPublicKeyInfo",
    "check_size",
    "dump",
    "ensure_registered",
    "parse",
    "pem",
    "pem_blocks",
    "to_der",
]

#: Refuse inputs larger than this before parsing (a certificate or key container is a few kilobytes).
MAX_INPUT = 4 * 1024 * 1024
#: Refuse PEM text with more blocks than this (a bundle of every Russian accredited CA is a few hundred).
MAX_PEM_BLOCKS = 1000


class GostKeyParams(core.Sequence):  # type: ignore[misc]
    """``GostR3410-2012-PublicKeyParameters``: parameter set, optional digest and encryption sets."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("public_key_param_set", core.ObjectIdentifier),
        ("digest_param_set", core.ObjectIdentifier, {"optional": True}),
        ("encryption_param_set", core.ObjectIdentifier, {"optional": True}),
    ]


class IssuerSignTool(core.Sequence):  # type: ignore[misc]
    """``issuerSignTool``: names of the CA's signing tool, CA tool and their certificates (four UTF8Strings)."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("sign_tool", core.UTF8String),
        ("ca_tool", core.UTF8String),
        ("sign_tool_cert", core.UTF8String),
        ("ca_tool_cert", core.UTF8String),
    ]


class NumericText(core.Choice):  # type: ignore[misc]
    """OGRN/SNILS/INN values: NumericString by the order, though some CAs wrote PrintableString or UTF8String."""

    _alternatives = [  # noqa: RUF012 - asn1crypto spec
        ("numeric_string", core.NumericString),
        ("printable_string", core.PrintableString),
        ("utf8_string", core.UTF8String),
        ("ia5_string", core.IA5String),
    ]


class AlgorithmIdentifier(core.Sequence):  # type: ignore[misc]
    """AlgorithmIdentifier with opaque parameters."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("algorithm", core.ObjectIdentifier),
        ("parameters", core.Any, {"optional": True}),
    ]


class SubjectPublicKeyInfo(core.Sequence):  # type: ignore[misc]
    """SubjectPublicKeyInfo read without asn1crypto's per-algorithm key decoding (it has none for GOST)."""

    _fields = [  # noqa: RUF012 - asn1crypto spec
        ("algorithm", AlgorithmIdentifier),
        ("public_key", core.OctetBitString),
    ]


_QUALIFIED_NAME_TYPES = {
    _oids.OGRN: "ogrn",
    _oids.SNILS: "snils",
    _oids.INNLE: "innle",
    _oids.OGRNIP: "ogrnip",
    _oids.INN: "inn",
}


_GOST_KEY_NAMES = frozenset({"gost2012_256", "gost2012_512", "gost2001"})


@cache
def ensure_registered() -> None:
    """Teach asn1crypto the GOST and qualified-certificate OIDs (idempotent, once per process)."""
    sig = algos.SignedDigestAlgorithmId._map
    sig.setdefault(_oids.SIG_GOST2012_256, "gost2012_256_streebog256")
    sig.setdefault(_oids.SIG_GOST2012_512, "gost2012_512_streebog512")
    sig.setdefault(_oids.SIG_GOST2001, "gost2001_gostr3411_94")
    # OpenSSL's CMS writes the public-key OID as the signature algorithm.
    sig.setdefault(_oids.GOST2012_256, "gost2012_256")
    sig.setdefault(_oids.GOST2012_512, "gost2012_512")
    sig.setdefault(_oids.GOST2001, "gost2001")

    digest = algos.DigestAlgorithmId._map
    digest.setdefault(_oids.STREEBOG256, "streebog256")
    digest.setdefault(_oids.STREEBOG512, "streebog512")
    digest.setdefault(_oids.GOSTR3411_94, "gostr3411_94")

    hmac = algos.HmacAlgorithmId._map
    hmac.setdefault(_oids.HMAC_STREEBOG256, "hmac_streebog256")
    hmac.setdefault(_oids.HMAC_STREEBOG512, "hmac_streebog512")

    enc = algos.EncryptionAlgorithmId._map
    enc.setdefault(_oids.GOST28147, "gost28147")
    enc.setdefault(_oids.CRYPTOPRO_PFX_PBE, "cryptopro_pfx_pbe")
    enc.setdefault(_oids.MAGMA_CTR_ACPKM, "magma_ctr_acpkm")
    enc.setdefault(_oids.MAGMA_CTR_ACPKM_OMAC, "magma_ctr_acpkm_omac")
    enc.setdefault(_oids.KUZNYECHIK_CTR_ACPKM, "kuznyechik_ctr_acpkm")
    enc.setdefault(_oids.KUZNYECHIK_CTR_ACPKM_OMAC, "kuznyechik_ctr_acpkm_omac")

    pk = keys.PublicKeyAlgorithmId._map
    pk.setdefault(_oids.GOST2012_256, "gost2012_256")
    pk.setdefault(_oids.GOST2012_512, "gost2012_512")
    pk.setdefault(_oids.GOST2001, "gost2001")
    for name in ("gost2012_256", "gost2012_512", "gost2001"):
        keys.PublicKeyAlgorithm._oid_specs.setdefault(name, GostKeyParams)
        keys.PrivateKeyAlgorithm._oid_specs.setdefault(name, GostKeyParams)

    # asn1crypto picks the public-key spec from a fixed table; GOST keys are a DER OCTET STRING in the BIT STRING.
    original = keys.PublicKeyInfo._spec_callbacks["public_key"]

    def _public_key_spec(info: keys.PublicKeyInfo) -> Any:
        if info["algorithm"]["algorithm"].native in _GOST_KEY_NAMES:
            return (core.OctetBitString, None)
        return original(info)

    keys.PublicKeyInfo._spec_callbacks = {**keys.PublicKeyInfo._spec_callbacks, "public_key": _public_key_spec}

    names = x509.NameType._map
    for oid, name in _QUALIFIED_NAME_TYPES.items():
        names.setdefault(oid, name)
        x509.NameTypeAndValue._oid_specs.setdefault(name, NumericText)
        if name not in x509.NameType.preferred_order:
            x509.NameType.preferred_order.append(name)

    ext = x509.ExtensionId._map
    ext.setdefault(_oids.SUBJECT_SIGN_TOOL, "subject_sign_tool")
    ext.setdefault(_oids.ISSUER_SIGN_TOOL, "issuer_sign_tool")
    x509.Extension._oid_specs.setdefault("subject_sign_tool", core.UTF8String)
    x509.Extension._oid_specs.setdefault("issuer_sign_tool", IssuerSignTool)

    policies = x509.PolicyIdentifier._map
    for oid, label in _oids.SIGNING_TOOL_CLASSES.items():
        policies.setdefault(oid, "signing_tool_" + {"К": "k", "С": "s", "В": "v", "А": "a"}[label[1]] + label[2])


_T = TypeVar("_T", bound=core.Asn1Value)


def check_size(data: bytes, what: str) -> bytes:
    """``data`` itself, or ``asn1.too_large`` when it exceeds :data:`MAX_INPUT` (checked before any decoding)."""
    if len(data) > MAX_INPUT:
        raise SignatureError("asn1.too_large", what=what, size=len(data), limit=MAX_INPUT)
    return data


_LABEL_RE = re.compile(rb"[A-Z0-9 ]{1,64}")
_BEGIN, _END, _DASHES = b"-----BEGIN ", b"-----END ", b"-----"


def _pem_spans(data: bytes, limit: int) -> list[tuple[bytes, bytes]]:
    """``(label, body)`` of every well-formed PEM block, in ONE forward pass (linear in the input).

    A regular expression with a back-reference rescans the rest of the input for every ``-----BEGIN`` that has no
    matching end: 72 kB of bare BEGIN lines took 30 s. Here every position is searched at most once: the next
    ``-----END`` is remembered while BEGIN lines before it are skipped.
    """
    if data.count(_BEGIN) > limit:  # counted in C: a bundle has one BEGIN line per block
        raise SignatureError("asn1.too_many_blocks", limit=limit)
    found: list[tuple[bytes, bytes]] = []
    pos, next_end = 0, -1
    while True:
        begin = data.find(_BEGIN, pos)
        if begin < 0:
            return found
        head_end = data.find(_DASHES, begin + len(_BEGIN))
        if head_end < 0:
            return found
        label = data[begin + len(_BEGIN) : head_end]
        body_start = head_end + len(_DASHES)
        if not _LABEL_RE.fullmatch(label):
            pos = begin + len(_BEGIN)
            continue
        if next_end < body_start:
            next_end = data.find(_END, body_start)
            if next_end < 0:
                return found
        inner_begin = data.find(_BEGIN, body_start, next_end)
        if inner_begin >= 0:  # this BEGIN is never closed before another one starts
            pos = inner_begin
            continue
        end_label_end = data.find(_DASHES, next_end + len(_END))
        if end_label_end < 0:
            return found
        pos = end_label_end + len(_DASHES)
        if data[next_end + len(_END) : end_label_end] == label:
            found.append((label, data[body_start:next_end].strip()))
            if len(found) > limit:
                raise SignatureError("asn1.too_many_blocks", limit=limit)


def pem_blocks(data: bytes, limit: int = MAX_PEM_BLOCKS) -> list[tuple[str, bytes]]:
    """Every PEM block in ``data`` as ``(label, der)``; an empty list when there is none.

    Linear in the input; more than ``limit`` blocks raise ``asn1.too_many_blocks`` before any block is decoded.
    """
    out: list[tuple[str, bytes]] = []
    for label_bytes, body in _pem_spans(check_size(bytes(data), "PEM"), limit):
        label = label_bytes.decode("ascii")
        lines = [line for line in body.split(b"\n") if b":" not in line]  # drop RFC 1421 headers
        try:
            out.append((label, base64.b64decode(b"".join(lines), validate=False)))
        except (binascii.Error, ValueError) as exc:
            raise SignatureError("asn1.pem", label=label) from exc
    return out


def pem(label: str, der: bytes) -> bytes:
    """``der`` as one PEM block: ``-----BEGIN <label>-----``, Base64 in lines of 64, ``-----END <label>-----``."""
    body = base64.b64encode(der)
    lines = b"\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    tag = label.encode("ascii")
    return b"-----BEGIN " + tag + b"-----\n" + lines + b"\n-----END " + tag + b"-----\n"


def to_der(data: bytes | bytearray | memoryview | str, what: str) -> bytes:
    """Return DER bytes: ``data`` itself, or the first PEM block when ``data`` is PEM."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    raw = check_size(bytes(data), what)
    if b"-----BEGIN" in raw[:4096] or raw.lstrip()[:10] == b"-----BEGIN":
        blocks = pem_blocks(raw)
        if not blocks:
            raise SignatureError("asn1.pem", label=what)
        return blocks[0][1]
    return raw


def parse(spec: type[_T], der: bytes, what: str) -> _T:
    """Parse ``der`` as ``spec`` completely (strict DER framing) or raise ``asn1.corrupt``.

    Lengths are checked against the data before anything is allocated, so a length field claiming
    gigabytes fails at once instead of allocating or hanging.
    """
    ensure_registered()
    if not der:
        raise SignatureError("asn1.corrupt", what=what, reason="empty input")
    if len(der) > MAX_INPUT:
        raise SignatureError("asn1.too_large", what=what, size=len(der), limit=MAX_INPUT)
    try:
        value = spec.load(der, strict=True)
        _force(value)
    except SignatureError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError) as exc:
        raise SignatureError("asn1.corrupt", what=what, reason=type(exc).__name__) from exc
    return cast(_T, value)


def dump(value: core.Asn1Value, what: str) -> bytes:
    """DER of a lazily parsed value (an ``Any`` field); a malformed one raises ``asn1.corrupt``."""
    try:
        return bytes(value.dump())
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise SignatureError("asn1.corrupt", what=what, reason=type(exc).__name__) from exc


def _force(value: Any, depth: int = 0) -> None:
    """Parse every nested child now, so structural errors surface inside :func:`parse`.

    ``Any`` fields stay opaque (their owner parses them with a spec later, through :func:`parse`).
    """
    if depth > 64:
        raise ValueError("nesting too deep")
    if isinstance(value, core.Any):
        return
    if isinstance(value, core.Choice):
        _force(value.chosen, depth + 1)
    elif isinstance(value, core.Sequence):
        for index in range(len(value._fields) if value._fields else 0):
            _force(value[value._fields[index][0]], depth + 1)
        if not value._fields:
            value.native  # noqa: B018 - a generic SEQUENCE: parse it whole
    elif isinstance(value, core.SequenceOf):
        for child in value:
            _force(child, depth + 1)
    elif isinstance(value, core.ParsableOctetString | core.ParsableOctetBitString):
        parsed = value.parsed
        if parsed is not None:
            _force(parsed, depth + 1)
    else:
        value.native  # noqa: B018 - decode the primitive (strings, times, integers)
