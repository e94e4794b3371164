"""GOST R 34.10-2012 digital signatures (256 and 512 bits), written from the standard (RFC 7091).

Signing a digest ``h`` (the Streebog output bytes, exactly as ``openssl dgst`` prints them) with private key
``d`` on a curve with base point ``G`` of order ``q``:

1. ``e = int.from_bytes(h, "little") mod q``, and ``e = 1`` if that is 0;
2. ``k`` uniformly random in ``1 … q−1`` (from :mod:`secrets`), ``C = k·G``, ``r = x_C mod q``;
3. ``s = (r·d + k·e) mod q``; a new ``k`` is drawn if ``r`` or ``s`` is 0;
4. the signature is ``BE(s, L) || BE(r, L)`` with ``L = 32`` or ``64`` — the order of X.509, CMS and OpenSSL.

Verification recomputes ``R = x(z1·G + z2·Q) mod q`` with ``v = e⁻¹``, ``z1 = s·v``, ``z2 = −r·v`` and
compares it with ``r``. Failures raise :class:`~egisz_sdk.errors.SignatureError` with a specific code:
``gost.signature.length``, ``gost.signature.range``, ``gost.point.invalid``, ``gost.signature.mismatch``.

Byte orders:

* public key ``LE(x) || LE(y)`` (:func:`encode_public_key`) — the content of the SubjectPublicKeyInfo
  OCTET STRING; private key ``LE(d)`` (:func:`encode_private_key`) — the PKCS#8 OCTET STRING;
* signatures ``BE(s) || BE(r)``. CryptoPro CSP (``CryptSignHash``, ``csptest -keys -sign``) emits the
  byte-reversed form ``LE(r) || LE(s)``: :func:`reverse_signature` converts either way. gostcrypto (PyPI)
  uses ``BE(r) || BE(s)``.

Backends. The scalar multiplications run in one of three places, chosen like Streebog's backends:

* ``"c"`` — our own C extension ``_gost3410_c`` (see :mod:`._c_ec`), built by ``setup.py`` where a C compiler
  exists: 64-bit limbs, Montgomery arithmetic or, for the primes ``2^256 − 617`` and ``2^512 − 569``, a direct
  reduction; on the twisted-Edwards sets (tc26-256-A, tc26-512-C) the points are computed in extended Edwards
  coordinates; ``k·G`` runs the same instructions for every ``k`` (a fixed-base comb with whole-row masked
  table scans); each parameter set is checked against the pure-Python result on first use;
* ``"libcrypto"`` — OpenSSL's generic prime-curve arithmetic (``EC_GROUP_new_curve_GFp`` + ``EC_POINT_mul``
  through :mod:`ctypes`, see :mod:`._libcrypto_ec`), no gost-engine needed; about ten times faster; ``k·G`` runs
  in OpenSSL's constant-time Montgomery ladder;
* ``"python"`` — the pure-Python arithmetic of :mod:`._ec`, always there.

The default (``"auto"``) is the first that works of ``"c"``, ``"libcrypto"`` (its probe checks every parameter
set against the pure-Python result) and ``"python"``. The environment variable ``EGISZ_GOST3410_BACKEND``
changes the default (``python`` forces pure Python; ``c`` or ``libcrypto`` prefer that backend, falling back to
pure Python); :func:`active_backend` tells which one is in use; :func:`public_key`, :func:`sign_digest` and
:func:`verify_digest` also take ``backend=`` (``"c"`` or ``"libcrypto"`` raise ``gost.backend`` when
unavailable). A curve the C code fails to reproduce on its first use is computed in Python. One exception to the
order: by default (``backend`` not given) 512-bit *verification* on a prime other than ``2^512 − 569`` (the
test set and tc26-512-B) goes to ``"libcrypto"`` when it is available, because OpenSSL's assembly Montgomery
multiplication verifies there faster than our C (public data, so constant time does not matter there);
``backend="c"`` keeps it in C. tc26-512-A and tc26-512-C verify in C.
Everything around the multiplications (nonce, signature equation, range and point checks) is the same code
for both.

Side channels of the pure-Python backend — what is and is not constant-time (for the ``"libcrypto"`` backend
see ``docs/security.md``):

* **Nothing in the pure-Python backend is constant-time.** CPython integers have data-dependent running time
  (the number of 30-bit limbs, the long-division and inversion loops), list indexing touches memory that depends on the
  index, and the interpreter itself branches on values. A local attacker who can time or observe many
  signatures may learn bits of ``k`` and, from enough of them, the key. Use a certified tool (CryptoPro CSP,
  a PKCS#11 token) where that threat matters.
* What is done anyway: ``k`` is uniformly random in ``1 … q−1`` (:func:`secrets.randbelow`); ``k·G`` is a
  fixed-base computation with the same operation sequence for every ``k`` — the scalar is made odd
  arithmetically (``k`` or ``k + q``), recoded into signed odd digits (never zero, so no window is skipped),
  and one table point is added per window with no early exit; the sign of a digit selects ``y`` or ``p − y``
  by indexing, not by branching. Exceptional additions (``P = ±Q``) are handled for correctness; they occur
  for random ``k`` with negligible probability. Private keys and nonces never appear in errors or ``repr``.
* Verification works on public data and uses faster variable-time code (wNAF).
"""

