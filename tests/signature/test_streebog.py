"""Streebog (GOST R 34.11-2012), HMAC and PBKDF2: vectors on both backends, incremental use, interop, errors."""

from __future__ import annotations

import array
import io
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import VECTORS, require
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _c_backend, _openssl_backend, streebog

DATA = json.loads((VECTORS / "streebog.json").read_text(encoding="utf-8"))
BACKENDS = ["python", "c", "openssl"]


def _message(vector: dict[str, Any]) -> bytes:
    if "ascii" in vector:
        return str(vector["ascii"]).encode("ascii")
    if "hex_repeat" in vector:
        unit, count = vector["hex_repeat"]
        return bytes.fromhex(str(unit)) * int(count)
    return bytes.fromhex(vector["hex"])


HASH_CASES = [
    pytest.param(vector, name, id=f"{vector['name'][:24]}-{name}")
    for vector in DATA["hash"]
    for name in ("streebog256", "streebog512")
    if name in vector
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name == "openssl":
        require(_openssl_backend.available(), f"OpenSSL gost provider ({_openssl_backend.probe_error})")
    if name == "c":
        require(_c_backend.available(), f"the C extension ({_c_backend.probe_error}; build: pip install -e .)")
    return name


def _gost_engine_available() -> bool:
    if shutil.which("openssl") is None:
        return False
    probe = subprocess.run(
        ["openssl", "dgst", "-engine", "gost", "-md_gost12_256", "-r"],
        input=b"",
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0 and probe.stdout.startswith(b"3f539a21")


# --- known answers, forced onto each backend ----------------------------------------------------------


@pytest.mark.parametrize(("vector", "name"), HASH_CASES)
def test_vectors(vector: dict[str, Any], name: str, backend: str) -> None:
    message = _message(vector)
    obj = streebog.new(name, message, backend=backend)
    assert obj.backend == backend
    assert obj.hexdigest() == vector[name]
    one_shot = streebog.streebog256 if name == "streebog256" else streebog.streebog512
    assert one_shot(message, backend=backend).hex() == vector[name]


@pytest.mark.parametrize("vector", DATA["hmac"], ids=lambda v: v["name"])
@pytest.mark.parametrize("name", ["streebog256", "streebog512"])
def test_hmac_vectors(vector: dict[str, Any], name: str, backend: str) -> None:
    key, msg = bytes.fromhex(vector["key"]), bytes.fromhex(vector["msg"])
    assert streebog.hmac_streebog(key, msg, name, backend=backend).hex() == vector[name]


@pytest.mark.parametrize("vector", DATA["pbkdf2"], ids=lambda v: v["name"][:20])
def test_pbkdf2_vectors(vector: dict[str, Any], backend: str) -> None:
    got = streebog.pbkdf2_hmac_streebog512(
        vector["password"].encode(), vector["salt"].encode(), vector["iterations"], vector["dklen"], backend=backend
    )
    assert got.hex() == vector["dk"]


def test_backends_agree_on_random_inputs() -> None:
    require(_openssl_backend.available(), "OpenSSL gost provider")
    rnd = random.Random(20120)
    for size in [0, 1, 55, 63, 64, 65, 127, 128, 129, 200, 511]:
        data = rnd.randbytes(size)
        for name in streebog.NAMES:
            assert (
                streebog.new(name, data, backend="python").digest()
                == streebog.new(name, data, backend="openssl").digest()
            )


def test_hmac_and_pbkdf2_backends_agree() -> None:
    require(_openssl_backend.available(), "OpenSSL gost provider")
    rnd = random.Random(7836)
    for key_len in (0, 16, 64, 65, 100):  # keys longer than the block are hashed first
        key, msg = rnd.randbytes(key_len), rnd.randbytes(rnd.randrange(200))
        for name in streebog.NAMES:
            ours = streebog.hmac_streebog(key, msg, name, backend="python")
            assert ours == streebog.hmac_streebog(key, msg, name, backend="openssl")
    for name in streebog.NAMES:
        args = (rnd.randbytes(70), rnd.randbytes(16), 3, 150, name)  # 3 output blocks of 512 / 5 of 256 bits
        assert streebog.pbkdf2_hmac_streebog(*args, backend="python") == streebog.pbkdf2_hmac_streebog(
            *args, backend="openssl"
        )


# --- the hashlib-like object --------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=6))
def test_random_chunking_equals_one_shot(data: bytes, cuts: list[int]) -> None:
    bounds = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    for name in streebog.NAMES:
        whole = streebog.new(name, data, backend="python").digest()
        obj = streebog.new(name, backend="python")
        for lo, hi in itertools.pairwise(bounds):
            part = data[lo:hi]
            obj.update(memoryview(part) if lo % 2 else bytearray(part))
        assert obj.digest() == whole
        if _openssl_backend.available():
            assert streebog.new(name, data, backend="openssl").digest() == whole


def test_copy_is_independent(backend: str) -> None:
    base = streebog.new("streebog512", b"x" * 100, backend=backend)
    fork = base.copy()
    fork.update(b"more")
    assert base.digest() == streebog.streebog512(b"x" * 100, backend="python")
    assert fork.digest() == streebog.streebog512(b"x" * 100 + b"more", backend="python")
    base.update(b"other")
    assert fork.digest() == streebog.streebog512(b"x" * 100 + b"more", backend="python")
    assert base.digest() == streebog.streebog512(b"x" * 100 + b"other", backend="python")


def test_digest_does_not_finalise(backend: str) -> None:
    obj = streebog.new("streebog256", b"abc", backend=backend)
    first = obj.digest()
    assert obj.digest() == first
    obj.update(b"def")
    assert obj.digest() == streebog.streebog256(b"abcdef", backend="python")


def test_attributes(backend: str) -> None:
    for name, size in streebog.NAMES.items():
        obj = streebog.new(name, backend=backend)
        assert (obj.name, obj.digest_size, obj.block_size) == (name, size, 64)
        assert len(obj.hexdigest()) == 2 * size
        assert name in repr(obj)


def test_non_contiguous_memoryview() -> None:
    data = bytes(range(200))
    view = memoryview(data)[::2]
    assert streebog.streebog256(view) == streebog.streebog256(data[::2])


def test_memoryview_of_wider_items(backend: str) -> None:
    words = array.array("I", range(100))
    want = streebog.streebog512(words.tobytes(), backend="python")
    assert streebog.streebog512(memoryview(words), backend=backend) == want


# --- streams ------------------------------------------------------------------------------------------


def test_hash_stream_file_objects(tmp_path: Path, backend: str) -> None:
    data = random.Random(1).randbytes(5000)
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    want = streebog.streebog256(data, backend="python")
    with path.open("rb") as fh:
        assert streebog.hash_stream(fh, chunk_size=333, backend=backend) == want
    assert streebog.hash_stream(io.BytesIO(data), chunk_size=64, backend=backend) == want
    assert streebog.hash_stream(io.BytesIO(data), "streebog512", backend=backend) == streebog.streebog512(data)


def test_hash_stream_iterables_and_generators(backend: str) -> None:
    parts = [b"a" * 10, b"", bytearray(b"b" * 70), memoryview(b"c" * 64)]

    def gen() -> Iterator[bytes]:
        yield from (bytes(p) for p in parts)

    want = streebog.streebog256(b"".join(bytes(p) for p in parts))
    assert streebog.hash_stream(parts, backend=backend) == want
    assert streebog.hash_stream(gen(), backend=backend) == want
    assert streebog.hash_stream([], backend=backend) == streebog.streebog256(b"")


def test_hash_stream_reads_in_bounded_chunks() -> None:
    sizes: list[int] = []

    class Recorder(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            sizes.append(-1 if size is None else size)
            return super().read(size)

    streebog.hash_stream(Recorder(b"z" * 1000), chunk_size=128)
    assert sizes and all(0 < s <= 128 for s in sizes)


def test_hash_stream_refuses_text(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("текст", encoding="utf-8")
    with path.open("r", encoding="utf-8") as fh, pytest.raises(SignatureError) as info:
        streebog.hash_stream(fh)
    assert info.value.code == "streebog.stream"
    with pytest.raises(SignatureError, match=r"streebog\.stream"):
        streebog.hash_stream(["text"])


# --- interop ------------------------------------------------------------------------------------------


def test_matches_openssl_dgst_with_gost_engine(tmp_path: Path) -> None:
    require(_gost_engine_available(), "openssl with gost-engine (libengine-gost-openssl)")
    rnd = random.Random(34112012)
    for i, size in enumerate([0, 1, 63, 64, 65, 1000, 4096 + 17]):
        data = rnd.randbytes(size)
        path = tmp_path / f"f{i}.bin"
        path.write_bytes(data)
        for name, md in (("streebog256", "-md_gost12_256"), ("streebog512", "-md_gost12_512")):
            out = subprocess.run(
                ["openssl", "dgst", "-engine", "gost", md, "-r", str(path)], capture_output=True, check=True
            )
            assert streebog.new(name, data, backend="python").hexdigest() == out.stdout.split()[0].decode()


def test_matches_gostcrypto() -> None:
    gostcrypto = pytest.importorskip("gostcrypto")
    rnd = random.Random(6986)
    for size in [0, 5, 64, 100, 150]:
        data = rnd.randbytes(size)
        for name in streebog.NAMES:
            # gostcrypto prints the digest in the same byte order as OpenSSL for Streebog itself
            theirs = bytes(gostcrypto.gosthash.new(name, data=bytearray(data)).digest())
            assert streebog.new(name, data, backend="python").digest() == theirs


# --- errors and backend selection --------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["text", None, 42, 1.5, [1, 2]], ids=repr)
def test_bad_input_types(bad: object) -> None:
    calls: list[Callable[[], object]] = [
        lambda: streebog.streebog256(bad),  # type: ignore[arg-type]
        lambda: streebog.streebog512(bad),  # type: ignore[arg-type]
        lambda: streebog.new("streebog256", bad),  # type: ignore[arg-type]
        lambda: streebog.new("streebog256").update(bad),  # type: ignore[arg-type]
        lambda: streebog.hmac_streebog(bad, b"msg"),  # type: ignore[arg-type]
        lambda: streebog.hmac_streebog(b"key", bad),  # type: ignore[arg-type]
        lambda: streebog.pbkdf2_hmac_streebog512(bad, b"salt", 1, 32),  # type: ignore[arg-type]
        lambda: streebog.pbkdf2_hmac_streebog512(b"pw", bad, 1, 32),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(SignatureError) as info:
            call()
        assert info.value.code == "streebog.type"


def test_secret_never_in_error() -> None:
    with pytest.raises(SignatureError) as info:
        streebog.hmac_streebog("secret-key-text", b"m")  # type: ignore[arg-type]
    assert "secret-key-text" not in str(info.value) and "secret-key-text" not in repr(info.value)
    with pytest.raises(SignatureError) as info:
        streebog.pbkdf2_hmac_streebog512("hunter2", b"salt", 1, 32)  # type: ignore[arg-type]
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize(
    ("iterations", "dklen"), [(0, 32), (-1, 32), (1, 0), (True, 32), (1, "32"), (1.0, 32), (2**31, 32), (1, 2**31)]
)
def test_pbkdf2_bad_parameters(iterations: object, dklen: object) -> None:
    with pytest.raises(SignatureError) as info:
        streebog.pbkdf2_hmac_streebog512(b"pw", b"salt", iterations, dklen)  # type: ignore[arg-type]
    assert info.value.code == "streebog.pbkdf2"


@pytest.mark.parametrize("name", ["sha256", "STREEBOG256", "streebog", None, 256])
def test_unknown_name(name: object) -> None:
    with pytest.raises(SignatureError) as info:
        streebog.new(name)  # type: ignore[arg-type]
    assert info.value.code == "streebog.name"


def test_unknown_backend() -> None:
    with pytest.raises(SignatureError) as info:
        streebog.new("streebog256", backend="cuda")
    assert info.value.code == "streebog.backend"


def test_environment_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(streebog.BACKEND_ENV, "python")
    assert streebog.active_backend() == "python"
    assert streebog.new("streebog256").backend == "python"
    monkeypatch.setenv(streebog.BACKEND_ENV, "auto")
    expected = "c" if _c_backend.available() else "openssl" if _openssl_backend.available() else "python"
    assert streebog.active_backend() == expected
    monkeypatch.setenv(streebog.BACKEND_ENV, "openssl")
    assert streebog.active_backend() == ("openssl" if _openssl_backend.available() else "python")
    monkeypatch.setenv(streebog.BACKEND_ENV, "c")
    assert streebog.active_backend() == ("c" if _c_backend.available() else "python")
    assert streebog.new("streebog256", backend="python").backend == "python"


@pytest.fixture
def failing_probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the OpenSSL probe fail at every step, then restore the real (cached) probe."""

    def boom() -> str | None:
        raise OSError("simulated: libcrypto cannot be opened")

    monkeypatch.setattr(_openssl_backend, "_digests_work", lambda: False)
    monkeypatch.setattr(_openssl_backend, "_load_provider", boom)
    for cached in (_openssl_backend.available, _openssl_backend.hmac_available, _openssl_backend.pbkdf2_available):
        cached.cache_clear()
    yield
    monkeypatch.undo()
    for cached in (_openssl_backend.available, _openssl_backend.hmac_available, _openssl_backend.pbkdf2_available):
        cached.cache_clear()
    _openssl_backend.probe_error = None


@pytest.mark.usefixtures("failing_probe")
def test_probe_failure_falls_back_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(streebog.BACKEND_ENV, "openssl")
    assert _openssl_backend.available() is False
    assert _openssl_backend.probe_error is not None and "simulated" in _openssl_backend.probe_error
    assert streebog.active_backend() == "python"
    assert streebog.streebog256(b"Test message").hex().startswith("9acca1ce")
    assert streebog.hmac_streebog(b"k", b"m") == streebog.hmac_streebog(b"k", b"m", backend="python")
    with pytest.raises(SignatureError) as info:
        streebog.new(backend="openssl")
    assert info.value.code == "streebog.backend"


@pytest.mark.usefixtures("failing_probe")
def test_wrong_answer_from_openssl_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_openssl_backend, "_load_provider", lambda: None)  # "loads", but digests stay wrong
    assert _openssl_backend.available() is False
    assert "known-answer" in str(_openssl_backend.probe_error)


def test_probe_runs_in_a_fresh_process() -> None:
    """The ctypes probe itself (not a cached result) succeeds in a new interpreter without OPENSSL_CONF."""
    require(_openssl_backend.available(), "OpenSSL gost provider")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENSSL_CONF", streebog.BACKEND_ENV)}
    env[streebog.BACKEND_ENV] = "openssl"  # the C backend, when built, would otherwise come first
    code = (
        "import hashlib\n"
        "try:\n    hashlib.new('md_gost12_256'); pre = 'yes'\nexcept ValueError:\n    pre = 'no'\n"
        "import ssl\n"
        "names = lambda: [c['name'] for c in ssl.create_default_context().get_ciphers()]\n"
        "ciphers = names()\n"
        "from egisz_sdk.signature.gost import streebog\n"
        "print(pre, streebog.active_backend(), streebog.streebog256(b'Test message').hex()[:8])\n"
        "print(hashlib.sha256(b'').hexdigest()[:8], ciphers == names())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    # the provider is added, the default algorithms and TLS settings of the process are unchanged
    assert out.stdout.split() == ["no", "openssl", "9acca1ce", "e3b0c442", "True"]


def test_folded_tables_equal_the_standard_s_p_l() -> None:
    """The 8 folded tables give the same LPS as S, P and L applied one after another from π, τ and A."""
    from egisz_sdk.signature.gost._streebog_python import _engine
    from egisz_sdk.signature.gost._streebog_tables import PI, A, tau

    def naive_lps(x: int) -> int:
        s = bytes(PI[v] for v in x.to_bytes(64, "little"))
        p = bytes(s[tau(i)] for i in range(64))
        out = 0
        for j in range(8):
            word = int.from_bytes(p[8 * j : 8 * j + 8], "little")
            acc = 0
            for bit in range(64):
                if word >> bit & 1:
                    acc ^= A[63 - bit]
            out |= acc << (64 * j)
        return out

    compress, _ = _engine()
    lps = compress.__closure__ and next(
        cell.cell_contents for cell in compress.__closure__ if getattr(cell.cell_contents, "__name__", "") == "lps"
    )
    assert callable(lps)
    rnd = random.Random(34)
    assert sorted(PI) == list(range(256))
    for x in [0, (1 << 512) - 1, *(rnd.getrandbits(512) for _ in range(20))]:
        assert lps(x) == naive_lps(x)
