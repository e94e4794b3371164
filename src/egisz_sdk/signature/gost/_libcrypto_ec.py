"""GOST R 34.10 point multiplication on OpenSSL's generic prime-curve arithmetic (the ``"libcrypto"`` backend).

No gost-engine is involved: the curve ``y² = x³ + a·x + b`` over GF(p) of each parameter set (the
twisted-Edwards TC26 sets in the short-Weierstrass form :mod:`.curves` already uses) is handed to
``EC_GROUP_new_curve_GFp`` with its base point, order ``q`` and cofactor, and the scalar multiplications are
``EC_POINT_mul`` calls, through :mod:`ctypes`, on the libcrypto that Python's ``_hashlib`` (and ``cryptography``'s
system build, where it shares it) is linked against — the file mapped into this process, else
``ctypes.util.find_library("crypto")``. Only the multiplications run in OpenSSL; hashing the message, the
nonce, the modular arithmetic of the signature equation and every check stay in :mod:`.gost3410`.

What OpenSSL does with a curve given this way (OpenSSL 1.1.1 and 3.x, ``crypto/ec/ec_mult.c``):

* ``k·G`` (signing, key generation) with the group's order and cofactor set goes through
  ``ec_scalar_mul_ladder``: a Montgomery ladder over a scalar padded to a fixed bit length, constant-time
  conditional swaps, ``BN_FLG_CONSTTIME`` arithmetic and randomised projective coordinates — OpenSSL's
  side-channel-hardened path, the one it uses for ECDSA on curves without a dedicated implementation;
* ``u1·G + u2·Q`` (verification) goes through variable-time wNAF: public data only.

:func:`available` probes once (cached, never raises): the library opens, every symbol resolves, and for every
parameter set ``q·G`` is the point at infinity and ``d·G`` equals the pure-Python result for a fixed ``d``.
Anything else disables the backend and :mod:`.gost3410` stays in Python; :data:`probe_error` says why.
"""

from __future__ import annotations

import ctypes
import threading
from functools import cache
from typing import Any, Final

__all__ = ["available", "mul_add_base", "mul_base", "probe_error"]

#: Why the backend is not used (``None`` when it is, or before the first probe).
probe_error: str | None = None

_VP: Final = ctypes.c_void_p
_Params = tuple[int, int, int, int, int, int, int]  # p, a, b, q, x, y, cofactor


def _bind(lib: Any) -> None:
    """Declare the signatures of the libcrypto functions used (raises AttributeError when one is missing)."""
    sig: dict[str, tuple[Any, list[Any]]] = {
        "BN_new": (_VP, []),
        "BN_free": (None, [_VP]),
        "BN_clear_free": (None, [_VP]),
        "BN_bin2bn": (_VP, [ctypes.c_char_p, ctypes.c_int, _VP]),
        "BN_bn2binpad": (ctypes.c_int, [_VP, ctypes.c_char_p, ctypes.c_int]),
        "BN_set_flags": (None, [_VP, ctypes.c_int]),
        "BN_CTX_new": (_VP, []),
        "BN_CTX_free": (None, [_VP]),
        "EC_GROUP_new_curve_GFp": (_VP, [_VP, _VP, _VP, _VP]),
        "EC_GROUP_set_generator": (ctypes.c_int, [_VP, _VP, _VP, _VP]),
        "EC_POINT_new": (_VP, [_VP]),
        "EC_POINT_free": (None, [_VP]),
        "EC_POINT_set_affine_coordinates": (ctypes.c_int, [_VP, _VP, _VP, _VP, _VP]),
        "EC_POINT_get_affine_coordinates": (ctypes.c_int, [_VP, _VP, _VP, _VP, _VP]),
        "EC_POINT_is_at_infinity": (ctypes.c_int, [_VP, _VP]),
        "EC_POINT_mul": (ctypes.c_int, [_VP, _VP, _VP, _VP, _VP, _VP]),
        "ERR_clear_error": (None, []),
    }
    for name, (restype, argtypes) in sig.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


#: BN_FLG_CONSTTIME: the scalar is secret.
_BN_FLG_CONSTTIME: Final = 0x04


