"""Short-Weierstrass curve arithmetic for GOST R 34.10 in pure Python (private).

Curves are ``y² = x³ + a·x + b`` over GF(p) with any ``a`` (not only ``a = −3``: the TC26 256-A and 512-C
curves and the test curves have other values). Points are kept in Jacobian coordinates ``(X, Y, Z)`` —
affine ``(X/Z², Y/Z³)`` — so that no inversion is needed until the end; ``Z = 0`` is the point at infinity.
Inversions use ``pow(x, -1, p)``; a list of points is made affine with one inversion (Montgomery's trick).

Three multiplications are offered by :class:`Group`:

* :meth:`Group.mul_base` — ``k·G`` for the base point through a precomputed fixed-base table: the scalar is
  made odd (``k`` or ``k + q``, chosen arithmetically), recoded into ``n`` signed odd digits of ``w`` bits
  (no digit is ever zero), and the result is the sum of one table point per window — ``n − 1`` mixed
  additions, no doublings, the same sequence of operations for every scalar of the curve. The table
  (odd multiples ``j·2^{wi}·G``) is built on first use and cached per curve.
* :meth:`Group.mul` — ``k·P`` for any point (width-5 wNAF, variable time: for public data only).
* :meth:`Group.mul_add_base` — ``u1·G + u2·Q`` for verification: wNAF for ``Q`` and the fixed-base table for
  ``G`` accumulated into the same Jacobian point (variable time: verification handles public data only).
  A public key used a fourth time gets a table of its own (4-bit windows, built once its order ``q`` is
  checked; the 16 most recent keys per curve are remembered), after which ``u2·Q`` costs additions only —
  about three times faster for a certificate or token issuer verified again and again.

Python integers are not constant-time; see :mod:`egisz_sdk.signature.gost.gost3410` for what that means.
"""

from __future__ import annotations

import threading
from typing import Final

__all__ = ["Affine", "Group", "Jacobian", "group", "is_on_curve"]

Affine = tuple[int, int]
Jacobian = tuple[int, int, int]

#: The point at infinity in Jacobian coordinates.
INFINITY: Final[Jacobian] = (1, 1, 0)

#: Width of the fixed-base windows, by coordinate size in bits (7: 64 points a window, 37 or 74 windows).
_BASE_WINDOW: Final = {256: 7, 512: 7}
#: Width of the wNAF used for arbitrary points.
_WNAF_WIDTH: Final = 5
#: Window of the tables built for public keys seen more than once, and how many keys keep one.
_KEY_WINDOW: Final = 4
_KEY_CACHE: Final = 16
#: Uses of a public key before it gets a table.
_KEY_TABLE_AFTER: Final = 3


def is_on_curve(p: int, a: int, b: int, x: int, y: int) -> bool:
    """True when ``0 ≤ x, y < p`` and ``(x, y)`` satisfies the curve equation."""
    return 0 <= x < p and 0 <= y < p and (y * y - (x * x + a) * x - b) % p == 0


