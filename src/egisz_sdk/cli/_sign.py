"""``egisz sign`` (CAdES-BES with a key file) and ``egisz verify`` (check a CMS signature, text or JSON report).

Exit codes: ``0`` valid / signed, ``1`` the signature (or key) is invalid, ``2`` usage error or unreadable file.
Passwords are read from ``--password``, ``--password-file`` or the ``EGISZ_KEY_PASSWORD`` environment variable and
never printed.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
from pathlib import Path
from typing import Any

from egisz_sdk.cli._output import emit_json, eprint
from egisz_sdk.errors import EgiszError

__all__ = ["register"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_PEM = re.compile(rb"-----BEGIN (?:PKCS7|CMS)-----(.+?)-----END (?:PKCS7|CMS)-----", re.S)


class _Usage(Exception):
    """A usage problem (unreadable file, conflicting options): exit 2."""


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Usage(f"cannot read {what} {path!r}: {exc.strerror}") from exc


def _password(args: argparse.Namespace) -> str | None:
    if args.password is not None and args.password_file is not None:
        raise _Usage("use --password or --password-file, not both")
    if args.password_file is not None:
        raw = _read(args.password_file, "password file")
        try:
            text = raw.decode("utf-8-sig")  # Notepad writes a UTF-8 BOM
        except UnicodeDecodeError:
            raise _Usage(
                f"файл пароля {args.password_file!r} не в кодировке UTF-8 / "
                f"the password file {args.password_file!r} is not UTF-8 text"
            ) from None
        return text.split("\n", 1)[0].rstrip("\r")
    if args.password is not None:
        return str(args.password)
    return os.environ.get("EGISZ_KEY_PASSWORD")


def _cms_bytes(raw: bytes) -> bytes:
    match = _PEM.search(raw)
    if match:
        return base64.b64decode(b"".join(match.group(1).split()))
    stripped = raw.strip()
    if stripped[:1] in (b"M", b"m") and re.fullmatch(rb"[A-Za-z0-9+/=\s_-]+", stripped):
        try:
            return base64.b64decode(
                stripped + b"=" * (-len(stripped) % 4), altchars=b"-_" if b"-" in stripped else None
            )
        except ValueError:
            return raw
    return raw


def _is_pkcs12(raw: bytes) -> bool:
    """A PFX: a PEM ``PKCS12`` block, or DER ``SEQUENCE { version 3, authSafe ContentInfo (data|signedData), … }``."""
    if b"-----BEGIN PKCS12-----" in raw:
        return True
    from asn1crypto import core

    try:
        top = core.Sequence.load(raw, strict=False)
        version, auth_safe = top[0], top[1]
        content_type = core.Sequence.load(auth_safe.dump())[0]
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return False
    return (
        isinstance(version, core.Integer)
        and version.native == 3
        and isinstance(content_type, core.ObjectIdentifier)
        and content_type.dotted in ("1.2.840.113549.1.7.1", "1.2.840.113549.1.7.2")
    )


def _run_sign(args: argparse.Namespace) -> int:
    from egisz_sdk.signature import SoftwareSigner, load_certificate, sign_cms
    from egisz_sdk.signature.keys import load_pkcs12, load_private_key

    try:
        password = _password(args)
        key_bytes = _read(args.key, "key")
        pfx = _is_pkcs12(key_bytes)
        if args.cert is None and not pfx:
            raise _Usage(
                "укажите сертификат через --cert (он не нужен, только если --key — файл PKCS#12/PFX) / "
                "give the certificate with --cert (needed unless --key is a PKCS#12/PFX file)"
            )
        cert_bytes = _read(args.cert, "certificate") if args.cert is not None else None
        data = _read(args.file, "input")
    except _Usage as exc:
        eprint(f"egisz sign: {exc}")
        return EXIT_USAGE
    try:
        chain: list[Any] = []
        if pfx:
            key, certificate, chain = load_pkcs12(key_bytes, password)
            if cert_bytes is not None:
                given = load_certificate(cert_bytes)
                if given.der != certificate.der:
                    chain = []  # another certificate of the same key (checked below): the PFX chain may not fit it
                certificate = given
        else:
            certificate = load_certificate(cert_bytes or b"")
            key = load_private_key(key_bytes, password)
        signer = SoftwareSigner(key, certificate, chain=chain)
        cms = sign_cms(data, signer, detached=not args.attached)
    except EgiszError as exc:
        eprint(f"egisz sign: {exc}")
        return EXIT_INVALID
    output = args.output or args.file + ".p7s"
    try:
        Path(output).write_bytes(cms)
    except OSError as exc:
        eprint(f"egisz sign: cannot write {output!r}: {exc.strerror}")
        return EXIT_USAGE
    if args.json:
        emit_json({"output": output, "bytes": len(cms), "detached": not args.attached})
    else:
        print(f"{output}: {len(cms)} bytes, {'attached' if args.attached else 'detached'} CAdES-BES")
    return EXIT_OK


def _expected_identity(args: argparse.Namespace) -> dict[str, str]:
    """``--snils`` / ``--inn`` / ``--ogrn`` validated and in canonical digits (``112-233-445 95`` → ``11223344595``).

    ``--ogrn`` takes an OGRN (13 digits) or an entrepreneur's OGRNIP (15). An invalid value is a usage error.
    """
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators import inn, ogrn, ogrnip, snils

    wanted: dict[str, str] = {}
    for field, value in (("snils", args.snils), ("inn", args.inn), ("ogrn", args.ogrn)):
        if not value:
            continue
        module = {"snils": snils, "inn": inn, "ogrn": ogrn}[field]
        if field == "ogrn" and len("".join(ch for ch in value if ch.isdigit())) == 15:
            module = ogrnip
        try:
            wanted[field] = module.validate(value)
        except ValidationError as exc:
            raise _Usage(f"--{field}: {exc}") from None
    return wanted


def _identity_checks(report: Any, wanted: dict[str, str]) -> list[dict[str, Any]]:
    """Match like the trust policy: INN against INN or INNLE, OGRN against OGRN or OGRNIP."""
    alternatives = {"snils": ("snils",), "inn": ("inn", "inn_le"), "ogrn": ("ogrn", "ogrnip")}
    results = []
    for signer in report.signers:
        qualified: dict[str, Any] = {}
        try:
            cert = signer.certificate
            qualified = cert.qualified.to_dict() if cert is not None else {}
        except EgiszError:
            qualified = {}
        for field, expected in wanted.items():
            found = [qualified.get(name) for name in alternatives[field] if qualified.get(name)]
            results.append(
                {
                    "signer": signer.signer,
                    "field": field,
                    "expected": expected,
                    "found": found[0] if found else None,
                    "ok": expected in found,
                }
            )
    return results


def _run_verify(args: argparse.Namespace) -> int:
    from egisz_sdk.signature import verify_cms

    try:
        cms = _cms_bytes(_read(args.signature, "signature"))
        content = _read(args.content, "content") if args.content else None
        anchors = [_read(p, "trust anchor") for p in args.trust]
        crls = [_read(p, "CRL") for p in args.crl]
        intermediates = [_read(p, "certificate") for p in args.cert]
        wanted = _expected_identity(args)
    except _Usage as exc:
        eprint(f"egisz verify: {exc}")
        return EXIT_USAGE
    try:
        report = verify_cms(cms, content, trust_anchors=anchors, intermediates=intermediates, crls=crls, strict=False)
    except EgiszError as exc:
        if args.json:
            emit_json({"valid": False, "error": exc.to_dict()})
        else:
            eprint(f"INVALID: {exc}")
        return EXIT_USAGE if exc.code == "cms.content_missing" else EXIT_INVALID
    if not anchors:
        eprint(
            "egisz verify: сертификат подписанта не проверен: укажите доверенный УЦ через --trust / "
            "the signer certificate was not checked: give the trusted CA with --trust"
        )
    identity = _identity_checks(report, wanted) if wanted else []
    valid = report.valid and all(item["ok"] for item in identity)
    if args.json:
        data = report.to_dict()
        data["identity"] = identity
        data["valid"] = valid
        emit_json(data)
    else:
        print(
            ("VALID" if valid else "INVALID")
            + f": {len(report.signers)} signer(s), "
            + ("detached" if report.detached else "attached")
        )
        for signer in report.signers:
            print(f"  {'OK ' if signer.valid else 'ERR'} {signer.signer}")
            when = signer.signing_time.isoformat() if signer.signing_time else "-"
            print(f"      {signer.key_algorithm or '?'} / {signer.digest_algorithm}, signing time {when}")
            checks = ", ".join(
                f"{k}={'ok' if v else 'FAILED' if v is False else '-'}" for k, v in signer.checks.items()
            )
            print(f"      {checks}")
            for error in signer.errors:
                print(f"      {error.code}: {error.message_ru} / {error.message_en}")
        for item in identity:
            mark = "OK " if item["ok"] else "ERR"
            print(f"  {mark} {item['field']}: expected {item['expected']}, found {item['found']}")
    return EXIT_OK if valid else EXIT_INVALID


def _guard(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(handler(args))
        except _Usage as exc:
            eprint(f"egisz: {exc}")
            return EXIT_USAGE

    return run


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sign`` and ``verify``."""
    p = sub.add_parser("sign", help="sign a file (CAdES-BES, detached by default)")
    p.add_argument("file", help="the file to sign")
    p.add_argument("--key", required=True, help="private key (PEM/DER PKCS#8, PKCS#12)")
    p.add_argument(
        "--cert", help="the signer certificate (PEM or DER); optional with a PFX key, which holds it (must match)"
    )
    p.add_argument("--password", help="key password (prefer --password-file or EGISZ_KEY_PASSWORD)")
    p.add_argument("--password-file", help="file whose first line is the key password")
    p.add_argument("--attached", action="store_true", help="embed the content")
    p.add_argument("-o", "--output", help="output file (default FILE.p7s)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_guard(_run_sign))

    v = sub.add_parser("verify", help="verify a CMS / CAdES signature")
    v.add_argument("signature", help="the .p7s / .sig file (DER, PEM or base64)")
    v.add_argument("--content", help="the signed file, for a detached signature")
    v.add_argument("--trust", action="append", default=[], help="trusted CA certificate (repeatable)")
    v.add_argument("--cert", action="append", default=[], help="extra certificate: signer or intermediate")
    v.add_argument("--crl", action="append", default=[], help="CRL file (repeatable)")
    v.add_argument("--snils", help="require this SNILS in the signer certificate")
    v.add_argument("--inn", help="require this INN in the signer certificate")
    v.add_argument("--ogrn", help="require this OGRN in the signer certificate")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(handler=_guard(_run_verify))
