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
import contextlib
import importlib
import io
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from egisz_sdk._version import __version__
from egisz_sdk.cli._output import emit_json, eprint
from egisz_sdk.errors import EgiszError

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


class _Recorder(io.TextIOBase):
    """Passes writes through to a stream and remembers them (to know what a command printed)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.inner.write(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.inner, "encoding", "utf-8"))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _json_error(code: str, exit_code: int, message: str) -> None:
    emit_json({"error": {"code": code, "exit_code": exit_code, "message": message.strip()}})


def _run(argv: list[str], parser: argparse.ArgumentParser) -> int:
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
    except EgiszError as exc:  # a typed error the command did not handle itself: report it, no traceback
        eprint(f"egisz: {exc}")
        return EXIT_INVALID
    except Exception as exc:  # a bug: say so plainly, keep the traceback for the report
        eprint(f"egisz: внутренняя ошибка / internal error: {type(exc).__name__}: {exc}")
        eprint("Пожалуйста, сообщите об ошибке / please report this bug with the traceback below:")
        traceback.print_exc(file=sys.stderr)
        return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script).

    With ``--json`` standard output always carries exactly one JSON document: the command's own, or — when the
    command failed before writing one (usage error, unreadable file, internal error) —
    ``{"error": {"code", "exit_code", "message"}}`` with the message also on standard error.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if "--json" not in args:
        return _run(args, parser)
    out, err = _Recorder(sys.stdout), _Recorder(sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = _run(args, parser)
    if code != EXIT_OK and not out.text.strip():
        kind = {EXIT_USAGE: "cli.usage", EXIT_INTERNAL: "cli.internal"}.get(code, "cli.failed")
        _json_error(kind, code, err.text or "")
    return code


if __name__ == "__main__":
    sys.exit(main())