class Group:
    """The arithmetic of one curve ``(p, a, b)`` with base point ``(x, y)`` of prime order ``q``."""

    __slots__ = ("_keys", "_lock", "_table", "a", "b", "key_windows", "p", "q", "window", "windows", "x", "y")

    def __init__(self, p: int, a: int, b: int, q: int, x: int, y: int) -> None:
        self.p = p
        # A small negative representative keeps ``a·Z⁴`` cheap for a = p − 3 (CryptoPro, TC26 512-A/B).
        self.a = a - p if a > p // 2 else a
        self.b = b
        self.q = q
        self.x = x
        self.y = y
        self.window = _BASE_WINDOW[256 if p.bit_length() <= 256 else 512]
        # k + q < 2q: that many bits, split into windows of ``window`` bits.
        self.windows = -(-(2 * q - 1).bit_length() // self.window)
        self.key_windows = -(-(2 * q - 1).bit_length() // _KEY_WINDOW)
        self._table: list[list[Affine]] | None = None
        # public key → uses so far (int), its table, or None (not of order q: never gets a table)
        self._keys: dict[Affine, int | list[list[Affine]] | None] = {}
        self._lock = threading.Lock()

    # -- elementary operations -------------------------------------------------------------------------

    def double(self, pt: Jacobian) -> Jacobian:
        """``2·P`` in Jacobian coordinates (infinity and points of order 2 give infinity)."""
        x1, y1, z1 = pt
        p = self.p
        yy = y1 * y1 % p
        zz = z1 * z1 % p
        s = 4 * x1 * yy % p
        a = self.a
        m = 3 * (x1 - zz) * (x1 + zz) % p if a == -3 else (3 * x1 * x1 + a * zz * zz) % p
        x3 = (m * m - 2 * s) % p
        return x3, (m * (s - x3) - 8 * yy * yy) % p, 2 * y1 * z1 % p

    def add(self, p1: Jacobian, p2: Jacobian) -> Jacobian:
        """``P1 + P2`` in Jacobian coordinates, every special case handled."""
        x1, y1, z1 = p1
        x2, y2, z2 = p2
        if not z1:
            return p2
        if not z2:
            return p1
        p = self.p
        z1z1 = z1 * z1 % p
        z2z2 = z2 * z2 % p
        u1 = x1 * z2z2 % p
        u2 = x2 * z1z1 % p
        s1 = y1 * z2 * z2z2 % p
        s2 = y2 * z1 * z1z1 % p
        h = (u2 - u1) % p
        r = (s2 - s1) % p
        if not h:
            return self.double(p1) if not r else INFINITY
        hh = h * h % p
        hhh = h * hh % p
        v = u1 * hh % p
        x3 = (r * r - hhh - 2 * v) % p
        return x3, (r * (v - x3) - s1 * hhh) % p, z1 * z2 * h % p

    def add_affine(self, p1: Jacobian, x2: int, y2: int) -> Jacobian:
        """``P1 + (x2, y2)`` with the second point affine (mixed addition), every special case handled."""
        x1, y1, z1 = p1
        if not z1:
            return x2, y2, 1
        p = self.p
        z1z1 = z1 * z1 % p
        h = (x2 * z1z1 - x1) % p
        r = (y2 * z1 * z1z1 - y1) % p
        if not h:
            return self.double(p1) if not r else INFINITY
        hh = h * h % p
        hhh = h * hh % p
        v = x1 * hh % p
        x3 = (r * r - hhh - 2 * v) % p
        return x3, (r * (v - x3) - y1 * hhh) % p, z1 * h % p

    def to_affine(self, pt: Jacobian) -> Affine | None:
        """The affine point, or ``None`` for infinity."""
        x, y, z = pt
        if not z:
            return None
        p = self.p
        zi = pow(z, -1, p)
        zi2 = zi * zi % p
        return x * zi2 % p, y * zi2 * zi % p

    def batch_affine(self, points: list[Jacobian]) -> list[Affine]:
        """Make finite Jacobian points affine with one inversion (Montgomery's trick)."""
        p = self.p
        prefix: list[int] = []
        acc = 1
        for _, _, z in points:
            prefix.append(acc)
            acc = acc * z % p
        inv = pow(acc, -1, p)
        out: list[Affine] = [(0, 0)] * len(points)
        for i in range(len(points) - 1, -1, -1):
            x, y, z = points[i]
            zi = inv * prefix[i] % p
            inv = inv * z % p
            zi2 = zi * zi % p
            out[i] = (x * zi2 % p, y * zi2 * zi % p)
        return out

    # -- fixed base ------------------------------------------------------------------------------------

    def _base_table(self) -> list[list[Affine]]:
        table = self._table
        if table is None:
            with self._lock:
                table = self._table
                if table is None:
                    table = self._table = self._build_table((self.x, self.y), self.window, self.windows)
        return table

    def _build_table(self, point: Affine, window: int, windows: int) -> list[list[Affine]]:
        """Odd multiples ``j·2^{window·i}·P`` (j = 1, 3 … 2^window − 1) for each window ``i``, affine.

        ``P`` must have the prime order ``q``: then no entry is infinity and no addition is exceptional.
        """
        half = 1 << (window - 1)
        flat: list[Jacobian] = []
        base: Jacobian = (point[0], point[1], 1)
        for _ in range(windows):
            two = self.to_affine(self.double(base))
            if two is None:  # pragma: no cover - impossible for a point of odd prime order
                raise ArithmeticError("point of order 2")
            cur = base
            flat.append(cur)
            for _ in range(half - 1):
                cur = self.add_affine(cur, two[0], two[1])
                flat.append(cur)
            for _ in range(window):
                base = self.double(base)
        affine = self.batch_affine(flat)
        return [affine[i * half : (i + 1) * half] for i in range(windows)]

    def _recode(self, k: int, window: int | None = None, windows: int | None = None) -> list[int]:
        """Signed odd digits of ``k`` or ``k + q`` (whichever is odd), least significant first."""
        w = self.window if window is None else window
        n = self.windows if windows is None else windows
        q = self.q
        k %= q
        k += q * (1 - (k & 1))
        mask = (1 << (w + 1)) - 1
        top = 1 << w
        digits = []
        for _ in range(n - 1):
            d = (k & mask) - top
            digits.append(d)
            k = (k - d) >> w
        digits.append(k)
        return digits

    def _add_fixed(self, acc: Jacobian, digits: list[int], table: list[list[Affine]]) -> Jacobian:
        """``acc + Σ dᵢ·2^{wi}·P`` through a fixed-point table (one mixed addition per window)."""
        p = self.p
        for row, d in zip(table, digits):
            x2, y2 = row[abs(d) >> 1]
            y2 = (y2, p - y2)[d < 0]
            x1, y1, z1 = acc
            if not z1:
                acc = (x2, y2, 1)
                continue
            z1z1 = z1 * z1 % p
            h = (x2 * z1z1 - x1) % p
            r = (y2 * z1 * z1z1 - y1) % p
            if not h:  # P = ±Q: only for scalars that make partial sums collide (never for random k)
                acc = self.double(acc) if not r else INFINITY
                continue
            hh = h * h % p
            hhh = h * hh % p
            v = x1 * hh % p
            x3 = (r * r - hhh - 2 * v) % p
            acc = (x3, (r * (v - x3) - y1 * hhh) % p, z1 * h % p)
        return acc

    def _add_base(self, acc: Jacobian, k: int) -> Jacobian:
        """``acc + k·G`` through the cached fixed-base table."""
        return self._add_fixed(acc, self._recode(k), self._base_table())

    def _key_table(self, point: Affine) -> list[list[Affine]] | None:
        """A fixed-point table for a public key used often, else ``None``.

        Verifying many signatures of one key is common (a certificate, a token issuer); a table makes
        ``z2·Q`` cost about as much as ``z1·G``. Building one costs about four cold verifications, so a
        key gets it on its use number ``_KEY_TABLE_AFTER + 1``. Only points of order ``q`` get one (checked
        once with ``q·Q = O``): the odd-scalar recoding relies on it. The most recent keys are kept.
        """
        with self._lock:
            cached = self._keys.pop(point, 0)
            if isinstance(cached, int) and cached < _KEY_TABLE_AFTER:
                self._keys[point] = cached + 1
                while len(self._keys) > _KEY_CACHE:
                    del self._keys[next(iter(self._keys))]
                return None
            self._keys[point] = cached  # most recently used goes last
        if not isinstance(cached, int):
            return cached  # a table, or None for a point outside the subgroup
        table = self._build_table(point, _KEY_WINDOW, self.key_windows) if self.mul(self.q, point) is None else None
        with self._lock:
            if point in self._keys:
                self._keys[point] = table
        return table

    def mul_base(self, k: int) -> Affine | None:
        """``k·G`` through the cached fixed-base table; ``None`` when ``k ≡ 0 (mod q)``."""
        return self.to_affine(self._add_base(INFINITY, k))

    # -- arbitrary points ------------------------------------------------------------------------------

    @staticmethod
    def _wnaf(k: int, width: int) -> list[int]:
        """Width-``width`` non-adjacent form of ``k ≥ 0``, least significant digit first."""
        digits: list[int] = []
        full = 1 << width
        half = full >> 1
        while k:
            if k & 1:
                d = k & (full - 1)
                if d >= half:
                    d -= full
                k -= d
            else:
                d = 0
            digits.append(d)
            k >>= 1
        return digits

    def _odd_multiples(self, pt: Affine, count: int) -> list[Affine]:
        """``[P, 3P, 5P, …]`` (``count`` points) in affine coordinates."""
        x, y = pt
        jac: list[Jacobian] = [(x, y, 1)]
        two = self.double((x, y, 1))
        if not two[2]:  # P has order 2: every odd multiple is P itself
            return [pt] * count
        two_aff = self.to_affine(two)
        if two_aff is None:  # pragma: no cover - excluded just above
            return [pt] * count
        cur: Jacobian = (x, y, 1)
        for _ in range(count - 1):
            cur = self.add_affine(cur, two_aff[0], two_aff[1])
            jac.append(cur)
        # No odd multiple below 2^width is infinity: GOST curves have cofactor 1 or 4, so P's order is
        # 1, 2, 4 or a multiple of the large prime q.
        return self.batch_affine(jac)

    def _add_mul(self, acc: Jacobian, k: int, pt: Affine) -> Jacobian:
        """Double-and-add ``k·P`` (wNAF) into a fresh accumulator, then add ``acc``."""
        width = _WNAF_WIDTH
        digits = self._wnaf(k, width)
        if not digits:
            return acc
        table = self._odd_multiples(pt, 1 << (width - 2))
        p = self.p
        a = self.a
        minus3 = a == -3
        top = len(digits) - 1
        x1, y1 = table[digits[top] >> 1]  # the leading wNAF digit is positive
        z1 = 1
        for i in range(top - 1, -1, -1):
            # doubling, inline
            yy = y1 * y1 % p
            zz = z1 * z1 % p
            s = 4 * x1 * yy % p
            # for a = −3: 3x² − 3z⁴ = 3(x − z²)(x + z²), one multiplication fewer
            m = 3 * (x1 - zz) * (x1 + zz) % p if minus3 else (3 * x1 * x1 + a * zz * zz) % p
            z1 = 2 * y1 * z1 % p
            x1 = (m * m - 2 * s) % p
            y1 = (m * (s - x1) - 8 * yy * yy) % p
            d = digits[i]
            if d:
                if d > 0:
                    x2, y2 = table[d >> 1]
                else:
                    x2, y2 = table[-d >> 1]
                    y2 = p - y2
                if not z1:
                    x1, y1, z1 = x2, y2, 1
                    continue
                z1z1 = z1 * z1 % p
                h = (x2 * z1z1 - x1) % p
                r = (y2 * z1 * z1z1 - y1) % p
                if not h:
                    x1, y1, z1 = self.double((x1, y1, z1)) if not r else INFINITY
                    continue
                hh = h * h % p
                hhh = h * hh % p
                v = x1 * hh % p
                x3 = (r * r - hhh - 2 * v) % p
                y1 = (r * (v - x3) - y1 * hhh) % p
                x1 = x3
                z1 = z1 * h % p
        return self.add((x1, y1, z1), acc)

    def mul(self, k: int, pt: Affine) -> Affine | None:
        """``k·P`` for any point on the curve and any ``k ≥ 0`` (variable time); ``None`` for infinity."""
        if k < 0:
            k = -k
            pt = (pt[0], (-pt[1]) % self.p)
        return self.to_affine(self._add_mul(INFINITY, k, pt))

    def mul_add_base(self, u1: int, u2: int, pt: Affine) -> Affine | None:
        """``u1·G + u2·P`` (variable time, for verification); ``None`` for infinity."""
        table = self._key_table(pt)
        if table is None:
            acc = self._add_mul(INFINITY, u2 % self.q, pt)
        else:
            acc = self._add_fixed(INFINITY, self._recode(u2, _KEY_WINDOW, self.key_windows), table)
        return self.to_affine(self._add_base(acc, u1))


_GROUPS: dict[tuple[int, int, int, int, int, int], Group] = {}
_GROUPS_LOCK: Final = threading.Lock()


def group(p: int, a: int, b: int, q: int, x: int, y: int) -> Group:
    """The shared :class:`Group` of these parameters (curves that alias each other share one table)."""
    key = (p, a, b, q, x, y)
    found = _GROUPS.get(key)
    if found is None:
        with _GROUPS_LOCK:
            found = _GROUPS.setdefault(key, Group(p, a, b, q, x, y))
    return found
