"""``egisz sign`` / ``egisz verify``: exit codes, reports, passwords never echoed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.cli import main

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    out = {}
    for name in ("gost256", "rsa_encrypted", "rsa"):
        (tmp_path / f"{name}.key").write_text(KEYS[name]["private_key"])
        (tmp_path / f"{name}.pem").write_text(KEYS[name]["certificate"])
        out[name] = str(tmp_path / name)
    (tmp_path / "ca.pem").write_text(KEYS["ca"]["certificate"])
    (tmp_path / "doc.txt").write_bytes("Медицинский документ\n".encode())
    (tmp_path / "pw").write_text(KEYS["rsa_encrypted"]["password"] + "\n")
    out["dir"] = str(tmp_path)
    return out


def test_sign_then_verify_detached(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    g = files["gost256"]
    assert main(["sign", f"{d}/doc.txt", "--key", f"{g}.key", "--cert", f"{g}.pem", "-o", f"{d}/doc.p7s"]) == 0
    assert main(["verify", f"{d}/doc.p7s", "--content", f"{d}/doc.txt", "--trust", f"{d}/ca.pem"]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "Signer g256" in out and "streebog256" in out
    assert main(["verify", f"{d}/doc.p7s", "--content", f"{d}/doc.txt", "--trust", f"{d}/ca.pem", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["signers"][0]["checks"]["signature"] is True


def test_attached_and_tampered(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    r = files["rsa"]
    assert main(["sign", f"{d}/doc.txt", "--key", f"{r}.key", "--cert", f"{r}.pem", "--attached"]) == 0
    assert main(["verify", f"{d}/doc.txt.p7s", "--trust", f"{r}.pem"]) == 0  # self-signed: it is its own anchor
    Path(f"{d}/other.txt").write_text("другой\n")
    capsys.readouterr()
    assert main(["verify", f"{d}/doc.txt.p7s", "--content", f"{d}/other.txt", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is False and result["error"]["code"] == "cms.digest_mismatch"


def test_wrong_content_is_invalid(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    g = files["gost256"]
    assert main(["sign", f"{d}/doc.txt", "--key", f"{g}.key", "--cert", f"{g}.pem"]) == 0
    Path(f"{d}/doc2.txt").write_text("tampered")
    capsys.readouterr()
    assert main(["verify", f"{d}/doc.txt.p7s", "--content", f"{d}/doc2.txt"]) == 1
    assert "cms.digest_mismatch" in capsys.readouterr().out


def test_usage_errors(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    assert main(["verify", f"{d}/missing.p7s"]) == 2
    g = files["gost256"]
    assert main(["sign", f"{d}/doc.txt", "--key", f"{g}.key", "--cert", f"{g}.pem"]) == 0
    assert main(["verify", f"{d}/doc.txt.p7s"]) == 2  # detached without --content
    assert main(["verify", f"{d}/doc.txt"]) == 1  # not a CMS at all
    assert main(["sign"]) == 2


def test_password_file_and_password_never_echoed(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    e = files["rsa_encrypted"]
    secret = KEYS["rsa_encrypted"]["password"]
    base = ["sign", f"{d}/doc.txt", "--key", f"{e}.key", "--cert", f"{e}.pem"]
    assert main([*base, "--password-file", f"{d}/pw"]) == 0
    assert main(["verify", f"{d}/doc.txt.p7s", "--content", f"{d}/doc.txt", "--no-verify-signer"]) == 0
    assert main([*base, "--password", "not-" + secret]) == 1
    assert main([*base, "--password", secret, "--password-file", f"{d}/pw"]) == 2
    captured = capsys.readouterr()
    assert secret not in captured.out + captured.err


def test_identity_options(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    d = files["dir"]
    g = files["gost256"]
    assert main(["sign", f"{d}/doc.txt", "--key", f"{g}.key", "--cert", f"{g}.pem"]) == 0
    # the test certificate carries no SNILS: requiring one makes the verdict INVALID
    assert main(["verify", f"{d}/doc.txt.p7s", "--content", f"{d}/doc.txt", "--snils", "11223344595"]) == 1
    assert "snils" in capsys.readouterr().out
