"""``egisz hash``: Streebog-256/512 of files, printed like ``sha256sum`` (``<hex>  <file>``).

``-`` (or no file at all) reads standard input. Files are read in 1 MiB chunks, so any size works.
Unreadable files are reported on standard error and make the exit code 2; the other files are still hashed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["register"]

_CHUNK = 1 << 20


def run(args: argparse.Namespace) -> int:
    from egisz_sdk.errors import SignatureError
    from egisz_sdk.signature.gost import streebog

    try:
        backend = streebog.new(args.alg, backend=args.backend).backend
    except SignatureError as exc:
        eprint(f"egisz hash: {exc.message_ru} / {exc.message_en}")
        return 2
    rows: list[dict[str, Any]] = []
    failed = False
    for name in args.files or ["-"]:
        try:
            if name == "-":
                digest = streebog.hash_stream(sys.stdin.buffer, args.alg, _CHUNK, backend=backend)
            else:
                with open(name, "rb") as fh:
                    digest = streebog.hash_stream(fh, args.alg, _CHUNK, backend=backend)
        except OSError as exc:
            failed = True
            reason = exc.strerror or type(exc).__name__
            eprint(f"egisz hash: {name}: не удалось прочитать / cannot read: {reason}")
            rows.append({"file": name, "algorithm": args.alg, "error": reason})
            continue
        rows.append({"file": name, "algorithm": args.alg, "digest": digest.hex()})
        if not args.json:
            sys.stdout.write(f"{digest.hex()}  {name}\n")
    if args.json:
        emit_json({"backend": backend, "results": rows})
    return 2 if failed else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "hash",
        help="Streebog (GOST R 34.11-2012) digests of files",
        description="Print '<hex>  <file>' for each FILE, like sha256sum; '-' or no FILE reads standard input.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="files to hash ('-' for standard input)")
    p.add_argument(
        "--alg", choices=("streebog256", "streebog512"), default="streebog256", help="digest (default streebog256)"
    )
    p.add_argument(
        "--backend",
        choices=("auto", "python", "openssl"),
        default="auto",
        help="implementation: OpenSSL's gost provider when it works (auto), or force one",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)
