"""GOST R 34.10 point multiplication in our C extension ``_gost3410_c`` (the ``"c"`` backend of :mod:`.gost3410`).

``setup.py`` builds the extension where a C compiler with 128-bit integers works; elsewhere it is absent and
:func:`available` is false. Per parameter set, on first use, :func:`curve` builds the C curve from the
pure-Python engine's fixed-base table (the odd multiples ``j·2^{wi}·G``, :mod:`._ec`), then checks it: ``d·G``
for a fixed ``d`` and one ``u1·G + u2·Q`` must equal the pure-Python results, or that curve stays in Python
(:data:`probe_error` says why). On the two twisted-Edwards sets (tc26-256-A, tc26-512-C,
:data:`._curve_data.EDWARDS_ROWS`) the curve also gets the Edwards form (``d`` and the map's ``s``, ``t``) and
the same table mapped to Edwards points ``(u, v, d·u·v)``; the C code then computes there and maps the result
back. What the C code guarantees about timing is described in its source and in ``docs/security.md``:
``k·G`` runs the same instructions for every ``k``; verification is variable-time.
"""

from __future__ import annotations

import importlib
import threading
from functools import cache
from typing import Any, Final

from egisz_sdk.signature.gost import _ec
from egisz_sdk.signature.gost._curve_data import EDWARDS_ROWS

__all__ = [
    "available",
    "curve",
    "edwards_map",
    "inverse_q",
    "mul_add_base",
    "mul_add_matches",
    "mul_base",
    "probe_error",
    "special_prime",
]

#: Why the backend (or one curve of it) is not used; ``None`` when everything probed so far works.
probe_error: str | None = None

_Params = tuple[int, int, int, int, int, int, int]  # p, a, b, q, x, y, cofactor
_CURVES: dict[_Params, Any] = {}
_LOCK: Final = threading.Lock()


@cache
def _module() -> Any:
    global probe_error
    try:
        _gost3410_c = importlib.import_module("egisz_sdk.signature.gost._gost3410_c")
    except ImportError as exc:
        probe_error = f"the C extension was not built ({exc})"
        return None
    if not hasattr(_gost3410_c, "Curve"):
        probe_error = "the C extension was built without 128-bit integer support"
        return None
    return _gost3410_c


def available() -> bool:
    """True when the extension is importable (each curve is still checked on its first use)."""
    return _module() is not None


def _limbs(p: int) -> int:
    return 4 if p.bit_length() <= 256 else 8


def special_prime(p: int) -> bool:
    """True when the C code reduces modulo ``p`` directly: ``p = 2^(64n) − c`` with ``c < 2^32`` (n = 4 or 8).

    The same test as the extension's; elsewhere it uses Montgomery multiplication.
    """
    n = _limbs(p)
    return 0 < (1 << (64 * n)) - p < (1 << 32)


def edwards_map(params: _Params) -> tuple[int, int, int] | None:
    """``(d, s, t)`` of the curve's twisted-Edwards form with ``e = 1`` (the only one the C code computes on).

    ``None`` for a curve without one: the row of :data:`EDWARDS_ROWS` must have the same ``p`` and map onto
    exactly this ``a`` and ``b`` (``a = s² − 3t²``, ``b = 2t³ − t·s²``).
    """
    p, a, b = params[0], params[1] % params[0], params[2] % params[0]
    for _name, prime, e, d in EDWARDS_ROWS:
        if prime != p or e != 1:
            continue
        s = (e - d) * pow(4, -1, p) % p
        t = (e + d) * pow(6, -1, p) % p
        if (s * s - 3 * t * t) % p == a and (2 * t * t * t - t * s * s) % p == b:
            return d % p, s, t
    return None


