"""The C Streebog backend against the others on random inputs and chunkings; fallbacks when it is absent.

* differential (hypothesis): random messages cut into random chunks, fed through ``update`` with ``copy`` taken
  midway, hash the same on ``c``, ``python`` and (when the provider loads) ``openssl``;
* the whole pure-Python path: the Streebog and GOST R 34.10 test modules run in a child process with every C
  extension made unimportable and gost-engine's provider and engine hidden, and still pass;
* the sdist builds and installs where no compiler works (``CC=false``) and falls back silently.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import require
from egisz_sdk.signature import gost as gost_package
from egisz_sdk.signature.gost import _c_backend, _openssl_backend, streebog

ROOT = Path(__file__).resolve().parents[2]


def _c() -> None:
    require(_c_backend.available(), f"the Streebog C extension ({_c_backend.probe_error}; build: pip install -e .)")


def _others() -> list[str]:
    return ["python", "openssl"] if _openssl_backend.available() else ["python"]


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=1500),
    cuts=st.lists(st.integers(0, 1500), max_size=8),
    fork=st.integers(0, 1500),
    name=st.sampled_from(sorted(streebog.NAMES)),
)
def test_c_equals_other_backends_on_random_chunkings(data: bytes, cuts: list[int], fork: int, name: str) -> None:
    _c()
    bounds = sorted({0, len(data), *(c for c in cuts if c <= len(data))})
    fork = min(fork, len(data))
    for backend in _others():
        assert streebog.new(name, data, backend="c").digest() == streebog.new(name, data, backend=backend).digest()
    obj = streebog.new(name, backend="c")
    forked = None
    for lo, hi in itertools.pairwise(bounds):
        if forked is None and hi >= fork:
            obj.update(data[lo:fork])
            forked = obj.copy()
            obj.update(memoryview(data)[fork:hi])
        else:
            obj.update(bytearray(data[lo:hi]))
    assert obj.digest() == streebog.new(name, data, backend="python").digest()
    if forked is not None:
        assert forked.digest() == streebog.new(name, data[:fork], backend="python").digest()
        forked.update(b"tail")
        assert forked.digest() == streebog.new(name, data[:fork] + b"tail", backend="python").digest()


def test_large_updates_release_the_gil_and_stay_correct() -> None:
    """Updates of 2 KB and more run without the GIL: threads hashing their own objects get the right digests."""
    _c()
    blobs = [bytes([i]) * (300_000 + 4097 * i) for i in range(4)]
    want = [streebog.streebog512(b, backend="c") for b in blobs]  # one thread, GIL or not
    got: dict[int, bytes] = {}

    def work(i: int) -> None:
        obj = streebog.new("streebog512", backend="c")
        view = memoryview(blobs[i])
        for pos in range(0, len(view), 65_536):
            obj.update(view[pos : pos + 65_536])
        got[i] = obj.digest()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [got[i] for i in range(4)] == want
    # and the C digest of a long message equals pure Python's (checked once, on a shorter prefix)
    assert streebog.streebog512(blobs[1][:5000], backend="c") == streebog.streebog512(blobs[1][:5000], backend="python")


def test_wrong_answer_from_the_extension_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    _c()

    class Broken:
        def __init__(self, size: int) -> None:
            self.size = size

        def update(self, data: bytes) -> None:
            pass

        def digest(self) -> bytes:
            return bytes(self.size)

    fake = type(sys)("_streebog_c")
    fake.Streebog = Broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "egisz_sdk.signature.gost._streebog_c", fake)
    monkeypatch.setattr(gost_package, "_streebog_c", fake, raising=False)
    _c_backend._module.cache_clear()
    try:
        assert _c_backend.available() is False
        assert "known-answer" in str(_c_backend.probe_error)
        monkeypatch.setenv(streebog.BACKEND_ENV, "c")
        assert streebog.active_backend() == "python"
        assert streebog.streebog256(b"Test message").hex().startswith("9acca1ce")
    finally:
        monkeypatch.undo()
        _c_backend._module.cache_clear()
        _c_backend.probe_error = None
    assert _c_backend.available() is True


#: Run in a child: make every C extension unimportable, hide gost-engine, then run the given test modules.
_WITHOUT_NATIVE = r"""
import sys
for name in ("egisz_sdk.signature.gost._streebog_c", "egisz_sdk.signature.gost._gost3410_c",
             "egisz_sdk.validators._batch_c"):
    sys.modules[name] = None  # import raises ImportError, as when no compiler built them
from egisz_sdk.signature.gost import _openssl_backend, gost3410, streebog
_openssl_backend._provider_candidates = lambda libcrypto: []  # as without libengine-gost-openssl
from egisz_sdk.validators import batch
assert streebog.active_backend() == "python", streebog.active_backend()
assert gost3410.active_backend() == "python", gost3410.active_backend()
assert not batch.native_available()
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_pure_python_fallback_passes_the_hash_and_signature_tests(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENSSL_CONF", "EGISZ_REQUIRE_INTEROP")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        EGISZ_STREEBOG_BACKEND="python",
        EGISZ_GOST3410_BACKEND="python",
        OPENSSL_ENGINES=str(empty),  # `openssl engine gost` fails: the CLI interop tests skip
        OPENSSL_MODULES=str(empty),
    )
    modules = ["tests/signature/test_streebog.py", "tests/signature/test_gost3410.py", "tests/signature/test_curves.py"]
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_NATIVE, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    tail = done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0, tail
    assert " passed" in done.stdout and " failed" not in done.stdout, tail


def _can_build_wheels() -> bool:
    """True when setuptools here builds wheels itself: it has ``bdist_wheel`` (>= 70.1) or ``wheel`` is installed."""
    import importlib.util

    import setuptools

    if importlib.util.find_spec("wheel") is not None:
        return True
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)


@pytest.mark.slow
def test_installs_without_a_compiler_and_falls_back(tmp_path: Path) -> None:
    """``CC=false``: the optional extensions fail to build, the package installs as pure Python and works."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("*.so", "__pycache__", "*.pyd")
    shutil.copytree(ROOT / "src", source / "src", ignore=ignore)
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy(ROOT / name, source / name)
    target = tmp_path / "site"
    env = dict(os.environ, CC="false", CXX="false", LDSHARED="false", PIP_NO_INPUT="1")
    # Without build isolation when this environment can build wheels itself (setuptools with bdist_wheel, i.e.
    # >= 70.1 or the `wheel` package); otherwise pip fetches the build requirements of pyproject.toml.
    isolation = ["--no-build-isolation"] if _can_build_wheels() else []
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", *isolation, "--target", str(target), "."]
    install = subprocess.run(command, cwd=source, capture_output=True, text=True, env=env, timeout=900)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    assert not list(target.rglob("*.so")), "no extension can have been built with CC=false"
    check = (
        "from egisz_sdk.signature.gost import streebog, gost3410\n"
        "from egisz_sdk.validators import batch\n"
        "import egisz_sdk, sys\n"
        "assert egisz_sdk.__file__.startswith(sys.argv[1]), egisz_sdk.__file__\n"
        "d = streebog.streebog256(b'Test message').hex()[:8]\n"
        "print(streebog.active_backend() != 'c', gost3410.active_backend() != 'c', batch.native_available(), d)\n"
        "print(batch.validate_column('snils', ['11223344595', 'x']).codes)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run(
        [sys.executable, "-c", check, str(target)], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines() == ["True True False 9acca1ce", "[None, 'snils.format']"]
