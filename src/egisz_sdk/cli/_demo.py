"""``egisz demo``: a guided tour of the SDK on real and broken values and the embedded fake EGISZ."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from egisz_sdk.cli._output import emit_json

__all__ = ["register"]

#: Demo sections in order; each returns a JSON-ready dict and prints itself unless ``quiet``.
Section = Callable[[bool], dict[str, Any]]


def _identifiers(quiet: bool) -> dict[str, Any]:
    from egisz_sdk import validators

    samples = [
        ("snils", "112-233-445 95"),
        ("snils", "151-324-910 82"),
        ("snils", "１１２-233-445 95"),
        ("snils", 11223344595),
    ]
    rows = []
    for kind, value in samples:
        module = validators.get(kind)
        try:
            canonical = module.validate(value)
            rows.append({"kind": kind, "input": repr(value), "valid": True, "canonical": canonical})
        except validators.InvalidIdentifier as exc:
            rows.append(
                {
                    "kind": kind,
                    "input": repr(value),
                    "valid": False,
                    "code": exc.code,
                    "message_ru": exc.message_ru,
                    "message_en": exc.message_en,
                }
            )
    if not quiet:
        print("== Идентификаторы / identifiers ==")
        for row in rows:
            mark = "OK " if row["valid"] else "ERR"
            detail = row.get("canonical") or f"{row['code']}: {row['message_ru']}"
            print(f"  {mark} {row['kind']:<8} {row['input']:<24} {detail}")
    return {"identifiers": rows}


SECTIONS: list[Section] = [_identifiers]


def run(args: argparse.Namespace) -> int:
    result: dict[str, Any] = {}
    for section in SECTIONS:
        result.update(section(args.json))
    if args.json:
        emit_json(result)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="tour the SDK on the embedded fake EGISZ")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)
