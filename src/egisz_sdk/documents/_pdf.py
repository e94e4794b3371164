"""PDF checks with pypdf: structure, encryption, active content, page count and the effective dpi of every
raster image at the size it is drawn on the page (the content stream's CTM is followed to each image XObject)."""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator
from typing import Any

from egisz_sdk.documents._budget import Budget, TooComplex
from egisz_sdk.documents._input import require
from egisz_sdk.documents._model import Finding, Fix, finding
from egisz_sdk.documents._rules import Rules, Safety

__all__ = ["POLICY", "inspect_pdf"]

POLICY = "egisz-sdk safety policy: no encryption, scripts, automatic actions or embedded files (OWASP File Upload)"
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MIN_AREA = 2 * 72 * 72  # figures smaller than 2 square inches (logos, stamps) are not judged
_MAX_FINDINGS = 20
_MAX_NODES = 200_000
_RECOVERY = 200  # objects tried when the /Root reference is broken (pypdf's default of 10,000 takes seconds)
_MAX_DEPTH = 8
_ACTIVE_ACTIONS = {"/SubmitForm", "/ImportData", "/Rendition", "/GoToR", "/GoToE", "/Movie", "/Sound"}
_ACTIVE_SUBTYPES = {"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` in PDF's row-vector convention (``cm`` sets CTM = M × CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(values: Any) -> Matrix | None:
    try:
        a, b, c, d, e, f = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    out = (a, b, c, d, e, f)
    if not all(math.isfinite(v) and abs(v) < 1e9 for v in out):
        return None
    return out


def _config(safety: Safety) -> contextlib.AbstractContextManager[Any]:
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:  # pypdf < 6.x: its own 75 MB defaults apply
        return contextlib.nullcontext()
    limit = safety.stream_max_bytes.value
    return apply(  # type: ignore[no-any-return]
        zlib_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        array_based_stream_maximum_output_length=limit,
        maximum_declared_stream_length=limit,
        stream_parsing_work_maximum_count=500_000,
        page_tree_maximum_entries=safety.pdf_max_pages.value * 2,
    )


def inspect_pdf(data: bytes, rules: Rules, safety: Safety, budget: Budget) -> tuple[int | None, list[Finding]]:
    """Check a PDF; return its page count (when readable) and the findings."""
    require("pypdf", "PDF")
    from pypdf import PdfReader

    with _config(safety):
        try:
            reader = _reader(PdfReader, data)
            encrypted = reader.is_encrypted
        except TooComplex:
            raise
        except Exception as exc:  # any parser failure is a finding about the file
            _limit(exc)
            return None, [finding("documents.pdf.malformed", "error", POLICY, reason=_reason(exc))]
        if encrypted:
            return None, [finding("documents.pdf.encrypted", "error", POLICY, Fix("remove", "encryption"))]
        try:
            pages = len(reader.pages)
        except TooComplex:
            raise
        except Exception as exc:  # any parser failure is a finding about the file
            _limit(exc)
            return None, [finding("documents.pdf.malformed", "error", POLICY, reason=_reason(exc))]
        out: list[Finding] = []
        if rules.max_pages and pages > rules.max_pages.value:
            out.append(
                finding(
                    "documents.pdf.too_many_pages",
                    rules.max_pages.severity,
                    rules.max_pages.source,
                    pages=pages,
                    limit=rules.max_pages.value,
                )
            )
        if pages > safety.pdf_max_pages.value:
            raise TooComplex("pages", safety.pdf_max_pages.value)
        try:
            out += _active_content(reader, budget)
            if rules.min_dpi:
                out += _resolution(reader, rules, budget)
        except (TooComplex, RecursionError, MemoryError):
            raise
        except Exception as exc:
            _limit(exc)
            out.append(finding("documents.pdf.malformed", "error", POLICY, reason=_reason(exc)))
        return pages, out


def _reader(cls: Any, data: bytes) -> Any:
    """A lenient reader whose damaged-file recovery is bounded (pypdf ≥ 5 has the parameter)."""
    try:
        return cls(io.BytesIO(data), strict=False, root_object_recovery_limit=_RECOVERY)
    except TypeError:
        return cls(io.BytesIO(data), strict=False)


def _limit(exc: BaseException) -> None:
    """pypdf's own resource limits (declared or inflated stream length, array sizes) are bounds, not damage."""
    if type(exc).__name__ == "LimitReachedError":
        raise TooComplex("PDF stream or array", str(exc)[:80]) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ----------------------------------------------------------------------------------------------- active content


def _active_content(reader: Any, budget: Budget) -> list[Finding]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[tuple[str, str], str] = {}
    stack: list[tuple[Any, str]] = [(reader.trailer.get("/Root"), "Root")]
    seen: set[tuple[int, int]] = set()
    nodes = 0
    while stack:
        obj, where = stack.pop()
        nodes += 1
        if nodes % 2000 == 0:
            budget.check()
            if nodes > _MAX_NODES:
                raise TooComplex("objects", _MAX_NODES)
        if isinstance(obj, IndirectObject):
            key = (int(obj.idnum), int(obj.generation))
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            _examine(obj, where, found)
            stack.extend(
                (v, k if k not in ("/Kids", "/Annots") else where + k) for k, v in obj.items() if k != "/Parent"
            )
        elif isinstance(obj, ArrayObject):
            stack.extend((v, where) for v in obj)
    out = []
    for (code, detail), where in found.items():
        params: dict[str, Any] = {"where": where.lstrip("/")}
        if code == "documents.pdf.auto_action":
            params["action"] = detail
        if code == "documents.pdf.active_content":
            params["what"] = detail
        fix = Fix("remove", {"documents.pdf.embedded_file": "embedded files"}.get(code, "active content"))
        out.append(finding(code, "error", POLICY, fix, **params))
    return out


def _examine(obj: Any, where: str, found: dict[tuple[str, str], str]) -> None:
    action = _name(obj.get("/S"))
    if "/JS" in obj or action == "/JavaScript" or "/JavaScript" in obj:
        found.setdefault(("documents.pdf.javascript", ""), where)
    if action == "/Launch":
        found.setdefault(("documents.pdf.launch", ""), where)
    if action in _ACTIVE_ACTIONS:
        found.setdefault(("documents.pdf.active_content", action.lstrip("/")), where)
    subtype = _name(obj.get("/Subtype"))
    if subtype in _ACTIVE_SUBTYPES:
        found.setdefault(("documents.pdf.active_content", subtype.lstrip("/")), where)
    if "/EmbeddedFiles" in obj or _name(obj.get("/Type")) == "/EmbeddedFile" or subtype == "/FileAttachment":
        found.setdefault(("documents.pdf.embedded_file", ""), where)
    if "/XFA" in obj:
        found.setdefault(("documents.pdf.active_content", "XFA"), where)
    if "/OpenAction" in obj:
        target = obj["/OpenAction"]  # resolved by pypdf
        kind = _name(target.get("/S")) if hasattr(target, "get") else None
        if kind and kind != "/GoTo":
            found.setdefault(("documents.pdf.auto_action", kind.lstrip("/")), "OpenAction")
    if "/AA" in obj:
        triggers = obj["/AA"]
        names = sorted(str(k).lstrip("/") for k in triggers) if hasattr(triggers, "keys") else []
        found.setdefault(("documents.pdf.auto_action", "AA " + ",".join(names[:6])), where.lstrip("/"))


def _name(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


# ----------------------------------------------------------------------------------------------- resolution


def _resolution(reader: Any, rules: Rules, budget: Budget) -> list[Finding]:
    assert rules.min_dpi is not None
    required = rules.min_dpi.value
    out: list[Finding] = []
    judged = 0
    for number, page in enumerate(reader.pages, start=1):
        budget.check()
        for figure, dpi in _figures(reader, page, budget):
            judged += 1
            if dpi < required * 0.99 and len(out) < _MAX_FINDINGS:
                out.append(
                    finding(
                        "documents.pdf.low_dpi",
                        rules.min_dpi.severity,
                        rules.min_dpi.source,
                        Fix("rescan", required),
                        page=number,
                        figure=figure,
                        dpi=round(dpi),
                        required=required,
                    )
                )
    if not judged:
        out.append(finding("documents.pdf.no_images", "info", rules.min_dpi.source))
    return out


def _figures(reader: Any, page: Any, budget: Budget) -> Iterator[tuple[int, float]]:
    """``(figure number on the page, effective dpi)`` for every raster image drawn large enough to judge."""
    resources = _resolve(page.get("/Resources"))
    contents = page.get_contents()
    if contents is None:
        return
    if not _may_draw_images(resources) and b"BI" not in contents.get_data():
        return
    counter = [0]
    yield from _walk(reader, contents, resources, _IDENTITY, budget, counter, 0, set())


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") and value is not None else value


def _may_draw_images(resources: Any) -> bool:
    xobjects: Any = _resolve(resources.get("/XObject")) if hasattr(resources, "get") else None
    if not hasattr(xobjects, "values"):
        return False
    return any(_name(_resolve(x).get("/Subtype")) in ("/Image", "/Form") for x in xobjects.values() if _has_get(x))


def _has_get(value: Any) -> bool:
    return hasattr(_resolve(value), "get")


def _walk(
    reader: Any,
    stream: Any,
    resources: Any,
    start: Matrix,
    budget: Budget,
    counter: list[int],
    depth: int,
    active: set[int],
) -> Iterator[tuple[int, float]]:
    from pypdf.generic import ContentStream

    content = stream if isinstance(stream, ContentStream) else ContentStream(stream, reader)
    xobjects: Any = _resolve(resources.get("/XObject")) if hasattr(resources, "get") else None
    ctm, saved = start, list[Matrix]()
    for index, (operands, op) in enumerate(content.operations):
        if index % 1000 == 999:
            budget.check()
        if op == b"q":
            if len(saved) < 256:
                saved.append(ctm)
        elif op == b"Q":
            ctm = saved.pop() if saved else start
        elif op == b"cm":
            m = _matrix(operands)
            if m is not None:
                ctm = _mul(m, ctm)
        elif op == b"Do" and operands and hasattr(xobjects, "get"):
            ref = xobjects.get(operands[0])
            xobj = _resolve(ref)
            subtype = _name(xobj.get("/Subtype")) if hasattr(xobj, "get") else None
            if subtype == "/Image":
                counter[0] += 1
                dpi = _dpi(ctm, xobj.get("/Width"), xobj.get("/Height"))
                if dpi is not None:
                    yield counter[0], dpi
            elif subtype == "/Form" and depth < _MAX_DEPTH and id(xobj) not in active:
                form = _matrix(xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])) or _IDENTITY
                inner = _resolve(xobj.get("/Resources")) or resources
                yield from _walk(reader, xobj, inner, _mul(form, ctm), budget, counter, depth + 1, active | {id(xobj)})
        elif op == b"INLINE IMAGE" and isinstance(operands, dict):
            settings = operands.get("settings", {})
            counter[0] += 1
            dpi = _dpi(ctm, settings.get("/W", settings.get("/Width")), settings.get("/H", settings.get("/Height")))
            if dpi is not None:
                yield counter[0], dpi


def _dpi(ctm: Matrix, width: Any, height: Any) -> float | None:
    """The lower of the horizontal and vertical pixel densities of an image drawn with ``ctm``."""
    try:
        w_px, h_px = int(width), int(height)
    except (TypeError, ValueError):
        return None
    a, b, c, d, _, _ = ctm
    w_pt, h_pt = math.hypot(a, b), math.hypot(c, d)
    if w_px <= 0 or h_px <= 0 or w_pt * h_pt < _MIN_AREA:
        return None
    return min(w_px * 72.0 / w_pt, h_px * 72.0 / h_pt)
