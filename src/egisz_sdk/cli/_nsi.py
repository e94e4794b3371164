"""``egisz nsi``: search NSI dictionaries, show passports, pull dictionaries (through the cache), diff versions.

The ``userKey`` comes from ``--user-key`` or ``$EGISZ_NSI_USER_KEY`` and is never printed. Exit codes: 0 ok,
1 NSI or the cache refused (unknown dictionary, version, offline miss …), 2 usage error, 3 internal error.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.errors import ConfigurationError, EgiszError
from egisz_sdk.nsi import PRODUCTION_URL, Dictionary, DictionaryCache, NsiClient
from egisz_sdk.nsi.errors import NsiError

__all__ = ["nsi"]

EXIT_INVALID = 1
EXIT_USAGE = 2


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


class _Context:
    def __init__(self, user_key: str | None, base_url: str, cache: Path | None, offline: bool, as_json: bool) -> None:
        self.user_key = user_key
        self.base_url = base_url
        self.cache_path = cache
        self.offline = offline
        self.as_json = as_json

    def client(self) -> NsiClient:
        if not self.user_key:
            if self.offline:
                return NsiClient("offline", base_url=self.base_url)  # never sends: offline reads the cache only
            raise ConfigurationError("nsi.user_key.missing", field="user_key")
        return NsiClient(self.user_key, base_url=self.base_url)

    def cache(self) -> DictionaryCache:
        return DictionaryCache(self.cache_path)


@contextmanager
def _reported(ctx: _Context) -> Iterator[None]:
    """Typed errors become an error document (``--json``) or a line on stderr, and an exit code."""
    try:
        yield
    except EgiszError as exc:
        code = EXIT_USAGE if isinstance(exc, ConfigurationError) else EXIT_INVALID
        if ctx.as_json:
            _dump({"error": {**exc.to_dict(), "exit_code": code}})
        click.echo(f"egisz nsi: {exc}", err=True)
        sys.exit(code)


@click.group("nsi")
@click.option("--user-key", envvar="EGISZ_NSI_USER_KEY", default=None, help="NSI userKey (or $EGISZ_NSI_USER_KEY).")
@click.option("--base-url", envvar="EGISZ_NSI_URL", default=PRODUCTION_URL, show_default=True, help="NSI REST root.")
@click.option(
    "--cache",
    "cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Cache file (default: the user cache directory).",
)
@click.option("--offline", is_flag=True, help="Never touch the network; use the cache only.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.pass_context
def nsi(
    context: click.Context, user_key: str | None, base_url: str, cache: Path | None, offline: bool, as_json: bool
) -> None:
    """NSI (ФНСИ) reference dictionaries."""
    context.obj = _Context(user_key, base_url, cache, offline, as_json)


@nsi.command("search")
@click.argument("text")
@click.option("--size", type=click.IntRange(1, 1000), default=50, show_default=True, help="Results per page.")
@json_option
@click.pass_obj
def search(ctx: _Context, text: str, size: int, as_json: bool) -> None:
    """Dictionaries whose OID or name matches TEXT."""
    ctx.as_json = ctx.as_json or as_json
    with _reported(ctx), ctx.client() as client:
        page = client.search(text, size=size)
    rows = [{"oid": p.oid, "version": p.version, "name": p.full_name} for p in page.items]
    if ctx.as_json:
        _dump({"total": page.total, "dictionaries": rows})
        return
    for row in rows:
        click.echo(f"{row['oid']}\t{row['version']}\t{row['name']}")
    if not rows:
        click.echo("nothing found", err=True)


@nsi.command("passport")
@click.argument("oid")
@click.option("--version", default=None, help="A version (default: the newest).")
@json_option
@click.pass_obj
def passport(ctx: _Context, oid: str, version: str | None, as_json: bool) -> None:
    """The passport of dictionary OID: columns, types, key, dates."""
    ctx.as_json = ctx.as_json or as_json
    with _reported(ctx), ctx.client() as client:
        found = client.passport(oid, version)
    data = {
        "oid": found.oid,
        "version": found.version,
        "name": found.full_name,
        "rows": found.rows_count,
        "published": _plain(found.publish_date),
        "key": found.key_field,
        "fields": [{"name": f.name, "type": f.data_type, "alias": f.alias} for f in found.fields],
    }
    if ctx.as_json:
        _dump(data)
        return
    click.echo(f"{data['oid']} {data['version']} — {data['name']} ({data['rows']} rows, published {data['published']})")
    for field in found.fields:
        marker = " (key)" if field.name == found.key_field else ""
        click.echo(f"  {field.name}\t{field.data_type}\t{field.alias or ''}{marker}")


def _write_csv(dictionary: Dictionary, out: io.TextIOBase | Any) -> None:
    writer = csv.writer(out)
    writer.writerow(dictionary.columns)
    for row in dictionary.to_rows():
        writer.writerow(["" if v is None else _plain(v) for v in row.values()])


def _write_parquet(dictionary: Dictionary, output: Path) -> None:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        try:
            dictionary.to_polars().write_parquet(output)
        except ConfigurationError:
            raise ConfigurationError("nsi.export.missing", field="format", value="pyarrow", extra="arrow") from None
        return
    parquet.write_table(dictionary.to_arrow(), output)


@nsi.command("pull")
@click.argument("oid")
@click.option("--version", default=None, help="A version (default: the newest).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json"]), default="csv", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of stdout (required for parquet).",
)
@json_option
@click.pass_obj
def pull(ctx: _Context, oid: str, version: str | None, fmt: str, output: Path | None, as_json: bool) -> None:
    """Bring dictionary OID into the cache (incrementally when possible) and export it."""
    ctx.as_json = ctx.as_json or as_json
    with _reported(ctx):
        if fmt == "parquet" and output is None:
            raise NsiError("nsi.export.format", field="output", value="parquet needs --output")
        with ctx.client() as client, ctx.cache() as cache:
            dictionary = client.dictionary(oid, version, cache=cache, offline=ctx.offline)
        _export(ctx, dictionary, fmt, output)


def _export(ctx: _Context, dictionary: Dictionary, fmt: str, output: Path | None) -> None:
    if fmt == "parquet":
        assert output is not None
        _write_parquet(dictionary, output)
    elif fmt == "csv":
        if output is None:
            _write_csv(dictionary, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                _write_csv(dictionary, handle)
    else:
        document = {
            "oid": dictionary.oid,
            "version": dictionary.version,
            "source": dictionary.source,
            "columns": dictionary.columns,
            "rows": dictionary.to_rows(),
        }
        if output is None:
            _dump(document)
        else:
            output.write_text(json.dumps(document, ensure_ascii=False, default=_plain), encoding="utf-8")
    if output is not None:
        summary = {
            "oid": dictionary.oid,
            "version": dictionary.version,
            "rows": len(dictionary),
            "source": dictionary.source,
            "output": str(output),
            "format": fmt,
        }
        if ctx.as_json:
            _dump(summary)
        else:
            click.echo(
                f"{dictionary.oid} {dictionary.version}: {len(dictionary)} rows ({dictionary.source}) → {output}"
            )


@nsi.command("diff")
@click.argument("oid")
@click.option("--from", "old", required=True, help="The older version.")
@click.option("--to", "new", required=True, help="The newer version.")
@json_option
@click.pass_obj
def diff(ctx: _Context, oid: str, old: str, new: str, as_json: bool) -> None:
    """Rows changed in dictionary OID from version --from to version --to (NSI's /compare)."""
    ctx.as_json = ctx.as_json or as_json
    with _reported(ctx), ctx.client() as client:
        comparison = client.compare(oid, old, new)
    changes = [{"operation": c.operation.value, "row": c.record.as_dict()} for c in comparison.changes]
    if ctx.as_json:
        _dump(
            {
                "oid": oid,
                "from": old,
                "to": new,
                "total": comparison.total,
                "unchanged": comparison.unchanged,
                "structure_changed": comparison.structure_changed,
                "changes": changes,
            }
        )
        return
    if comparison.unchanged:
        click.echo(f"{oid}: {old} → {new}: no changes")
        return
    if comparison.structure_changed:
        click.echo(f"{oid}: {old} → {new}: the structure (columns or key) changed")
    for change in comparison.changes:
        row = ", ".join(f"{k}={_plain(v)}" for k, v in change.record.items())
        click.echo(f"{change.operation.value}\t{row}")
    click.echo(f"{len(changes)} changes", err=True)