def _edwards_table(p: int, d: int, s: int, t: int, points: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(u, v, d·u·v)`` of every point: ``u = (x − t)/y``, ``v = (x − t − s)/(x − t + s)``, one inversion in all."""
    dens = [py * (px - t + s) % p for px, py in points]
    if not all(dens):  # pragma: no cover - the table holds multiples of G of prime order: never y = 0 or v = ∞
        raise ValueError("a table point has no twisted-Edwards image")
    prefix = [1]
    for den in dens:
        prefix.append(prefix[-1] * den % p)
    inv = pow(prefix[-1], -1, p)
    out: list[tuple[int, int, int]] = [(0, 0, 0)] * len(points)
    for i in range(len(points) - 1, -1, -1):
        one = inv * prefix[i] % p  # 1 / (y (x − t + s))
        inv = inv * dens[i] % p
        px, py = points[i]
        m = px - t
        u = m * (m + s) * one % p
        v = (m - s) * py * one % p
        out[i] = (u, v, d * u * v % p)
    return out


def _build(params: _Params) -> Any:
    p, a, b, q, x, y, _ = params
    n = _limbs(p)
    size = 8 * n
    grp = _ec.group(p, a, b, q, x, y)
    points = [point for row in grp._base_table() for point in row]
    table = b"".join(px.to_bytes(size, "little") + py.to_bytes(size, "little") for px, py in points)
    radix = 1 << (64 * n)
    native = _module().Curve(
        n,
        p.to_bytes(size, "little"),
        (a % p).to_bytes(size, "little"),
        q.to_bytes(size, "little"),
        (radix * radix % p).to_bytes(size, "little"),
        -pow(p, -1, 1 << 64) % (1 << 64),
        grp.window,
        grp.windows,
        table,
    )
    edwards = edwards_map(params)
    if edwards is not None:
        d, s, t = edwards
        entries = _edwards_table(p, d, s, t, points)
        native.set_edwards(
            d.to_bytes(size, "little"),
            s.to_bytes(size, "little"),
            t.to_bytes(size, "little"),
            b"".join(v.to_bytes(size, "little") for entry in entries for v in entry),
        )
    return native


def _agrees(params: _Params, native: Any) -> bool:
    p, a, b, q, x, y, _ = params
    grp = _ec.group(p, a, b, q, x, y)
    d, u1, u2 = q * 2 // 3, q // 5 + 7, q // 3 + 11
    point = grp.mul_base(d)
    if point is None or _mul_base(native, p, d) != point:
        return False
    return _mul_add(native, p, u1, u2, point) == grp.mul_add_base(u1, u2, point)


def curve(params: _Params) -> Any:
    """The checked C curve of these parameters, or ``None`` when it failed its check (cached either way)."""
    global probe_error
    found = _CURVES.get(params, False)
    if found is not False:
        return found
    with _LOCK:
        found = _CURVES.get(params, False)
        if found is False:
            try:
                built = _build(params)
                found = built if _agrees(params, built) else None
                if found is None:
                    probe_error = f"the C arithmetic disagrees with Python on the curve with p = {params[0]:#x}"
            except Exception as exc:  # never let the probe break signing
                probe_error = f"{type(exc).__name__}: {exc}"
                found = None
            _CURVES[params] = found
    return found


def _point(raw: bytes | None, p: int) -> tuple[int, int] | None:
    if raw is None:
        return None
    half = len(raw) // 2
    return int.from_bytes(raw[:half], "little"), int.from_bytes(raw[half:], "little")


def _mul_base(native: Any, p: int, k: int) -> Any:
    raw = native.mul_base(k.to_bytes(8 * _limbs(p), "little"))
    return raw if raw is NotImplemented else _point(raw, p)


def _mul_add(native: Any, p: int, u1: int, u2: int, point: tuple[int, int]) -> tuple[int, int] | None:
    size = 8 * _limbs(p)
    raw = native.mul_add(
        u1.to_bytes(size, "little"),
        u2.to_bytes(size, "little"),
        point[0].to_bytes(size, "little"),
        point[1].to_bytes(size, "little"),
    )
    return _point(raw, p)


def mul_base(params: _Params, k: int) -> tuple[int, int] | None:
    """``k·G`` for ``0 < k < q`` (same instructions for every ``k``); Python recomputes the rare exceptional case.

    Call only when :func:`curve` returned a curve for ``params``.
    """
    result = _mul_base(curve(params), params[0], k)
    if result is NotImplemented:  # a partial sum met ±the table point (probability ~2^-250 for a random k)
        p, a, b, q, x, y, _ = params
        return _ec.group(p, a, b, q, x, y).mul_base(k)
    return result  # type: ignore[no-any-return]


def mul_add_matches(params: _Params, u1: int, u2: int, point: tuple[int, int], r: int) -> bool:
    """Whether ``u1·G + u2·point`` is finite with ``x ≡ r (mod q)``, ``0 ≤ r < q`` (variable time, public data).

    Checked without mapping the point to affine form: ``x`` is one of ``r + j·q < p``, compared in projective
    form (one multiplication per candidate instead of an inversion).
    """
    size = 8 * _limbs(params[0])
    return bool(
        curve(params).mul_add_matches(
            u1.to_bytes(size, "little"),
            u2.to_bytes(size, "little"),
            point[0].to_bytes(size, "little"),
            point[1].to_bytes(size, "little"),
            r.to_bytes(size, "little"),
        )
    )


def inverse_q(params: _Params, a: int) -> int:
    """``a⁻¹ mod q`` for ``0 < a < q`` (binary extended Euclid in C, variable time: public data only)."""
    size = 8 * _limbs(params[0])
    return int.from_bytes(curve(params).inverse_q(a.to_bytes(size, "little")), "little")


def mul_add_base(params: _Params, u1: int, u2: int, point: tuple[int, int]) -> tuple[int, int] | None:
    """``u1·G + u2·point`` (variable time, public data; ``0 ≤ u1, u2 < q``); ``None`` for infinity."""
    return _mul_add(curve(params), params[0], u1, u2, point)
