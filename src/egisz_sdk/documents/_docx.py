"""ZIP and DOCX checks with the standard library: bomb bounds from the directory BEFORE inflating anything, then
the OOXML package ([Content_Types].xml) tells a DOCX from a DOCM, an XLSX or a renamed ZIP; macros, ActiveX,
embedded objects and external relationships are findings."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import Any

from egisz_sdk.documents._budget import Budget, TooComplex
from egisz_sdk.documents._model import Finding, Fix, finding
from egisz_sdk.documents._rules import Safety

__all__ = ["inspect_zip"]

POLICY = "egisz-sdk safety policy: no macros, ActiveX, embedded objects or remote resources in documents"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
_WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_VBA = "application/vnd.ms-office.vbaProject"
_MAX_PART = 2 * 1024 * 1024  # XML parts read for relationships and content types
_MIN_BOMB_ENTRY = 1024 * 1024
_NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record declares (ZIP64 aware), read without zipfile."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    total = struct.unpack_from("<H", data, at + 10)[0]
    if total == 0xFFFF:
        loc = at - 20
        if loc >= 0 and data[loc : loc + 4] == b"PK\x06\x07":
            offset = struct.unpack_from("<Q", data, loc + 8)[0]
            if offset + 56 <= len(data) and data[offset : offset + 4] == b"PK\x06\x06":
                return int(struct.unpack_from("<Q", data, offset + 32)[0])
    return int(total)


def inspect_zip(data: bytes, safety: Safety, budget: Budget) -> tuple[str, list[Finding]]:
    """Check a ZIP container; return what it is (``docx``, ``docm``, ``dotx``, ``ooxml``, ``zip``) and findings."""
    max_entries = safety.zip_max_entries
    declared = _declared_entries(data)
    if declared is not None and declared > max_entries.value:
        return "zip", [
            finding(
                "documents.zip.too_many_entries", "error", max_entries.source, entries=declared, limit=max_entries.value
            )
        ]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:
        return "zip", [finding("documents.zip.malformed", "error", POLICY, reason=_reason(exc))]
    budget.check()
    if len(infos) > max_entries.value:
        return "zip", [
            finding(
                "documents.zip.too_many_entries",
                "error",
                max_entries.source,
                entries=len(infos),
                limit=max_entries.value,
            )
        ]
    bombs = _bomb(infos, safety)
    if bombs:
        return "zip", bombs
    names = {info.filename: info for info in infos}
    try:
        types = _content_types(archive, names)
        kind = _kind(types, names)
        out: list[Finding] = []
        if kind in ("docx", "docm", "dotx"):
            out += _parts(names, types)
            out += _relationships(archive, names, budget)
    except _Dtd as dtd:
        return "ooxml", [finding("documents.docx.dtd", "error", POLICY, part=dtd.part)]
    except TooComplex:
        raise
    except Exception as exc:
        return "zip", [finding("documents.zip.malformed", "error", POLICY, reason=_reason(exc))]
    return kind, out


def _reason(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _bomb(infos: list[zipfile.ZipInfo], safety: Safety) -> list[Finding]:
    ratio_rule, total_rule = safety.zip_max_ratio, safety.zip_max_uncompressed
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MIN_BOMB_ENTRY and ratio > ratio_rule.value:
            return [
                finding(
                    "documents.zip.bomb_ratio",
                    "error",
                    ratio_rule.source,
                    entry=info.filename[:80],
                    ratio=round(ratio),
                    limit=ratio_rule.value,
                )
            ]
    if total > total_rule.value:
        return [finding("documents.zip.bomb_size", "error", total_rule.source, size=total, limit=total_rule.value)]
    return []


class _Dtd(Exception):
    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def _xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    """Parse one small XML part; a DOCTYPE (entity expansion, external entities) is refused before parsing."""
    import xml.etree.ElementTree as ET

    if info.file_size > _MAX_PART:
        raise TooComplex(f"part {info.filename[:60]}", f"{_MAX_PART} bytes")
    with archive.open(info) as handle:
        raw = handle.read(_MAX_PART + 1)
    if re.search(rb"<!DOCTYPE|<!ENTITY", raw, re.I):
        raise _Dtd(info.filename)
    return ET.fromstring(raw)


def _content_types(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """``/part/name → content type`` from the overrides of ``[Content_Types].xml`` (empty when absent)."""
    info = names.get("[Content_Types].xml")
    if info is None:
        return {}
    root = _xml(archive, info)
    out = {}
    for node in root.iter(_NS_CT + "Override"):
        part, ctype = node.get("PartName"), node.get("ContentType")
        if part and ctype:
            out[part.lstrip("/").lower()] = ctype
    for node in root.iter(_NS_CT + "Default"):
        ext, ctype = node.get("Extension"), node.get("ContentType")
        if ext and ctype:
            out["*." + ext.lower()] = ctype
    return out


def _kind(types: dict[str, str], names: dict[str, zipfile.ZipInfo]) -> str:
    if not types:
        return "zip"
    mains = set(types.values())
    if _WORD_MACRO in mains:
        return "docm"
    if _WORD in mains:
        return "docx" if "word/document.xml" in {n.lower() for n in names} or _main_elsewhere(types) else "zip"
    if _WORD_TEMPLATE in mains:
        return "dotx"
    return "ooxml"


def _main_elsewhere(types: dict[str, str]) -> bool:
    return any(ctype == _WORD and not part.startswith("*.") for part, ctype in types.items())


def _parts(names: dict[str, zipfile.ZipInfo], types: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    lowered = [n.lower() for n in names]
    vba = [n for n in lowered if n.rsplit("/", 1)[-1] == "vbaproject.bin"] or [
        p for p, t in types.items() if t == _VBA and not p.startswith("*.")
    ]
    if vba:
        out.append(finding("documents.docx.macro", "error", POLICY, Fix("remove", "macros"), part=vba[0]))
    activex = [n for n in lowered if n.startswith("word/activex/")]
    if activex:
        out.append(finding("documents.docx.activex", "error", POLICY, Fix("remove", "ActiveX"), part=activex[0]))
    embedded = [n for n in lowered if n.startswith("word/embeddings/")]
    if embedded:
        out.append(
            finding("documents.docx.embedded_object", "warning", POLICY, Fix("remove", "embedded"), part=embedded[0])
        )
    return out


def _relationships(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], budget: Budget) -> list[Finding]:
    out: list[Finding] = []
    hyperlinks = 0
    for name, info in names.items():
        if not name.lower().endswith(".rels"):
            continue
        budget.check()
        root = _xml(archive, info)
        for rel in root.iter(_NS_REL + "Relationship"):
            if (rel.get("TargetMode") or "").lower() != "external":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind == "hyperlink":
                hyperlinks += 1
                continue
            out.append(
                finding(
                    "documents.docx.external_relationship",
                    "error",
                    POLICY,
                    Fix("remove", "external relationships"),
                    target=(rel.get("Target") or "")[:120],
                    kind=kind,
                    part=name,
                )
            )
            if len(out) >= 10:
                return out
    if hyperlinks:
        out.append(finding("documents.docx.hyperlink", "info", POLICY, count=hyperlinks))
    return out
