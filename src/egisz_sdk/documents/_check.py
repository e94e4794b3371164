"""``check``: one file against one target's ruleset — size, content format, safety, resolution, name, metadata."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from egisz_sdk.documents._budget import Budget, Deadline, TooComplex, hard_deadline
from egisz_sdk.documents._input import extension_format, polyglot_formats, read_bounded, sniff
from egisz_sdk.documents._model import Finding, Fix, Report, Severity, finding
from egisz_sdk.documents._names import name_problems, suggest_name, type_from_name
from egisz_sdk.documents._rules import Rules, Ruleset, document_types, resolve_ruleset, safety
from egisz_sdk.errors import ValidationError

__all__ = ["METADATA_FIELDS", "check"]

#: The metadata keys :func:`check` understands.
METADATA_FIELDS = ("document_type", "issue_date", "surname", "valid_until")
#: The hard stop (SIGALRM, where usable) fires at this multiple of the cooperative time budget.
_HARD_FACTOR = 1.3
_POLICY = "egisz-sdk: content is checked by its bytes, never by the extension alone"
_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "docx": "DOCX", "docm": "DOCM (macro-enabled Word)"}
_DISPLAY = {
    "zip": "ZIP",
    "doc": "DOC (Word 97-2003)",
    "dotx": "DOTX (Word template)",
    "ooxml": "OOXML (not Word)",
    "other": "?",
}


def _label(kind: str | None) -> str:
    return _NAMES.get(kind or "", _DISPLAY.get(kind or "", "unknown"))


def check(
    file: Any,
    *,
    target: str,
    ruleset: str | Ruleset | None = None,
    metadata: Mapping[str, Any] | None = None,
    name: str | None = None,
    today: _dt.date | None = None,
) -> Report:
    """Check one file the way the registry will, before the user waits for a rejection.

    Args:
        file: a path, the bytes, or a binary file object (read once, at most the size limit + 1 bytes).
        target: where the file goes (``frmr.portfolio``, ``frmo.documents`` … see :func:`targets`).
        ruleset: a ruleset name of the target, or a :class:`Ruleset` from :func:`load_ruleset`. ``None`` applies
            the target's default and, where the sources disagree, says so in an ``info`` finding
            ``documents.ruleset.default``.
        metadata: what the user typed beside the file: ``document_type``, ``issue_date``, ``valid_until``
            (``ДД.ММ.ГГГГ``, ``ДДММГГГГ``, ISO or :class:`datetime.date`) and ``surname`` (for the suggested name).
        name: the file name, for bytes or file objects without one.
        today: the date expiry is judged against (default: the local date).

    Returns:
        A :class:`Report`; ``report.ok`` is false when any finding is an error.

    Raises:
        ValidationError: unknown ``target``/``ruleset``/metadata key, unreadable path, unsupported input type.
        ConfigurationError: a PDF or an image arrived and pypdf / Pillow (the ``documents`` extra) is missing.
    """
    chosen, alternatives = resolve_ruleset(target, ruleset)
    meta = _metadata(metadata)
    rules = chosen.rules
    data, label = read_bounded(file, rules.max_bytes.value, name)
    findings: list[Finding] = []
    if alternatives:
        findings.append(
            finding(
                "documents.ruleset.default",
                "info",
                "egisz-sdk: the sources disagree for this target (docs/documents)",
                Fix("choose_ruleset", ", ".join([chosen.name, *alternatives])),
                ruleset=chosen.name,
                alternatives=alternatives,
            )
        )
    detected, pages = _content(data, rules, findings)
    findings += _name(label, detected, rules, meta)
    findings += _meta_findings(meta, rules, today or _dt.date.today())
    return Report(
        target=target,
        ruleset=chosen.name,
        name=label,
        size=len(data),
        detected=detected,
        pages=pages,
        findings=tuple(findings),
    )


def _metadata(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise ValidationError("documents.input.type", field="metadata", type=type(metadata).__name__)
    for key in metadata:
        if key not in METADATA_FIELDS:
            raise ValidationError(
                "documents.metadata.unknown_field", field=str(key)[:40], allowed=list(METADATA_FIELDS)
            )
    return {k: v for k, v in metadata.items() if v not in (None, "")}


def _content(data: bytes, rules: Rules, findings: list[Finding]) -> tuple[str | None, int | None]:
    """Size, format and the format's own checks; returns ``(detected format, pages)``."""
    limit = rules.max_bytes
    kind = sniff(data)
    if len(data) > limit.value:
        findings.append(
            finding(
                "documents.size.too_large", limit.severity, limit.source, size=f"> {limit.value}", limit=limit.value
            )
        )
        return kind, None
    if not data:
        findings.append(finding("documents.size.empty", "error", _POLICY))
        return None, None
    also = polyglot_formats(data, kind)
    if also:
        names = " + ".join(_label(k) for k in [kind, *also])
        findings.append(finding("documents.format.polyglot", "error", _POLICY, formats=names))
    safe = safety()
    _import_parser(kind)  # before the clock starts: a first import is not the file's fault
    seconds = safe.time_budget_ms.value / 1000
    budget = Budget(seconds)
    pages: int | None = None
    try:
        with hard_deadline(seconds * _HARD_FACTOR):
            kind, pages = _inspect(kind, data, rules, budget, findings)
    except (TooComplex, Deadline, RecursionError, MemoryError) as exc:
        what, bound = (
            (exc.what, exc.limit) if isinstance(exc, TooComplex) else ("time", f"{seconds * _HARD_FACTOR:g} s")
        )
        if isinstance(exc, (RecursionError, MemoryError)):
            what, bound = type(exc).__name__, "-"
        findings.append(
            finding("documents.check.too_complex", "error", safe.time_budget_ms.source, what=what, limit=bound)
        )
    if kind is None:
        findings.append(finding("documents.format.unknown", "error", _POLICY))
    elif kind not in rules.formats.value:
        allowed = [_label(f) for f in rules.formats.value]
        convert = Fix("convert", rules.formats.value[0])
        findings.append(
            finding(
                "documents.format.not_allowed",
                rules.formats.severity,
                rules.formats.source,
                convert,
                detected=_label(kind),
                allowed=allowed,
            )
        )
    return kind, pages


