"""``egisz frmr``: look a worker up, export an organisation's staff, list expiring certificates and accreditations.

Connection options are shared by every command (and read from the environment: ``EGISZ_FRMR_URL``,
``EGISZ_KEY``, ``EGISZ_CERT``, ``EGISZ_KEY_PASSWORD``, ``EGISZ_SYSTEM_ID``, ``EGISZ_CA_BUNDLE``). The key and
certificate are PEM files as ``egisz fake serve --export DIR`` writes them (``client-key.pem``,
``client-cert.pem``). Exit codes: 0 ok, 1 the registry refused or found nothing, 2 usage, 3 internal error.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from egisz_sdk.errors import EgiszError, RegistryNotFound
from egisz_sdk.frmr.resources import FRMR_TEST_URL

__all__ = ["frmr"]

T = TypeVar("T")
_WITHIN = re.compile(r"([0-9]{1,4})d?")


def _guard(action: Callable[[], T], command: str = "egisz frmr") -> T:
    """Run ``action``: a registry refusal or bad input exits 1, a bug exits 3, each with one line on stderr."""
    try:
        return action()
    except (EgiszError, OSError, ValueError) as exc:
        click.echo(f"{command}: {exc}", err=True)
        raise SystemExit(1) from None
    except (click.ClickException, SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: say so, exit 3
        click.echo(f"{command}: internal error: {type(exc).__name__}", err=True)
        raise SystemExit(3) from exc


def _config(ctx: click.Context) -> Any:
    from egisz_sdk.frmr import frmr_config

    opts = ctx.obj if isinstance(ctx.obj, dict) else {}
    signer = None
    if opts.get("key") and opts.get("cert"):
        from egisz_sdk.signature.keys import load_private_key_file
        from egisz_sdk.signature.signers import SoftwareSigner

        key = load_private_key_file(opts["key"], opts.get("password"))
        signer = SoftwareSigner(key, Path(opts["cert"]).read_bytes())
    elif opts.get("key") or opts.get("cert"):
        raise click.UsageError("--key and --cert go together")
    if signer is not None and not opts.get("system_id"):
        raise click.UsageError("--system-id is required with a key")
    return frmr_config(
        opts["base_url"],
        signer=signer,
        system_id=opts.get("system_id"),
        transport=opts.get("transport"),
        verify=opts.get("ca_bundle") or True,
        rate=opts.get("rate"),
    )


def gateway_options(name: str, env: str, default: str) -> Callable[[Callable[..., Any]], Any]:
    """The connection options of a registry behind the IPS gateway (``egisz frmr``, ``egisz frmo``) on a group
    callback ``f(ctx)``; the values land in ``ctx.obj`` for :func:`_config`."""

    options = [
        click.option("--base-url", envvar=env, default=default, show_default=True, help=f"{name} gateway URL"),
        click.option(
            "--key", envvar="EGISZ_KEY", type=click.Path(exists=True, dir_okay=False), help="GOST private key (PEM)"
        ),
        click.option(
            "--cert", envvar="EGISZ_CERT", type=click.Path(exists=True, dir_okay=False), help="its certificate"
        ),
        click.option(
            "--key-password", envvar="EGISZ_KEY_PASSWORD", default=None, help="key password (prefer EGISZ_KEY_PASSWORD)"
        ),
        click.option("--system-id", envvar="EGISZ_SYSTEM_ID", default=None, help="the system id at the gateway"),
        click.option("--ca-bundle", envvar="EGISZ_CA_BUNDLE", type=click.Path(exists=True), help="CA bundle (PEM)"),
        click.option(
            "--rate", type=click.FloatRange(0.01, 1000), default=2.0, show_default=True, help="requests per second"
        ),
    ]

    def decorate(callback: Callable[..., Any]) -> Any:
        def group(ctx: click.Context, key_password: str | None, **opts: Any) -> None:
            obj = ctx.obj if isinstance(ctx.obj, dict) else {}
            obj.update(opts, password=key_password)
            ctx.obj = obj
            callback(ctx)

        group.__doc__, group.__name__ = callback.__doc__, callback.__name__
        decorated: Any = click.pass_context(group)
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


@click.group(name="frmr")
@gateway_options("FRMR", "EGISZ_FRMR_URL", FRMR_TEST_URL)
def frmr(ctx: click.Context) -> None:
    """FRMR, the register of medical workers."""


@frmr.command("get")
@click.option("--mo", required=True, help="organisation OID")
@click.option("--snils", default=None)
@click.option("--oid", default=None, help="worker OID (2022.0055647)")
@click.option("--document-id", default=None, help="document type code (with --number)")
@click.option("--number", default=None)
@click.option("--full", is_flag=True, help="person/full: with cards, diplomas, certificates, accreditation")
@click.option("--json", "as_json", is_flag=True, help="one JSON document on stdout")
@click.pass_context
def get(
    ctx: click.Context,
    mo: str,
    snils: str | None,
    oid: str | None,
    document_id: str | None,
    number: str | None,
    full: bool,
    as_json: bool,
) -> None:
    """Look a worker up by SNILS, worker OID or document."""
    if sum(v is not None for v in (snils, oid, document_id)) != 1:
        raise click.UsageError("give exactly one of --snils, --oid, --document-id")
    from egisz_sdk.frmr import FrmrClient

    def run() -> Any:
        with FrmrClient(_config(ctx)) as client:
            resource = client.person_full if full else client.person
            return resource.get(mo=mo, snils=snils, oid=oid, document_id=document_id, number=number)

    person = _guard(run)
    data = person.model_dump(mode="json", by_alias=True, exclude_none=True)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{person.full_name}\t{person.oid or '-'}\t{person.birth_date or '-'}")
    for problem in person.problems:
        click.echo(f"  problem: {problem.field}: {problem.code}")


@frmr.command("export")
@click.option("--mo", "orgs", multiple=True, help="organisation OID (repeat for several)")
@click.option("--mo-file", type=click.Path(exists=True, dir_okay=False), help="a file of organisation OIDs, one a line")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="JSON Lines file")
@click.option("--parquet", type=click.Path(dir_okay=False), default=None, help="also write Parquet (extra parquet)")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 100), default=100, show_default=True)
@click.pass_context
def export(
    ctx: click.Context,
    orgs: tuple[str, ...],
    mo_file: str | None,
    output: str,
    parquet: str | None,
    concurrency: int,
    page_size: int,
) -> None:
    """Export every worker (person/full) of the organisations; resumable (rerun the same command)."""
    names = list(orgs)
    if mo_file:
        names += [line.strip() for line in Path(mo_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not names:
        raise click.UsageError("give --mo or --mo-file")
    from egisz_sdk.frmr import AsyncFrmrClient
    from egisz_sdk.frmr.export import ExportProgress, export_staff, jsonl_to_parquet

    bar = click.progressbar(length=len(names), label="organisations", file=sys.stderr)

    def progress(p: ExportProgress) -> None:
        bar.label = f"{p.mo}: {p.done}/{p.total}, {p.written} written"
        bar.update(p.index - bar.pos)

    async def main() -> Any:
        async with AsyncFrmrClient(_config(ctx)) as client:
            return await export_staff(
                client, names, output, concurrency=concurrency, page_size=page_size, progress=progress
            )

    with bar:
        report = _guard(lambda: asyncio.run(main()))
    if parquet:
        _guard(lambda: jsonl_to_parquet(output, parquet))
    how = "resumed" if report.resumed else "done"
    click.echo(f"{how}: {report.written} workers, {report.skipped} skipped, {report.organisations} organisations")


def _within(text: str) -> int:
    match = _WITHIN.fullmatch(text.strip())
    if not match:
        raise click.BadParameter("use days, e.g. 30d", param_hint="--within")
    return int(match.group(1))


@frmr.command("expiring")
@click.option("--mo", required=True, help="organisation OID")
@click.option("--within", default="30d", show_default=True, help="days ahead (30d)")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ics"]), default="csv", show_default=True)
@click.option("--ruleset", type=click.Choice(["law", "guides"]), default="law", show_default=True)
@click.option("--today", default=None, help="judge as of this date (YYYY-MM-DD); default: today")
@click.option("--all", "show_all", is_flag=True, help="also list valid documents")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="write here instead of stdout")
@click.pass_context
def expiring(
    ctx: click.Context,
    mo: str,
    within: str,
    fmt: str,
    ruleset: str,
    today: str | None,
    show_all: bool,
    output: str | None,
) -> None:
    """Certificates and accreditations that expire within N days (or have expired) at organisation MO."""
    days = _within(within)
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise click.BadParameter("YYYY-MM-DD", param_hint="--today") from None
    from egisz_sdk.frmr import FrmrClient
    from egisz_sdk.frmr.compliance import deadlines, to_ics, to_rows

    def run() -> list[Any]:
        found: list[Any] = []
        with FrmrClient(_config(ctx)) as client:
            for person in client.person_list.iterate(mo=mo):
                if not person.oid:
                    continue
                try:
                    full = client.person_full.get(mo=mo, oid=person.oid)
                except RegistryNotFound:
                    continue
                found += [
                    row
                    for row in deadlines(full, today=day, within=days, ruleset=ruleset)
                    if show_all or row.status != "valid"
                ]
        return found

    rows = _guard(run)
    if fmt == "ics":
        data = _guard(lambda: to_ics(rows))
    elif fmt == "json":
        data = json.dumps(to_rows(rows), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    else:
        buffer = io.StringIO()
        names = ["worker_oid", "worker_name", "specialty", "specialty_name", "status", "deadline", "remind_on"]
        writer = csv.DictWriter(buffer, fieldnames=[*names, "source", "document", "ruleset"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(to_rows(rows))
        data = buffer.getvalue().encode("utf-8")
    if output:
        Path(output).write_bytes(data)
        click.echo(f"{len(rows)} rows written to {output}", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)
