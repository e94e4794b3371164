"""Acceptance: ``egisz sign`` / ``egisz verify`` as an HR-system developer uses them with real-world files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from _support import VECTORS
from egisz_sdk.cli import main
from egisz_sdk.errors import SignatureError
from egisz_sdk.signature import SoftwareSigner, load_private_key, sign_cms
from egisz_sdk.testing.pki import TestPki

KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())
PBE: dict[str, Any] = json.loads((VECTORS / "gost_keys_standard_pbe.json").read_text(encoding="utf-8"))
DOC = "Приказ о приёме на работу\n".encode()


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return TestPki(seed=11)


@pytest.fixture
def signed(tmp_path: Path, pki: TestPki) -> dict[str, str]:
    """A document signed by a person (SNILS, INN) and by an individual entrepreneur (OGRNIP), with the CA files."""
    person = pki.issue("gost256", common_name="Иванова Анна Петровна", snils="112-233-445 95", inn="500100732259")
    ip = pki.issue("gost256", common_name="ИП Петров", inn="500100732259", ogrnip="304500116000157")
    (tmp_path / "doc.txt").write_bytes(DOC)
    (tmp_path / "root.pem").write_bytes(person.chain[-1].der)
    (tmp_path / "inter.pem").write_bytes(person.chain[0].der)
    for name, ident in (("person", person), ("ip", ip)):
        (tmp_path / f"{name}.p7s").write_bytes(sign_cms(DOC, SoftwareSigner(ident.key, ident.certificate)))
    return {name: str(tmp_path / name) for name in ("doc.txt", "root.pem", "inter.pem", "person.p7s", "ip.p7s")}


def _verify(files: dict[str, str], sig: str, *extra: str) -> list[str]:
    return [
        "verify",
        files[sig],
        "--content",
        files["doc.txt"],
        "--trust",
        files["root.pem"],
        "--cert",
        files["inter.pem"],
        *extra,
    ]


def test_identity_options_accept_the_usual_spellings(
    signed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--snils as printed on the card (with separators), the docs' own spelling, must match the certificate."""
    assert main(_verify(signed, "person.p7s", "--snils", "112-233-445 95")) == 0
    assert main(_verify(signed, "person.p7s", "--snils", "11223344595", "--inn", "500100732259", "--json")) == 0
    capsys.readouterr()
    assert main(_verify(signed, "person.p7s", "--snils", "112-233-445 95", "--json")) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["identity"][0]["expected"] == "11223344595"
    assert report["identity"][0]["ok"] is True


def test_ogrn_option_matches_an_entrepreneurs_ogrnip(signed: dict[str, str]) -> None:
    """As in the trust policy (verify_certificate(ogrn=…)), OGRN matches OGRN or OGRNIP."""
    assert main(_verify(signed, "ip.p7s", "--ogrn", "304500116000157")) == 0
    assert main(_verify(signed, "ip.p7s", "--ogrn", "1027700132195")) == 1


def test_identity_option_that_is_not_an_identifier_is_a_usage_error(
    signed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_verify(signed, "person.p7s", "--snils", "11223344596")) == 2
    err = capsys.readouterr().err
    assert "snils.checksum" in err and "СНИЛС" in err and "SNILS" in err


