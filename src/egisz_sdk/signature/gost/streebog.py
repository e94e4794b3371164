"""GOST R 34.11-2012 «Стрибог» (Streebog, RFC 6986): hashing, HMAC (RFC 7836) and PBKDF2 (RFC 2898).

Three backends compute the same function:

* ``"c"`` — our own C extension ``_streebog_c`` (written from the standard; its tables are generated at build
  time from the data of the pure-Python engine), built by ``setup.py`` where a C compiler exists (around
  100–200 MB/s, on par with gost-engine). It is checked against known answers on first use and used only if it
  agrees;
* ``"openssl"`` — OpenSSL's gost provider (``gostprov.so``, Debian package ``libengine-gost-openssl``) loaded
  into this process through :mod:`ctypes` and driven by :mod:`hashlib` (about the same speed). It is probed
  once, checked against known answers and used only if it agrees;
* ``"python"`` — our own implementation of the standard in pure Python (about 1 MB/s), always there.

The default (``"auto"``) is the first that works of ``"c"``, ``"openssl"``, ``"python"``: without a compiler at
install time and without gost-engine, hashing silently stays in Python. The environment variable
``EGISZ_STREEBOG_BACKEND`` changes the default: ``python`` forces pure Python, ``c`` or ``openssl`` prefer that
backend (falling back to pure Python when it is unavailable), ``auto`` is the default. :func:`active_backend`
tells which one is in use. Every function also takes ``backend=``: ``"python"``, ``"c"`` or ``"openssl"``
(raises ``streebog.backend`` when that backend is unavailable) or ``"auto"`` / ``None`` (the default above).

Digests are the byte strings ``openssl dgst -md_gost12_256`` prints (RFC 6986's hex reversed)::

    >>> streebog256(b"Test message").hex()[:16]
    '9acca1ceba8a7bef'

Inputs must be ``bytes``, ``bytearray`` or ``memoryview``; ``str`` and anything else raise
:class:`~egisz_sdk.errors.SignatureError` with code ``streebog.type`` (encode text yourself: Streebog of
Russian text depends on the encoding).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, Final, Literal, Protocol

from egisz_sdk.errors import SignatureError
from egisz_sdk.signature.gost import _c_backend, _openssl_backend
from egisz_sdk.signature.gost._streebog_python import PythonStreebog

__all__ = [
    "BACKEND_ENV",
    "NAMES",
    "StreebogHash",
    "active_backend",
    "hash_stream",
    "hmac_streebog",
    "new",
    "pbkdf2_hmac_streebog",
    "pbkdf2_hmac_streebog512",
    "streebog256",
    "streebog512",
]

#: Hash names and their digest sizes in bytes.
NAMES: Final = {"streebog256": 32, "streebog512": 64}
#: Environment variable choosing the default backend: ``python``, ``openssl`` or ``auto`` (default).
BACKEND_ENV: Final = "EGISZ_STREEBOG_BACKEND"
_BLOCK_SIZE: Final = 64
#: Largest PBKDF2 iteration count and key length (OpenSSL's and hashlib's limit, far above any real use).
_PBKDF2_MAX: Final = 2**31 - 1

Backend = Literal["python", "c", "openssl"]
BytesLike = bytes | bytearray | memoryview


class _Engine(Protocol):
    def update(self, data: BytesLike, /) -> None: ...

    def digest(self) -> bytes: ...

    def copy(self) -> _Engine: ...


def _check_bytes(data: object, field: str) -> BytesLike:
    if isinstance(data, (bytes, bytearray)):
        return data
    if isinstance(data, memoryview):
        return data if data.contiguous else data.tobytes()
    raise SignatureError("streebog.type", field=field, type=type(data).__name__)


def _digest_size(name: object) -> int:
    size = NAMES.get(name) if isinstance(name, str) else None
    if size is None:
        raise SignatureError("streebog.name", field="name", value=name, name=repr(name))
    return size


def active_backend() -> Backend:
    """The backend :func:`new` uses by default: ``"c"``, ``"openssl"`` or ``"python"`` (probes each once).

    Reads :data:`BACKEND_ENV` on every call, so a test can switch it with ``monkeypatch.setenv``.
    """
    wanted = os.environ.get(BACKEND_ENV, "auto").strip().lower()
    if wanted == "python":
        return "python"
    if wanted == "openssl":
        return "openssl" if _openssl_backend.available() else "python"
    if wanted == "c":
        return "c" if _c_backend.available() else "python"
    if _c_backend.available():
        return "c"
    return "openssl" if _openssl_backend.available() else "python"


def _resolve(backend: str | None) -> Backend:
    if backend is None or backend == "auto":
        return active_backend()
    if backend == "python":
        return "python"
    if backend == "c":
        if _c_backend.available():
            return "c"
        reason = _c_backend.probe_error or "unavailable"
        raise SignatureError("streebog.backend", field="backend", value=backend, backend=f"c ({reason})")
    if backend == "openssl":
        if _openssl_backend.available():
            return "openssl"
        reason = _openssl_backend.probe_error or "unavailable"
        raise SignatureError("streebog.backend", field="backend", value=backend, backend=f"openssl ({reason})")
    raise SignatureError("streebog.backend", field="backend", value=backend, backend=repr(backend))


def _engine(size: int, backend: Backend) -> _Engine:
    engine: _Engine
    if backend == "c":
        engine = _c_backend.new(size)
    elif backend == "openssl":
        engine = _openssl_backend.new(size)
    else:
        engine = PythonStreebog(size)
    return engine


class StreebogHash:
    """A running Streebog computation with the interface of :mod:`hashlib` objects.

    Create it with :func:`new`. ``update`` may be called any number of times; ``digest`` does not end the
    computation; ``copy`` forks it (both continue independently).
    """

    __slots__ = ("_engine", "backend", "digest_size", "name")

    #: Streebog's block size in bytes (used by HMAC).
    block_size: Final = _BLOCK_SIZE

    def __init__(self, name: str, engine: _Engine, backend: Backend) -> None:
        self.name: str = name
        self.digest_size: int = NAMES[name]
        self.backend: Backend = backend
        self._engine = engine

    def update(self, data: BytesLike) -> None:
        """Feed more bytes; ``a.update(x); a.update(y)`` equals ``a.update(x + y)``."""
        self._engine.update(_check_bytes(data, "data"))

    def digest(self) -> bytes:
        """The digest of the data fed so far (``digest_size`` bytes, as ``openssl dgst`` prints them)."""
        return bytes(self._engine.digest())

    def hexdigest(self) -> str:
        """:meth:`digest` as lowercase hex."""
        return self.digest().hex()

    def copy(self) -> StreebogHash:
        """An independent copy of the running computation."""
        return StreebogHash(self.name, self._engine.copy(), self.backend)

    def __repr__(self) -> str:
        return f"<StreebogHash {self.name} backend={self.backend}>"


def new(name: str = "streebog256", data: BytesLike = b"", *, backend: str | None = None) -> StreebogHash:
    """Start a Streebog computation, optionally feeding ``data`` first.

    Args:
        name: ``"streebog256"`` or ``"streebog512"``.
        data: initial bytes.
        backend: ``"python"``, ``"c"``, ``"openssl"``, ``"auto"`` or ``None`` (see the module documentation).

    Raises:
        SignatureError: ``streebog.name``, ``streebog.type`` or ``streebog.backend``.
    """
    size = _digest_size(name)
    chosen = _resolve(backend)
    obj = StreebogHash(name, _engine(size, chosen), chosen)
    obj.update(data)
    return obj


def streebog256(data: BytesLike, *, backend: str | None = None) -> bytes:
    """Streebog-256 of ``data`` (32 bytes, the byte order ``openssl dgst -md_gost12_256`` prints)."""
    return new("streebog256", data, backend=backend).digest()


def streebog512(data: BytesLike, *, backend: str | None = None) -> bytes:
    """Streebog-512 of ``data`` (64 bytes, the byte order ``openssl dgst -md_gost12_512`` prints)."""
    return new("streebog512", data, backend=backend).digest()


def hash_stream(
    stream: Any, name: str = "streebog256", chunk_size: int = 1 << 20, *, backend: str | None = None
) -> bytes:
    """Hash a binary file object (anything with ``.read(n)``) or an iterable of byte chunks, chunk by chunk.

    Memory use is bounded by ``chunk_size`` (for files) or the largest chunk (for iterables).

    Raises:
        SignatureError: ``streebog.stream`` when a chunk is not bytes (e.g. a file opened in text mode).
    """
    obj = new(name, backend=backend)
    read = getattr(stream, "read", None)
    # a text-mode file returns str (never the b"" sentinel), which the type check below refuses
    chunks: Iterable[object] = iter(lambda: read(chunk_size), b"") if callable(read) else stream
    for chunk in chunks:
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise SignatureError("streebog.stream", field="stream", type=type(chunk).__name__)
        obj.update(chunk)
    return obj.digest()


def _hmac_generic(key: bytes, msg: BytesLike, name: str, engine: Backend) -> bytes:
    """RFC 2104 HMAC over any engine (pure Python or C)."""
    if len(key) > _BLOCK_SIZE:
        key = new(name, key, backend=engine).digest()
    key = key.ljust(_BLOCK_SIZE, b"\x00")
    inner = new(name, bytes(b ^ 0x36 for b in key), backend=engine)
    inner.update(msg)
    outer = new(name, bytes(b ^ 0x5C for b in key), backend=engine)
    outer.update(inner.digest())
    return outer.digest()


def hmac_streebog(key: BytesLike, msg: BytesLike, name: str = "streebog256", *, backend: str | None = None) -> bytes:
    """HMAC-Streebog-256 or -512 (RFC 7836 §4.1.1, i.e. RFC 2104 HMAC with the 64-byte block).

    ``key`` is secret and never appears in errors.
    """
    size = _digest_size(name)
    key_bytes = bytes(_check_bytes(key, "key"))
    data = _check_bytes(msg, "msg")
    chosen = _resolve(backend)
    if chosen == "openssl" and _openssl_backend.hmac_available():
        return _openssl_backend.hmac_digest(key_bytes, data, size)
    return _hmac_generic(key_bytes, data, name, "c" if chosen == "c" else "python")


def _pbkdf2_generic(password: bytes, salt: bytes, iterations: int, dklen: int, name: str, engine: Backend) -> bytes:
    """RFC 2898 PBKDF2 over any engine (pure Python or C)."""
    if len(password) > _BLOCK_SIZE:
        password = new(name, password, backend=engine).digest()
    key = password.ljust(_BLOCK_SIZE, b"\x00")
    inner0 = new(name, bytes(b ^ 0x36 for b in key), backend=engine)
    outer0 = new(name, bytes(b ^ 0x5C for b in key), backend=engine)

    def prf(message: bytes) -> bytes:
        inner = inner0.copy()
        inner.update(message)
        outer = outer0.copy()
        outer.update(inner.digest())
        return outer.digest()

    out = bytearray()
    block = 1
    while len(out) < dklen:
        u = prf(salt + block.to_bytes(4, "big"))
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = prf(u)
            acc ^= int.from_bytes(u, "big")
        out += acc.to_bytes(len(u), "big")
        block += 1
    return bytes(out[:dklen])


def pbkdf2_hmac_streebog(
    password: BytesLike,
    salt: BytesLike,
    iterations: int,
    dklen: int,
    name: str = "streebog512",
    *,
    backend: str | None = None,
) -> bytes:
    """PBKDF2 (RFC 2898 §5.2) with HMAC-Streebog-512 (the TC26 choice, R 50.1.111-2016) or -256 as the PRF.

    Raises:
        SignatureError: ``streebog.type`` for non-bytes password or salt, ``streebog.pbkdf2`` when
            ``iterations`` or ``dklen`` is not an integer from 1 to 2^31 - 1.
    """
    size = _digest_size(name)
    secret = bytes(_check_bytes(password, "password"))
    salt_bytes = bytes(_check_bytes(salt, "salt"))
    for param, value in (("iterations", iterations), ("dklen", dklen)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _PBKDF2_MAX:
            given = value if isinstance(value, int) else type(value).__name__
            raise SignatureError("streebog.pbkdf2", field=param, param=param, maximum=_PBKDF2_MAX, given=given)
    chosen = _resolve(backend)
    if chosen == "openssl" and _openssl_backend.pbkdf2_available():
        return _openssl_backend.pbkdf2(secret, salt_bytes, iterations, dklen, size)
    return _pbkdf2_generic(secret, salt_bytes, iterations, dklen, name, "c" if chosen == "c" else "python")


def pbkdf2_hmac_streebog512(
    password: BytesLike, salt: BytesLike, iterations: int, dklen: int, *, backend: str | None = None
) -> bytes:
    """PBKDF2-HMAC-Streebog-512, as used by TC26 PKCS#12 containers (see :func:`pbkdf2_hmac_streebog`)."""
    return pbkdf2_hmac_streebog(password, salt, iterations, dklen, "streebog512", backend=backend)