from __future__ import annotations

import os
import random as _random
import secrets
from typing import Final, Literal, Protocol

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _c_ec, _ec, _libcrypto_ec
from egisz_sdk.signature.gost.curves import Curve, get

__all__ = [
    "BACKEND_ENV",
    "Backend",
    "CurveLike",
    "PublicKey",
    "RandomSource",
    "active_backend",
    "decode_private_key",
    "decode_public_key",
    "encode_private_key",
    "encode_public_key",
    "generate_private_key",
    "public_key",
    "reverse_signature",
    "sign",
    "sign_digest",
    "verify",
    "verify_digest",
]

#: A curve or its name, alias or OID (see :func:`egisz_sdk.signature.gost.curves.get`).
CurveLike = Curve | str
#: An affine public point ``(x, y)``.
PublicKey = tuple[int, int]

_MAX_ATTEMPTS = 64

#: Environment variable choosing the default backend: ``python``, ``c``, ``libcrypto`` or ``auto`` (default).
BACKEND_ENV: Final = "EGISZ_GOST3410_BACKEND"
#: Where the scalar multiplications run.
Backend = Literal["python", "c", "libcrypto"]


def active_backend() -> Backend:
    """The backend used by default: ``"c"``, ``"libcrypto"`` or ``"python"`` (probing each once).

    Reads :data:`BACKEND_ENV` on every call (``python`` forces pure Python).
    """
    wanted = os.environ.get(BACKEND_ENV, "auto").strip().lower()
    if wanted == "python":
        return "python"
    if wanted == "libcrypto":
        return "libcrypto" if _libcrypto_ec.available() else "python"
    if _c_ec.available():
        return "c"
    if wanted == "c":
        return "python"
    return "libcrypto" if _libcrypto_ec.available() else "python"


def _resolve(backend: str | None) -> Backend:
    if backend is None or backend == "auto":
        return active_backend()
    if backend == "python":
        return "python"
    if backend == "c" and _c_ec.available():
        return "c"
    if backend == "libcrypto" and _libcrypto_ec.available():
        return "libcrypto"
    if backend == "c":
        detail = f"c ({_c_ec.probe_error})"
    elif backend == "libcrypto":
        detail = f"libcrypto ({_libcrypto_ec.probe_error})"
    else:
        detail = repr(backend)
    raise SignatureError("gost.backend", field="backend", value=backend, backend=detail)


def _c_curve(curve: Curve, backend: Backend) -> bool:
    """True when the C backend is chosen and this curve passed its first-use check."""
    return backend == "c" and _c_ec.curve(_params(curve)) is not None


def _params(curve: Curve) -> tuple[int, int, int, int, int, int, int]:
    return curve.p, curve.a, curve.b, curve.q, curve.x, curve.y, curve.cofactor


def _mul_base(curve: Curve, k: int, backend: Backend) -> PublicKey | None:
    if _c_curve(curve, backend):
        return _c_ec.mul_base(_params(curve), k)
    if backend == "libcrypto":
        return _libcrypto_ec.mul_base(_params(curve), k)
    return _group(curve).mul_base(k)


class RandomSource(Protocol):
    """Anything with ``randbelow(n) -> int`` in ``0 … n−1`` (like :mod:`secrets` or ``SystemRandom``)."""

    def randbelow(self, n: int) -> int:
        """A uniformly random integer in ``0 … n−1``."""
        ...


def _group(curve: Curve) -> _ec.Group:
    return _ec.group(curve.p, curve.a, curve.b, curve.q, curve.x, curve.y)


def _bytes(value: object, field: str) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise SignatureError("gost.argument.type", field=field, expected="bytes", type=type(value).__name__)


def _check_private(curve: Curve, d: object) -> int:
    if not isinstance(d, int) or isinstance(d, bool):
        raise SignatureError("gost.argument.type", field="private_key", expected="int", type=type(d).__name__)
    if not 0 < d < curve.q:
        raise SignatureError("gost.key.range", field="private_key", curve=curve.name)
    return d


