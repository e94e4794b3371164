"""Streebog through OpenSSL's gost provider, loaded into this process only (the accelerated backend).

What :func:`available` does, once per process (the result is cached, and it never raises):

1. If ``hashlib.new("md_gost12_256")`` already works (the user's ``OPENSSL_CONF`` loads the gost provider,
   or an earlier probe did), go to step 5.
2. Find the libcrypto that Python's ``_hashlib`` is linked against: the ``libcrypto`` file mapped into this
   process (``/proc/self/maps`` after importing ``_hashlib``), else ``ctypes.util.find_library("crypto")``.
   Open it with :mod:`ctypes` (the dynamic loader returns the copy already loaded) and check that its
   ``OpenSSL_version_num()`` equals :data:`ssl.OPENSSL_VERSION_NUMBER`, i.e. it is the library ``hashlib``
   uses. OpenSSL older than 3.0 (no providers) stops here.
3. ``OSSL_PROVIDER_load(NULL, "default")``: explicitly loading any provider switches off the automatic
   loading of ``default``, so it is loaded (or its reference count raised) first and stays available.
4. ``OSSL_PROVIDER_load(NULL, "gostprov")`` — found through ``OPENSSL_MODULES`` or the library's built-in
   module directory — and, if that fails, the full paths ``<libcrypto dir>/ossl-modules/gostprov.so`` and
   ``/usr/lib/<multiarch>/ossl-modules/gostprov.so`` (Debian package ``libengine-gost-openssl``).
   Only the default library context of this process changes: no configuration file or environment
   variable is written, and the provider only adds algorithms.
5. Hash the known-answer vectors (RFC 6986 M1 for both sizes, "Test message", and the 128-byte vector that
   exercises the carry of Σ) with ``hashlib.new("md_gost12_256" | "md_gost12_512")`` and compare.

Only when every step succeeds is the backend enabled; any exception or mismatch leaves it disabled and
Streebog falls back to pure Python. HMAC and PBKDF2 use OpenSSL too when a known-answer check of
``hmac.digest(..., "md_gost12_*")`` / ``hashlib.pbkdf2_hmac("md_gost12_512", ...)`` passes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache
from typing import Any, Final

__all__ = [
    "KNOWN_ANSWERS",
    "OPENSSL_NAMES",
    "available",
    "hmac_available",
    "hmac_digest",
    "libcrypto_path",
    "new",
    "pbkdf2",
    "pbkdf2_available",
]

#: OpenSSL digest names by digest size.
OPENSSL_NAMES: Final = {32: "md_gost12_256", 64: "md_gost12_512"}

_M1: Final = b"012345678901234567890123456789012345678901234567890123456789012"
_CARRY: Final = b"\xee" * 64 + b"\x16" + b"\x11" * 62 + b"\x16"
#: (digest size, message, hex digest) vectors every accelerated backend must reproduce before it is used.
KNOWN_ANSWERS: Final = (
    (32, _M1, "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"),
    (
        64,
        _M1,
        "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa"
        "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48",
    ),
    (32, b"Test message", "9acca1ceba8a7beffa71aec00b438cfd8b26ada43a9496043a4a842c89f45ba7"),
    (32, _CARRY, "81bb632fa31fcc38b4c379a662dbc58b9bed83f50d3a1b2ce7271ab02d25babb"),
    (
        64,
        _CARRY,
        "8b06f41e59907d9636e892caf5942fcdfb71fa31169a5e70f0edb873664df41c"
        "2cce6e06dc6755d15a61cdeb92bd607cc4aaca6732bf3568a23a210dd520fd41",
    ),
)
_HMAC_KEY: Final = bytes(range(32))
_HMAC_MSG: Final = bytes.fromhex("0126bdb87800af214341456563780100")
_HMAC_KAT: Final = {
    32: "a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9",
    64: "a59bab22ecae19c65fbde6e5f4e9f5d8549d31f037f9df9b905500e171923a77"
    "3d5f1530f2ed7e964cb2eedc29e9ad2f3afe93b2814f79f5000ffc0366c251e6",
}
_PBKDF2_KAT: Final = (
    "64770af7f748c3b1c9ac831dbcfd85c26111b30a8a657ddc3056b80ca73e040d"
    "2854fd36811f6d825cc4ab66ec0a68a490a9e5cf5156b3a2b7eecddbf9a16b47"
)

#: Why the probe failed (``None`` when it succeeded or has not run); shown by ``egisz hash --backend``-style tools.
probe_error: str | None = None


def _digests_work() -> bool:
    try:
        return all(hashlib.new(OPENSSL_NAMES[size], data).hexdigest() == want for size, data, want in KNOWN_ANSWERS)
    except (ValueError, TypeError):
        return False


def libcrypto_path() -> str | None:
    """The libcrypto file Python's ``_hashlib`` uses (mapped into this process), else ``find_library("crypto")``."""
    import _hashlib  # noqa: F401  (makes sure the libcrypto hashlib uses is mapped)
    import ctypes.util

    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            for line in maps:
                path = line.rstrip("\n").split(None, 5)[-1]
                if os.path.basename(path).startswith("libcrypto.so"):
                    return path
    except OSError:
        pass
    return ctypes.util.find_library("crypto")


