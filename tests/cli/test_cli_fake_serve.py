"""``egisz fake serve``: extra systems by option (GOST or RSA/RS256), keys written 0600 atomically."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from egisz_sdk.cli import main
from egisz_sdk.cli._fake import ServeOptions, run, serve
from egisz_sdk.signature import SoftwareSigner, load_certificate, load_private_key


def _serve(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Iterator[dict[str, Any]]:
    options = ServeOptions(**serve.make_context("serve", argv).params)
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(options, stop))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        out = ""
        while time.monotonic() < deadline and not out.rstrip().endswith("}"):
            time.sleep(0.05)
            out += capsys.readouterr().out
        yield json.loads(out)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def umask_zero() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_extra_systems_are_registered_exported_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], umask_zero: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: dict[str, int] = {}
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:  # the key's mode at the moment it gets its name
        renamed[str(dst)] = stat.S_IMODE(os.stat(src).st_mode)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    argv = ["--json", "--export", str(tmp_path), "--system", "RSA_SYS:rsa", "--system", "GOST2"]
    for info in _serve(argv, capsys):
        systems = {s["client_id"]: s for s in info["systems"]}
        assert list(systems) == ["EGISZ_TEST", "RSA_SYS", "GOST2"]
        assert systems["RSA_SYS"]["jwt_algorithm"] == "RS256" and systems["RSA_SYS"]["kind"] == "rsa"
        assert systems["GOST2"]["jwt_algorithm"] == "GOST3410_2012_256"
        assert systems["EGISZ_TEST"]["files"]["key"] == info["files"]["client_key"]  # the old names stay
        for system in systems.values():
            key_path = Path(system["files"]["key"])
            assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
            assert renamed[str(key_path)] == 0o600  # never readable by others, not even for a moment
            key = load_private_key(key_path.read_bytes())
            certificate = load_certificate(Path(system["files"]["certificate"]).read_bytes())
            SoftwareSigner(key, certificate)  # the pair matches (key_mismatch otherwise)
        assert load_private_key(Path(systems["RSA_SYS"]["files"]["key"]).read_bytes()).algorithm == "rsa"
        with httpx.Client(base_url=info["url"]) as client:
            client.post("/__fake__/reset")  # a reset keeps every system
            clients = client.get("/__fake__/info").json()["esia"]["clients"]
        assert {c["client_id"]: c["jwt_algorithm"] for c in clients} == {
            "EGISZ_TEST": "GOST3410_2012_256",
            "RSA_SYS": "RS256",
            "GOST2": "GOST3410_2012_256",
        }
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_system_names_must_differ(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake", "serve", "--system", "EGISZ_TEST:rsa"]) == 2
    assert "EGISZ_TEST" in capsys.readouterr().err


def test_write_private_replaces_an_old_key_and_keeps_0600(tmp_path: Path, umask_zero: None) -> None:
    from egisz_sdk.cli._fake import write_private

    target = tmp_path / "k.pem"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["k.pem"]


def test_exported_gost_systems_call_frmr_through_the_gateway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs/frmr.md: the key and certificate `egisz fake serve --export DIR` writes work with `egisz frmr` as they are.
    from click.testing import CliRunner

    from egisz_sdk.cli._frmr import frmr

    for info in _serve(["--json", "--export", str(tmp_path), "--system", "RSA_SYS:rsa"], capsys):
        assert {s["system_id"] for s in info["gateway"]["systems"]} == {"EGISZ_TEST"}  # an RSA key cannot sign
        base = info["url"] + "/" + info["frmr"]["base_url"].strip("/") + "/"
        mo = info["organizations"][0]["mo_oid"]
        connect = ["--base-url", base, "--key", str(tmp_path / "client-key.pem"), "--cert"]
        connect += [str(tmp_path / "client-cert.pem"), "--system-id", "EGISZ_TEST", "--rate", "1000"]
        staff = tmp_path / "staff.jsonl"
        result = CliRunner().invoke(frmr, [*connect, "export", "--mo", mo, "-o", str(staff)])
        assert result.exit_code == 0, result.output
        snils = json.loads(staff.read_text(encoding="utf-8").splitlines()[0])["person"]["snils"]
        result = CliRunner().invoke(frmr, [*connect, "get", "--mo", mo, "--snils", snils, "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["snils"] == snils
        with httpx.Client(base_url=info["url"]) as client:
            client.post("/__fake__/reset")  # a reset keeps the gateway registration
            systems = client.get("/__fake__/gateway/systems").json()
        assert [s["system_id"] for s in systems] == ["EGISZ_TEST"]
