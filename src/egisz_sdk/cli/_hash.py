"""``egisz hash``: Streebog-256/512 of files, printed like ``sha256sum`` (``<hex>  <file>``).

``-`` (or no file at all) reads standard input. Files are read in 1 MiB chunks, so any size works.
Unreadable files are reported on standard error and make the exit code 2; the other files are still hashed.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["hash_command", "run"]

_CHUNK = 1 << 20


def run(files: tuple[str, ...], alg: str, backend_name: str, as_json: bool) -> int:
    """Hash ``files`` (``-`` is standard input); exit code 0, or 2 when a file could not be read."""
    from egisz_sdk.errors import SignatureError
    from egisz_sdk.signature.gost import streebog

    try:
        backend = streebog.new(alg, backend=backend_name).backend
    except SignatureError as exc:
        eprint(f"egisz hash: {exc.message_ru} / {exc.message_en}")
        return 2
    rows: list[dict[str, Any]] = []
    failed = False
    for name in files or ("-",):
        try:
            if name == "-":
                digest = streebog.hash_stream(sys.stdin.buffer, alg, _CHUNK, backend=backend)
            else:
                with open(name, "rb") as fh:
                    digest = streebog.hash_stream(fh, alg, _CHUNK, backend=backend)
        except OSError as exc:
            failed = True
            reason = exc.strerror or type(exc).__name__
            eprint(f"egisz hash: {name}: не удалось прочитать / cannot read: {reason}")
            rows.append({"file": name, "algorithm": alg, "error": reason})
            continue
        rows.append({"file": name, "algorithm": alg, "digest": digest.hex()})
        if not as_json:
            sys.stdout.write(f"{digest.hex()}  {name}\n")
    if as_json:
        emit_json({"backend": backend, "results": rows})
    return 2 if failed else 0


@click.command("hash")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option(
    "--alg",
    type=click.Choice(["streebog256", "streebog512"]),
    default="streebog256",
    show_default=True,
    help="digest",
)
@click.option(
    "--backend",
    "backend_name",
    type=click.Choice(["auto", "python", "openssl"]),
    default="auto",
    show_default=True,
    help="implementation: OpenSSL's gost provider when it works (auto), or force one",
)
@json_option
def hash_command(files: tuple[str, ...], alg: str, backend_name: str, as_json: bool) -> int:
    """Streebog (GOST R 34.11-2012) digests of files.

    Prints '<hex>  <file>' for each FILE, like sha256sum; '-' or no FILE reads standard input.
    """
    return run(files, alg, backend_name, as_json)
