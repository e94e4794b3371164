"""The ``egisz`` command line.

Exit codes (stable, documented in ``docs/cli.md``):

* ``0`` — success (for ``validate`` / ``verify``: every value is valid);
* ``1`` — the command ran and found invalid input (an invalid identifier, a signature that does not verify);
* ``2`` — usage error (unknown command, bad option, unreadable file);
* ``3`` — an unexpected failure inside the SDK (a bug: please report it).

Every command accepts ``--json`` for machine-readable output on standard output.
Subcommands live in private modules, each with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from egisz_sdk._version import __version__

__all__ = ["EXIT_FAILURE", "EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_FAILURE = EXIT_INVALID

#: Modules that contribute subcommands, in the order they appear in ``--help``.
_COMMAND_MODULES = (
    "egisz_sdk.cli._demo",
    "egisz_sdk.cli._validate",
    "egisz_sdk.cli._hash",
    "egisz_sdk.cli._sign",
    "egisz_sdk.cli._cert",
    "egisz_sdk.cli._fake",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(prog="egisz", description="egisz-sdk: EGISZ from the command line")
    parser.add_argument("--version", action="version", version=f"egisz-sdk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits with 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
