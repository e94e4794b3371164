"""``egisz frmo``: read an organisation's card, list its departments, export a region's organisations.

Connection options are those of ``egisz frmr`` (and read from the environment: ``EGISZ_FRMO_URL``, ``EGISZ_KEY``,
``EGISZ_CERT``, ``EGISZ_KEY_PASSWORD``, ``EGISZ_SYSTEM_ID``, ``EGISZ_CA_BUNDLE``); FRMO sits behind the same
gateway and takes the same token. Exit codes: 0 ok, 1 the registry refused or found nothing, 2 usage,
3 internal error.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from egisz_sdk.cli._frmr import _config, gateway_options
from egisz_sdk.cli._frmr import _guard as guard
from egisz_sdk.frmo.resources import FRMO_TEST_URL

__all__ = ["frmo"]

T = TypeVar("T")


def _guard(action: Callable[[], T]) -> T:
    return guard(action, "egisz frmo")


@click.group(name="frmo")
@gateway_options("FRMO", "EGISZ_FRMO_URL", FRMO_TEST_URL)
def frmo(ctx: click.Context) -> None:
    """FRMO, the register of medical organisations."""


@frmo.group("org")
def org() -> None:
    """Organisation cards."""


@org.command("get")
@click.argument("oid")
@click.option("--json", "as_json", is_flag=True, help="one JSON document on stdout")
@click.pass_context
def org_get(ctx: click.Context, oid: str, as_json: bool) -> None:
    """Show the card of organisation OID."""
    from egisz_sdk.frmo import FrmoClient

    def run() -> Any:
        with FrmoClient(_config(ctx)) as client:
            return client.org.get(oid=oid)

    card = _guard(run)
    if as_json:
        click.echo(json.dumps(card.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False))
        return
    region = card.region_id.id if card.region_id is not None else "-"
    click.echo(f"{card.oid}\t{card.name_short or card.name_full or '-'}")
    click.echo(f"INN {card.inn or '-'}  KPP {card.kpp or '-'}  OGRN {card.ogrn or '-'}  region {region}")
    if card.delete_date:
        click.echo(f"deleted {card.delete_date[:10]}")
    for problem in card.problems:
        click.echo(f"  problem: {problem.field}: {problem.code}")


@frmo.command("departments")
@click.argument("oid")
@click.option("--active", is_flag=True, help="leave out liquidated departments")
@click.option("--json", "as_json", is_flag=True, help="one JSON document on stdout")
@click.pass_context
def departments(ctx: click.Context, oid: str, active: bool, as_json: bool) -> None:
    """List the departments of organisation OID (with bed counts by profile)."""
    from egisz_sdk.frmo import FrmoClient

    def run() -> Any:
        with FrmoClient(_config(ctx)) as client:
            return client.departments(oid)

    found = [d for d in _guard(run) if not (active and d.liquidated)]
    if as_json:
        rows = [d.model_dump(mode="json", by_alias=True, exclude_none=True) for d in found]
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for dep in found:
        beds = ", ".join(f"{k}:{v}" for k, v in dep.beds.items()) or "-"
        gone = f"liquidated {dep.liquidation_date[:10]}" if dep.liquidation_date else "active"
        click.echo(f"{dep.oid}\t{dep.depart_name or '-'}\t{gone}\tbeds {beds}")


@frmo.command("export")
@click.option("--region", type=click.IntRange(1, 99), default=None, help="region number (77); default: all")
@click.option("--org-type", type=click.IntRange(0, 10_000), default=None, help="orgTypeId filter of the list")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="JSON Lines file")
@click.option("--no-departments", is_flag=True, help="cards only")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 100), default=100, show_default=True)
@click.pass_context
def export(
    ctx: click.Context,
    region: int | None,
    org_type: int | None,
    output: str,
    no_departments: bool,
    concurrency: int,
    page_size: int,
) -> None:
    """Export a region's organisation cards (with departments); resumable (rerun the same command)."""
    from egisz_sdk.frmo import AsyncFrmoClient
    from egisz_sdk.frmo.export import OrgExportProgress, export_organizations

    bar = click.progressbar(length=1, label="organisations", file=sys.stderr)

    def progress(p: OrgExportProgress) -> None:
        bar.length = max(p.total, 1)
        bar.label = f"{p.scanned}/{p.total} scanned, {p.written} written"
        bar.update(p.scanned - bar.pos)

    async def main() -> Any:
        async with AsyncFrmoClient(_config(ctx)) as client:
            return await export_organizations(
                client,
                output,
                region=region,
                org_type_id=org_type,
                departments=not no_departments,
                concurrency=concurrency,
                page_size=page_size,
                progress=progress,
            )

    with bar:
        report = _guard(lambda: asyncio.run(main()))
    how = "resumed" if report.resumed else "done"
    click.echo(f"{how}: {report.written} organisations written, {report.scanned} scanned, {report.skipped} skipped")
