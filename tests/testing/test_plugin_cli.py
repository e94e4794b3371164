"""The pytest plugin's fixtures and marker, and `egisz fake serve`."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pytest

from egisz_sdk.cli import main
from egisz_sdk.cli._fake import ServeOptions, run, serve
from egisz_sdk.testing import ServerHandle, World


@pytest.mark.egisz(seed=5, faults=[{"operation": "esia.token", "status": 418, "times": 1}])
def test_marker_sets_seed_and_faults(egisz_world: World) -> None:
    assert egisz_world.seed == 5
    assert egisz_world.population == World(seed=5).population
    with egisz_world.client() as client:
        assert client.post("/aas/oauth2/v3/te").status_code == 418


def test_server_fixture_is_reset_between_tests_first(egisz_server: ServerHandle) -> None:
    assert len(egisz_server.world.journal) == 0
    httpx.post(f"{egisz_server.url}/aas/oauth2/v3/te")
    egisz_server.world.faults.add("esia.ac", status=500)


def test_server_fixture_is_reset_between_tests_second(egisz_server: ServerHandle) -> None:
    assert len(egisz_server.world.journal) == 0 and egisz_server.world.faults.rules == []


def test_async_client_factory(egisz_world: World, async_esia_client: object) -> None:
    import asyncio

    async def go() -> str:
        client = async_esia_client()  # type: ignore[operator]
        async with client:
            request = client.authorization_url()
            callback = egisz_world.esia.authorize("employee@example.test", request.url)
            result = await client.login(callback, request)
            return str(result.person.last_name)

    assert asyncio.run(go()) == egisz_world.esia.account("employee@example.test").person.last_name  # type: ignore[union-attr]


def test_fake_serve_prints_and_serves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    params = serve.make_context("serve", ["--seed", "2", "--json", "--export", str(tmp_path)]).params
    args = ServeOptions(**params)
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(args, stop))
    thread.start()
    try:
        deadline = time.monotonic() + 20
        out = ""
        while time.monotonic() < deadline and not out.rstrip().endswith("}"):
            time.sleep(0.05)
            out += capsys.readouterr().out
        info = json.loads(out)
        assert info["seed"] == 2 and info["client"]["client_id"] == "EGISZ_TEST"
        assert info["url"].startswith("http://127.0.0.1:")
        with httpx.Client(base_url=info["url"]) as client:
            client.post("/__fake__/reset")
            assert client.get("/__fake__/info").json()["esia"]["clients"][0]["client_id"] == "EGISZ_TEST"
            assert client.get("/__fake__/esia/certificates").text.count("BEGIN CERTIFICATE") == 2
        assert "PRIVATE KEY" in Path(info["files"]["client_key"]).read_text()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_fake_without_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake"]) == 2
    assert "serve" in capsys.readouterr().err


def test_plugin_clients_follow_the_world_clock(egisz_world: World, esia_client: object) -> None:
    client = esia_client()  # type: ignore[operator]
    egisz_world.clock.advance(400)  # beyond ESIA's 300 s timestamp tolerance from the wall clock
    request = client.authorization_url()
    result = client.login(egisz_world.esia.authorize("employee@example.test", request.url), request)
    assert result.person.oid == egisz_world.esia.account("employee@example.test").person.oid  # type: ignore[union-attr]


def test_esia_config_takes_any_config_field(egisz_world: World) -> None:
    from egisz_sdk.testing import esia_config

    config = esia_config(egisz_world, issuer="http://esia.example.test/", leeway=5.0, environment="http://other.test")
    assert config.issuer == "http://esia.example.test/" and config.leeway == 5.0
    assert config.environment == "http://other.test"


_DOWNSTREAM_TEST = """
import pytest


async def test_async_login(async_esia_client, egisz_world):
    client = async_esia_client()
    async with client:
        request = client.authorization_url()
        callback = egisz_world.esia.authorize("employee@example.test", request.url)
        await client.login(callback, request)


def test_sync(esia_client, egisz_server):
    assert esia_client(server=egisz_server).authorization_url().url
"""


@pytest.mark.parametrize("mode", ["auto", "strict"])
def test_plugin_adds_no_warning_to_a_downstream_asyncio_project(tmp_path: Path, mode: str) -> None:
    import os
    import subprocess
    import sys

    pytest.importorskip("pytest_asyncio")
    (tmp_path / "pytest.ini").write_text(
        f"[pytest]\nasyncio_mode = {mode}\nasyncio_default_fixture_loop_scope = function\n", encoding="utf-8"
    )
    body = (
        _DOWNSTREAM_TEST
        if mode == "auto"
        else _DOWNSTREAM_TEST.replace("\n\nasync def", "\n\n@pytest.mark.asyncio\nasync def")
    )
    (tmp_path / "test_downstream.py").write_text(body, encoding="utf-8")
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-W", "error", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 passed" in proc.stdout and "warning" not in proc.stdout.lower()
