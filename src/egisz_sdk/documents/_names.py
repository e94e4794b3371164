"""File names: the ``type_Surname.ext`` rule, a suggested fixed name, and the document type a name declares."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from egisz_sdk.documents._rules import document_types

__all__ = ["name_problems", "suggest_name", "type_from_name"]

_LETTERS = "A-Za-zА-ЯЁа-яё"
_PATTERN = re.compile(rf"^[{_LETTERS}0-9-]+(?:_[{_LETTERS}0-9-]+)*_[{_LETTERS}][{_LETTERS}-]*\.[A-Za-z0-9]+$")
_FORBIDDEN = set('/\\:*?"<>|')
_MAX_NAME_BYTES = 255
_CANONICAL_EXT = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "docx": "docx"}


def _bad_char(name: str) -> str | None:
    for ch in name:
        if ch in _FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return ch
    return None


def name_problems(name: str) -> list[tuple[str, dict[str, Any]]]:
    """``(code, params)`` for every way ``name`` breaks the ``type_Surname.ext`` rule (empty when it fits)."""
    out: list[tuple[str, dict[str, Any]]] = []
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        out.append(("documents.name.too_long", {"limit": _MAX_NAME_BYTES}))
    bad = _bad_char(name)
    if bad is not None:
        out.append(("documents.name.characters", {"char": f"U+{ord(bad):04X}"}))
    if any(ch.isspace() for ch in name):
        out.append(("documents.name.spaces", {"name": name[:80]}))
    elif bad is None and not _PATTERN.fullmatch(unicodedata.normalize("NFC", name)):
        out.append(("documents.name.pattern", {"name": name[:80]}))
    return out


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for type_id, info in document_types().items():
        table[type_id.lower()] = type_id
        for alias in info.aliases:
            table[alias.lower()] = type_id
    return table


def type_from_name(name: str) -> str | None:
    """The document type a ``type_Surname.ext`` name starts with (aliases in Russian and English), or ``None``."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if "_" not in stem:
        return None
    prefix = stem.rsplit("_", 1)[0].strip().lower().replace(" ", "-")
    return _alias_table().get(prefix)


def suggest_name(
    name: str | None, detected: str | None, *, document_type: str | None = None, surname: str | None = None
) -> str | None:
    """A name that fits ``type_Surname.ext``: the type and surname when known, else ``name`` with spaces and
    forbidden characters replaced; the extension follows the content (``detected``). ``None`` when nothing fits.
    """
    ext = _CANONICAL_EXT.get(detected or "")
    old_stem, old_ext = name.rsplit(".", 1) if name and "." in name else (name or "", "")
    ext = ext or (old_ext.lower() if old_ext else None)
    if not ext:
        return None
    if document_type and surname:
        clean = _clean(surname).replace("_", "-")
        candidate = f"{document_type}_{clean[:1].upper()}{clean[1:]}.{ext}" if clean else ""
    else:
        candidate = f"{_clean(old_stem)}.{ext}"
        guess = type_from_name(candidate)
        if guess is None and surname:
            candidate = f"{_clean(old_stem)}_{_clean(surname)}.{ext}"
    candidate = unicodedata.normalize("NFC", candidate)
    return candidate if candidate and not name_problems(candidate) else None


def _clean(text: str) -> str:
    words = re.split(r"[\s_.,;]+", unicodedata.normalize("NFC", text))
    kept = ["".join(ch for ch in w if ch.isalnum() or ch == "-") for w in words]
    return "_".join(w for w in kept if w)
