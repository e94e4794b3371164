"""Signing through CryptoPro CSP's command-line tools (``cryptcp``, ``csptest``), as CryptoPro CSP 5 documents them.

The command lines (``<…>`` are temporary files in a private directory the signer creates and removes):

* detached CAdES-BES — ``cryptcp -signf -detached -der -cert -thumbprint <sha1> [-pin <pin>] -dir <outdir> <file>``;
  cryptcp writes ``<outdir>/<file name>.sgn``;
* attached CAdES-BES — ``csptest -sfsign -sign -add -addsigtime -in <file> -out <out> -my <sha1> [-password <pin>]``;
* raw GOST R 34.10-2012 — ``csptest -keys -cont <container> -sign GOST12_256|GOST12_512 -keytype exchange|signature
  -in <file> -out <out> [-password <pin>]``; the token hashes ``<file>`` with Streebog and writes the signature
  **byte-reversed** relative to OpenSSL/X.509 order (CryptoAPI little-endian ``LE(r) || LE(s)``), which is converted
  with :func:`egisz_sdk.signature.jose.reverse_bytes`.

The tools report ``[ErrorCode: 0x…]``; wrong PIN (``0x8010006b``, ``0x8010006c``), missing key container
(``0x80090016``) and missing certificate (``0x2000012d``, ``0x80092004``) map to ``signer.pin`` and
``signer.key_not_found``. Standard input is closed so that a tool asking for a PIN fails instead of hanging.
The PIN, when given, is on the command line (CryptoPro offers no pipe for it): it never appears in errors or
``repr``, but other local users can see process arguments — prefer a PIN cached by CSP (``pin=None``).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from egisz_sdk._numbers import number
from egisz_sdk.errors import ConfigurationError, SignatureError
from egisz_sdk.signature._algorithms import (
    ALG_GOST256,
    ALG_GOST512,
    certificate_der,
)
from egisz_sdk.signature._asn1 import pem_blocks
from egisz_sdk.signature.signers._protocol import CertificateSigner
from egisz_sdk.signature.signers._subprocess import _excerpt

__all__ = ["CryptoProSigner"]

_NAME = "CryptoProSigner"
_RAW_ALGORITHMS = {ALG_GOST256: "GOST12_256", ALG_GOST512: "GOST12_512"}
_RAW_SIZES = {ALG_GOST256: 64, ALG_GOST512: 128}
_ERROR_CODE = re.compile(r"ErrorCode:\s*(0x[0-9a-fA-F]{1,8})")
_PIN_CODES = {0x8010006B: "incorrect PIN (SCARD_W_WRONG_CHV)", 0x8010006C: "PIN blocked (SCARD_W_CHV_BLOCKED)"}
_KEY_CODES = {
    0x80090016: "key container not found (NTE_BAD_KEYSET)",
    0x2000012D: "certificate not found",
    0x80092004: "certificate or its private key not found (CRYPT_E_NOT_FOUND)",
}


def _der_or_base64(blob: bytes) -> bytes | None:
    """cryptcp/csptest write DER or (without ``-der``) Base64, with or without PEM armour."""
    import base64
    import binascii

    if blob[:1] == b"\x30":
        return blob
    if b"-----BEGIN" in blob:
        try:
            blocks = pem_blocks(blob)  # the SDK's one PEM reader
        except SignatureError:
            return None
        der = blocks[0][1] if blocks else b""
        return der if der[:1] == b"\x30" else None
    try:
        der = base64.b64decode(b"".join(blob.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return der if der[:1] == b"\x30" else None


class CryptoProSigner(CertificateSigner):
    """Sign with a key in CryptoPro CSP through ``cryptcp`` and ``csptest``.

    Args:
        thumbprint: SHA-1 thumbprint of the certificate in the ``My`` store (40 hex digits; spaces allowed).
        certificate: that certificate (SDK ``Certificate``, DER or PEM bytes); its SHA-1 must be ``thumbprint``.
        cryptcp: the ``cryptcp`` executable (e.g. ``/opt/cprocsp/bin/amd64/cryptcp``).
        csptest: the ``csptest`` executable.
        pin: the key container's PIN, or ``None`` when CSP has it cached. It goes on the tool's command line
            (visible to other local users while the tool runs), never into ``repr``, logs or error text.
        container: the key container name (``\\\\.\\HDIMAGE\\name``), needed for raw signatures (:meth:`sign`).
        key_type: ``"exchange"`` (AT_KEYEXCHANGE, what CryptoPro generates by default) or ``"signature"``.
        timeout: seconds per tool invocation: finite, more than 0 and at most 3600 (``config.invalid`` otherwise).

    :meth:`sign_cms` (detached through ``cryptcp``, attached through ``csptest``) is what
    :func:`egisz_sdk.signature.sign_cms` uses; :meth:`sign` (raw, GOST only) serves JWS and ESIA. Every result
    is verified against ``certificate`` before it is returned (``signer.bad_output`` otherwise).
    """

    def __init__(
        self,
        thumbprint: str,
        *,
        certificate: Any,
        cryptcp: str | os.PathLike[str] = "cryptcp",
        csptest: str | os.PathLike[str] = "csptest",
        pin: str | None = None,
        container: str | None = None,
        key_type: str = "exchange",
        timeout: float = 120.0,
    ) -> None:
        normalized = re.sub(r"[\s:]", "", str(thumbprint)).lower()
        if not re.fullmatch(r"[0-9a-f]{40}", normalized):
            raise ConfigurationError("signer.bad_thumbprint", field="thumbprint")
        expected = hashlib.sha1(certificate_der(certificate)).hexdigest()
        if normalized != expected:
            raise ConfigurationError(
                "signer.thumbprint_mismatch", field="thumbprint", thumbprint=normalized, expected=expected
            )
        if key_type not in ("exchange", "signature"):
            raise ConfigurationError(
                "config.invalid",
                field="key_type",
                reason_ru="ожидается exchange или signature",
                reason_en="exchange or signature expected",
            )
        super().__init__(certificate)
        self._thumbprint = normalized
        self._cryptcp = os.fspath(cryptcp)
        self._csptest = os.fspath(csptest)
        self._pin = pin
        self._container = container
        self._key_type = key_type
        self._timeout = number("timeout", timeout, low=0.0, high=3600.0, low_open=True)

    @property
    def thumbprint(self) -> str:
        """The certificate's SHA-1 thumbprint (lower-case hex)."""
        return self._thumbprint

    def __repr__(self) -> str:
        return (
            f"CryptoProSigner(thumbprint={self._thumbprint!r}, container={self._container!r}, "
            f"algorithm={self.algorithm!r}, pin=<hidden>)"
        )

    # -- command lines -------------------------------------------------------------------------------------

    def _cryptcp_detached(self, file: Path, outdir: Path) -> list[str]:
        argv = [self._cryptcp, "-signf", "-detached", "-der", "-cert", "-thumbprint", self._thumbprint]
        if self._pin is not None:
            argv += ["-pin", self._pin]
        return [*argv, "-dir", str(outdir), str(file)]

    def _csptest_attached(self, file: Path, out: Path) -> list[str]:
        argv = [self._csptest, "-sfsign", "-sign", "-add", "-addsigtime", "-in", str(file), "-out", str(out)]
        argv += ["-my", self._thumbprint]
        if self._pin is not None:
            argv += ["-password", self._pin]
        return argv

    def _csptest_raw(self, container: str, file: Path, out: Path) -> list[str]:
        algorithm = _RAW_ALGORITHMS[self._key.scheme]
        argv = [self._csptest, "-keys", "-cont", container, "-sign", algorithm, "-keytype", self._key_type]
        argv += ["-in", str(file), "-out", str(out)]
        if self._pin is not None:
            argv += ["-password", self._pin]
        return argv

    # -- running -------------------------------------------------------------------------------------------

    def _run(self, argv: list[str]) -> None:
        """Run a CryptoPro tool; map its ``[ErrorCode: …]`` to SDK errors. Raised outside any ``except`` so
        that no exception carrying the command line (and so the PIN) is chained to the SDK error."""
        proc: subprocess.CompletedProcess[bytes] | None = None
        failure = ""
        try:
            proc = subprocess.run(
                argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=self._timeout, check=False
            )
        except subprocess.TimeoutExpired:
            failure = "timeout"
        except OSError as exc:
            failure = f"cannot run {Path(argv[0]).name!r}: {exc.strerror}"
        if proc is None:
            if failure == "timeout":
                raise SignatureError("signer.timeout", signer=_NAME, seconds=self._timeout)
            raise SignatureError("signer.failed", signer=_NAME, detail=failure)
        output = proc.stdout + b"\n" + proc.stderr
        codes = [int(c, 16) for c in _ERROR_CODE.findall(output.decode("utf-8", "replace"))]
        code = next((c for c in codes if c != 0), 0)
        if proc.returncode == 0 and code == 0:
            return
        if code in _PIN_CODES:
            raise SignatureError("signer.pin", signer=_NAME, reason=_PIN_CODES[code])
        if code in _KEY_CODES:
            selector = f"thumbprint={self._thumbprint}, container={self._container!r}"
            raise SignatureError("signer.key_not_found", selector=selector, reason=_KEY_CODES[code])
        secrets = [self._pin] if self._pin else []
        detail = f"{Path(argv[0]).name} exit {proc.returncode}"
        detail += f", ErrorCode {code:#010x}" if code else ""
        raise SignatureError("signer.failed", signer=_NAME, detail=f"{detail}: {_excerpt(output, secrets)}")

    # -- signing -------------------------------------------------------------------------------------------

    def sign(self, data: bytes) -> bytes:
        """Raw GOST signature over ``data`` by ``csptest -keys -sign``, converted to ``BE(s) || BE(r)`` and verified.

        Raises:
            ConfigurationError: ``signer.container_required`` without ``container``.
            SignatureError: ``signer.unsupported`` for RSA/ECDSA keys; ``signer.pin``, ``signer.key_not_found``,
                ``signer.failed``, ``signer.timeout``; ``signer.bad_output`` when the result does not verify.
        """
        from egisz_sdk.signature.jose import reverse_bytes

        data = bytes(data)
        if self._key.scheme not in _RAW_ALGORITHMS:
            raise SignatureError("signer.unsupported", signer=_NAME, what=f"raw {self._key.scheme} signatures")
        if self._container is None:
            raise ConfigurationError("signer.container_required", field="container")
        with tempfile.TemporaryDirectory(prefix="egisz-cryptopro-") as tmp:
            file, out = Path(tmp) / "data.bin", Path(tmp) / "data.sig"
            file.write_bytes(data)
            self._run(self._csptest_raw(self._container, file, out))
            raw = out.read_bytes() if out.is_file() else b""
        if len(raw) != _RAW_SIZES[self._key.scheme]:
            raise SignatureError("signer.bad_output", signer=_NAME)
        signature = reverse_bytes(raw)
        if not self._key.is_valid(data, signature):
            raise SignatureError("signer.bad_output", signer=_NAME)
        return signature

    def sign_cms(self, data: bytes, detached: bool = True) -> bytes:
        """CAdES-BES over ``data`` (DER): detached by ``cryptcp -signf``, attached by ``csptest -sfsign``.

        The result is verified (signature, message digest, and that the signer is ``certificate``) before it
        is returned; ``signer.bad_output`` otherwise.
        """
        from egisz_sdk.errors import EgiszError
        from egisz_sdk.signature.cms import verify_cms

        data = bytes(data)
        with tempfile.TemporaryDirectory(prefix="egisz-cryptopro-") as tmp:
            root = Path(tmp)
            file = root / "data.bin"
            file.write_bytes(data)
            if detached:
                outdir = root / "out"
                outdir.mkdir()
                self._run(self._cryptcp_detached(file, outdir))
                out = outdir / (file.name + ".sgn")
            else:
                out = root / "data.p7s"
                self._run(self._csptest_attached(file, out))
            blob = out.read_bytes() if out.is_file() else b""
        cms = _der_or_base64(blob)
        if cms is None:
            raise SignatureError("signer.bad_output", signer=_NAME)
        try:
            # our own output, checked against our own certificate below: no chain is involved
            report = verify_cms(cms, data if detached else None, strict=False, insecure_skip_chain_check=True)
        except EgiszError:
            report = None
        own = certificate_der(self._certificate)
        if report is None or not report.valid or not any(s.certificate_der == own for s in report.signers):
            raise SignatureError("signer.bad_output", signer=_NAME)
        if not detached and report.content != data:
            raise SignatureError("signer.bad_output", signer=_NAME)
        return cms
