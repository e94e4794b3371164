"""GOST R 34.10 parameter sets (elliptic curves): every TC26 and CryptoPro set, by name, alias or OID.

==========================================  ======================  ======================================
name                                        OID                     aliases
==========================================  ======================  ======================================
id-GostR3410-2001-TestParamSet              1.2.643.2.2.35.0        CryptoPro-Test, test-256
id-GostR3410-2001-CryptoPro-A-ParamSet      1.2.643.2.2.35.1        CryptoPro-A  (= tc26-256-B, XchA)
id-GostR3410-2001-CryptoPro-B-ParamSet      1.2.643.2.2.35.2        CryptoPro-B  (= tc26-256-C)
id-GostR3410-2001-CryptoPro-C-ParamSet      1.2.643.2.2.35.3        CryptoPro-C  (= tc26-256-D, XchB)
id-GostR3410-2001-CryptoPro-XchA-ParamSet   1.2.643.2.2.36.0        CryptoPro-XchA, XchA, XA
id-GostR3410-2001-CryptoPro-XchB-ParamSet   1.2.643.2.2.36.1        CryptoPro-XchB, XchB, XB
id-tc26-gost-3410-2012-256-paramSetA        1.2.643.7.1.2.1.1.1     tc26-256-A, TCA (twisted Edwards)
id-tc26-gost-3410-2012-256-paramSetB … D    1.2.643.7.1.2.1.1.2 … 4 tc26-256-B … D, TCB … TCD
id-tc26-gost-3410-2012-512-paramSetTest     1.2.643.7.1.2.1.2.0     tc26-512-test, test-512
id-tc26-gost-3410-2012-512-paramSetA … C    1.2.643.7.1.2.1.2.1 … 3 tc26-512-A … C (C: twisted Edwards)
==========================================  ======================  ======================================

The twisted-Edwards curves (TC26 256-A and 512-C, cofactor 4) are used in their short-Weierstrass form,
which RFC 7836 gives alongside. Sets that share a curve (CryptoPro-A = XchA = tc26-256-B …) are distinct
:class:`Curve` objects (their OIDs differ) with equal arithmetic; they share one precomputed table.

>>> get("TCA").oid
'1.2.643.7.1.2.1.1.1'
>>> get("1.2.643.2.2.35.1").name
'id-GostR3410-2001-CryptoPro-A-ParamSet'
"""

from __future__ import annotations

from typing import Final

import attrs

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost._curve_data import CURVE_ROWS

__all__ = ["ALL", "DIGEST_OID_256", "DIGEST_OID_512", "Curve", "get"]

#: Streebog-256 and Streebog-512 (GOST R 34.11-2012) algorithm OIDs.
DIGEST_OID_256: Final = "1.2.643.7.1.1.2.2"
DIGEST_OID_512: Final = "1.2.643.7.1.1.2.3"


@attrs.frozen(repr=False)
class Curve:
    """One GOST R 34.10 parameter set: the curve ``y² = x³ + a·x + b (mod p)`` and base point ``(x, y)``.

    Attributes:
        name: the ASN.1 name of the set, e.g. ``"id-tc26-gost-3410-2012-256-paramSetA"``.
        oid: its object identifier, e.g. ``"1.2.643.7.1.2.1.1.1"``.
        aliases: other accepted names (``"tc26-256-A"``, ``"TCA"``, ``"CryptoPro-A"`` …).
        p: the field prime.
        q: the prime order of the base point (the subgroup order).
        a: curve coefficient ``a``.
        b: curve coefficient ``b``.
        x: base point abscissa.
        y: base point ordinate.
        cofactor: curve order divided by ``q`` (1, or 4 for the twisted-Edwards sets).
        size: coordinate, key and digest size in bytes: 32 for GOST-256, 64 for GOST-512.
        digest_oid: the Streebog of the same size (``1.2.643.7.1.1.2.2`` or ``.3``).
    """

    name: str
    oid: str
    aliases: tuple[str, ...]
    p: int
    q: int
    a: int
    b: int
    x: int
    y: int
    cofactor: int
    size: int
    digest_oid: str

    @property
    def bits(self) -> int:
        """256 or 512."""
        return self.size * 8

    @property
    def digest_name(self) -> str:
        """``"streebog256"`` or ``"streebog512"``: the hash signed with this curve."""
        return f"streebog{self.bits}"

    @property
    def public_key_oid(self) -> str:
        """The SubjectPublicKeyInfo algorithm: GOST R 34.10-2012 with 256- or 512-bit key."""
        return "1.2.643.7.1.1.1.1" if self.size == 32 else "1.2.643.7.1.1.1.2"

    @property
    def signature_oid(self) -> str:
        """The signature algorithm: GOST R 34.10-2012 with Streebog-256 or -512."""
        return "1.2.643.7.1.1.3.2" if self.size == 32 else "1.2.643.7.1.1.3.3"

    def __repr__(self) -> str:
        return f"Curve({self.name!r}, oid={self.oid!r})"


def _build() -> tuple[Curve, ...]:
    out = []
    for name, oid, aliases, p, a, b, q, x, y, cofactor, size in CURVE_ROWS:
        digest = DIGEST_OID_256 if size == 32 else DIGEST_OID_512
        out.append(Curve(name, oid, aliases, p, q, a, b, x, y, cofactor, size, digest))
    return tuple(out)


#: Every parameter set, CryptoPro first, then TC26 256-bit, then TC26 512-bit.
ALL: Final[tuple[Curve, ...]] = _build()

_INDEX: Final[dict[str, Curve]] = {
    key.casefold(): curve for curve in ALL for key in (curve.name, curve.oid, *curve.aliases)
}


def get(name_or_oid: str | Curve) -> Curve:
    """The parameter set called ``name_or_oid`` (name or alias, any case; or dotted OID).

    A :class:`Curve` is returned unchanged. Unknown names raise :class:`~egisz_sdk.errors.SignatureError`
    with code ``gost.curve.unknown``.
    """
    if isinstance(name_or_oid, Curve):
        return name_or_oid
    if isinstance(name_or_oid, str):
        found = _INDEX.get(name_or_oid.strip().casefold())
        if found is not None:
            return found
    raise SignatureError("gost.curve.unknown", field="curve", value=name_or_oid)
