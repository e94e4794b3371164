"""The ``egisz`` click application: a group whose subcommands are imported only when they run.

``egisz --version`` and ``egisz --help`` stay fast because no subcommand module (and nothing heavy of the SDK)
is imported for them; each subcommand module imports click at its top and the SDK inside its functions.

To add a command group written in ``src/egisz_sdk/cli/_<group>.py`` (a ``click.Group`` or ``click.Command``
object), add one line to :data:`COMMANDS`::

    "documents": "egisz_sdk.cli._documents:documents",
    "frmr": "egisz_sdk.cli._frmr:frmr",
    "frmo": "egisz_sdk.cli._frmo:frmo",
    "nsi": "egisz_sdk.cli._nsi:nsi",
    "report": "egisz_sdk.cli._report:report",
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Mapping
from typing import Any

import click

from egisz_sdk._version import __version__
from egisz_sdk.cli._output import eprint

__all__ = ["COMMANDS", "LazyGroup", "egisz", "run"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Subcommands in the order ``egisz --help`` lists them: ``name -> "module:attribute"``, imported on first use.
COMMANDS: dict[str, str] = {
    "demo": "egisz_sdk.cli._demo:demo",
    "validate": "egisz_sdk.cli._validate:validate",
    "hash": "egisz_sdk.cli._hash:hash_command",
    "sign": "egisz_sdk.cli._sign:sign",
    "verify": "egisz_sdk.cli._sign:verify",
    "cert": "egisz_sdk.cli._cert:cert",
    "fake": "egisz_sdk.cli._fake:fake",
    "documents": "egisz_sdk.cli._documents:documents",
    "frmr": "egisz_sdk.cli._frmr:frmr",
    "frmo": "egisz_sdk.cli._frmo:frmo",
    "nsi": "egisz_sdk.cli._nsi:nsi",
    "report": "egisz_sdk.cli._report:report",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand is asked for.

    Args:
        lazy_commands: ``name -> "package.module:attribute"``; the attribute is a ``click.Command``.
    """

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Eager commands first, then the lazy table in its own order."""
        return [*self.commands, *(name for name in self.lazy_commands if name not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called ``cmd_name``, importing its module when it is a lazy one."""
        if cmd_name in self.commands or cmd_name not in self.lazy_commands:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; a broken pipe (``egisz … | head``) is a normal end, not an error."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            return EXIT_OK


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    help="egisz-sdk: EGISZ from the command line.\n\nExit codes: 0 ok, 1 invalid input found, 2 usage error, "
    "3 internal error. Every command accepts --json (one JSON document on standard output).",
)
@click.version_option(__version__, "--version", prog_name="egisz-sdk", message="%(prog)s %(version)s")
@click.pass_context
def egisz(ctx: click.Context) -> int:
    """The root group: without a command it prints the help on standard error and exits 2."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help(), err=True)
        eprint("egisz: не указана команда / usage error: no command given")
        ctx.exit(EXIT_USAGE)
    return EXIT_OK


def run(argv: list[str]) -> int:
    """Run ``egisz`` with ``argv``; map every outcome to the documented exit code (never raises)."""
    from egisz_sdk.errors import EgiszError

    try:
        result = egisz.main(argv, prog_name="egisz", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:  # UsageError / BadParameter: exit 2
        exc.show()
        return int(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        return EXIT_INTERRUPTED
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
    return int(result) if isinstance(result, int) else EXIT_OK
