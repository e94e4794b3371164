"""The C extension's twisted-Edwards path (tc26-256-A, tc26-512-C) and its 2^(64n) − c field, against pure Python.

The Edwards form of the two sets (``_curve_data.EDWARDS_ROWS``) is checked against their Weierstrass form; then
seeded random and hand-picked cases compare the C results (which on these sets are computed in Edwards
coordinates and mapped back) with the pure-Python Weierstrass arithmetic: ``k·G``, ``u1·G + u2·Q``, signatures
with injected nonces, and verdicts on valid, tampered and out-of-range signatures — including keys ``±G``,
sums that are the neutral element, and public points outside the prime-order subgroup (where the map meets
its exceptional points: the point of order 2 ``(t, 0)`` has no affine Edwards image and goes the Weierstrass
way; ``(t, 0)`` as a *result* is the Edwards point ``(0, −1)``).
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from _support import require
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _c_ec, _ec
from egisz_sdk.signature.gost import gost3410 as g
from egisz_sdk.signature.gost._curve_data import EDWARDS_ROWS
from egisz_sdk.signature.gost.curves import ALL, Curve, get

EDWARDS = ["tc26-256-A", "tc26-512-C"]
#: sets on a prime 2^(64n) − c (the C code's direct reduction), Edwards or not (CryptoPro-A = tc26-256-B)
SPECIAL = ["tc26-256-A", "tc26-256-B", "tc26-512-A", "tc26-512-C"]

_Params = tuple[int, int, int, int, int, int, int]


def _params(c: Curve) -> _Params:
    return c.p, c.a, c.b, c.q, c.x, c.y, c.cofactor


def _native(c: Curve) -> Any:
    require(_c_ec.available(), f"the GOST C extension ({_c_ec.probe_error}; build: python setup.py build_ext -i)")
    native = _c_ec.curve(_params(c))
    assert native is not None, _c_ec.probe_error
    return native


def _group(c: Curve) -> _ec.Group:
    return _ec.group(c.p, c.a, c.b, c.q, c.x, c.y)


def _add(c: Curve, p1: tuple[int, int] | None, p2: tuple[int, int] | None) -> tuple[int, int] | None:
    """Affine Weierstrass addition (test oracle, any points of the curve)."""
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    p = c.p
    if p1[0] == p2[0]:
        if (p1[1] + p2[1]) % p == 0:
            return None
        slope = (3 * p1[0] * p1[0] + c.a) * pow(2 * p1[1], -1, p) % p
    else:
        slope = (p2[1] - p1[1]) * pow(p2[0] - p1[0], -1, p) % p
    x = (slope * slope - p1[0] - p2[0]) % p
    return x, (slope * (p1[0] - x) - p1[1]) % p


def _mul(c: Curve, k: int, point: tuple[int, int] | None) -> tuple[int, int] | None:
    """Double-and-add on any point of the curve (test oracle; the group's code assumes the subgroup)."""
    out = None
    while k:
        if k & 1:
            out = _add(c, out, point)
        point = _add(c, point, point)
        k >>= 1
    return out


def _verdicts(c: Curve, key: tuple[int, int], digest: bytes, signature: bytes) -> set[str]:
    """The outcomes of verify_digest on the C and the pure-Python backends ("ok" or the error code)."""
    verdicts = set()
    for backend in ("c", "python"):
        try:
            g.verify_digest(c, key, digest, signature, backend=backend)
            verdicts.add("ok")
        except SignatureError as exc:
            verdicts.add(exc.code)
    return verdicts


def _st(c: Curve) -> tuple[int, int, int]:
    found = _c_ec.edwards_map(_params(c))
    assert found is not None
    return found


@pytest.mark.parametrize("name", EDWARDS)
def test_edwards_form_matches_the_weierstrass_curve(name: str) -> None:
    """e = 1 and d (RFC 7836 / TC26) give this a and b; d is a non-square (complete addition); G maps onto it."""
    c = get(name)
    row = next(r for r in EDWARDS_ROWS if r[0] == c.name)
    _, p, e, d = row
    assert p == c.p and e == 1
    s, t = (e - d) * pow(4, -1, p) % p, (e + d) * pow(6, -1, p) % p
    assert (s * s - 3 * t * t) % p == c.a % p
    assert (2 * t**3 - t * s * s) % p == c.b % p
    assert pow(d, (p - 1) // 2, p) == p - 1  # non-square: the Edwards addition law has no exceptional case
    assert _c_ec.edwards_map(_params(c)) == (d % p, s, t)
    u = (c.x - t) * pow(c.y, -1, p) % p
    v = (c.x - t - s) * pow(c.x - t + s, -1, p) % p
    assert (e * u * u + v * v - 1 - d * u * u * v * v) % p == 0
    assert (t**3 + c.a * t + c.b) % p == 0  # (t, 0) is the point of order 2


def test_only_the_two_twisted_edwards_sets_compute_in_edwards_form() -> None:
    for c in ALL:
        native = _native(c)
        edwards = c.name in {get(n).name for n in EDWARDS}
        assert native.edwards == int(edwards), c.name
        assert (_c_ec.edwards_map(_params(c)) is not None) == edwards, c.name
        assert _c_ec.special_prime(c.p) == (c.p in {(1 << 256) - 617, (1 << 512) - 569}), c.name


@pytest.mark.parametrize("name", SPECIAL)
def test_seeded_random_multiplications_agree_with_python(name: str) -> None:
    c = get(name)
    _native(c)
    grp = _group(c)
    rng = random.Random(f"edwards-{name}")
    for _ in range(60 if c.size == 32 else 25):
        k = rng.randrange(1, c.q)
        assert _c_ec.mul_base(_params(c), k) == grp.mul_base(k), k
        point = grp.mul_base(rng.randrange(1, c.q))
        assert point is not None
        u1, u2 = rng.randrange(c.q), rng.randrange(c.q)
        assert _c_ec.mul_add_base(_params(c), u1, u2, point) == grp.mul_add_base(u1, u2, point), (u1, u2)


@pytest.mark.parametrize("name", SPECIAL)
def test_field_edge_values(name: str) -> None:
    """Scalars whose points have coordinates near 0 and p, and keys ±G: the reduction's carries and final step."""
    c = get(name)
    _native(c)
    grp = _group(c)
    minus_g = (c.x, (-c.y) % c.p)
    for k in [1, 2, 3, 4, c.q - 1, c.q - 2, c.q - 3, (c.q - 1) // 2, (c.q + 1) // 2]:
        assert _c_ec.mul_base(_params(c), k) == grp.mul_base(k), k
        for key in [(c.x, c.y), minus_g]:
            for u1, u2 in [(k, 0), (0, k), (k, k), (k, c.q - k), (c.q - k, k), (k, 1)]:
                want = grp.mul_add_base(u1, u2, key)
                assert _c_ec.mul_add_base(_params(c), u1, u2, key) == want, (k, u1, u2, key == minus_g)


@pytest.mark.parametrize("name", EDWARDS)
def test_points_outside_the_subgroup(name: str) -> None:
    """Keys with a component of order 2 or 4 (on the curve, not in <G>): the map's exceptional points."""
    c = get(name)
    _native(c)
    _, s, t = _st(c)
    p = c.p
    order2 = (t, 0)  # y = 0: no affine Edwards image (Weierstrass path); as a result: Edwards (0, −1)
    order4 = ((s + t) % p, s)  # Edwards (1, 0)
    assert _add(c, order2, order2) is None
    assert _mul(c, 2, order4) == order2
    g_point = (c.x, c.y)
    rng = random.Random(f"outside-{name}")
    keys = [order2, order4, _add(c, g_point, order2), _add(c, g_point, order4), _add(c, (c.x, -c.y % p), order4)]
    for key in keys:
        assert key is not None
        for _ in range(4 if c.size == 32 else 2):
            u1, u2 = rng.randrange(c.q), rng.randrange(c.q)
            for a, b in [(u1, u2), (u1, 1), (0, u2), (u1, c.q - u1), (c.q - 1, 1)]:
                want = _add(c, _mul(c, a, g_point), _mul(c, b, key))
                assert _c_ec.mul_add_base(_params(c), a, b, key) == want, (key, a, b)
    # the result is exactly the point of order 2 (Edwards (0, −1)) or the neutral element (Edwards (0, 1))
    key = _add(c, g_point, order2)
    assert _c_ec.mul_add_base(_params(c), c.q - 1, 1, key) == order2  # −G + (G + T2) = T2
    assert _c_ec.mul_add_base(_params(c), c.q - 2, 2, key) is None  # −2G + 2(G + T2) = O
    # v = ∞ (x − t + s = 0) would need a square root of its right-hand side: on these curves there is none
    x0 = (t - s) % p
    rhs = (x0**3 + c.a * x0 + c.b) % p
    assert rhs != 0 and pow(rhs, (p - 1) // 2, p) == p - 1


@pytest.mark.parametrize("name", EDWARDS)
def test_signatures_and_verdicts_agree(name: str) -> None:
    """Injected nonces give the same signature; valid, tampered and out-of-range signatures the same verdict."""
    c = get(name)
    _native(c)
    q, size = c.q, c.size
    rng = random.Random(f"sign-{name}")
    for round_ in range(12):
        d = [1, q - 1][round_] if round_ < 2 else rng.randrange(1, q)  # keys G and −G first
        digest = rng.randbytes(size)
        k = rng.randrange(1, q)
        pub = g.public_key(c, d, backend="c")
        assert pub == g.public_key(c, d, backend="python")
        signature = g.sign_digest(c, d, digest, k, backend="c")
        assert signature == g.sign_digest(c, d, digest, k, backend="python")
        g.verify_digest(c, pub, digest, g.sign_digest(c, d, digest, backend="c"), backend="python")
        s, r = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        tampered = bytearray(signature)
        tampered[rng.randrange(2 * size)] ^= 1 << rng.randrange(8)
        cases = [
            signature,
            bytes(tampered),
            bytes(size) + r.to_bytes(size, "big"),  # s = 0
            s.to_bytes(size, "big") + bytes(size),  # r = 0
            s.to_bytes(size, "big") + q.to_bytes(size, "big"),  # r = q
            (s + q).to_bytes(size, "big") + r.to_bytes(size, "big") if s + q < 1 << (8 * size) else signature,
            s.to_bytes(size, "big") + ((r + q) % (1 << (8 * size))).to_bytes(size, "big"),
            signature[size:] + signature[:size],  # r and s swapped
        ]
        for case in cases:
            assert len(_verdicts(c, pub, digest, case)) == 1
        g.verify_digest(c, pub, digest, signature, backend="c")
        with pytest.raises(SignatureError) as info:
            g.verify_digest(c, pub, digest, bytes(tampered), backend="c")
        assert info.value.code in {"gost.signature.mismatch", "gost.signature.range"}


@pytest.mark.parametrize("name", EDWARDS)
def test_key_outside_the_subgroup_verifies_like_python(name: str) -> None:
    """A public key G + T (T of order 2 or 4) passes the curve check; C and Python reach the same verdict."""
    c = get(name)
    _native(c)
    _, s, t = _st(c)
    rng = random.Random(f"key-{name}")
    for torsion in [(t, 0), ((s + t) % c.p, s)]:
        key = _add(c, (c.x, c.y), torsion)
        assert key is not None
        for _ in range(6):
            digest = rng.randbytes(c.size)
            signature = rng.randrange(1, c.q).to_bytes(c.size, "big") + rng.randrange(1, c.q).to_bytes(c.size, "big")
            assert _verdicts(c, key, digest, signature) == {"gost.signature.mismatch"}


def test_default_512_verification_stays_in_c_on_the_special_prime(monkeypatch: pytest.MonkeyPatch) -> None:
    """tc26-512-A and tc26-512-C verify in C by default (faster there than libcrypto); tc26-512-B does not."""
    _native(get("tc26-512-C"))
    calls: list[str] = []
    real_c = _c_ec.mul_add_matches
    monkeypatch.setattr(_c_ec, "mul_add_matches", lambda *a: calls.append("c") or real_c(*a))
    digest = bytes(range(64))
    for name in ["tc26-512-A", "tc26-512-C"]:
        c = get(name)
        pub, sig = g.public_key(c, 777), g.sign_digest(c, 777, digest)
        g.verify_digest(c, pub, digest, sig)
    assert calls == ["c", "c"]


def test_inverse_modulo_q_agrees_with_python() -> None:
    """The C inverse used by verification (binary extended Euclid) on every set, ends of the range and random."""
    rng = random.Random("inverse")
    for c in ALL:
        native = _native(c)
        for a in [1, 2, 3, c.q - 1, c.q - 2, (c.q + 1) // 2, *(rng.randrange(1, c.q) for _ in range(50))]:
            assert _c_ec.inverse_q(_params(c), a) == pow(a, -1, c.q), (c.name, a)
        size = 8 * (4 if c.p.bit_length() <= 256 else 8)
        for bad in [0, c.q, c.q + 1]:
            with pytest.raises(ValueError, match="not invertible"):
                native.inverse_q(bad.to_bytes(size, "little"))
        with pytest.raises(ValueError, match="wrong size"):
            native.inverse_q(b"\x01")


@pytest.mark.parametrize("name", [c.name for c in ALL])
def test_projective_x_check_agrees_with_the_affine_point(name: str) -> None:
    """mul_add_matches (x ≡ r mod q, no inversion) against Python's affine x, for the true r and near misses."""
    c = get(name)
    _native(c)
    grp = _group(c)
    rng = random.Random(f"matches-{name}")
    _, s, t = _c_ec.edwards_map(_params(c)) or (0, 0, 0)
    keys = [(c.x, c.y), (c.x, -c.y % c.p)]
    if _c_ec.edwards_map(_params(c)) is not None:  # results O, (t, 0), keys outside the subgroup
        keys += [(t, 0), _add(c, (c.x, c.y), (t, 0)), ((s + t) % c.p, s)]
    for round_ in range(24 if c.size == 32 else 10):
        key = keys[round_] if round_ < len(keys) else grp.mul_base(rng.randrange(1, c.q))
        assert key is not None
        u1, u2 = rng.randrange(c.q), rng.randrange(1, c.q)
        if round_ == 0:
            u1 = c.q - u2  # u2·G − u2·G: the neutral element
        if round_ == 3 and len(keys) > 2:
            u1, u2 = c.q - 1, 1  # −G + (G + T): the point T = (t, 0) of order 2, Edwards (0, −1)
        point = _add(c, _mul(c, u1, (c.x, c.y)), _mul(c, u2, key)) if round_ < len(keys) else None
        if round_ >= len(keys):
            point = grp.mul_add_base(u1, u2, key)
        assert _c_ec.mul_add_base(_params(c), u1, u2, key) == point
        x_mod_q = point[0] % c.q if point is not None else None
        for r in {0, 1, c.q - 1, rng.randrange(c.q), x_mod_q if x_mod_q is not None else 5}:
            want = point is not None and x_mod_q == r
            assert _c_ec.mul_add_matches(_params(c), u1, u2, key, r) is want, (u1, u2, r)
    native = _native(c)
    size = 8 * (4 if c.p.bit_length() <= 256 else 8)
    with pytest.raises(ValueError, match="below q"):
        native.mul_add_matches(*(v.to_bytes(size, "little") for v in (1, 1, c.x, c.y, c.q)))


def test_field_multiplication_at_the_carry_boundaries() -> None:
    """a·b and a² mod p through the C field code, for every prime: values near 0, p, the limb boundaries and
    2^(64n) (the direct reduction's second fold and final subtraction run only there), and random ones."""
    rng = random.Random("field")
    seen = set()
    for c in ALL:
        if c.p in seen:
            continue
        seen.add(c.p)
        native = _native(c)
        p, size = c.p, 8 * (4 if c.p.bit_length() <= 256 else 8)
        bits = 8 * size
        edges = {0, 1, 2, 3, p - 1, p - 2, p - 3, (p - 1) // 2, (p + 1) // 2, p - (1 << 64), p - (1 << 128)}
        edges |= {(1 << (64 * k)) - 1 for k in range(1, size // 8)} | {1 << (64 * k) for k in range(size // 8)}
        edges |= {(1 << (bits - 1)) - 1, 1 << (bits - 1), (1 << bits) - (1 << 200), (1 << bits) - 1 - (1 << 64)}
        edges |= {rng.randrange(p - (1 << 100), p) for _ in range(8)} | {rng.randrange(1 << 100) for _ in range(4)}
        values = sorted(v % p for v in edges)
        pairs = [(a, b) for a in values for b in values]
        pairs += [(rng.randrange(p), rng.randrange(p)) for _ in range(300)]
        if _c_ec.special_prime(p):  # 2^(bits−1)·2h = h·2^bits: first fold −δ mod 2^bits, the second one wraps
            c_, found = (1 << bits) - p, 0
            for delta in range(1, 5000):
                half = -delta * pow(c_, -1, 1 << bits) % (1 << bits)
                if 2 * half < p and (half * c_ >> bits) * c_ >= delta:
                    pairs += [(1 << (bits - 1), 2 * half), (2 * half, 1 << (bits - 1))]
                    found += 1
                    if found == 40:
                        break
            assert found == 40
        for a, b in pairs:
            raw = native.field_mul(a.to_bytes(size, "little"), b.to_bytes(size, "little"))
            got = int.from_bytes(raw[:size], "little"), int.from_bytes(raw[size:], "little")
            assert got == (a * b % p, a * a % p), (hex(p), a, b)