def _digest_int(curve: Curve, digest: object) -> int:
    raw = _bytes(digest, "digest")
    if len(raw) != curve.size:
        raise SignatureError(
            "gost.digest.length", field="digest", expected=curve.size, length=len(raw), curve=curve.name
        )
    return int.from_bytes(raw, "little") % curve.q or 1


def _randbelow(random: RandomSource | _random.Random | None, n: int) -> int:
    if random is None:
        return secrets.randbelow(n)
    if hasattr(random, "randbelow"):
        return int(random.randbelow(n))
    randrange = getattr(random, "randrange", None)  # random.Random, for reproducible tests
    if randrange is None:
        raise SignatureError("gost.argument.type", field="random", expected="randbelow()", type=type(random).__name__)
    return int(randrange(n))


def generate_private_key(curve: CurveLike, random: RandomSource | _random.Random | None = None) -> int:
    """A new private key: a uniformly random integer in ``1 … q−1``.

    Args:
        curve: the parameter set (object, name, alias or OID).
        random: for reproducible tests only — an object with ``randbelow(n)`` (or a :class:`random.Random`);
            by default :mod:`secrets`.
    """
    c = get(curve)
    return _randbelow(random, c.q - 1) + 1


def public_key(curve: CurveLike, d: int, *, backend: str | None = None) -> PublicKey:
    """The public point ``Q = d·G`` of private key ``d`` (``backend``: see the module documentation)."""
    c = get(curve)
    point = _mul_base(c, _check_private(c, d), _resolve(backend))
    if point is None:  # pragma: no cover - d·G is never infinity for 0 < d < q
        raise SignatureError("gost.key.range", field="private_key", curve=c.name)
    return point


def sign_digest(curve: CurveLike, d: int, digest: bytes, k: int | None = None, *, backend: str | None = None) -> bytes:
    """Sign a Streebog ``digest`` (``curve.size`` bytes, as ``openssl dgst`` prints it) with private key ``d``.

    Returns ``BE(s) || BE(r)`` (64 or 128 bytes). ``k`` may be injected to reproduce the standard's
    examples; it must never be reused or chosen by hand otherwise. ``backend``: see the module documentation.
    """
    c = get(curve)
    chosen = _resolve(backend)
    q = c.q
    priv = _check_private(c, d)
    e = _digest_int(c, digest)
    for _ in range(_MAX_ATTEMPTS):
        if k is None:
            nonce = secrets.randbelow(q - 1) + 1
        else:
            if not isinstance(k, int) or isinstance(k, bool) or not 0 < k < q:
                raise SignatureError("gost.nonce.invalid", field="k", curve=c.name)
            nonce = k
        point = _mul_base(c, nonce, chosen)
        r = point[0] % q if point is not None else 0
        s = (r * priv + nonce * e) % q
        if r and s:
            size = c.size
            return s.to_bytes(size, "big") + r.to_bytes(size, "big")
        if k is not None:
            raise SignatureError("gost.nonce.invalid", field="k", curve=c.name)
    raise SignatureError("gost.nonce.invalid", field="k", curve=c.name)  # pragma: no cover - probability ~2^-16000


def _check_point(curve: Curve, pub: object) -> PublicKey:
    if not (isinstance(pub, tuple) and len(pub) == 2 and all(isinstance(v, int) for v in pub)):
        raise SignatureError(
            "gost.argument.type", field="public_key", expected="tuple[int, int]", type=type(pub).__name__
        )
    x, y = pub
    if not (0 <= x < curve.p and 0 <= y < curve.p):
        raise SignatureError(
            "gost.point.invalid",
            field="public_key",
            curve=curve.name,
            reason_ru="координата вне диапазона 0 … p−1",
            reason_en="a coordinate is outside 0 … p−1",
        )
    if not _ec.is_on_curve(curve.p, curve.a, curve.b, x, y):
        raise SignatureError(
            "gost.point.invalid",
            field="public_key",
            curve=curve.name,
            reason_ru="точка не удовлетворяет уравнению кривой",
            reason_en="the point does not satisfy the curve equation",
        )
    return x, y


