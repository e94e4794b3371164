"""Options shared by the subcommands.

Numbers from the command line use ``click.IntRange(min, max)``: a value that is not an integer or is out of range
is a usage error (exit 2) naming the option. Counts, sizes and ports all have a documented upper bound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["json_option"]

F = TypeVar("F", bound=Callable[..., Any])

#: ``--json``: machine-readable output (the parameter is called ``as_json``).
json_option: Callable[[F], F] = click.option(
    "--json", "as_json", is_flag=True, help="machine-readable output: one JSON document on standard output"
)
