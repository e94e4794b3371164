"""``egisz nsi`` against the fake NSI on a loopback server (click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _nsi_helpers import LINKS, VMP, nsi_world

click_testing = pytest.importorskip("click.testing")

from egisz_sdk.cli._nsi import nsi  # noqa: E402
from egisz_sdk.testing.services.nsi import DEFAULT_USER_KEY, REST_ROOT  # noqa: E402


@pytest.fixture
def base(tmp_path: Path) -> Iterator[list[str]]:
    world = nsi_world()
    with world.serve() as handle:
        yield ["--base-url", handle.url + REST_ROOT, "--user-key", DEFAULT_USER_KEY, "--cache", str(tmp_path / "c.db")]


def run(args: list[str]):  # type: ignore[no-untyped-def]
    return click_testing.CliRunner().invoke(nsi, args, catch_exceptions=False)


def test_search(base: list[str]) -> None:
    result = run([*base, "search", "ВМП"])
    assert result.exit_code == 0 and result.stdout.startswith(VMP)
    document = json.loads(run([*base, "--json", "search", "ВМП"]).stdout)
    assert document["dictionaries"][0]["oid"] == VMP


def test_passport(base: list[str]) -> None:
    result = run([*base, "passport", LINKS, "--version", "1.2"])
    assert result.exit_code == 0 and "103 rows" in result.stdout and "ID\tINTEGER" in result.stdout
    document = json.loads(run([*base, "passport", LINKS, "--json"]).stdout)
    assert document["version"] == "1.8" and document["key"] == "ID"


def test_pull_csv_json_parquet_and_offline(base: list[str], tmp_path: Path) -> None:
    result = run([*base, "pull", VMP, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows[0][:2] == ["ID", "NAME"] and len(rows) == 175
    assert rows[1][4] == "2019-01-01"
    document = json.loads(run([*base, "pull", VMP, "--format", "json"]).stdout)
    assert document["source"] == "cache" and len(document["rows"]) == 174
    target = tmp_path / "vmp.parquet"
    summary = json.loads(run([*base, "--json", "pull", VMP, "--format", "parquet", "--output", str(target)]).stdout)
    assert summary["rows"] == 174 and target.stat().st_size > 0
    import pyarrow.parquet as parquet

    assert parquet.read_table(target).num_rows == 174
    offline = ["--offline", "--cache", base[-1]]
    assert run([*offline, "pull", VMP, "--format", "json"]).exit_code == 0  # no key, no network: from the cache
    missing = run([*offline, "--json", "pull", LINKS])
    assert missing.exit_code == 1 and json.loads(missing.stdout)["error"]["code"] == "nsi.cache.offline_miss"


def test_diff(base: list[str]) -> None:
    result = run([*base, "diff", LINKS, "--from", "1.2", "--to", "1.8"])
    assert result.exit_code == 0 and result.stdout.count("DELETE\t") == 47
    document = json.loads(run([*base, "--json", "diff", LINKS, "--from", "1.2", "--to", "1.8"]).stdout)
    assert document["total"] == 76 and {c["operation"] for c in document["changes"]} == {"INSERT", "UPDATE", "DELETE"}


def test_errors_and_exit_codes(base: list[str], tmp_path: Path) -> None:
    unknown = run([*base, "--json", "passport", "1.2.643.999"])
    assert unknown.exit_code == 1 and json.loads(unknown.stdout)["error"]["code"] == "nsi.dictionary.not_found"
    nokey = click_testing.CliRunner(env={"EGISZ_NSI_USER_KEY": None}).invoke(nsi, ["--json", "search", "x"])
    assert nokey.exit_code == 2 and json.loads(nokey.stdout)["error"]["code"] == "nsi.user_key.missing"
    usage = run([*base, "diff", LINKS, "--from", "1.2"])
    assert usage.exit_code == 2
    parquet = run([*base, "pull", VMP, "--format", "parquet"])
    assert parquet.exit_code == 1
    assert DEFAULT_USER_KEY not in unknown.output + parquet.output