def _provider_candidates(libcrypto: str) -> list[bytes]:
    names = [b"gostprov"]
    dirs = [os.path.join(os.path.dirname(libcrypto), "ossl-modules")]
    for multiarch in ("x86_64-linux-gnu", "aarch64-linux-gnu", "i386-linux-gnu", "arm-linux-gnueabihf"):
        dirs.append(f"/usr/lib/{multiarch}/ossl-modules")
    dirs += ["/usr/lib64/ossl-modules", "/usr/lib/ossl-modules", "/usr/local/lib64/ossl-modules"]
    for directory in dirs:
        path = os.path.join(directory, "gostprov.so")
        if os.path.isfile(path) and os.fsencode(path) not in names:
            names.append(os.fsencode(path))
    return names


def _load_provider() -> str | None:
    """Load ``default`` and ``gostprov`` into the default library context; return an error text or ``None``."""
    import ctypes
    import ssl

    path = libcrypto_path()
    if not path:
        return "libcrypto not found"
    lib: Any = ctypes.CDLL(path)
    lib.OpenSSL_version_num.restype = ctypes.c_ulong
    lib.OpenSSL_version_num.argtypes = []
    version = int(lib.OpenSSL_version_num())
    if version != ssl.OPENSSL_VERSION_NUMBER:
        return f"{path} is OpenSSL {version:#x}, hashlib uses {ssl.OPENSSL_VERSION_NUMBER:#x}"
    if version < 0x30000000 or not hasattr(lib, "OSSL_PROVIDER_load"):
        return "OpenSSL before 3.0 has no providers"
    lib.OSSL_PROVIDER_load.restype = ctypes.c_void_p
    lib.OSSL_PROVIDER_load.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    if not lib.OSSL_PROVIDER_load(None, b"default"):
        return "cannot load the default provider"
    for candidate in _provider_candidates(path):
        if lib.OSSL_PROVIDER_load(None, candidate):
            return None
    _clear_openssl_errors(lib)
    return "gostprov.so not found or not loadable (Debian/Ubuntu: apt-get install libengine-gost-openssl)"


def _clear_openssl_errors(lib: Any) -> None:
    """Drop the failed-load entries from OpenSSL's error queue so they do not surface in unrelated calls."""
    if hasattr(lib, "ERR_clear_error"):
        lib.ERR_clear_error.restype = None
        lib.ERR_clear_error.argtypes = []
        lib.ERR_clear_error()


@cache
def available() -> bool:
    """True when ``hashlib`` computes Streebog correctly through OpenSSL (probing once; never raises)."""
    global probe_error
    try:
        if _digests_work():
            return True
        probe_error = _load_provider()
        if probe_error is not None:
            return False
        if not _digests_work():
            probe_error = "the gost provider loaded but failed the known-answer test"
            return False
        return True
    except Exception as exc:  # the probe must never break hashing: fall back to pure Python
        probe_error = f"{type(exc).__name__}: {exc}"
        return False


def new(digest_size: int) -> Any:
    """A fresh ``hashlib`` object for Streebog of ``digest_size`` bytes (call only when :func:`available`)."""
    return hashlib.new(OPENSSL_NAMES[digest_size])


@cache
def hmac_available() -> bool:
    """True when ``hmac.digest`` with the OpenSSL digest names passes RFC 7836's HMAC vectors."""
    if not available():
        return False
    try:
        return all(
            hmac.digest(_HMAC_KEY, _HMAC_MSG, OPENSSL_NAMES[size]).hex() == want for size, want in _HMAC_KAT.items()
        )
    except Exception:
        return False


def hmac_digest(key: bytes, msg: bytes | bytearray | memoryview, digest_size: int) -> bytes:
    """HMAC-Streebog through OpenSSL (call only when :func:`hmac_available`)."""
    return hmac.digest(key, msg, OPENSSL_NAMES[digest_size])


@cache
def pbkdf2_available() -> bool:
    """True when ``hashlib.pbkdf2_hmac("md_gost12_512", …)`` passes the PBKDF2 vector."""
    if not available():
        return False
    try:
        return hashlib.pbkdf2_hmac(OPENSSL_NAMES[64], b"password", b"salt", 1, 64).hex() == _PBKDF2_KAT
    except Exception:
        return False


def pbkdf2(password: bytes, salt: bytes, iterations: int, dklen: int, digest_size: int) -> bytes:
    """PBKDF2-HMAC-Streebog through OpenSSL (call only when :func:`pbkdf2_available`)."""
    return hashlib.pbkdf2_hmac(OPENSSL_NAMES[digest_size], password, salt, iterations, dklen)
