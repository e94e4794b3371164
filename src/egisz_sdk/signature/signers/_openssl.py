"""Signing with the ``openssl`` command line and gost-engine, for keys that live in OpenSSL files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from egisz_sdk._numbers import number
from egisz_sdk.signature._algorithms import ALG_GOST256, ALG_GOST512, certificate_der
from egisz_sdk.signature._asn1 import pem
from egisz_sdk.signature.signers._protocol import CertificateSigner
from egisz_sdk.signature.signers._subprocess import run_tool

__all__ = ["OpenSslSigner"]

_DGST = {ALG_GOST256: "-md_gost12_256", ALG_GOST512: "-md_gost12_512"}
_CMS_MD = {ALG_GOST256: "md_gost12_256", ALG_GOST512: "md_gost12_512"}


class OpenSslSigner(CertificateSigner):
    """Sign by running ``openssl dgst -sign`` / ``openssl cms -sign`` (gost-engine for GOST keys).

    Args:
        key_path: the private key file (PEM/DER, optionally encrypted).
        certificate: the matching certificate (SDK ``Certificate``, DER or PEM bytes).
        openssl: the executable.
        engine: the engine to load (``"gost"``); ``None`` for none (RSA/EC keys, or a provider configured
            through ``OPENSSL_CONF``).
        password: the key password; handed to OpenSSL through a pipe (``-passin fd:N``), never on the
            command line, never in ``repr`` or errors.
        timeout: seconds per invocation: finite, more than 0 and at most 3600 (``config.invalid`` otherwise).
    """

    def __init__(
        self,
        key_path: str | os.PathLike[str],
        certificate: Any,
        openssl: str = "openssl",
        engine: str | None = "gost",
        password: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        super().__init__(certificate)
        number("timeout", timeout, low=0.0, high=3600.0, low_open=True)
        self._key_path = str(Path(key_path))
        self._openssl = openssl
        self._engine = engine
        self._password = password
        self._timeout = timeout

    def _common(self) -> list[str]:
        args: list[str] = []
        if self._engine:
            args += ["-engine", self._engine]
        if self._password is not None:
            args += ["-passin", "fd:{fd}"]
        return args

    def sign(self, data: bytes) -> bytes:
        """Raw signature over ``data`` (GOST: ``BE(s)||BE(r)``, exactly what ``openssl dgst -sign`` writes)."""
        digest = _DGST.get(self.algorithm, "-sha256")
        argv = [self._openssl, "dgst", *self._common(), digest, "-sign", self._key_path, "-binary"]
        return run_tool("OpenSslSigner", argv, stdin=bytes(data), secret=self._password, timeout=self._timeout)

    def sign_cms(self, data: bytes, detached: bool = True) -> bytes:
        """CAdES-BES by ``openssl cms -sign -binary -cades -md … -outform DER [-nodetach]``."""
        with tempfile.TemporaryDirectory(prefix="egisz-openssl-") as tmp:
            cert_path = Path(tmp) / "signer.pem"
            cert_path.write_bytes(pem("CERTIFICATE", certificate_der(self._certificate)))
            md = _CMS_MD.get(self.algorithm, "sha256")
            argv = [self._openssl, "cms", "-sign", *self._common(), "-binary", "-cades", "-md", md, "-outform", "DER"]
            argv += ["-signer", str(cert_path), "-inkey", self._key_path]
            if not detached:
                argv.append("-nodetach")
            return run_tool("OpenSslSigner", argv, stdin=bytes(data), secret=self._password, timeout=self._timeout)

    def __repr__(self) -> str:
        return f"OpenSslSigner(key_path={self._key_path!r}, algorithm={self.algorithm!r}, password=<hidden>)"
