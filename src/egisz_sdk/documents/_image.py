"""JPEG and PNG checks with Pillow: decodable, not a decompression bomb, dense enough at the page size."""

from __future__ import annotations

import io
import math
from typing import Any

from egisz_sdk.documents._budget import Budget
from egisz_sdk.documents._input import require
from egisz_sdk.documents._model import Finding, Fix, finding
from egisz_sdk.documents._rules import Rules, Safety

__all__ = ["A4_INCHES", "inspect_image"]

#: A4 is 210 × 297 mm.
A4_INCHES = (210 / 25.4, 297 / 25.4)
_A3_LONG_INCHES = 420 / 25.4


def inspect_image(data: bytes, kind: str, rules: Rules, safety: Safety, budget: Budget) -> list[Finding]:
    """Check a ``jpeg`` or ``png`` image; return the findings."""
    require("PIL", "JPEG/PNG")
    from PIL import Image

    limit = safety.max_pixels
    src = limit.source
    try:
        with Image.open(io.BytesIO(data), formats=[kind.upper()]) as im:
            width, height = im.size
            if width * height > limit.value:
                return [
                    finding(
                        "documents.image.too_many_pixels", "error", src, width=width, height=height, limit=limit.value
                    )
                ]
            info = dict(im.info)
            exif_dpi = None
            if kind == "jpeg":
                exif_dpi = _exif_dpi(im)
                im.draft("L", (max(1, width // 8), max(1, height // 8)))  # DCT scaling: decode at ≤ 1/8 size
                im.load()
            else:
                im.verify()  # every chunk CRC, without inflating the pixels
    except Image.DecompressionBombError:
        return [finding("documents.image.too_many_pixels", "error", src, width="?", height="?", limit=limit.value)]
    except Exception as exc:
        text = str(exc).replace("\n", " ")[:120]
        return [finding("documents.image.malformed", "error", src, reason=f"{type(exc).__name__}: {text}")]
    budget.check()
    if rules.min_dpi is None:
        return []
    return _density(width, height, _metadata_dpi(info) or exif_dpi, rules)


def _exif_dpi(im: Any) -> float | None:
    try:
        exif = im.getexif()
        x, y, unit = exif.get(282), exif.get(283), exif.get(296, 2)
        if x is None or y is None or unit not in (2, 3):
            return None
        factor = 2.54 if unit == 3 else 1.0
        return _sane(min(float(x), float(y)) * factor)
    except Exception:
        return None


def _metadata_dpi(info: dict[str, Any]) -> float | None:
    dpi = info.get("dpi")
    try:
        return _sane(min(float(dpi[0]), float(dpi[1]))) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None


def _sane(value: float) -> float | None:
    return value if math.isfinite(value) and 1 <= value <= 10_000 else None


def _density(width: int, height: int, declared: float | None, rules: Rules) -> list[Finding]:
    assert rules.min_dpi is not None
    rule = rules.min_dpi
    out: list[Finding] = []
    long_px, short_px = max(width, height), min(width, height)
    inferred = min(short_px / A4_INCHES[0], long_px / A4_INCHES[1])
    if declared is not None and long_px / declared <= _A3_LONG_INCHES:
        dpi, basis = declared, "metadata"
    else:
        dpi, basis = inferred, "A4"
        reason = "no dpi metadata" if declared is None else f"metadata {declared:g} dpi implies a page above A3"
        reason_ru = "нет сведений о dpi" if declared is None else f"{declared:g} dpi даёт лист больше A3"
        out.append(
            finding(
                "documents.image.dpi_inferred",
                "info",
                rule.source,
                ru_params={"reason": reason_ru},
                dpi=round(dpi),
                reason=reason,
            )
        )
    if dpi < rule.value * 0.99:
        out.append(
            finding(
                "documents.image.low_dpi",
                rule.severity,
                rule.source,
                Fix("rescan", rule.value),
                dpi=round(dpi),
                required=rule.value,
                basis=basis,
            )
        )
    return out
