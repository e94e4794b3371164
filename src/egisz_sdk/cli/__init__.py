"""The ``egisz`` command line (needs the ``cli`` extra: ``pip install 'egisz-sdk[cli]'`` — click and rich).

Exit codes (stable, documented in ``docs/cli.md``):

* ``0`` — success (for ``validate`` / ``verify``: every value is valid);
* ``1`` — the command ran and found invalid input (an invalid identifier, a signature that does not verify);
* ``2`` — usage error (unknown command, bad option, unreadable file, the ``cli`` extra not installed);
* ``3`` — an unexpected failure inside the SDK (a bug: please report it).

Every command accepts ``--json`` for machine-readable output on standard output. The commands are click
commands in private modules, registered by name in :data:`egisz_sdk.cli._app.COMMANDS` and imported lazily.
This module itself does not import click, so that without the extra it can say what to install.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Sequence
from typing import TextIO

from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["EXIT_FAILURE", "EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "MISSING_EXTRA", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_FAILURE = EXIT_INVALID

#: What ``egisz`` says (and exits 2) when click or rich is not installed.
MISSING_EXTRA = (
    "egisz: для командной строки нужны пакеты click и rich: pip install 'egisz-sdk[cli]'\n"
    "egisz: the command line needs click and rich: pip install 'egisz-sdk[cli]'"
)


class _Recorder(io.TextIOBase):
    """Passes writes through to a stream and remembers them (to know what a command printed)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        written = self.inner.write(text)  # first: click probes streams with write(b"") and expects a TypeError
        self.parts.append(text)
        return written

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


def _extra_missing() -> bool:
    """True when click or rich cannot be imported (the ``cli`` extra is not installed)."""
    from importlib.util import find_spec

    try:
        import click  # noqa: F401  (imported anyway by every command)

        return find_spec("rich") is None  # rich itself is imported only when a progress bar is drawn
    except ImportError:
        return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script).

    With ``--json`` standard output always carries exactly one JSON document: the command's own, or — when the
    command failed before writing one (usage error, unreadable file, internal error) —
    ``{"error": {"code", "exit_code", "message"}}`` with the message also on standard error.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if _extra_missing():
        eprint(MISSING_EXTRA)
        if "--json" in args:
            _json_error("cli.extra_missing", EXIT_USAGE, MISSING_EXTRA)
        return EXIT_USAGE
    from egisz_sdk.cli._app import run

    if "--json" not in args:
        return run(args)
    out, err = _Recorder(sys.stdout), _Recorder(sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    if code != EXIT_OK and not out.text.strip():
        kind = {EXIT_USAGE: "cli.usage", EXIT_INTERNAL: "cli.internal"}.get(code, "cli.failed")
        _json_error(kind, code, err.text or "")
    return code


if __name__ == "__main__":
    sys.exit(main())
