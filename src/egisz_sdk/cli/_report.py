"""``egisz report``: staff, vacancies and deadlines by period (month, quarter, year) as CSV or XLSX.

``staff`` and ``deadlines`` read the organisation's workers from FRMR (the connection options and environment
variables of ``egisz frmr``) or from a file ``egisz frmr export`` wrote (``--from staff.jsonl``); ``vacancies``
reads an FRMO export (``--from frmo.jsonl``: one ``{org, departments, staff}`` record a line). Exit codes: 0 ok,
1 invalid input or the registry refused, 2 usage, 3 internal error.
"""

from __future__ import annotations

import asyncio
import copy
import tempfile
from pathlib import Path
from typing import Any

import click

from egisz_sdk.cli._frmr import _config, _guard
from egisz_sdk.cli._frmr import frmr as _frmr_group

__all__ = ["report"]


@click.group(name="report")
@click.pass_context
def report(ctx: click.Context, /, **options: Any) -> None:
    """Reports by period (2026-11, 2026-Q3, 2026) as CSV or XLSX."""
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    obj.update(
        base_url=options["base_url"],
        key=options["key"],
        cert=options["cert"],
        password=options["key_password"],
        system_id=options["system_id"],
        ca_bundle=options["ca_bundle"],
        rate=options["rate"],
    )
    ctx.obj = obj


# The FRMR connection options, exactly as `egisz frmr` declares them (one definition, same env variables).
report.params[:0] = [copy.copy(param) for param in _frmr_group.params]


def _period(text: str) -> Any:
    from egisz_sdk.analytics import Period
    from egisz_sdk.errors import ValidationError

    try:
        return Period.parse(text)
    except ValidationError:
        raise click.BadParameter("2026-11, 2026-Q3 or 2026", param_hint="--period") from None


def _format(fmt: str | None, output: str) -> str:
    chosen = fmt or Path(output).suffix.lstrip(".").lower()
    if chosen not in ("csv", "xlsx"):
        raise click.BadParameter("csv or xlsx (or an -o file ending in .csv / .xlsx)", param_hint="--format")
    return chosen


def _fetch(ctx: click.Context, mo: str, folder: Path) -> Path:
    from egisz_sdk.frmr import AsyncFrmrClient
    from egisz_sdk.frmr.export import export_staff

    target = folder / "staff.jsonl"

    async def main() -> None:
        async with AsyncFrmrClient(_config(ctx)) as client:
            await export_staff(client, [mo], target)

    asyncio.run(main())
    return target


def _workers(ctx: click.Context, mo: str | None, source: str | None, build: Any) -> Any:
    """``build(path)`` over the export file, or over a temporary export fetched from FRMR for ``mo``."""
    if source:
        return build(Path(source))
    if not mo:
        raise click.UsageError("give --mo (read from FRMR) or --from FILE (an `egisz frmr export` file)")
    with tempfile.TemporaryDirectory(prefix="egisz-report-") as folder:
        return build(_fetch(ctx, mo, Path(folder)))


def _write(frame: Any, sheet: str, output: str, fmt: str) -> None:
    from egisz_sdk.analytics import write_report

    write_report({sheet: frame}, output, format=fmt)  # type: ignore[arg-type]
    click.echo(f"{len(frame)} rows written to {output}", err=True)


_mo = click.option("--mo", default=None, help="organisation OID (read its workers from FRMR)")
_from = click.option("--from", "source", type=click.Path(exists=True, dir_okay=False), help="an export file instead")
_period_option = click.option("--period", required=True, help="2026-11 (month), 2026-Q3 (quarter) or 2026 (year)")
_fmt = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None, help="default: by -o suffix")
_out = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the report file")


@report.command("staff")
@_mo
@_from
@_period_option
@_fmt
@_out
@click.pass_context
def staff(ctx: click.Context, mo: str | None, source: str | None, period: str, fmt: str | None, output: str) -> None:
    """Headcount and rate sums by department and post as of the period end."""
    span, chosen = _period(period), _format(fmt, output)
    from egisz_sdk.analytics import cards_frame, staff_report

    def build(path: Path) -> Any:
        found = staff_report(cards_frame(path), span)
        return found[found["mo"] == mo].reset_index(drop=True) if mo else found

    frame = _guard(lambda: _workers(ctx, mo, source, build))
    _guard(lambda: _write(frame, f"staff {span.label}", output, chosen))


@report.command("deadlines")
@_mo
@_from
@_period_option
@_fmt
@_out
@click.option("--ruleset", type=click.Choice(["law", "guides"]), default="law", show_default=True)
@click.pass_context
def deadlines(
    ctx: click.Context, mo: str | None, source: str | None, period: str, fmt: str | None, output: str, ruleset: str
) -> None:
    """Certificate and accreditation deadlines per month of the period."""
    span, chosen = _period(period), _format(fmt, output)
    from egisz_sdk.analytics import deadline_report, deadlines_frame

    def build(path: Path) -> Any:
        return deadline_report(deadlines_frame(path, today=span.start, ruleset=ruleset), span)

    frame = _guard(lambda: _workers(ctx, mo, source, build))
    _guard(lambda: _write(frame, f"deadlines {span.label}", output, chosen))


@report.command("vacancies")
@click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False), help="FRMO export")
@click.option("--mo", default=None, help="only this organisation")
@_period_option
@_fmt
@_out
def vacancies(source: str, mo: str | None, period: str, fmt: str | None, output: str) -> None:
    """Vacancies (rate − busy rate) from the staff schedules in force at the period end."""
    span, chosen = _period(period), _format(fmt, output)
    from egisz_sdk.analytics import staff_frame, vacancy_report

    def build() -> Any:
        frame = staff_frame(source)
        if mo:
            frame = frame[frame["mo"] == mo]
        return vacancy_report(frame, span)

    frame = _guard(build)
    _guard(lambda: _write(frame, f"vacancies {span.label}", output, chosen))