class _Group:
    """One curve as an OpenSSL ``EC_GROUP`` (kept for the life of the process; read-only once built)."""

    def __init__(self, lib: Any, params: _Params) -> None:
        p, a, b, q, x, y, cofactor = params
        self.lib = lib
        self.size = (p.bit_length() + 7) // 8
        self.p = p
        ctx = lib.BN_CTX_new()
        bns = [self.bn(v) for v in (p, a % p, b, x, y, q, cofactor)]
        try:
            if not ctx or not all(bns):
                raise MemoryError("libcrypto allocation failed")
            bp, ba, bb, bx, by, bq, bh = bns
            group = lib.EC_GROUP_new_curve_GFp(bp, ba, bb, ctx)
            if not group:
                raise ValueError("EC_GROUP_new_curve_GFp refused the curve")
            self.group = group  # never freed: one per curve for the life of the process
            gen = lib.EC_POINT_new(group)
            try:
                if not (
                    gen
                    and lib.EC_POINT_set_affine_coordinates(group, gen, bx, by, ctx) == 1
                    and lib.EC_GROUP_set_generator(group, gen, bq, bh) == 1
                ):
                    raise ValueError("the base point was refused")
            finally:
                lib.EC_POINT_free(gen)
        finally:
            for bn in bns:
                lib.BN_free(bn)
            lib.BN_CTX_free(ctx)

    def bn(self, value: int) -> Any:
        raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
        return self.lib.BN_bin2bn(raw, len(raw), None)

    def _affine(self, point: Any, ctx: Any) -> tuple[int, int] | None:
        lib = self.lib
        if lib.EC_POINT_is_at_infinity(self.group, point):
            return None
        bx, by = lib.BN_new(), lib.BN_new()
        try:
            if not (bx and by) or lib.EC_POINT_get_affine_coordinates(self.group, point, bx, by, ctx) != 1:
                raise ValueError("EC_POINT_get_affine_coordinates failed")
            out = ctypes.create_string_buffer(self.size)
            lib.BN_bn2binpad(bx, out, self.size)
            x = int.from_bytes(out.raw, "big")
            lib.BN_bn2binpad(by, out, self.size)
            return x, int.from_bytes(out.raw, "big")
        finally:
            lib.BN_free(bx)
            lib.BN_free(by)

    def mul(self, k: int, u2: int | None = None, point: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """``k·G`` (constant-time ladder, secret ``k``) or, with ``u2`` and ``point``, ``k·G + u2·point``."""
        lib = self.lib
        ctx = lib.BN_CTX_new()
        result = lib.EC_POINT_new(self.group)
        scalar = self.bn(k)
        other = q_point = None
        try:
            if not (ctx and result and scalar):
                raise MemoryError("libcrypto allocation failed")
            if point is None:
                lib.BN_set_flags(scalar, _BN_FLG_CONSTTIME)
                ok = lib.EC_POINT_mul(self.group, result, scalar, None, None, ctx)
            else:
                other = self.bn(u2 or 0)
                q_point = lib.EC_POINT_new(self.group)
                bx, by = self.bn(point[0]), self.bn(point[1])
                try:
                    ok = (
                        other
                        and q_point
                        and lib.EC_POINT_set_affine_coordinates(self.group, q_point, bx, by, ctx) == 1
                        and lib.EC_POINT_mul(self.group, result, scalar, q_point, other, ctx)
                    )
                finally:
                    lib.BN_free(bx)
                    lib.BN_free(by)
            if ok != 1:
                lib.ERR_clear_error()
                raise ValueError("EC_POINT_mul failed")
            return self._affine(result, ctx)
        finally:
            lib.BN_clear_free(scalar)
            if other is not None:
                lib.BN_free(other)
            if q_point is not None:
                lib.EC_POINT_free(q_point)
            lib.EC_POINT_free(result)
            lib.BN_CTX_free(ctx)


_GROUPS: dict[_Params, _Group] = {}
_LOCK: Final = threading.Lock()


@cache
def _library() -> Any:
    """The libcrypto of this process with its functions declared, or ``None`` (reason in probe_error)."""
    global probe_error
    from egisz_sdk.signature.gost._openssl_backend import libcrypto_path

    try:
        path = libcrypto_path()
        if not path:
            probe_error = "libcrypto not found"
            return None
        lib = ctypes.CDLL(path)
        _bind(lib)
    except (OSError, AttributeError) as exc:  # no library, or one without these functions (OpenSSL < 1.1.1)
        probe_error = f"libcrypto unusable: {exc}"
        return None
    return lib


def _group(params: _Params) -> _Group:
    found = _GROUPS.get(params)
    if found is None:
        with _LOCK:
            found = _GROUPS.get(params)
            if found is None:
                found = _GROUPS[params] = _Group(_library(), params)
    return found


@cache
def available() -> bool:
    """True when libcrypto's arithmetic agrees with ours on every parameter set (probed once; never raises)."""
    global probe_error
    try:
        if _library() is None:
            return False
        from egisz_sdk.signature.gost import _ec
        from egisz_sdk.signature.gost.curves import ALL

        for c in ALL:
            params = (c.p, c.a, c.b, c.q, c.x, c.y, c.cofactor)
            grp = _group(params)
            if grp.mul(c.q) is not None:
                probe_error = f"q·G is not infinity on {c.name}"
                return False
            d = (c.q * 2) // 3  # compared with pure Python's wNAF (no fixed-base table is built for the probe)
            if grp.mul(d) != _ec.group(c.p, c.a, c.b, c.q, c.x, c.y).mul(d, (c.x, c.y)):
                probe_error = f"d·G differs from the pure-Python result on {c.name}"
                return False
        return True
    except Exception as exc:  # the probe must never break signing: fall back to pure Python
        probe_error = f"{type(exc).__name__}: {exc}"
        return False


def mul_base(params: _Params, k: int) -> tuple[int, int] | None:
    """``k·G`` through OpenSSL's constant-time ladder; ``None`` for infinity (call only when :func:`available`)."""
    return _group(params).mul(k)


def mul_add_base(params: _Params, u1: int, u2: int, point: tuple[int, int]) -> tuple[int, int] | None:
    """``u1·G + u2·point`` (variable time, public data); ``None`` for infinity."""
    return _group(params).mul(u1, u2, point)