def verify_digest(
    curve: CurveLike, pub: PublicKey, digest: bytes, signature: bytes, *, backend: str | None = None
) -> None:
    """Check ``signature`` (``BE(s) || BE(r)``) of a Streebog ``digest`` under public key ``pub``.

    ``backend``: see the module documentation. Returns ``None`` when the signature is valid; otherwise raises
    :class:`~egisz_sdk.errors.SignatureError`
    with code ``gost.signature.length``, ``gost.digest.length``, ``gost.point.invalid``,
    ``gost.signature.range`` or ``gost.signature.mismatch``.
    """
    c = get(curve)
    chosen = _resolve(backend)
    fast_c = c.size == 32 or _c_ec.special_prime(c.p)  # elsewhere OpenSSL's assembly Montgomery is faster
    if chosen == "c" and backend in (None, "auto") and not fast_c and _libcrypto_ec.available():
        chosen = "libcrypto"
    sig = _bytes(signature, "signature")
    size = c.size
    if len(sig) != 2 * size:
        raise SignatureError("gost.signature.length", field="signature", expected=2 * size, length=len(sig))
    e = _digest_int(c, digest)
    point = _check_point(c, pub)
    q = c.q
    s = int.from_bytes(sig[:size], "big")
    r = int.from_bytes(sig[size:], "big")
    if not (0 < r < q and 0 < s < q):
        raise SignatureError("gost.signature.range", field="signature")
    in_c = _c_curve(c, chosen)
    v = _c_ec.inverse_q(_params(c), e) if in_c else pow(e, -1, q)  # 0 < e < q; CPython's pow is slower
    z1 = s * v % q
    z2 = (q - r) * v % q
    if in_c:
        if not _c_ec.mul_add_matches(_params(c), z1, z2, point, r):
            raise SignatureError("gost.signature.mismatch", field="signature")
        return
    if chosen == "libcrypto":
        result = _libcrypto_ec.mul_add_base(_params(c), z1, z2, point)
    else:
        result = _group(c).mul_add_base(z1, z2, point)
    if result is None or result[0] % q != r:
        raise SignatureError("gost.signature.mismatch", field="signature")


def _hash(curve: Curve, data: bytes) -> bytes:
    from egisz_sdk.signature.gost import streebog  # lazy: keeps the curve code importable on its own

    raw = _bytes(data, "data")
    return streebog.streebog256(raw) if curve.size == 32 else streebog.streebog512(raw)


def sign(curve: CurveLike, d: int, data: bytes) -> bytes:
    """Hash ``data`` with the Streebog of the curve's size and sign it (``BE(s) || BE(r)``)."""
    c = get(curve)
    return sign_digest(c, d, _hash(c, data))


def verify(curve: CurveLike, pub: PublicKey, data: bytes, signature: bytes) -> None:
    """Hash ``data`` with the Streebog of the curve's size and check ``signature``; raises on failure."""
    c = get(curve)
    verify_digest(c, pub, _hash(c, data), signature)


def encode_public_key(curve: CurveLike, pub: PublicKey) -> bytes:
    """``LE(x) || LE(y)`` — the content of the OCTET STRING inside a GOST SubjectPublicKeyInfo."""
    c = get(curve)
    x, y = _check_point(c, pub)
    return x.to_bytes(c.size, "little") + y.to_bytes(c.size, "little")


def decode_public_key(curve: CurveLike, raw: bytes) -> PublicKey:
    """Parse ``LE(x) || LE(y)`` and check that the point lies on the curve."""
    c = get(curve)
    data = _bytes(raw, "public_key")
    if len(data) != 2 * c.size:
        raise SignatureError("gost.point.length", field="public_key", expected=2 * c.size, length=len(data))
    x = int.from_bytes(data[: c.size], "little")
    y = int.from_bytes(data[c.size :], "little")
    return _check_point(c, (x, y))


def encode_private_key(curve: CurveLike, d: int) -> bytes:
    """``LE(d)`` in ``curve.size`` bytes — the PKCS#8 OCTET STRING form."""
    c = get(curve)
    return _check_private(c, d).to_bytes(c.size, "little")


def decode_private_key(curve: CurveLike, raw: bytes, byteorder: Literal["little", "big"] = "little") -> int:
    """Parse a private key of exactly ``curve.size`` bytes (little-endian by default).

    A value not below ``q`` is reduced modulo ``q``, as gost-engine does: the key of the RFC 9215 example
    certificate (Example 1's ``d`` on tc26-256-A, whose ``q`` is about 2²⁵⁴) is one. A key that is ``0``
    modulo ``q`` raises ``gost.key.range``.
    """
    c = get(curve)
    data = _bytes(raw, "private_key")
    if len(data) != c.size:
        raise SignatureError("gost.key.length", field="private_key", expected=c.size, length=len(data))
    return _check_private(c, int.from_bytes(data, byteorder) % c.q)


def reverse_signature(signature: bytes) -> bytes:
    """Convert between the OpenSSL/X.509 order ``BE(s) || BE(r)`` and CryptoPro's raw ``LE(r) || LE(s)``.

    CryptoPro CSP (``CryptSignHash``, ``csptest -keys -sign``) writes the signature byte-reversed relative
    to X.509/CMS; reversing all bytes converts one into the other, so this function is its own inverse.
    """
    return _bytes(signature, "signature")[::-1]
