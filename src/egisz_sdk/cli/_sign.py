"""``egisz sign`` (CAdES-BES with a key file) and ``egisz verify`` (check a CMS signature, text or JSON report).

Exit codes: ``0`` valid / signed, ``1`` the signature (or key) is invalid or the signer was not checked, ``2`` usage
error or unreadable file. ``verify`` exits 0 only when the signer's certificate chains to a ``--trust`` anchor; with
``--no-verify-signer`` (insecure, like ``openssl cms -verify -noverify``) only the signature itself is checked.

The key password comes from ``--password-file``, ``EGISZ_KEY_PASSWORD``, a prompt without echo (when the key is
encrypted and standard input is a terminal) or ``--password`` (visible in ``ps``: a warning is printed). It is
never printed.
"""

from __future__ import annotations

import base64
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json, eprint
from egisz_sdk.errors import EgiszError

__all__ = ["sign", "verify"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_PEM = re.compile(rb"-----BEGIN (?:PKCS7|CMS)-----(.+?)-----END (?:PKCS7|CMS)-----", re.S)

PASSWORD_WARNING = (
    "egisz sign: предупреждение: пароль из --password виден другим пользователям в списке процессов (ps); "
    "используйте --password-file или EGISZ_KEY_PASSWORD / "
    "warning: --password is visible to other users in the process list (ps); "
    "use --password-file or EGISZ_KEY_PASSWORD"
)
#: Codes of ``load_private_key`` / ``load_pkcs12`` that mean "this key needs a password".
_NEEDS_PASSWORD = {"key.password_required", "key.password"}


class _Usage(Exception):
    """A usage problem (unreadable file, conflicting options): exit 2."""


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Usage(f"cannot read {what} {path!r}: {exc.strerror}") from exc


def _password(password: str | None, password_file: str | None) -> str | None:
    """The password from ``--password-file``, ``--password`` (with a warning) or ``EGISZ_KEY_PASSWORD``."""
    if password is not None and password_file is not None:
        raise _Usage("use --password or --password-file, not both")
    if password_file is not None:
        raw = _read(password_file, "password file")
        try:
            text = raw.decode("utf-8-sig")  # Notepad writes a UTF-8 BOM
        except UnicodeDecodeError:
            raise _Usage(
                f"файл пароля {password_file!r} не в кодировке UTF-8 / "
                f"the password file {password_file!r} is not UTF-8 text"
            ) from None
        return text.split("\n", 1)[0].rstrip("\r")
    if password is not None:
        eprint(PASSWORD_WARNING)
        return password
    return os.environ.get("EGISZ_KEY_PASSWORD")


def _prompt_password() -> str:
    """Ask for the key password on the terminal, without echo."""
    import getpass

    try:
        return getpass.getpass("Пароль ключа / key password: ")
    except EOFError:
        raise _Usage("no password given / пароль не введён") from None


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


def _load_signer(key_bytes: bytes, cert_bytes: bytes | None, pfx: bool, password: str | None) -> Any:
    from egisz_sdk.signature import SoftwareSigner, load_certificate
    from egisz_sdk.signature.keys import load_pkcs12, load_private_key

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
    return SoftwareSigner(key, certificate, chain=chain)


def _run_sign(
    file: str,
    key_path: str,
    cert_path: str | None,
    password_option: str | None,
    password_file: str | None,
    attached: bool,
    output: str | None,
    as_json: bool,
) -> int:
    from egisz_sdk.signature import sign_cms

    try:
        password = _password(password_option, password_file)
        key_bytes = _read(key_path, "key")
        pfx = _is_pkcs12(key_bytes)
        if cert_path is None and not pfx:
            raise _Usage(
                "укажите сертификат через --cert (он не нужен, только если --key — файл PKCS#12/PFX) / "
                "give the certificate with --cert (needed unless --key is a PKCS#12/PFX file)"
            )
        cert_bytes = _read(cert_path, "certificate") if cert_path is not None else None
        data = _read(file, "input")
    except _Usage as exc:
        eprint(f"egisz sign: {exc}")
        return EXIT_USAGE
    try:
        try:
            signer = _load_signer(key_bytes, cert_bytes, pfx, password)
        except EgiszError as exc:
            on_terminal = sys.stdin is not None and sys.stdin.isatty()
            if exc.code not in _NEEDS_PASSWORD or password is not None or not on_terminal:
                raise
            signer = _load_signer(key_bytes, cert_bytes, pfx, _prompt_password())
        cms = sign_cms(data, signer, detached=not attached)
    except _Usage as exc:
        eprint(f"egisz sign: {exc}")
        return EXIT_USAGE
    except EgiszError as exc:
        eprint(f"egisz sign: {exc}")
        return EXIT_INVALID
    target = output or file + ".p7s"
    try:
        Path(target).write_bytes(cms)
    except OSError as exc:
        eprint(f"egisz sign: cannot write {target!r}: {exc.strerror}")
        return EXIT_USAGE
    if as_json:
        emit_json({"output": target, "bytes": len(cms), "detached": not attached})
    else:
        print(f"{target}: {len(cms)} bytes, {'attached' if attached else 'detached'} CAdES-BES")
    return EXIT_OK


def _expected_identity(snils_value: str | None, inn_value: str | None, ogrn_value: str | None) -> dict[str, str]:
    """``--snils`` / ``--inn`` / ``--ogrn`` validated and in canonical digits (``112-233-445 95`` → ``11223344595``).

    ``--ogrn`` takes an OGRN (13 digits) or an entrepreneur's OGRNIP (15). An invalid value is a usage error.
    """
    from egisz_sdk.errors import ValidationError
    from egisz_sdk.validators import inn, ogrn, ogrnip, snils

    wanted: dict[str, str] = {}
    for field, value in (("snils", snils_value), ("inn", inn_value), ("ogrn", ogrn_value)):
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


def _print_report(report: Any, verdict: str, identity: list[dict[str, Any]]) -> None:
    print(f"{verdict}: {len(report.signers)} signer(s), " + ("detached" if report.detached else "attached"))
    for signer in report.signers:
        print(f"  {'OK ' if signer.valid else 'ERR'} {signer.signer}")
        when = signer.signing_time.isoformat() if signer.signing_time else "-"
        print(f"      {signer.key_algorithm or '?'} / {signer.digest_algorithm}, signing time {when}")
        checks = ", ".join(f"{k}={'ok' if v else 'FAILED' if v is False else '-'}" for k, v in signer.checks.items())
        print(f"      {checks}")
        for error in signer.errors:
            print(f"      {error.code}: {error.message_ru} / {error.message_en}")
    for item in identity:
        mark = "OK " if item["ok"] else "ERR"
        print(f"  {mark} {item['field']}: expected {item['expected']}, found {item['found']}")


def _run_verify(
    signature: str,
    content_path: str | None,
    trust: tuple[str, ...],
    certs: tuple[str, ...],
    crl: tuple[str, ...],
    identity_options: tuple[str | None, str | None, str | None],
    no_verify_signer: bool,
    as_json: bool,
) -> int:
    from egisz_sdk.signature import verify_cms

    try:
        if no_verify_signer and trust:
            raise _Usage("--no-verify-signer and --trust contradict each other / противоречат друг другу")
        cms = _cms_bytes(_read(signature, "signature"))
        content = _read(content_path, "content") if content_path else None
        anchors = [_read(p, "trust anchor") for p in trust]
        crls = [_read(p, "CRL") for p in crl]
        intermediates = [_read(p, "certificate") for p in certs]
        wanted = _expected_identity(*identity_options)
    except _Usage as exc:
        eprint(f"egisz verify: {exc}")
        return EXIT_USAGE
    try:
        report = verify_cms(
            cms,
            content,
            trust_anchors=anchors,
            intermediates=intermediates,
            crls=crls,
            strict=False,
            # Without anchors the verdict below is UNTRUSTED (exit 1) or, with --no-verify-signer, INTACT.
            insecure_skip_chain_check=not anchors,
        )
    except EgiszError as exc:
        if as_json:
            emit_json({"valid": False, "error": exc.to_dict()})
        else:
            eprint(f"INVALID: {exc}")
        return EXIT_USAGE if exc.code == "cms.content_missing" else EXIT_INVALID
    identity = _identity_checks(report, wanted) if wanted else []
    intact = report.valid and all(item["ok"] for item in identity)
    unchecked = not anchors
    valid = intact and (not unchecked or no_verify_signer)
    if not intact:
        verdict = "INVALID"
    elif not unchecked:
        verdict = "VALID"
    elif no_verify_signer:
        verdict = "INTACT (signature intact, signer NOT checked: --no-verify-signer)"
    else:
        verdict = "UNTRUSTED (signature intact, signer NOT checked)"
    if unchecked and not no_verify_signer:
        eprint(
            "egisz verify: сертификат подписанта не проверен: укажите доверенный УЦ через --trust "
            "(или --no-verify-signer — небезопасно) / the signer certificate was not checked: give the trusted CA "
            "with --trust (or --no-verify-signer, insecure)"
        )
    if as_json:
        data = report.to_dict()
        data.update(identity=identity, valid=valid, signature_intact=intact, signer_checked=not unchecked)
        if unchecked and not no_verify_signer and intact:
            data["error"] = EgiszError("cli.signer_not_checked").to_dict()
        emit_json(data)
    else:
        _print_report(report, verdict, identity)
    return EXIT_OK if valid else EXIT_INVALID


def _guarded(run: Any, command: str, *args: Any) -> int:
    try:
        return int(run(*args))
    except _Usage as exc:
        eprint(f"egisz {command}: {exc}")
        return EXIT_USAGE


@click.command("sign")
@click.argument("file")
@click.option("--key", "key_path", required=True, metavar="KEY", help="private key (PEM/DER PKCS#8, PKCS#12/PFX)")
@click.option(
    "--cert",
    "cert_path",
    metavar="CERT",
    help="the signer certificate (PEM or DER); optional with a PFX key, which holds it",
)
@click.option("--password-file", metavar="FILE", help="file whose first line is the key password")
@click.option(
    "--password",
    "password_option",
    metavar="PASSWORD",
    help="key password — visible in ps, prefer --password-file or EGISZ_KEY_PASSWORD (a warning is printed)",
)
@click.option("--attached", is_flag=True, help="embed the content")
@click.option("-o", "--output", metavar="FILE", help="output file (default FILE.p7s)")
@json_option
def sign(
    file: str,
    key_path: str,
    cert_path: str | None,
    password_file: str | None,
    password_option: str | None,
    attached: bool,
    output: str | None,
    as_json: bool,
) -> int:
    """Sign a file (CAdES-BES, detached by default).

    The key password comes from --password-file, EGISZ_KEY_PASSWORD, a prompt (an encrypted key, standard input
    a terminal) or --password.
    """
    return _guarded(
        _run_sign, "sign", file, key_path, cert_path, password_option, password_file, attached, output, as_json
    )


@click.command("verify")
@click.argument("signature")
@click.option("--content", "content_path", metavar="FILE", help="the signed file, for a detached signature")
@click.option(
    "--trust",
    multiple=True,
    metavar="CA",
    help="trusted CA certificate (repeatable); required unless --no-verify-signer",
)
@click.option(
    "--cert", "certs", multiple=True, metavar="CERT", help="extra certificate: signer or intermediate (repeatable)"
)
@click.option("--crl", multiple=True, metavar="CRL", help="CRL file (repeatable)")
@click.option("--snils", metavar="SNILS", help="require this SNILS in the signer certificate")
@click.option("--inn", metavar="INN", help="require this INN in the signer certificate")
@click.option("--ogrn", metavar="OGRN", help="require this OGRN (or OGRNIP) in the signer certificate")
@click.option(
    "--no-verify-signer",
    is_flag=True,
    help="INSECURE: check only that the signature matches the content, not who made it (no --trust)",
)
@json_option
def verify(
    signature: str,
    content_path: str | None,
    trust: tuple[str, ...],
    certs: tuple[str, ...],
    crl: tuple[str, ...],
    snils: str | None,
    inn: str | None,
    ogrn: str | None,
    no_verify_signer: bool,
    as_json: bool,
) -> int:
    """Verify a CMS / CAdES signature and its signer's certificate.

    SIGNATURE is a .p7s / .sig file (DER, PEM or base64). Exit 0 only when the signature is valid and the signer
    certificate chains to a --trust anchor (or, insecurely, with --no-verify-signer).
    """
    identity = (snils, inn, ogrn)
    return _guarded(
        _run_verify, "verify", signature, content_path, trust, certs, crl, identity, no_verify_signer, as_json
    )
