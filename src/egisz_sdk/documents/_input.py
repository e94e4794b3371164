"""Reading a file without reading too much, and telling what it is by its bytes (never by its name)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import IO, Union

from egisz_sdk.errors import ConfigurationError, ValidationError

__all__ = ["FileInput", "extension_format", "polyglot_formats", "read_bounded", "require", "sniff"]

#: What :func:`~egisz_sdk.documents.check` accepts: a path, the bytes, or a binary file object.
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]

_EXTENSIONS = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "png": "png",
    "docx": "docx",
    "docm": "docm",
    "doc": "doc",
    "zip": "zip",
}
_CHUNK = 1 << 20


def read_bounded(source: object, limit: int, name: str | None = None) -> tuple[bytes, str | None]:
    """Read at most ``limit + 1`` bytes of ``source`` (so an oversize file is detected, never read whole).

    Returns the bytes and the file name (``name`` if given, else the path's or the file object's name).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(memoryview(source)[: limit + 1])
        return data, name
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                return _read(handle, limit), name or path.name
        except OSError as exc:
            raise ValidationError(
                "documents.input.unreadable", field="file", name=path.name, reason=type(exc).__name__
            ) from None
    read = getattr(source, "read", None)
    if callable(read):
        label = name or _object_name(source)
        try:
            return _read(source, limit), label  # type: ignore[arg-type]
        except ValidationError:
            raise
        except (OSError, ValueError) as exc:
            raise ValidationError(
                "documents.input.unreadable", field="file", name=label or "?", reason=type(exc).__name__
            ) from None
    raise ValidationError("documents.input.type", field="file", type=type(source).__name__)


def _object_name(source: object) -> str | None:
    raw = getattr(source, "name", None)
    return Path(raw).name if isinstance(raw, str) and raw else None


def _read(handle: IO[bytes], limit: int) -> bytes:
    parts: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = handle.read(min(left, _CHUNK))
        if not chunk:
            break
        if not isinstance(chunk, (bytes, bytearray)):
            raise ValidationError("documents.input.type", field="file", type="text file object")
        parts.append(bytes(chunk))
        left -= len(chunk)
    return b"".join(parts)


def sniff(data: bytes) -> str | None:
    """The container format by signature: ``pdf``, ``jpeg``, ``png``, ``zip``, ``doc`` (OLE) or ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first kilobyte
        return "pdf"
    return None


def polyglot_formats(data: bytes, kind: str | None) -> list[str]:
    """The formats these bytes also are, besides ``kind`` (a PDF that is also a ZIP …)."""
    also: list[str] = []
    if kind != "zip" and kind is not None and _is_zip(data):
        also.append("zip")
    if kind != "pdf" and b"%PDF-" in data[:1024]:
        also.append("pdf")
    return also


def _is_zip(data: bytes) -> bool:
    if b"PK\x05\x06" not in data[-65_600:]:
        return False
    try:
        return zipfile.is_zipfile(io.BytesIO(data))
    except Exception:
        return False


def extension_format(name: str | None) -> tuple[str | None, str | None]:
    """``(extension as written, the format it claims)`` for a file name; ``(None, None)`` without an extension."""
    if not name or "." not in name.strip("."):
        return None, None
    ext = name.rsplit(".", 1)[1]
    return ext, _EXTENSIONS.get(ext.lower(), "other")


def require(package: str, what: str) -> None:
    """Raise ``documents.extra.missing`` (naming the ``documents`` extra) when ``package`` cannot be imported."""
    import importlib

    try:
        importlib.import_module(package)
    except ImportError:
        raise ConfigurationError(
            "documents.extra.missing",
            field="file",
            what=what,
            package={"pypdf": "pypdf", "PIL": "Pillow"}.get(package, package),
            extra="documents",
        ) from None
