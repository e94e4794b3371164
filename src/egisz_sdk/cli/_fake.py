"""``egisz fake serve``: run the fake EGISZ world (the fake ESIA with its login pages) on a loopback port.

Besides the main test system (``--client-id``, GOST keys), ``--system NAME[:gost|rsa]`` registers more systems,
for instance one whose tokens ESIA signs with RS256. The GOST systems are registered at the IPS gateway too (system
id = their name, every organisation), so they can call the fake FRMR and FRMO. With ``--export DIR`` each system's
private key (created with mode 0600 from the first byte, then renamed into place) and certificate are written to DIR.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click

from egisz_sdk.cli._options import json_option
from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["ServeOptions", "fake", "run", "write_private"]

#: ``--system`` kinds: the key the test PKI issues and how ESIA signs the system's tokens.
SYSTEM_KINDS: dict[str, tuple[Literal["gost256", "rsa"], Literal["GOST3410_2012_256", "RS256"]]] = {
    "gost": ("gost256", "GOST3410_2012_256"),
    "rsa": ("rsa", "RS256"),
}
#: A system name doubles as a file name prefix: letters, digits, ``_ . -`` only.
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
MAX_SYSTEMS = 32
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class ServeOptions:
    """The options of ``egisz fake serve`` (field names are the click parameter names)."""

    port: int = 0
    host: str = "127.0.0.1"
    seed: int = 0
    client_id: str = "EGISZ_TEST"
    redirect_uri: tuple[str, ...] = ()
    system: tuple[tuple[str, str], ...] = ()
    export: str | None = None
    as_json: bool = False


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file atomically with mode 0600: never readable by others, whatever the umask.

    The bytes go to a fresh temporary file in the same directory, created with ``O_CREAT | O_EXCL`` and mode
    0600 (``tempfile.mkstemp``), then renamed over ``path``.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # POSIX: exactly 0600 even under an odd umask such as 0o277
                os.fchmod(out.fileno(), 0o600)
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _export_system(directory: Path, prefix: str, system: Any) -> dict[str, str]:
    from egisz_sdk.signature.keys import dump_private_key

    key, cert = directory / f"{prefix}key.pem", directory / f"{prefix}cert.pem"
    write_private(key, dump_private_key(system.key))
    cert.write_text(system.certificate.to_pem(), encoding="ascii")
    return {"key": str(key), "certificate": str(cert)}


def _export(directory: Path, world: Any, systems: list[tuple[Any, str]]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Write every system's key and certificate and ESIA's certificates; the main system keeps its old names."""
    directory.mkdir(parents=True, exist_ok=True)
    main = _export_system(directory, "client-", systems[0][0])
    esia = directory / "esia-certs.pem"
    esia.write_text("".join(c.to_pem() for c in world.esia.signing_certificates), encoding="ascii")
    files = {"client_key": main["key"], "client_certificate": main["certificate"], "esia_certificates": str(esia)}
    extra = [_export_system(directory, f"{system.client_id}-", system) for system, _ in systems[1:]]
    return files, [main, *extra]


def _describe(system: Any, kind: str) -> dict[str, Any]:
    return {
        "client_id": system.client_id,
        "kind": kind,
        "jwt_algorithm": system.client.jwt_algorithm,
        "redirect_uris": list(system.client.redirect_uris),
        "certificate_hash": system.client.certificate_hash,
    }


def _print(info: dict[str, Any], server_url: str, world: Any) -> None:
    print(f"Тестовый мир ЕГИСЗ / fake EGISZ: {server_url}  (seed {info['seed']})")
    print(f"  ESIA authorize: {server_url}/aas/oauth2/v2/ac   token: {server_url}/aas/oauth2/v3/te")
    print(f"  issuer: {world.esia.settings.issuer}")
    for system in info["systems"]:
        print(
            f"  system: {system['client_id']}  redirect_uri: {system['redirect_uris'][0]}"
            f"  tokens: {system['jwt_algorithm']}"
        )
    print(f"  password of every account: {info['esia']['password']}")
    for login, meaning in info["esia"]["reserved_logins"].items():
        print(f"    {login:<28} {meaning}")
    print(f"  test API: {server_url}/__fake__/ (faults, journal, reset, sms/<login>, clock, info)")
    for name, path in info.get("files", {}).items():
        print(f"  {name}: {path}")
    for system in info["systems"][1:]:
        for name, path in system.get("files", {}).items():
            print(f"  {system['client_id']} {name}: {path}")
    print("Ctrl+C to stop.", flush=True)