def _inspect(
    kind: str | None, data: bytes, rules: Rules, budget: Budget, findings: list[Finding]
) -> tuple[str | None, int | None]:
    """Run the format's own checks; returns the refined format (ZIP → DOCX …) and the page count."""
    safe = safety()
    if kind == "pdf":
        from egisz_sdk.documents._pdf import inspect_pdf

        pages, found = inspect_pdf(data, rules, safe, budget)
        findings += found
        return kind, pages
    if kind in ("jpeg", "png"):
        from egisz_sdk.documents._image import inspect_image

        findings += inspect_image(data, kind, rules, safe, budget)
    elif kind == "zip":
        from egisz_sdk.documents._docx import inspect_zip

        kind, found = inspect_zip(data, safe, budget)
        findings += found
    return kind, None


def _import_parser(kind: str | None) -> None:
    from egisz_sdk.documents._input import require

    if kind == "pdf":
        require("pypdf", "PDF")
        import pypdf  # noqa: F401
    elif kind in ("jpeg", "png"):
        require("PIL", "JPEG/PNG")
        from PIL import Image  # noqa: F401


def _name(label: str | None, detected: str | None, rules: Rules, meta: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    if label is None:
        if rules.file_name or rules.lowercase_extension:
            out.append(finding("documents.name.unknown", "info", _POLICY))
        return out
    typed = meta.get("document_type")
    surname = meta.get("surname")
    fixed = suggest_name(
        label, detected, document_type=typed if isinstance(typed, str) else None, surname=_text(surname)
    )
    rename = Fix("rename", fixed) if fixed and fixed != label else None
    ext, claimed = extension_format(label)
    if detected is not None and claimed != detected:
        out.append(
            finding(
                "documents.format.mismatch",
                "error",
                _POLICY,
                rename,
                extension=ext or "",
                detected=_label(detected),
            )
        )
    lowercase = rules.lowercase_extension
    if lowercase and lowercase.value and ext and ext != ext.lower():
        lower = label[: -len(ext)] + ext.lower()
        out.append(
            finding(
                "documents.name.extension_case",
                lowercase.severity,
                lowercase.source,
                Fix("rename", lower),
                extension=ext,
            )
        )
    if rules.file_name:
        rule = rules.file_name
        for code, params in name_problems(label):
            out.append(finding(code, rule.severity, rule.source, rename, **params))
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= 100 else None


def _date(meta: dict[str, Any], field: str, out: list[Finding], source: str) -> _dt.date | None:
    from egisz_sdk.validators import dates

    value = meta.get(field)
    if value is None:
        return None
    try:
        return dates.to_date(value, kind="any", min_date=_dt.date(1900, 1, 1))
    except ValidationError:
        out.append(finding("documents.metadata.invalid_date", "error", source, field=field, value=str(value)[:40]))
        return None


def _meta_findings(meta: dict[str, Any], rules: Rules, today: _dt.date) -> list[Finding]:
    out: list[Finding] = []
    required = rules.required_metadata
    if required:
        for field in required.value:
            if field not in meta:
                fix = Fix("provide", field)
                out.append(finding("documents.metadata.missing", required.severity, required.source, fix, field=field))
    src = required.source if required else _POLICY
    typed = meta.get("document_type")
    if typed is not None:
        allowed = rules.document_types.value
        resolved = typed if typed in document_types() else type_from_name(f"{typed}_X.pdf")
        if resolved not in allowed:
            out.append(
                finding(
                    "documents.metadata.document_type",
                    rules.document_types.severity,
                    rules.document_types.source,
                    given=str(typed)[:40],
                    allowed=allowed,
                )
            )
    issued = _date(meta, "issue_date", out, src)
    until = _date(meta, "valid_until", out, src)
    if issued and issued > today:
        out.append(finding("documents.metadata.issue_in_future", "error", src, issue_date=issued.isoformat()))
    if issued and until and until < issued:
        out.append(
            finding(
                "documents.metadata.inconsistent",
                "error",
                src,
                issue_date=issued.isoformat(),
                valid_until=until.isoformat(),
            )
        )
    elif until:
        out += _expiry(until, rules, today)
    return out


def _expiry(until: _dt.date, rules: Rules, today: _dt.date) -> list[Finding]:
    days = (until - today).days
    warn = rules.expiry_warning_days
    if days < 0:
        rule = rules.expired
        severity: Severity = "error" if rule is None or rule.value == "refuse" else "warning"
        source = rule.source if rule else "egisz-sdk: a document past its validity end is refused"
        return [finding("documents.expired", severity, source, valid_until=until.isoformat(), days=-days)]
    window = warn.value if warn else 30
    if days <= window:
        source = warn.source if warn else _POLICY
        return [finding("documents.expiring", "warning", source, valid_until=until.isoformat(), days=days)]
    return []
