"""A stand-in for CryptoPro CSP's ``cryptcp`` and ``csptest``, backed by OpenSSL with gost-engine.

Run as ``python fake_cryptopro.py cryptcp|csptest <arguments>`` (the tests put two tiny wrappers named
``cryptcp`` and ``csptest`` in a temp dir). It accepts exactly the command lines CryptoProSigner documents and
refuses anything else, so the tests prove the signer builds those command lines:

* ``cryptcp -signf -detached -der -cert -thumbprint <sha1> [-pin <pin>] -dir <outdir> <file>``
  → ``<outdir>/<file name>.sgn`` (DER CAdES-BES, by ``openssl cms -sign -cades -binary -outform DER``);
* ``csptest -sfsign -sign -add -addsigtime -in <file> -out <out> -my <sha1> [-password <pin>]``
  → attached CAdES-BES (``openssl cms -sign -nodetach``);
* ``csptest -keys -cont <name> -sign GOST12_256|GOST12_512 -keytype exchange|signature -in <file> -out <out>
  [-password <pin>]`` → ``openssl dgst -md_gost12_… -sign`` output BYTE-REVERSED, as CryptoPro writes it.

Its "certificate store" and "key containers" come from the JSON file named by ``FAKE_CRYPTOPRO_STORE``::

    {"certificates": {"<sha1>": {"cert": "c.pem", "key": "k.pem", "alg": "GOST12_256", "pin": "1234"}},
     "containers": {"<name>": {"key": "k.pem", "alg": "GOST12_256", "pin": null}},
     "reverse": true, "sleep": 0, "log": "argv.jsonl"}

``reverse: false`` models a tool (or an integration) that does not reverse; ``sleep`` delays the answer;
``log`` appends each argv as a JSON line. Errors are reported the CryptoPro way: ``[ErrorCode: 0x…]`` and a
non-zero exit status (wrong PIN 0x8010006b, no container 0x80090016, no certificate 0x2000012d, wrong
algorithm 0x80090008).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

MD = {"GOST12_256": "md_gost12_256", "GOST12_512": "md_gost12_512", "RSA": "sha256"}


def fail(code: int, message: str) -> NoReturn:
    print(message)
    print(f"[ErrorCode: {code:#010x}]")
    sys.exit(1)


def parse(argv: list[str], flags: set[str], options: set[str]) -> tuple[set[str], dict[str, str], list[str]]:
    """Split argv into flags, options with a value and positionals; anything unknown is a usage error."""
    seen: set[str] = set()
    values: dict[str, str] = {}
    positional: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in flags:
            seen.add(arg)
        elif arg in options:
            if i + 1 >= len(argv):
                fail(0x80070057, f"Option {arg} needs a value")
            values[arg] = argv[i + 1]
            i += 1
        elif arg.startswith("-"):
            fail(0x80070057, f"Unknown option {arg}")
        else:
            positional.append(arg)
        i += 1
    return seen, values, positional


def openssl(args: list[str]) -> None:
    proc = subprocess.run(["openssl", *args], capture_output=True, check=False)
    if proc.returncode != 0:
        fail(0x80090020, "Internal error: " + proc.stderr.decode("utf-8", "replace")[-300:])


def check_pin(entry: dict[str, Any], given: str | None) -> None:
    if entry.get("pin") is not None and given != entry["pin"]:
        fail(0x8010006B, "Wrong PIN")


def cms_sign(entry: dict[str, Any], infile: str, outfile: str, detached: bool) -> None:
    args = ["cms", "-sign", "-engine", "gost", "-binary", "-cades", "-md", MD[entry["alg"]], "-outform", "DER"]
    args += ["-signer", entry["cert"], "-inkey", entry["key"], "-in", infile, "-out", outfile]
    openssl(args if detached else [*args, "-nodetach"])


def cryptcp(store: dict[str, Any], argv: list[str]) -> None:
    required = {"-signf", "-detached", "-der", "-cert"}
    seen, values, positional = parse(argv, required, {"-thumbprint", "-pin", "-dir"})
    if seen != required or "-thumbprint" not in values or "-dir" not in values or len(positional) != 1:
        fail(0x80070057, "Usage: cryptcp -signf -detached -der -cert -thumbprint <sha1> [-pin] -dir <dir> <file>")
    entry = store["certificates"].get(values["-thumbprint"])
    if entry is None:
        fail(0x2000012D, "Certificates are not found.")
    check_pin(entry, values.get("-pin"))
    source = Path(positional[0])
    cms_sign(entry, str(source), str(Path(values["-dir"]) / (source.name + ".sgn")), detached=True)


def csptest(store: dict[str, Any], argv: list[str]) -> None:
    if argv[:1] == ["-sfsign"]:
        required = {"-sfsign", "-sign", "-add", "-addsigtime"}
        seen, values, positional = parse(argv, required, {"-in", "-out", "-my", "-password"})
        if seen != required or positional or not {"-in", "-out", "-my"} <= set(values):
            fail(0x80070057, "Usage: csptest -sfsign -sign -add -addsigtime -in -out -my [-password]")
        entry = store["certificates"].get(values["-my"])
        if entry is None:
            fail(0x80092004, "Cannot find object or property.")
        check_pin(entry, values.get("-password"))
        cms_sign(entry, values["-in"], values["-out"], detached=False)
        return
    if argv[:1] == ["-keys"]:
        seen, values, positional = parse(argv, {"-keys"}, {"-cont", "-sign", "-keytype", "-in", "-out", "-password"})
        if positional or not {"-cont", "-sign", "-keytype", "-in", "-out"} <= set(values):
            fail(0x80070057, "Usage: csptest -keys -cont <name> -sign <alg> -keytype <type> -in -out [-password]")
        if values["-keytype"] not in ("exchange", "signature"):
            fail(0x80070057, "Bad -keytype")
        entry = store["containers"].get(values["-cont"])
        if entry is None:
            fail(0x80090016, "Keyset does not exist")
        check_pin(entry, values.get("-password"))
        if values["-sign"] != entry["alg"]:
            fail(0x80090008, "Invalid algorithm specified.")
        tmp = values["-out"] + ".openssl"
        openssl(["dgst", "-engine", "gost", "-" + MD[entry["alg"]], "-sign", entry["key"], "-binary", "-out", tmp,
                 values["-in"]])  # fmt: skip
        raw = Path(tmp).read_bytes()
        os.unlink(tmp)
        Path(values["-out"]).write_bytes(raw[::-1] if store.get("reverse", True) else raw)
        return
    fail(0x80070057, "Usage: csptest -sfsign … | csptest -keys …")


def main() -> None:
    tool, argv = sys.argv[1], sys.argv[2:]
    store: dict[str, Any] = json.loads(Path(os.environ["FAKE_CRYPTOPRO_STORE"]).read_text())
    if store.get("log"):
        with open(store["log"], "a", encoding="utf-8") as log:
            log.write(json.dumps([tool, *argv]) + "\n")
    time.sleep(float(store.get("sleep", 0)))
    if tool == "cryptcp":
        cryptcp(store, argv)
    elif tool == "csptest":
        csptest(store, argv)
    else:
        fail(0x80070057, f"unknown tool {tool}")
    print("[ErrorCode: 0x00000000]")


if __name__ == "__main__":
    main()