def run(options: ServeOptions, stop: threading.Event | None = None) -> int:
    """Serve until interrupted (or until ``stop`` is set, for tests)."""
    from egisz_sdk.testing import World

    names = [options.client_id, *(name for name, _ in options.system)]
    if len(set(names)) != len(names):
        eprint(f"egisz fake serve: system names must differ: {', '.join(names)}")
        return 2
    world = World(seed=options.seed)
    try:
        server = world.serve(port=options.port, host=options.host)
    except (OSError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        eprint(f"egisz fake serve: cannot listen on {options.host}:{options.port}: {reason}")
        return 2
    holder: dict[str, list[tuple[Any, str]]] = {}
    wanted = [(options.client_id, "gost"), *options.system]

    def setup(w: World) -> None:
        uris = [f"{server.url}/__fake__/callback", *options.redirect_uri]
        holder["systems"] = [
            (
                w.esia.register_test_system(
                    name, uris, key_kind=SYSTEM_KINDS[kind][0], jwt_algorithm=SYSTEM_KINDS[kind][1]
                ),
                kind,
            )
            for name, kind in wanted
        ]
        # A GOST system may also call FRMR and FRMO: the gateway knows it by its name, for every organisation,
        # so the exported key and certificate work with ``egisz frmr`` / ``egisz frmo`` as they are.
        for system, kind in holder["systems"]:
            if kind == "gost":
                w.gateway.register(system.client_id, system.certificate)

    try:
        world.on_reset(setup)
        systems = holder["systems"]
        main = systems[0][0]
        info = world.describe()
        info["url"] = server.url
        info["client"] = {
            "client_id": main.client_id,
            "redirect_uris": list(main.client.redirect_uris),
            "certificate_hash": main.client.certificate_hash,
        }
        info["systems"] = [_describe(system, kind) for system, kind in systems]
        if options.export:
            try:
                info["files"], per_system = _export(Path(options.export), world, systems)
            except OSError as exc:
                eprint(f"egisz fake serve: cannot write to {options.export}: {exc.strerror or exc}")
                return 2
            for entry, files in zip(info["systems"], per_system):
                entry["files"] = files
        if options.as_json:
            emit_json(info)
            sys.stdout.flush()  # a harness reads the URL from a pipe while the server runs
        else:
            _print(info, server.url, world)
        waiter = stop or threading.Event()
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _system(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Parse ``NAME[:gost|rsa]`` values of ``--system``."""
    if len(values) > MAX_SYSTEMS:
        raise click.BadParameter(f"at most {MAX_SYSTEMS} systems", ctx, param)
    parsed = []
    for value in values:
        name, _, kind = value.partition(":")
        kind = (kind or "gost").lower()
        if not _NAME.fullmatch(name) or kind not in SYSTEM_KINDS:
            raise click.BadParameter(
                f"{value!r}: expected NAME[:gost|rsa], NAME of letters, digits, '_', '.', '-' (at most 64)", ctx, param
            )
        parsed.append((name, kind))
    return tuple(parsed)


@click.group("fake")
def fake() -> None:
    """The fake EGISZ world (fake ESIA with login pages) for tests."""


@fake.command("serve")
@click.option(
    "--port", metavar="PORT", type=click.IntRange(0, 65535), default=0, show_default=True, help="TCP port (0: any free)"
)
@click.option("--host", metavar="ADDRESS", default="127.0.0.1", show_default=True, help="address to bind")
@click.option(
    "--seed", metavar="N", type=click.IntRange(0, MAX_SEED), default=0, show_default=True, help="seed of the world"
)
@click.option(
    "--client-id",
    metavar="NAME",
    default="EGISZ_TEST",
    show_default=True,
    help="mnemonic of the main test system (GOST)",
)
@click.option("--redirect-uri", metavar="URL", multiple=True, help="extra callback URL to register (repeatable)")
@click.option(
    "--system",
    multiple=True,
    callback=_system,
    metavar="NAME[:gost|rsa]",
    help="register one more test system; rsa: RSA key, RS256 tokens (repeatable)",
)
@click.option("--export", metavar="DIR", help="write the systems' keys (mode 0600) and certificates, and ESIA's")
@json_option
def serve(**params: Any) -> int:
    """Serve the fake world on a loopback port until interrupted."""
    return run(ServeOptions(**params))
