"""``egisz frmo org get / departments / export`` and the resumable export, against the fake world."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from egisz_sdk._http import RetryPolicy
from egisz_sdk.errors import RegistryUnavailable
from egisz_sdk.frmo import AsyncFrmoClient
from egisz_sdk.frmo.export import export_organizations
from egisz_sdk.frmo.resources import FRMO_TEST_URL
from egisz_sdk.testing import World, frmo_test_config
from egisz_sdk.testing.services.gateway import gateway_for

pytest.importorskip("click")
from click.testing import CliRunner

from egisz_sdk.cli._frmo import frmo


@pytest.fixture
def world() -> World:
    return World(seed=1, organizations=12)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def export(world: World, path: Path, **kwargs: Any) -> Any:
    async def main() -> Any:
        config = frmo_test_config(world, retry=RetryPolicy(attempts=2, sleep=lambda _: None))
        async with AsyncFrmoClient(config) as client:
            return await export_organizations(client, path, **kwargs)

    return asyncio.run(main())


def test_a_regional_export_holds_exactly_the_region_with_departments(world: World, tmp_path: Path) -> None:
    region = world.population.organizations[0].region_id
    expected = [o.mo_oid for o in world.population.organizations if o.region_id == region]
    report = export(world, tmp_path / "orgs.jsonl", region=region, page_size=5)
    got = lines(tmp_path / "orgs.jsonl")
    assert [line["oid"] for line in got] == expected
    assert (report.written, report.scanned, report.resumed) == (len(expected), 12, False)
    first = got[0]
    assert first["organization"]["regionId"]["id"] == region
    assert [d["oid"] for d in first["departments"]] == [d.oid for d in world.population.departments_of(expected[0])]
    assert not (tmp_path / "orgs.jsonl.state.json").exists()


def test_an_interrupted_export_resumes_without_fetching_again(world: World, tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl"
    export(world, whole, page_size=3)
    part = tmp_path / "part.jsonl"
    calls = {"n": 0}

    def stop_after_two_pages(progress: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            world.faults.add_from_dict({"operation": "frmo.org.page", "status": 503, "times": 10})

    with pytest.raises(RegistryUnavailable):
        export(world, part, page_size=3, progress=stop_after_two_pages)
    assert (tmp_path / "part.jsonl.state.json").exists() and len(lines(part)) == 6
    world.faults.clear()
    before = world.journal.count("frmo.depart.page")
    report = export(world, part, page_size=3)
    assert report.resumed and part.read_bytes() == whole.read_bytes()
    assert world.journal.count("frmo.depart.page") - before == 6  # the six remaining organisations only


def run(world: World, tmp_path: Path, *args: str) -> Any:
    issued = gateway_for(world.context).issue_system("MIS-CLI", "*").export()
    (tmp_path / "key.pem").write_text(issued["key"])
    (tmp_path / "cert.pem").write_text(issued["certificate"])
    files = ["--key", str(tmp_path / "key.pem"), "--cert", str(tmp_path / "cert.pem"), "--system-id", "MIS-CLI"]
    base = ["--base-url", FRMO_TEST_URL, "--rate", "1000", *files]
    return CliRunner().invoke(frmo, [*base, *args], obj={"transport": world.transport()})


def test_cli_org_get_and_departments(world: World, tmp_path: Path) -> None:
    org = world.population.organizations[0]
    shown = run(world, tmp_path, "org", "get", org.mo_oid)
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == f"{org.mo_oid}\t{org.short_name}"
    as_json = run(world, tmp_path, "org", "get", org.mo_oid, "--json")
    assert json.loads(as_json.output)["inn"] == org.inn
    missing = run(world, tmp_path, "org", "get", "1.2.643.5.1.13.13.12.2.77.99999")
    assert missing.exit_code == 1 and "registry.not_found" in missing.output
    listed = run(world, tmp_path, "departments", org.mo_oid)
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == len(world.population.departments_of(org))
    active = run(world, tmp_path, "departments", org.mo_oid, "--active", "--json")
    assert all("liquidationDate" not in d for d in json.loads(active.output))
    assert run(world, tmp_path, "departments").exit_code == 2


def test_cli_export_writes_the_region_and_reports(world: World, tmp_path: Path) -> None:
    region = world.population.organizations[0].region_id
    out = tmp_path / "orgs.jsonl"
    done = run(world, tmp_path, "export", "--region", str(region), "-o", str(out), "--no-departments")
    assert done.exit_code == 0, done.output
    count = sum(1 for o in world.population.organizations if o.region_id == region)
    assert f"done: {count} organisations written, 12 scanned" in done.output
    assert all(line["departments"] == [] for line in lines(out))
    assert run(world, tmp_path, "export", "--region", "150", "-o", str(out)).exit_code == 2
