"""Output helpers shared by the subcommands: JSON or human text, errors on stderr, a progress bar (rich).

This module does not import click or rich at its top: ``egisz_sdk.cli`` uses it before it knows they exist.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["emit_json", "eprint", "print_rows", "progress"]


def emit_json(data: Any) -> None:
    """Write ``data`` as one JSON document (UTF-8, non-ASCII kept) to standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def eprint(*parts: object) -> None:
    """Print to standard error."""
    print(*parts, file=sys.stderr)


def print_rows(rows: Sequence[tuple[str, str]], *, width: int = 32) -> None:
    """Label/value rows on standard output: a rich table on a terminal; ``label value`` lines with the labels
    padded to ``width`` otherwise (a stable format for scripts and pipes)."""
    if not sys.stdout.isatty():
        for label, value in rows:
            print(f"{label:<{width}} {value}")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=False, box=box.ROUNDED)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(Text(label), Text(value))  # Text: brackets in a subject are not rich markup
    Console(file=sys.stdout).print(table)


@contextmanager
def progress(
    total: int, *, enabled: bool, unit: str = "rows", stream: IO[str] | None = None
) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on standard error (or ``stream``): ``━━━━━━━━━━━  48% 1,234,567 rows 0:00:03``.

    Yields ``update(done, count)``: ``done`` out of ``total`` (bytes read, say) and ``count`` items so far. On a
    terminal the bar is redrawn in place; into a file or pipe only the final state is written, once. With
    ``enabled=False`` nothing is drawn and rich is not imported.
    """
    if not enabled:
        yield lambda done, count: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream if stream is not None else sys.stderr)
    columns = (BarColumn(), TaskProgressColumn(), TextColumn(f"{{task.fields[count]:,}} {unit}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("", total=max(total, 1), count=0)

        def update(done: int, count: int) -> None:
            bar.update(task, completed=min(done, max(total, 1)), count=count)

        try:
            yield update
        finally:
            bar.update(task, completed=max(total, 1))
