"""``egisz cert show CERT [--json]``: what a certificate says — subject, issuer, validity, thumbprints, key,
qualified attributes (SNILS, INN, OGRN … with validator warnings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json, eprint, print_rows

__all__ = ["cert", "describe", "run_show"]


def describe(cert: Any) -> dict[str, Any]:
    """A JSON-ready description of a :class:`~egisz_sdk.signature.certificates.Certificate`."""
    key = cert.public_key
    return {
        "subject": cert.subject.rfc4514,
        "subject_human": cert.subject.human,
        "issuer": cert.issuer.rfc4514,
        "serial_number": format(cert.serial_number, "X"),
        "not_before": cert.not_before.isoformat(),
        "not_after": cert.not_after.isoformat(),
        "thumbprint_sha1": cert.thumbprint_sha1,
        "thumbprint_streebog256": cert.thumbprint_streebog256,
        "signature_algorithm": cert.signature_algorithm,
        "key_algorithm": key.algorithm,
        "key_curve": key.curve_name,
        "key_size": key.key_size,
        "is_ca": cert.is_ca,
        "key_usage": sorted(cert.key_usage) if cert.key_usage is not None else None,
        "extended_key_usage": cert.extended_key_usage,
        "policies": cert.policies,
        "qualified": cert.qualified.to_dict(),
    }


def _print(info: dict[str, Any]) -> None:
    q = info["qualified"]
    rows = [
        ("Владелец / subject", info["subject"]),
        ("Издатель / issuer", info["issuer"]),
        ("Серийный номер / serial", info["serial_number"]),
        ("Действует с / not before", info["not_before"]),
        ("Действует по / not after", info["not_after"]),
        ("Отпечаток SHA-1 / thumbprint", info["thumbprint_sha1"]),
        ("Стрибог-256 / Streebog-256", info["thumbprint_streebog256"]),
        (
            "Ключ / key",
            f"{info['key_algorithm']} {info['key_curve'] or ''} ({info['key_size']} bit)".replace("  ", " "),
        ),
        ("Подпись / signature", info["signature_algorithm"]),
        ("УЦ / CA", "да / yes" if info["is_ca"] else "нет / no"),
        ("Назначение / key usage", ", ".join(info["key_usage"] or [])),
        ("СНИЛС / SNILS", q["snils"]),
        ("ИНН / INN", q["inn"]),
        ("ИНН ЮЛ / INNLE", q["inn_le"]),
        ("ОГРН / OGRN", q["ogrn"]),
        ("ОГРНИП / OGRNIP", q["ogrnip"]),
        ("Средство ЭП / subjectSignTool", q["subject_sign_tool"]),
        ("СКЗИ УЦ / issuerSignTool", "; ".join(q["issuer_sign_tool"]) if q["issuer_sign_tool"] else None),
        ("Класс СКЗИ / tool class", ", ".join(q["signing_tool_classes"])),
    ]
    shown = [(label, str(value)) for label, value in rows if value]
    print_rows(shown + [("ПРЕДУПРЕЖДЕНИЕ / WARNING", warning) for warning in q["warnings"]])


def run_show(path: str, as_json: bool) -> int:
    """Print the certificate in ``path``: 0, 1 when it is not a certificate, 2 when it cannot be read."""
    from egisz_sdk.errors import SignatureError
    from egisz_sdk.signature.certificates import load_certificate

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        eprint(f"egisz cert show: cannot read {path}: {exc.strerror}")
        return 2
    try:
        info = describe(load_certificate(data))
    except SignatureError as exc:
        if as_json:
            emit_json({"error": exc.to_dict()})
        else:
            eprint(str(exc))
        return 1
    if as_json:
        emit_json(info)
    else:
        _print(info)
    return 0


@click.group("cert")
def cert() -> None:
    """X.509 certificates: show fields and qualified attributes."""


@cert.command("show")
@click.argument("path", metavar="CERT")
@json_option
def show(path: str, as_json: bool) -> int:
    """Print a certificate (PEM or DER): subject, issuer, validity, thumbprints, qualified attributes."""
    return run_show(path, as_json)
