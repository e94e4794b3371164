"""``egisz documents``: check upload files against a target's rules, or a directory against a procedure's set.

::

    egisz documents check scans/*.pdf --target frmr.portfolio --ruleset guides
    egisz documents check scans/ --target frmr.personal --json
    egisz documents check-set scans/ --procedure frmr.registration --condition has_licence=yes

Directories are expanded (their regular files, not recursively) and checked in parallel worker processes
(``--jobs``, bounded); a progress bar is shown on standard error when it is a terminal. Exit codes: 0 every file
passes, 1 some finding is an error (or a file cannot be read), 2 usage error, 3 internal error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

__all__ = ["documents"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: Fewer files than this are checked in this process (worker start-up would cost more than it saves).
PARALLEL_MIN_FILES = 8


def _default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM-DD", param_hint="--today") from None


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on standard error when it is a terminal (and rich is installed); else nothing."""
    if not enabled or total < 2 or not sys.stderr.isatty():
        yield None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress
    except ImportError:
        yield None
        return
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("checking", total=total)
        yield lambda n: bar.advance(task, n)


def _expand(paths: tuple[str, ...]) -> list[Path]:
    from egisz_sdk.documents._sets import list_directory

    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(list_directory(path) if path.is_dir() else [path])
    return out


def _finding_line(item: Any, lang: str) -> str:
    text = item.message_ru if lang == "ru" else item.message_en
    fix = f"  → {item.fix.kind}: {item.fix.value}" if item.fix else ""
    return f"  {item.severity:<7} {item.code}  {text}{fix}"


def _fail(exc: Exception) -> None:
    from egisz_sdk.errors import EgiszError

    if isinstance(exc, EgiszError):
        raise click.UsageError(str(exc)) from None
    click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
    sys.exit(EXIT_INTERNAL)


@click.group(name="documents", help="Check document uploads (PDF, JPEG, PNG, DOCX) before the registry does.")
def documents() -> None:
    """The ``egisz documents`` command group."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is reported as a finding, once


@documents.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--target", required=True, help="frmr.application, frmr.personal, frmr.education, frmr.portfolio, …")
@click.option("--ruleset", default=None, help="A ruleset of the target, or a path to your own ruleset JSON file.")
@click.option("--today", default=None, help="Judge validity against this date (YYYY-MM-DD).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: up to 4).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON document on standard output.")
def check_command(
    files: tuple[str, ...],
    target: str,
    ruleset: str | None,
    today: str | None,
    jobs: int | None,
    lang: str,
    as_json: bool,
) -> None:
    """Check FILES (files or directories) against the rules of --target."""
    from egisz_sdk import documents as api
    from egisz_sdk.errors import EgiszError

    try:
        chosen: Any = api.load_ruleset(ruleset) if ruleset and ruleset.endswith(".json") else ruleset
        api.target_rules(target).get(chosen if isinstance(chosen, str) else None)
        paths = _expand(files)
    except Exception as exc:  # usage problems are typed errors; anything else is internal
        _fail(exc)
        return
    workers = jobs or _default_jobs()
    workers = workers if len(paths) >= PARALLEL_MIN_FILES else 1
    rows: list[dict[str, Any]] = []
    failed = 0
    try:
        with _progress(len(paths), True) as advance:
            results = api.check_many(
                paths, target=target, ruleset=chosen, jobs=workers, today=_today(today), progress=advance
            )
            for path, result in results:
                if isinstance(result, EgiszError):
                    failed += 1
                    rows.append({"name": path.name, "ok": False, "error": result.to_dict()})
                    if not as_json:
                        click.echo(f"FAIL {path}\n  error   {result.code}  {result.message_en}")
                    continue
                failed += 0 if result.ok else 1
                rows.append({"path": str(path), **result.to_dict()})
                if not as_json:
                    head = "OK  " if result.ok else "FAIL"
                    kind = f"{result.detected or '?'}" + (f", {result.pages} pages" if result.pages else "")
                    click.echo(f"{head} {path}  [{kind}]")
                    for item in result.findings:
                        click.echo(_finding_line(item, lang))
    except click.exceptions.Exit:
        raise
    except Exception as exc:
        _fail(exc)
        return
    summary = {"ok": failed == 0, "target": target, "count": len(rows), "failed": failed}
    if as_json:
        from egisz_sdk.cli._output import emit_json

        emit_json({**summary, "files": rows})
    else:
        click.echo(f"{len(rows)} files: {len(rows) - failed} pass, {failed} fail")
    sys.exit(EXIT_OK if failed == 0 else EXIT_INVALID)


def _conditions(values: tuple[str, ...]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for raw in values:
        name, sep, flag = raw.partition("=")
        if not sep or flag.lower() not in ("yes", "no", "true", "false", "1", "0"):
            raise click.BadParameter(f"{raw!r}: expected NAME=yes|no", param_hint="--condition")
        out[name] = flag.lower() in ("yes", "true", "1")
    return out


@documents.command(name="check-set")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option("--procedure", required=True, help="frmr.registration, frmr.accreditation or frmo.documents.")
@click.option("--ruleset", default=None, help="The procedure's list of required documents (default: guides).")
@click.option("--condition", "conditions", multiple=True, help="NAME=yes|no, e.g. has_licence=yes (repeatable).")
@click.option("--today", default=None, help="Judge validity against this date (YYYY-MM-DD).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: up to 4).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON document on standard output.")
def check_set_command(
    directory: str,
    procedure: str,
    ruleset: str | None,
    conditions: tuple[str, ...],
    today: str | None,
    jobs: int | None,
    lang: str,
    as_json: bool,
) -> None:
    """Check DIRECTORY as the document set of --procedure: missing, superfluous, and each file."""
    from egisz_sdk import documents as api

    circumstances = _conditions(conditions)
    try:
        count = len(_expand((directory,)))
        workers = (jobs or _default_jobs()) if count >= PARALLEL_MIN_FILES else 1
        report = api.check_set(
            directory,
            procedure=procedure,
            ruleset=ruleset,
            circumstances=circumstances,
            today=_today(today),
            jobs=workers,
        )
    except click.exceptions.ClickException:
        raise
    except Exception as exc:
        _fail(exc)
        return
    if as_json:
        from egisz_sdk.cli._output import emit_json

        emit_json(report.to_dict())
    else:
        click.echo(f"{'OK  ' if report.ok else 'FAIL'} {procedure} ({report.ruleset}): {len(report.files)} files")
        click.echo(f"  missing:     {', '.join(report.missing) or '-'}")
        click.echo(f"  superfluous: {', '.join(report.superfluous) or '-'}")
        for item in report.findings:
            click.echo(_finding_line(item, lang))
        for name, file_report in report.files.items():
            if file_report.findings:
                click.echo(f"{'OK  ' if file_report.ok else 'FAIL'} {name}")
                for item in file_report.findings:
                    click.echo(_finding_line(item, lang))
    sys.exit(EXIT_OK if report.ok else EXIT_INVALID)
