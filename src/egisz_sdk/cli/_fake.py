"""``egisz fake serve``: run the fake EGISZ world (the fake ESIA with its login pages) on a loopback port."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from egisz_sdk.cli._output import emit_json, eprint

__all__ = ["register"]


def _export(directory: Path, world: Any, system: Any) -> dict[str, str]:
    from egisz_sdk.signature.keys import dump_private_key
    from egisz_sdk.testing._crypto import certificate_pem

    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "client_key": directory / "client-key.pem",
        "client_certificate": directory / "client-cert.pem",
        "esia_certificates": directory / "esia-certs.pem",
    }
    files["client_key"].write_bytes(dump_private_key(system.key))
    files["client_key"].chmod(0o600)
    files["client_certificate"].write_text(certificate_pem(system.certificate), encoding="ascii")
    files["esia_certificates"].write_text(
        "".join(certificate_pem(c) for c in world.esia.signing_certificates), encoding="ascii"
    )
    return {name: str(path) for name, path in files.items()}


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """Serve until interrupted (or until ``stop`` is set, for tests)."""
    from egisz_sdk.testing import World

    world = World(seed=args.seed)
    try:
        server = world.serve(port=args.port, host=args.host)
    except (OSError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        eprint(f"egisz fake serve: cannot listen on {args.host}:{args.port}: {reason}")
        return 2
    holder: dict[str, Any] = {}

    def setup(w: World) -> None:
        holder["system"] = w.esia.register_test_system(
            args.client_id, [f"{server.url}/__fake__/callback", *args.redirect_uri]
        )

    try:
        world.on_reset(setup)
        system = holder["system"]
        info = world.describe()
        info["url"] = server.url
        info["client"] = {
            "client_id": system.client_id,
            "redirect_uris": list(system.client.redirect_uris),
            "certificate_hash": system.client.certificate_hash,
        }
        if args.export:
            try:
                info["files"] = _export(Path(args.export), world, system)
            except OSError as exc:
                eprint(f"egisz fake serve: cannot write to {args.export}: {exc.strerror or exc}")
                return 2
        if args.json:
            emit_json(info)
            sys.stdout.flush()  # a harness reads the URL from a pipe while the server runs
        else:
            print(f"Тестовый мир ЕГИСЗ / fake EGISZ: {server.url}  (seed {args.seed})")
            print(f"  ESIA authorize: {server.url}/aas/oauth2/v2/ac   token: {server.url}/aas/oauth2/v3/te")
            print(f"  issuer: {world.esia.settings.issuer}")
            print(f"  system: {system.client_id}  redirect_uri: {system.redirect_uri}")
            print(f"  password of every account: {info['esia']['password']}")
            for login, meaning in info["esia"]["reserved_logins"].items():
                print(f"    {login:<28} {meaning}")
            print(f"  test API: {server.url}/__fake__/ (faults, journal, reset, sms/<login>, clock, info)")
            for name, path in info.get("files", {}).items():
                print(f"  {name}: {path}")
            print("Ctrl+C to stop.", flush=True)
        waiter = stop or threading.Event()
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``egisz fake serve``."""
    fake = sub.add_parser("fake", help="the fake EGISZ world (fake ESIA with login pages) for tests")
    commands = fake.add_subparsers(dest="fake_command", metavar="SUBCOMMAND")
    serve = commands.add_parser("serve", help="serve the fake world on a loopback port until interrupted")
    serve.add_argument("--port", type=int, default=0, help="TCP port (default 0: any free port)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--seed", type=int, default=0, help="seed of the synthetic world (default 0)")
    serve.add_argument("--client-id", default="EGISZ_TEST", help="mnemonic of the registered test system")
    serve.add_argument(
        "--redirect-uri", action="append", default=[], help="extra callback URL to register (repeatable)"
    )
    serve.add_argument("--export", metavar="DIR", help="write the system's key/certificate and ESIA's certificates")
    serve.add_argument("--json", action="store_true", help="print the start-up information as JSON")
    serve.set_defaults(handler=run)

    def usage(args: argparse.Namespace) -> int:
        fake.print_help()
        return 2

    fake.set_defaults(handler=usage)
