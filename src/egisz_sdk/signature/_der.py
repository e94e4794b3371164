"""A minimal DER writer and a strict TLV reader used by the CMS, certificate and signer code.

Writing DER by hand (rather than through asn1crypto) keeps full control over the bytes that get signed:
SET OF is sorted once, here, and the same bytes are embedded and signed. The reader only splits TLVs; it
raises :class:`DerError` on anything malformed (truncated, over-long lengths, indefinite lengths) and
never allocates more than the input size, so hostile inputs cannot make it slow or hungry.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

__all__ = [
    "DerError",
    "Tlv",
    "children",
    "der_bitstring",
    "der_explicit",
    "der_integer",
    "der_null",
    "der_octets",
    "der_oid",
    "der_seq",
    "der_set",
    "der_time",
    "der_tlv",
    "oid_to_str",
    "read_single",
    "read_tlv",
]


class DerError(ValueError):
    """Malformed DER (internal; callers translate it into a catalogued SDK error)."""


class Tlv(NamedTuple):
    """One decoded TLV: tag byte, full encoding and the content bytes."""

    tag: int
    raw: bytes
    content: bytes


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der_tlv(tag: int, content: bytes) -> bytes:
    """Encode one TLV with a single-byte tag."""
    return bytes([tag]) + _length(len(content)) + content


def der_seq(*items: bytes) -> bytes:
    """SEQUENCE of already encoded items."""
    return der_tlv(0x30, b"".join(items))


def der_set(*items: bytes) -> bytes:
    """SET OF, sorted by encoding as DER requires."""
    return der_tlv(0x31, b"".join(sorted(items)))


def der_integer(value: int) -> bytes:
    """INTEGER (two's complement, minimal length)."""
    length = (value.bit_length() + 8) // 8 if value >= 0 else ((-value - 1).bit_length() + 8) // 8
    return der_tlv(0x02, value.to_bytes(max(length, 1), "big", signed=True))


def der_octets(value: bytes) -> bytes:
    """OCTET STRING."""
    return der_tlv(0x04, value)


def der_bitstring(value: bytes) -> bytes:
    """BIT STRING with no unused bits."""
    return der_tlv(0x03, b"\x00" + value)


def der_null() -> bytes:
    """NULL."""
    return b"\x05\x00"


def der_oid(dotted: str) -> bytes:
    """OBJECT IDENTIFIER from its dotted form."""
    arcs = [int(part) for part in dotted.split(".")]
    out = bytearray([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out.extend(reversed(chunk))
    return der_tlv(0x06, bytes(out))


def der_explicit(number: int, inner: bytes) -> bytes:
    """Context-specific constructed [number] EXPLICIT wrapper."""
    return der_tlv(0xA0 | number, inner)


def der_time(when: dt.datetime) -> bytes:
    """UTCTime for years 1950–2049, GeneralizedTime otherwise (RFC 5280 rule, used by CMS signingTime)."""
    if when.tzinfo is None:
        raise DerError("naive datetime")
    when = when.astimezone(dt.timezone.utc).replace(microsecond=0)
    if 1950 <= when.year < 2050:
        return der_tlv(0x17, when.strftime("%y%m%d%H%M%SZ").encode("ascii"))
    return der_tlv(0x18, when.strftime("%Y%m%d%H%M%SZ").encode("ascii"))


def read_tlv(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """Read one TLV at ``offset``; returns it and the offset after it."""
    end = len(data)
    if offset + 2 > end:
        raise DerError("truncated header")
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used here")
    first = data[offset + 1]
    pos = offset + 2
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise DerError("indefinite length")
    else:
        count = first & 0x7F
        if count > 4 or pos + count > end:
            raise DerError("bad length field")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > end:
        raise DerError("truncated value")
    return Tlv(tag, bytes(data[offset : pos + length]), bytes(data[pos : pos + length])), pos + length


def read_single(data: bytes) -> Tlv:
    """Read exactly one TLV spanning all of ``data``."""
    tlv, pos = read_tlv(data)
    if pos != len(data):
        raise DerError("trailing bytes")
    return tlv


def children(content: bytes) -> list[Tlv]:
    """Split the content of a constructed value into its TLVs."""
    items: list[Tlv] = []
    pos = 0
    while pos < len(content):
        tlv, pos = read_tlv(content, pos)
        items.append(tlv)
    return items


def oid_to_str(content: bytes) -> str:
    """Dotted form of an OBJECT IDENTIFIER's content bytes."""
    if not content or content[-1] & 0x80:
        raise DerError("bad OID")
    arcs: list[int] = []
    value = 0
    for byte in content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = arcs[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(a) for a in head + arcs[1:])
