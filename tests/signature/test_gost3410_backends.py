"""GOST R 34.10 backends (our C extension, OpenSSL's generic arithmetic, pure Python) agree on all 14 sets.

Differential tests: the same key gives the same public point, the same injected nonce the same signature, and
every signature — valid or tampered — the same verdict on every backend. Interop both ways with gost-engine runs
in-process (EVP through ctypes, ``bench/_gost_engine_evp.py``) in a child process, so the engine never enters
the test process. In CI the C backend must be built (``EGISZ_REQUIRE_INTEROP=1`` turns a skip into a failure).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _gost_openssl import require_gost_engine
from _support import require
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _c_ec, _ec, _libcrypto_ec
from egisz_sdk.signature.gost import gost3410 as g
from egisz_sdk.signature.gost.curves import ALL, Curve

ROOT = Path(__file__).resolve().parents[2]
NAMES = [c.name for c in ALL]


def _backends() -> list[str]:
    require(_c_ec.available(), f"the GOST C extension ({_c_ec.probe_error}; build: pip install -e .)")
    out = ["python", "c"]
    if _libcrypto_ec.available():
        out.append("libcrypto")
    return out


def _params(c: Curve) -> tuple[int, int, int, int, int, int, int]:
    return c.p, c.a, c.b, c.q, c.x, c.y, c.cofactor


def test_all_fourteen_sets_pass_the_c_check() -> None:
    _backends()
    assert len(ALL) == 14
    for c in ALL:
        assert _c_ec.curve(_params(c)) is not None, _c_ec.probe_error


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**64))
def test_backends_agree(name: str, seed: int) -> None:
    backends = _backends()
    c = next(x for x in ALL if x.name == name)
    r = random.Random(seed)
    d = r.randrange(1, c.q)
    k = r.randrange(1, c.q)
    digest = r.randbytes(c.size)
    pubs = {b: g.public_key(c, d, backend=b) for b in backends}
    assert len(set(pubs.values())) == 1
    pub = pubs["python"]
    signatures = {b: g.sign_digest(c, d, digest, k, backend=b) for b in backends}
    assert len(set(signatures.values())) == 1
    fresh = {b: g.sign_digest(c, d, digest, backend=b) for b in backends}  # random nonces
    tampered = bytearray(signatures["python"])
    tampered[r.randrange(len(tampered))] ^= 1 << r.randrange(8)
    for signer, signature in [*fresh.items(), ("tampered", bytes(tampered))]:
        verdicts = set()
        for b in backends:
            try:
                g.verify_digest(c, pub, digest, signature, backend=b)
                verdicts.add("ok")
            except SignatureError as exc:
                verdicts.add(exc.code)
        assert len(verdicts) == 1, (signer, verdicts)
        assert verdicts == ({"ok"} if signer != "tampered" else verdicts)


@pytest.mark.parametrize("name", NAMES)
def test_edge_scalars(name: str) -> None:
    """Scalars at the ends of the range and around the recoding's boundaries, raw C against Python."""
    _backends()
    c = next(x for x in ALL if x.name == name)
    grp = _ec.group(c.p, c.a, c.b, c.q, c.x, c.y)
    w, n = grp.window, grp.windows
    scalars = {1, 2, 3, c.q - 1, c.q - 2, c.q // 2, (c.q + 1) // 2}
    scalars |= {(1 << (w * i)) % c.q for i in range(1, n)} | {((1 << (w * i)) - 1) % c.q for i in range(1, n)}
    for d in range(1, 64):  # k = 2·d·2^{w(n-1)}: sums that may meet ±the last table point
        scalars.add(2 * d * (1 << (w * (n - 1))) % c.q)
    for k in sorted(s for s in scalars if 0 < s < c.q):
        assert _c_ec.mul_base(_params(c), k) == grp.mul_base(k), k
        point = grp.mul_base(k)
        assert point is not None
        assert _c_ec.mul_add_base(_params(c), k, c.q - k, grp.mul_base(1) or (0, 0)) is None  # k·G − k·G
        assert _c_ec.mul_add_base(_params(c), 0, k, point) == grp.mul_add_base(0, k, point)
        assert _c_ec.mul_add_base(_params(c), k, k, point) == grp.mul_add_base(k, k, point)


def test_exceptional_addition_is_recomputed_in_python() -> None:
    """A scalar whose partial sum meets the last table point: C reports it, Python gives the right answer."""
    _backends()
    c = ALL[0]  # the CryptoPro test set: d = 9 in the last window is such a case
    grp = _ec.group(c.p, c.a, c.b, c.q, c.x, c.y)
    k = 2 * 9 * (1 << (grp.window * (grp.windows - 1))) % c.q
    native = _c_ec.curve(_params(c))
    assert native.mul_base(k.to_bytes(32, "little")) is NotImplemented
    assert _c_ec.mul_base(_params(c), k) == grp.mul_base(k)
    assert g.public_key(c, k, backend="c") == g.public_key(c, k, backend="python")


def test_backend_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    _backends()
    monkeypatch.setenv(g.BACKEND_ENV, "python")
    assert g.active_backend() == "python"
    monkeypatch.setenv(g.BACKEND_ENV, "libcrypto")
    assert g.active_backend() == ("libcrypto" if _libcrypto_ec.available() else "python")
    monkeypatch.setenv(g.BACKEND_ENV, "auto")
    assert g.active_backend() == "c"
    with pytest.raises(SignatureError) as info:
        g.sign_digest(ALL[0], 5, bytes(32), backend="gpu")
    assert info.value.code == "gost.backend"


def test_default_512_verification_uses_libcrypto(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default a 512-bit signature is verified through libcrypto (faster there); backend='c' keeps C."""
    _backends()
    require(_libcrypto_ec.available(), f"libcrypto arithmetic ({_libcrypto_ec.probe_error})")
    c = next(x for x in ALL if x.size == 64)
    d, digest = 777, bytes(range(64))
    pub, sig = g.public_key(c, d), g.sign_digest(c, d, digest)
    calls: list[str] = []
    real_lib, real_c = _libcrypto_ec.mul_add_base, _c_ec.mul_add_matches
    monkeypatch.setattr(_libcrypto_ec, "mul_add_base", lambda *a: calls.append("libcrypto") or real_lib(*a))
    monkeypatch.setattr(_c_ec, "mul_add_matches", lambda *a: calls.append("c") or real_c(*a))
    g.verify_digest(c, pub, digest, sig)
    g.verify_digest(c, pub, digest, sig, backend="c")
    small = ALL[1]
    g.verify_digest(small, g.public_key(small, d), digest[:32], g.sign_digest(small, d, digest[:32]))
    assert calls == ["libcrypto", "c", "c"]


def test_c_probe_failure_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A curve the C code gets wrong is computed in Python (and the reason is kept)."""
    _backends()
    c = ALL[0]
    monkeypatch.setitem(_c_ec._CURVES, _params(c), None)  # as if the first-use check had failed
    d = 12345
    assert g.public_key(c, d, backend="c") == g.public_key(c, d, backend="python")


_ENGINE_CHECK = r"""
import random, sys
sys.path.insert(0, sys.argv[1])
from _gost_engine_evp import EvpGost
from egisz_sdk.signature.gost import gost3410 as g
from egisz_sdk.signature.gost.curves import get
SETS = [("gost2012_256", p, o) for p, o in (("TCA", "tc26-256-A"), ("TCB", "tc26-256-B"), ("TCC", "tc26-256-C"),
        ("TCD", "tc26-256-D"), ("A", "CryptoPro-A"), ("B", "CryptoPro-B"), ("C", "CryptoPro-C"),
        ("XA", "CryptoPro-XchA"), ("XB", "CryptoPro-XchB"))]
SETS += [("gost2012_512", p, o) for p, o in (("A", "tc26-512-A"), ("B", "tc26-512-B"), ("C", "tc26-512-C"))]
r = random.Random(2012)
for algorithm, paramset, name in SETS:
    engine, c = EvpGost(algorithm, paramset), get(name)
    d, pub = engine.private_key(), engine.public_key()
    for backend in sys.argv[2].split(","):
        assert g.public_key(c, d, backend=backend) == pub, (name, backend)
        for _ in range(12 if name in ("tc26-256-A", "tc26-512-C") else 3):  # the twisted-Edwards sets: more
            digest = r.randbytes(c.size)
            g.verify_digest(c, pub, digest, engine.sign(digest), backend=backend)   # theirs -> ours
            ours = g.sign_digest(c, d, digest, backend=backend)
            assert engine.verify(digest, ours), (name, backend)                    # ours -> theirs
            assert not engine.verify(digest[::-1], ours), (name, backend)
print("checked", len(SETS))
"""


@pytest.mark.interop
def test_gost_engine_both_ways_on_every_backend() -> None:
    require_gost_engine()
    backends = ",".join(_backends())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", _ENGINE_CHECK, str(ROOT / "bench"), backends],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["checked", "12"]
