"""Every GOST R 34.10 parameter set is checked from first principles, and the name/alias/OID lookup.

The constants were typed from RFC 4357 / RFC 7836 / RFC 7091; these tests prove them: p and q prime
(Miller–Rabin), the base point on the curve, q·G = O, the cofactor consistent with random points and with
Hasse's bound. The cross-check against OpenSSL's gost-engine is in test_gost3410.py.
"""

from __future__ import annotations

import doctest
import random

import pytest

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _ec, curves
from egisz_sdk.signature.gost.curves import ALL, Curve, get

RNG = random.Random(20260413)


def is_probable_prime(n: int, rounds: int = 24) -> bool:
    """Miller–Rabin with random bases (error below 4^-rounds)."""
    if n < 2:
        return False
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        x = pow(RNG.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def sqrt_mod(a: int, p: int) -> int | None:
    """Tonelli–Shanks square root modulo an odd prime, or None for a non-residue."""
    a %= p
    if a == 0:
        return 0
    if pow(a, (p - 1) // 2, p) != 1:
        return None
    if p % 4 == 3:
        return pow(a, (p + 1) // 4, p)
    q, s = p - 1, 0
    while q % 2 == 0:
        q //= 2
        s += 1
    z = 2
    while pow(z, (p - 1) // 2, p) != p - 1:
        z += 1
    m, c, t, r = s, pow(z, q, p), pow(a, q, p), pow(a, (q + 1) // 2, p)
    while t != 1:
        i, t2 = 0, t
        while t2 != 1:
            t2 = t2 * t2 % p
            i += 1
        b = pow(c, 1 << (m - i - 1), p)
        m, c, t, r = i, b * b % p, t * b * b % p, r * b % p
    return r


def random_point(curve: Curve) -> tuple[int, int]:
    while True:
        x = RNG.randrange(curve.p)
        y = sqrt_mod(x * x * x + curve.a * x + curve.b, curve.p)
        if y is not None:
            return x, y


def grp(curve: Curve) -> _ec.Group:
    return _ec.group(curve.p, curve.a, curve.b, curve.q, curve.x, curve.y)


# Distinct curves (aliased sets share arithmetic): enough for the expensive checks.
DISTINCT = list({(c.p, c.a, c.b, c.x, c.y): c for c in ALL}.values())


def test_all_sets_present() -> None:
    oids = {c.oid for c in ALL}
    assert oids == {
        *(f"1.2.643.2.2.35.{i}" for i in range(4)),
        "1.2.643.2.2.36.0",
        "1.2.643.2.2.36.1",
        *(f"1.2.643.7.1.2.1.1.{i}" for i in range(1, 5)),
        *(f"1.2.643.7.1.2.1.2.{i}" for i in range(4)),
    }
    assert len({c.name for c in ALL}) == len(ALL) == 14
    assert len(DISTINCT) == 9


@pytest.mark.parametrize("curve", DISTINCT, ids=lambda c: c.name)
def test_domain_parameters_are_sound(curve: Curve) -> None:
    p, q, a, b = curve.p, curve.q, curve.a, curve.b
    assert is_probable_prime(p) and is_probable_prime(q)
    assert p.bit_length() in ((255, 256) if curve.size == 32 else (511, 512))
    assert (4 * a**3 + 27 * b * b) % p != 0  # non-singular
    assert _ec.is_on_curve(p, a, b, curve.x, curve.y)
    g = grp(curve)
    assert g.mul(q, (curve.x, curve.y)) is None  # q·G = O
    assert g.mul(q - 1, (curve.x, curve.y)) == (curve.x, (-curve.y) % p)
    order = curve.cofactor * q
    assert (order - (p + 1)) ** 2 <= 4 * p  # Hasse: |#E − (p + 1)| ≤ 2√p
    points = [random_point(curve) for _ in range(3)]
    for pt in points:
        assert g.mul(order, pt) is None
    if curve.cofactor > 1:
        # random points are almost never in the q-subgroup: the cofactor really is > 1
        assert any(g.mul(q, pt) is not None for pt in points)
        # and exactly `cofactor`: some random point has order cofactor·q (within 4 tries of 3 points)
        assert any(g.mul(order // 2, pt) is not None for pt in points)


def test_aliases_share_curves() -> None:
    def params(name: str) -> tuple[int, ...]:
        c = get(name)
        return (c.p, c.q, c.a, c.b, c.x, c.y)

    assert params("CryptoPro-A") == params("XchA") == params("tc26-256-B")
    assert params("CryptoPro-B") == params("tc26-256-C")
    assert params("CryptoPro-C") == params("XchB") == params("tc26-256-D")
    assert get("CryptoPro-A") != get("tc26-256-B")  # different OIDs, distinct objects
    assert get("tc26-256-A").p == get("CryptoPro-A").p
    assert get("tc26-512-A").p == get("tc26-512-C").p == 2**512 - 569


@pytest.mark.parametrize(
    ("key", "oid"),
    [
        ("TCA", "1.2.643.7.1.2.1.1.1"),
        ("tca", "1.2.643.7.1.2.1.1.1"),
        ("  tc26-256-a ", "1.2.643.7.1.2.1.1.1"),
        ("id-tc26-gost-3410-12-256-paramSetA", "1.2.643.7.1.2.1.1.1"),
        ("ID-TC26-GOST-3410-2012-512-PARAMSETC", "1.2.643.7.1.2.1.2.3"),
        ("CryptoPro-A", "1.2.643.2.2.35.1"),
        ("XA", "1.2.643.2.2.36.0"),
        ("xchb", "1.2.643.2.2.36.1"),
        ("TCD", "1.2.643.7.1.2.1.1.4"),
        ("1.2.643.2.2.35.0", "1.2.643.2.2.35.0"),
        ("tc26-512-test", "1.2.643.7.1.2.1.2.0"),
    ],
)
def test_get_by_name_alias_oid(key: str, oid: str) -> None:
    assert get(key).oid == oid


@pytest.mark.parametrize("key", ["", "A", "tc26-256-E", "1.2.643.2.2.35.9", "paramset:A"])
def test_unknown_curve(key: str) -> None:
    with pytest.raises(SignatureError) as info:
        get(key)
    assert info.value.code == "gost.curve.unknown"


def test_get_refuses_non_strings() -> None:
    with pytest.raises(SignatureError) as info:
        get(1)  # type: ignore[arg-type]
    assert info.value.code == "gost.curve.unknown"


def test_curve_attributes() -> None:
    c = get("tc26-256-A")
    assert get(c) is c
    assert (c.size, c.bits, c.cofactor, c.digest_oid, c.digest_name) == (
        32,
        256,
        4,
        "1.2.643.7.1.1.2.2",
        "streebog256",
    )
    assert (c.public_key_oid, c.signature_oid) == ("1.2.643.7.1.1.1.1", "1.2.643.7.1.1.3.2")
    c5 = get("tc26-512-B")
    assert (c5.size, c5.digest_oid, c5.digest_name, c5.public_key_oid, c5.signature_oid) == (
        64,
        "1.2.643.7.1.1.2.3",
        "streebog512",
        "1.2.643.7.1.1.1.2",
        "1.2.643.7.1.1.3.3",
    )
    assert repr(c) == "Curve('id-tc26-gost-3410-2012-256-paramSetA', oid='1.2.643.7.1.2.1.1.1')"
    assert hash(c) == hash(get("TCA"))
    for curve in ALL:
        assert curve.size == (32 if "512" not in curve.name else 64)


def test_module_doctests() -> None:
    result = doctest.testmod(curves)
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize("curve", [get("TCA"), get("CryptoPro-B"), get("tc26-512-C")], ids=lambda c: c.name)
def test_fixed_base_matches_generic_multiplication(curve: Curve) -> None:
    g = grp(curve)
    base = (curve.x, curve.y)
    edge = [1, 2, 3, curve.q - 1, curve.q - 2, curve.q // 2, (1 << (g.window * 3)) - 1, 1 << (curve.q.bit_length() - 1)]
    for k in [*edge, *(RNG.randrange(1, curve.q) for _ in range(6))]:
        assert g.mul_base(k) == g.mul(k, base), k
    assert g.mul_base(0) is None and g.mul_base(curve.q) is None
    # u1·G + u2·P with P = G covers collisions inside the combined accumulation
    assert g.mul_add_base(5, curve.q - 5, base) is None
    assert g.mul_add_base(3, 4, base) == g.mul(7, base)
    pt = g.mul(RNG.randrange(1, curve.q), base)
    assert pt is not None
    assert g.mul_add_base(0, 9, pt) == g.mul(9, pt)


def test_recoding_is_regular() -> None:
    for curve in DISTINCT:
        g = grp(curve)
        for k in [0, 1, curve.q - 1, *(RNG.randrange(curve.q) for _ in range(20))]:
            digits = g._recode(k)
            assert len(digits) == g.windows
            assert all(d % 2 == 1 and abs(d) < (1 << g.window) for d in digits)
            value = sum(d << (g.window * i) for i, d in enumerate(digits))
            assert value % curve.q == k % curve.q and value % 2 == 1


def test_arithmetic_special_cases() -> None:
    curve = get("CryptoPro-A")
    g = grp(curve)
    base = (curve.x, curve.y, 1)
    neg = (curve.x, (-curve.y) % curve.p, 1)
    assert g.add(base, neg)[2] == 0
    assert g.add(_ec.INFINITY, base) == base and g.add(base, _ec.INFINITY) == base
    assert g.to_affine(g.add(base, base)) == g.to_affine(g.double(base))
    assert g.add_affine(_ec.INFINITY, curve.x, curve.y) == base
    assert g.add_affine(base, curve.x, (-curve.y) % curve.p)[2] == 0
    assert g.to_affine(g.add_affine(base, curve.x, curve.y)) == g.mul(2, (curve.x, curve.y))
    assert g.mul(0, (curve.x, curve.y)) is None
    assert g.mul(-1, (curve.x, curve.y)) == (curve.x, (-curve.y) % curve.p)


def test_points_of_small_order() -> None:
    """On a cofactor-4 curve, multiplying a point of order 2 or 4 stays exact."""
    curve = get("tc26-256-A")
    g = grp(curve)
    for _ in range(10):
        pt = g.mul(curve.q, random_point(curve))  # lands in the small subgroup
        if pt is None:
            continue
        assert g.mul(4, pt) is None
        two = g.mul(2, pt)
        assert g.mul(3, pt) == (g.mul(1, pt) if two is None else (pt[0], (-pt[1]) % curve.p))


def _reference_mul_add(g: _ec.Group, u1: int, u2: int, pt: tuple[int, int], curve: Curve) -> tuple[int, int] | None:
    a = g.mul(u1, (curve.x, curve.y))
    b = g.mul(u2, pt)
    if a is None or b is None:
        return a or b
    return g.to_affine(g.add((*a, 1), (*b, 1)))


@pytest.mark.parametrize("curve", [get("tc26-256-A"), get("CryptoPro-C"), get("tc26-512-B")], ids=lambda c: c.name)
def test_public_key_tables_agree_with_generic_path(curve: Curve) -> None:
    """A key used twice gets a cached table; results are identical before and after."""
    g = grp(curve)
    pt = g.mul(RNG.randrange(1, curve.q), (curve.x, curve.y))
    assert pt is not None
    cases = [(RNG.randrange(curve.q), RNG.randrange(curve.q)) for _ in range(4)] + [(0, 1), (1, 0), (3, curve.q - 3)]
    for use, (u1, u2) in enumerate(cases):
        assert g.mul_add_base(u1, u2, pt) == _reference_mul_add(g, u1, u2, pt, curve), use
        assert isinstance(g._keys[pt], list) == (use >= _ec._KEY_TABLE_AFTER)
    # the generator itself as "public key": sums collide inside the table path and stay exact
    base = (curve.x, curve.y)
    for _ in range(_ec._KEY_TABLE_AFTER + 2):
        assert g.mul_add_base(5, curve.q - 5, base) is None
        assert g.mul_add_base(2, 5, base) == g.mul(7, base)


def test_points_outside_the_subgroup_get_no_table() -> None:
    curve = get("tc26-256-A")
    g = grp(curve)
    while True:
        small = g.mul(curve.q, random_point(curve))
        if small is not None:
            break
    key = g.mul(RNG.randrange(1, curve.q), (curve.x, curve.y))
    assert key is not None
    mixed = g.to_affine(g.add((*key, 1), (*small, 1)))  # order 2q or 4q
    assert mixed is not None
    for _ in range(_ec._KEY_TABLE_AFTER + 3):
        u1, u2 = RNG.randrange(curve.q), RNG.randrange(curve.q)
        assert g.mul_add_base(u1, u2, mixed) == _reference_mul_add(g, u1, u2, mixed, curve)
    assert g._keys[mixed] is None  # checked once, never given a table


def test_public_key_cache_is_bounded() -> None:
    curve = get("CryptoPro-B")
    g = grp(curve)
    first = g.mul(1, (curve.x, curve.y))
    for i in range(1, 3 * _ec._KEY_CACHE):
        pt = g.mul(i, (curve.x, curve.y))
        assert pt is not None
        g.mul_add_base(1, 1, pt)
    assert len(g._keys) == _ec._KEY_CACHE and first not in g._keys  # least recently used went first
