"""Pkcs11Signer against a real PKCS#11 module: SoftHSM2 with a token made in a temp dir.

SoftHSM2 has no GOST R 34.10-2012 mechanisms, so RSA and ECDSA are signed on the token; the GOST branch
(TC26 vendor mechanisms, output order) is exercised with a stand-in key object, and the vendor mechanism
number is shown to reach the real module (SoftHSM2 answers CKR_MECHANISM_INVALID).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _support import VECTORS, require
from egisz_sdk.errors import ConfigurationError, EgiszError, SignatureError
from egisz_sdk.signature import sign_cms, verify_cms
from egisz_sdk.signature._algorithms import public_key_of
from egisz_sdk.signature.keys import load_private_key
from egisz_sdk.signature.signers import Pkcs11Signer, Signer, verified
from egisz_sdk.signature.signers._pkcs11 import (
    CKM_GOSTR3410_WITH_GOSTR3411_12_256,
    CKM_GOSTR3410_WITH_GOSTR3411_12_512,
)

pytestmark = pytest.mark.softhsm

LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "1234"
WRONG_PIN = "97531"
DATA = b"pkcs11 signer test\n"
KEYS: dict[str, Any] = json.loads((VECTORS / "cms_keys.json").read_text())


def softhsm_available() -> bool:
    return (
        Path(LIBRARY).exists()
        and shutil.which("softhsm2-util") is not None
        and importlib.util.find_spec("pkcs11") is not None
    )


def _self_signed(private_key: Any, name: str) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(private_key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    """A SoftHSM2 token "t" (PIN 1234) with an RSA key (label rsa, id 01) and an EC P-256 key (label ec,
    id 02, and a certificate object with id 02); returns the certificates (DER)."""
    require(softhsm_available(), "SoftHSM2 (libsofthsm2.so, softhsm2-util) and python-pkcs11")
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    root = tmp_path_factory.mktemp("softhsm")
    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    util = ["softhsm2-util"]
    subprocess.run([*util, "--init-token", "--free", "--label", "t", "--pin", PIN, "--so-pin", "0000"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    certs: dict[str, bytes] = {}
    keys = {
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec": ec.generate_private_key(ec.SECP256R1()),
    }
    for (label, key), key_id in zip(keys.items(), ("01", "02"), strict=True):
        pem = root / f"{label}.pk8"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        cmd = [*util, "--import", str(pem), "--token", "t", "--label", label, "--id", key_id, "--pin", PIN]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        pem.unlink()
        certs[label] = _self_signed(key, f"softhsm {label}")

    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    lib = pkcs11.lib(LIBRARY)
    lib.reinitialize()  # SoftHSM2 reads SOFTHSM2_CONF in C_Initialize; another test may have loaded it before
    from cryptography import x509

    ec_cert = x509.load_der_x509_certificate(certs["ec"])
    with lib.get_token(token_label="t").open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.ID: b"\x02",
                pkcs11.Attribute.LABEL: "ec-cert",
                pkcs11.Attribute.SUBJECT: ec_cert.subject.public_bytes(),
                pkcs11.Attribute.VALUE: certs["ec"],
            }
        )
    yield certs
    lib.finalize()
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def signer(certs: dict[str, bytes], name: str, **overrides: Any) -> Pkcs11Signer:
    options: dict[str, Any] = {"token_label": "t", "pin": PIN, "key_label": name, "certificate": certs[name]}
    options.update(overrides)
    return Pkcs11Signer(LIBRARY, **options)


@pytest.mark.parametrize("name", ["rsa", "ec"])
def test_sign_raw_and_verify_with_certificate(token: dict[str, bytes], name: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    s = signer(token, name)
    assert isinstance(s, Signer)
    assert s.algorithm == ("RSA" if name == "rsa" else "ECDSA")
    signature = s.sign(DATA)
    public = x509.load_der_x509_certificate(token[name]).public_key()
    if name == "rsa":
        public.verify(signature, DATA, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr, call-arg]
    else:
        assert signature[0] == 0x30  # DER SEQUENCE { r, s }, converted from the token's r || s
        public.verify(signature, DATA, ec.ECDSA(hashes.SHA256()))  # type: ignore[union-attr, call-arg]
    assert not public_key_of(token[name]).is_valid(DATA + b"x", signature)


@pytest.mark.parametrize("name", ["rsa", "ec"])
def test_cms_detached_and_attached(token: dict[str, bytes], name: str, tmp_path: Path) -> None:
    s = signer(token, name)
    detached = sign_cms(DATA, s)
    report = verify_cms(detached, DATA, insecure_skip_chain_check=True)
    assert report.valid and report.signers[0].certificate_der == token[name]
    attached = sign_cms(DATA, s, detached=False)
    assert verify_cms(attached, insecure_skip_chain_check=True).content == DATA
    if shutil.which("openssl"):
        (tmp_path / "sig.der").write_bytes(detached)
        (tmp_path / "data").write_bytes(DATA)
        cmd = ["openssl", "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", str(tmp_path / "sig.der"),
               "-content", str(tmp_path / "data"), "-out", os.devnull]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, check=False)
        assert proc.returncode == 0, proc.stderr.decode()


def test_key_by_id_by_slot_and_by_certificate_on_token(token: dict[str, bytes]) -> None:
    import pkcs11

    by_id = signer(token, "rsa", key_label=None, key_id="01")
    assert verified(by_id).sign(DATA)
    slot_id = pkcs11.lib(LIBRARY).get_token(token_label="t").slot.slot_id
    by_slot = signer(token, "rsa", token_label=None, slot=slot_id)
    assert verified(by_slot).sign(DATA)
    # no label, no id: the certificate object equal to ours gives CKA_ID 02; no token selector: the only
    # initialised token is used
    by_cert = Pkcs11Signer(LIBRARY, pin=PIN, certificate=token["ec"])
    assert verified(by_cert).sign(DATA)


def test_token_already_logged_in_by_the_application(token: dict[str, bytes]) -> None:
    import pkcs11

    with pkcs11.lib(LIBRARY).get_token(token_label="t").open(user_pin=PIN):
        assert verified(signer(token, "rsa")).sign(DATA)


def test_threads_share_one_signer(token: dict[str, bytes]) -> None:
    s = signer(token, "ec")
    results: list[bytes] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                results.append(s.sign(DATA))
        except BaseException as exc:  # collected and re-raised in the main thread
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(results) == 20 and all(public_key_of(token["ec"]).is_valid(DATA, r) for r in results)


def test_wrong_pin_is_reported_without_the_pin(token: dict[str, bytes], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    s = signer(token, "rsa", pin=WRONG_PIN)
    assert WRONG_PIN not in repr(s) and "hidden" in repr(s)
    with pytest.raises(SignatureError) as info:
        s.sign(DATA)
    err = info.value
    assert err.code == "signer.pin"
    texts = [str(err), repr(err), json.dumps(err.to_dict()), repr(err.__cause__), repr(err.__context__), caplog.text]
    assert not any(WRONG_PIN in text for text in texts)
    assert PIN not in repr(signer(token, "rsa"))


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"token_label": "no-such-token"}, "signer.token_not_found"),
        ({"token_label": None, "slot": 424242}, "signer.token_not_found"),
        ({"key_label": "no-such-key"}, "signer.key_not_found"),
        ({"key_label": None, "key_id": b"\x09"}, "signer.key_not_found"),
    ],
)
def test_missing_token_or_key(token: dict[str, bytes], overrides: dict[str, Any], code: str) -> None:
    with pytest.raises(SignatureError) as info:
        signer(token, "rsa", **overrides).sign(DATA)
    assert info.value.code == code
    assert PIN not in str(info.value)


def test_ambiguous_key_without_selector(token: dict[str, bytes]) -> None:
    # the RSA certificate is not stored on the token, and the token holds two private keys
    with pytest.raises(SignatureError) as info:
        Pkcs11Signer(LIBRARY, token_label="t", pin=PIN, certificate=token["rsa"]).sign(DATA)
    assert info.value.code == "signer.key_not_found"


def test_wrong_key_for_certificate_is_refused(token: dict[str, bytes]) -> None:
    # the RSA key signs, but the certificate is another RSA key's: re-verification refuses the output
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = _self_signed(rsa.generate_private_key(public_exponent=65537, key_size=2048), "other")
    with pytest.raises(SignatureError) as info:
        signer(token, "rsa", certificate=other).sign(DATA)
    assert info.value.code == "signer.bad_output"


def test_gost_vendor_mechanism_reaches_the_module(token: dict[str, bytes]) -> None:
    # a GOST certificate over the RSA key: the TC26 mechanism number goes to SoftHSM2, which lacks it
    s = signer(token, "rsa", certificate=KEYS["gost256"]["certificate"].encode())
    with pytest.raises(SignatureError) as info:
        s.sign(DATA)
    assert info.value.code == "signer.unsupported"


def test_missing_library(token: dict[str, bytes], tmp_path: Path) -> None:
    s = Pkcs11Signer(str(tmp_path / "libnothing.so"), pin=PIN, certificate=token["rsa"])
    with pytest.raises(ConfigurationError) as info:
        s.sign(DATA)
    assert info.value.code == "signer.library_unavailable"


# -- the GOST branch, with a stand-in for the token's key object -------------------------------------------


class _GostTokenKey:
    """Behaves like a python-pkcs11 private key on a Rutoken: signs with the TC26 combined mechanism and
    returns ``s || r`` big-endian (PKCS#11 order); ``order="r||s"`` models a token that deviates."""

    def __init__(self, name: str, order: str = "s||r") -> None:
        self._key = load_private_key(KEYS[name]["private_key"].encode())
        self._order = order
        self.mechanisms: list[int] = []

    def sign(self, data: bytes, *, mechanism: Any) -> bytes:
        import pkcs11

        assert isinstance(mechanism, pkcs11.Mechanism)
        self.mechanisms.append(int(mechanism))
        s_r: bytes = self._key.sign(data)
        half = len(s_r) // 2
        return s_r if self._order == "s||r" else s_r[half:] + s_r[:half]


@pytest.mark.parametrize(
    ("name", "mechanism", "size"),
    [("gost256", CKM_GOSTR3410_WITH_GOSTR3411_12_256, 64), ("gost512", CKM_GOSTR3410_WITH_GOSTR3411_12_512, 128)],
)
def test_gost_branch_uses_tc26_mechanisms_and_pkcs11_order(name: str, mechanism: int, size: int) -> None:
    require(importlib.util.find_spec("pkcs11") is not None, "python-pkcs11")
    import pkcs11

    assert (CKM_GOSTR3410_WITH_GOSTR3411_12_256, CKM_GOSTR3410_WITH_GOSTR3411_12_512) == (0xD4321008, 0xD4321009)
    cert = KEYS[name]["certificate"].encode()
    s = Pkcs11Signer(LIBRARY, token_label="t", pin=PIN, key_label="k", certificate=cert)
    key = _GostTokenKey(name)
    signature = s._checked(DATA, s._sign_with_key(pkcs11, key, DATA))
    assert key.mechanisms == [mechanism] and len(signature) == size
    swapped = _GostTokenKey(name, order="r||s")
    with pytest.raises(SignatureError) as info:
        s._checked(DATA, s._sign_with_key(pkcs11, swapped, DATA))
    assert info.value.code == "signer.bad_output"


def test_python_pkcs11_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pkcs11", None)
    s = Pkcs11Signer(LIBRARY, token_label="t", pin=PIN, certificate=KEYS["rsa"]["certificate"].encode())
    with pytest.raises(EgiszError) as info:
        s.sign(DATA)
    assert isinstance(info.value, ConfigurationError) and info.value.code == "dependency.missing"
