"""OpenSSL with gost-engine for the interop tests.

Importable as ``_gost_openssl`` (``pythonpath = tests``; not ``_openssl``, a name ``cryptography`` already puts in
``sys.modules``). ``gost_engine()`` is the one probe (cached); ``openssl(...)`` runs the tool after ``require``-ing
the engine (so it skips locally and fails in CI when the engine is missing); ``run_openssl(...)`` runs it as is.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from _support import require

#: The reason ``require`` reports when the engine is missing.
GOST_ENGINE = "openssl with gost-engine (libengine-gost-openssl)"


@functools.cache
def gost_engine() -> bool:
    """True when ``openssl`` is on PATH and loads gost-engine."""
    if shutil.which("openssl") is None:
        return False
    return subprocess.run(["openssl", "engine", "gost"], capture_output=True, check=False).returncode == 0


def require_gost_engine() -> None:
    """Skip (locally) or fail (in CI) without OpenSSL and gost-engine."""
    require(gost_engine(), GOST_ENGINE)


def openssl(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``openssl *args`` in ``cwd`` with text output, once gost-engine is known to be there; never raises on exit."""
    require_gost_engine()
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=60, env=env)


def run_openssl(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``openssl *args`` with ``data`` on stdin and bytes output; never raises on exit."""
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=False, timeout=60)


def genpkey(algorithm: str, paramset: str, *, cwd: Path, out: str = "k.pem") -> Path:
    """``openssl genpkey -engine gost``: a new GOST key (``gost2012_256``/``gost2012_512``) in ``cwd/out``."""
    r = openssl(
        "genpkey", "-engine", "gost", "-algorithm", algorithm, "-pkeyopt", f"paramset:{paramset}", "-out", out, cwd=cwd
    )
    assert r.returncode == 0, r.stderr
    return cwd / out
