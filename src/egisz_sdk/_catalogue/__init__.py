"""The error-code catalogue: data files loaded once, merged, and looked up by code.

Every ``*.json`` file in this package maps a stable dotted code to its Russian and English message
templates::

    {"snils.checksum": {"ru": "…{expected}…", "en": "…{expected}…", "summary": "…"}}

Templates use :meth:`str.format` fields filled from the error's parameters. Each part of the SDK owns
its own file (``validators.json``, ``signature.json``, ``esia.json`` …) so that no two parts edit the
same data; a code defined in two files is a packaging error caught by the tests.
"""

from __future__ import annotations

import json
from functools import cache
from typing import NamedTuple

__all__ = ["CatalogueEntry", "catalogue", "lookup"]


class CatalogueEntry(NamedTuple):
    """One code of the catalogue: message templates and the file that defines it."""

    code: str
    ru: str
    en: str
    summary: str
    source: str


@cache
def catalogue() -> dict[str, CatalogueEntry]:
    """Return every known code, loaded from the package data once per process."""
    from importlib import resources  # imported here: it costs ~8 ms, and most imports of the SDK raise nothing

    entries: dict[str, CatalogueEntry] = {}
    root = resources.files(__name__)
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".json"):
            continue
        raw = json.loads(item.read_text(encoding="utf-8"))
        for code, body in raw.items():
            if code in entries:
                raise RuntimeError(f"error code {code!r} is defined in {entries[code].source} and {item.name}")
            entries[code] = CatalogueEntry(
                code=code,
                ru=body["ru"],
                en=body["en"],
                summary=body.get("summary", body["en"]),
                source=item.name,
            )
    return entries


def lookup(code: str) -> CatalogueEntry | None:
    """Return the catalogue entry for ``code`` or ``None`` when the code is unknown."""
    return catalogue().get(code)
