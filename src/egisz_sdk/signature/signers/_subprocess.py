"""Running signing tools as subprocesses: secrets through a pipe, time limits, safe error excerpts."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from egisz_sdk.errors import SignatureError

__all__ = ["run_tool"]

_EXCERPT = 300


def _excerpt(stderr: bytes, secrets: Sequence[str]) -> str:
    text = stderr.decode("utf-8", "replace")
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    lines = [line.strip() for line in text.splitlines() if line.strip() and "Engine" not in line]
    tail = " | ".join(lines)[-_EXCERPT:]
    return tail or "no diagnostics"


def run_tool(
    name: str,
    argv: Sequence[str],
    *,
    stdin: bytes = b"",
    secret: str | None = None,
    secret_placeholder: str = "{fd}",
    timeout: float = 60.0,
) -> bytes:
    """Run ``argv``; return stdout. ``secret`` is written to a pipe whose descriptor replaces
    ``secret_placeholder`` in the arguments (``-passin fd:{fd}``), so it never appears on a command line.

    Raises:
        SignatureError: ``signer.failed`` (non-zero exit, tool missing; a safe excerpt of stderr) or
            ``signer.timeout``.
    """
    args = list(argv)
    read_fd = write_fd = -1
    pass_fds: tuple[int, ...] = ()
    if secret is not None:
        read_fd, write_fd = os.pipe()
        os.write(write_fd, secret.encode("utf-8") + b"\n")
        os.close(write_fd)
        pass_fds = (read_fd,)
        args = [a.replace(secret_placeholder, str(read_fd)) for a in args]
    secrets = [secret] if secret else []
    try:
        proc = subprocess.run(args, input=stdin, capture_output=True, timeout=timeout, pass_fds=pass_fds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SignatureError("signer.timeout", signer=name, seconds=timeout) from exc
    except OSError as exc:
        raise SignatureError("signer.failed", signer=name, detail=f"cannot run {args[0]!r}: {exc.strerror}") from exc
    finally:
        if read_fd >= 0:
            os.close(read_fd)
    if proc.returncode != 0:
        raise SignatureError(
            "signer.failed", signer=name, detail=f"exit {proc.returncode}: {_excerpt(proc.stderr, secrets)}"
        )
    return proc.stdout