def test_signer_name_uses_labels_not_oids(signed: dict[str, str]) -> None:
    """In a fresh process the signer line used to read '1.2.643.3.131.1.1: …, 1.2.643.100.3: …'."""
    done = subprocess.run(
        [sys.executable, "-m", "egisz_sdk.cli", *_verify(signed, "person.p7s")],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert "1.2.643.100.3" not in out and "1.2.643.3.131.1.1" not in out
    assert "СНИЛС: 11223344595" in out and "Иванова Анна Петровна" in out


def test_verify_without_trust_fails_and_says_the_certificate_was_not_checked(
    signed: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A signature by someone nobody trusts used to print VALID and exit 0."""
    assert main(["verify", signed["person.p7s"], "--content", signed["doc.txt"]]) == 1
    captured = capsys.readouterr()
    assert "--trust" in captured.err and "--no-verify-signer" in captured.err
    assert "не проверен" in captured.err and "not checked" in captured.err
    assert captured.out.startswith("UNTRUSTED") and "VALID:" not in captured.out
    assert main(["verify", signed["person.p7s"], "--content", signed["doc.txt"], "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["signature_intact"] is True and report["signer_checked"] is False
    assert report["error"]["code"] == "cli.signer_not_checked"
    assert main(_verify(signed, "person.p7s")) == 0
    assert "--trust" not in capsys.readouterr().err


def test_no_verify_signer_checks_only_the_signature(signed: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["verify", signed["person.p7s"], "--content", signed["doc.txt"], "--no-verify-signer"]
    assert main(base) == 0
    assert "signature intact, signer NOT checked" in capsys.readouterr().out
    assert main([*base, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["signer_checked"] is False and "error" not in report
    Path(signed["doc.txt"]).write_bytes(b"tampered")
    assert main(base) == 1  # the signature itself is still checked
    assert main([*base, "--trust", signed["root.pem"]]) == 2  # contradictory options
    assert "--no-verify-signer" in capsys.readouterr().err


@pytest.fixture
def keyfiles(tmp_path: Path) -> dict[str, str]:
    out = {}
    for name in ("gost256", "rsa"):
        (tmp_path / f"{name}.key").write_text(KEYS[name]["private_key"])
        (tmp_path / f"{name}.pem").write_text(KEYS[name]["certificate"])
        out[name] = str(tmp_path / name)
    (tmp_path / "doc.txt").write_bytes(DOC)
    (tmp_path / "default.pfx").write_bytes(__import__("base64").b64decode(PBE["pfx_default"]))
    (tmp_path / "pfx.pem").write_text(PBE["certificate"])
    out["dir"] = str(tmp_path)
    return out


def test_password_file_written_by_notepad_with_a_bom(keyfiles: dict[str, str]) -> None:
    pw = Path(keyfiles["dir"]) / "pw.txt"
    pw.write_bytes(b"\xef\xbb\xbf" + PBE["pfx_default_password"].encode() + b"\r\n")
    doc = keyfiles["dir"] + "/doc.txt"
    argv = ["sign", "--key", keyfiles["dir"] + "/default.pfx", "--cert", keyfiles["dir"] + "/pfx.pem"]
    assert main([*argv, "--password-file", str(pw), doc, "-o", doc + ".p7s"]) == 0
    assert main(["verify", doc + ".p7s", "--content", doc, "--no-verify-signer"]) == 0


def test_password_file_that_is_not_utf8_is_a_usage_error(
    keyfiles: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    pw = Path(keyfiles["dir"]) / "pw.bin"
    pw.write_bytes(b"\xff\xfe\xcf\xe0\xf0\xee\xeb\xfc")  # cp1251 after a UTF-16 BOM: not UTF-8
    doc = keyfiles["dir"] + "/doc.txt"
    key, cert = keyfiles["gost256"] + ".key", keyfiles["gost256"] + ".pem"
    code = main(["sign", "--key", key, "--cert", cert, "--password-file", str(pw), doc, "-o", doc + ".p7s"])
    assert code == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and "Traceback" not in err
    assert "\xcf\xe0" not in err


def test_cert_option_given_a_key_file_names_the_certificate(
    keyfiles: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = keyfiles["dir"] + "/doc.txt"
    code = main(["sign", "--key", keyfiles["gost256"] + ".key", "--cert", keyfiles["gost256"] + ".key", doc])
    assert code == 1
    err = capsys.readouterr().err
    assert "CERTIFICATE" in err and "cms.corrupt" not in err


def test_key_that_does_not_match_the_certificate(keyfiles: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    doc = keyfiles["dir"] + "/doc.txt"
    code = main(["sign", "--key", keyfiles["gost256"] + ".key", "--cert", keyfiles["dir"] + "/pfx.pem", doc])
    assert code == 1
    err = capsys.readouterr().err
    assert "signer.key_mismatch" in err and "signer.bad_output" not in err


@pytest.mark.parametrize("name", ["gost256", "rsa"])
def test_software_signer_refuses_a_foreign_certificate_at_once(name: str) -> None:
    key = load_private_key(KEYS[name]["private_key"])
    other = "rsa" if name == "gost256" else "gost256"
    with pytest.raises(SignatureError) as info:
        SoftwareSigner(key, KEYS[other]["certificate"].encode())
    assert info.value.code == "signer.key_mismatch"
    with pytest.raises(SignatureError) as info:
        SoftwareSigner(load_private_key(PBE["private_key"]), KEYS["gost256"]["certificate"].encode())
    assert info.value.code == "signer.key_mismatch"
    SoftwareSigner(key, KEYS[name]["certificate"].encode())  # the right pair is accepted
