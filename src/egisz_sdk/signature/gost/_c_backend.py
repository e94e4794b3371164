"""Streebog through our own C extension ``_streebog_c`` (the ``"c"`` backend), when it was built.

``setup.py`` builds the extension where a C compiler works; elsewhere the module is simply absent.
:func:`available` imports it once (cached, never raises) and hashes the same known-answer vectors as the
OpenSSL probe (RFC 6986 M1 for both sizes, "Test message", the Σ-carry vector); only if every one matches is
the backend enabled. :data:`probe_error` says why it is not.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from egisz_sdk.signature.gost._openssl_backend import KNOWN_ANSWERS

__all__ = ["available", "new", "probe_error"]

#: Why the extension is not used (``None`` when it is, or before the first probe).
probe_error: str | None = None


@cache
def _module() -> Any:
    global probe_error
    try:
        _streebog_c = importlib.import_module("egisz_sdk.signature.gost._streebog_c")
    except ImportError as exc:
        probe_error = f"the C extension was not built ({exc})"
        return None
    try:
        for size, data, want in KNOWN_ANSWERS:
            obj = _streebog_c.Streebog(size)
            obj.update(data)
            if obj.digest().hex() != want:
                probe_error = "the C extension failed the known-answer test"
                return None
    except Exception as exc:  # never let the probe break hashing
        probe_error = f"{type(exc).__name__}: {exc}"
        return None
    return _streebog_c


def available() -> bool:
    """True when the C extension is importable and passes the known-answer vectors (probed once)."""
    return _module() is not None


def new(digest_size: int) -> Any:
    """A fresh C Streebog of ``digest_size`` bytes (call only when :func:`available`)."""
    return _module().Streebog(digest_size)
