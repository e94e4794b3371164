"""Reports and findings: what a check returns (attrs, frozen, picklable for process pools)."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from egisz_sdk._catalogue import lookup

__all__ = ["Finding", "Fix", "Report", "SetReport", "Severity", "finding"]

#: How bad a finding is: ``error`` makes the report not ``ok``; ``warning`` and ``info`` do not.
Severity = Literal["error", "warning", "info"]
FixKind = Literal["rename", "rescan", "convert", "remove", "provide", "choose_ruleset"]


class _Format(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@attrs.frozen
class Fix:
    """What to do about a finding: ``kind`` and its ``value``.

    ``rename`` → the suggested file name; ``rescan`` → the dpi to rescan at; ``convert`` → a format to convert
    to (``"pdf"``); ``remove`` → what to remove (``"macros"``, ``"javascript"``); ``provide`` → a metadata field
    or a document type to supply; ``choose_ruleset`` → the ruleset names to choose from.
    """

    kind: FixKind
    value: str | int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"kind": self.kind, "value": self.value}


@attrs.frozen
class Finding:
    """One observation about a file or a set: a stable ``code`` from the error catalogue, its severity,
    the ``source`` of the rule it applies, the message in Russian and English, an optional :class:`Fix`, and the
    values the message was built from (``params``: page, figure, dpi …)."""

    code: str
    severity: Severity
    source: str
    message_ru: str
    message_en: str
    fix: Fix | None = None
    params: dict[str, Any] = attrs.field(factory=dict, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "source": self.source,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
            "fix": self.fix.to_dict() if self.fix else None,
            "params": {k: v for k, v in self.params.items() if isinstance(v, (str, int, float, bool)) or v is None},
        }


def _fmt(params: dict[str, Any]) -> _Format:
    return _Format({k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in params.items()})


def finding(
    code: str,
    severity: Severity,
    source: str,
    fix: Fix | None = None,
    *,
    ru_params: dict[str, Any] | None = None,
    **params: Any,
) -> Finding:
    """Build a :class:`Finding` with its messages from the catalogue entry of ``code``.

    ``ru_params`` replaces some values in the Russian message only (a reason or a title in Russian).
    """
    entry = lookup(code)
    fmt = _fmt(params)
    ru = entry.ru.format_map(_fmt({**params, **(ru_params or {})})) if entry else code
    en = entry.en.format_map(fmt) if entry else code
    return Finding(code=code, severity=severity, source=source, message_ru=ru, message_en=en, fix=fix, params=params)


def _ok(findings: tuple[Finding, ...]) -> bool:
    return not any(f.severity == "error" for f in findings)


@attrs.frozen
class Report:
    """The result of :func:`egisz_sdk.documents.check` for one file.

    ``ok`` is true when no finding is an error. ``detected`` is the format found in the content (``"pdf"``,
    ``"jpeg"``, ``"png"``, ``"docx"``, ``"docm"``, ``"zip"``, ``"doc"``, ``"ooxml"`` or ``None`` when unknown);
    ``pages`` is the PDF page count when read; ``size`` counts the bytes read (at most the limit + 1).
    """

    target: str
    ruleset: str
    name: str | None
    size: int
    detected: str | None
    pages: int | None
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``error``."""
        return _ok(self.findings)

    @property
    def codes(self) -> list[str]:
        """The codes of all findings, in order."""
        return [f.code for f in self.findings]

    @property
    def errors(self) -> list[Finding]:
        """The findings with severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings with severity ``warning``."""
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (what ``egisz documents check --json`` prints)."""
        return {
            "ok": self.ok,
            "target": self.target,
            "ruleset": self.ruleset,
            "name": self.name,
            "size": self.size,
            "detected": self.detected,
            "pages": self.pages,
            "findings": [f.to_dict() for f in self.findings],
        }


@attrs.frozen
class SetReport:
    """The result of :func:`egisz_sdk.documents.check_set`: every file's :class:`Report` (keyed by file name), the
    set-level findings, and the document types that are ``missing`` and the file names that are ``superfluous``."""

    procedure: str
    ruleset: str
    files: dict[str, Report]
    types: dict[str, str | None]
    findings: tuple[Finding, ...]
    missing: tuple[str, ...]
    superfluous: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no set finding and no file finding is an error."""
        return _ok(self.findings) and all(r.ok for r in self.files.values())

    @property
    def codes(self) -> list[str]:
        """The codes of the set-level findings, in order."""
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (what ``egisz documents check-set --json`` prints)."""
        return {
            "ok": self.ok,
            "procedure": self.procedure,
            "ruleset": self.ruleset,
            "missing": list(self.missing),
            "superfluous": list(self.superfluous),
            "types": dict(self.types),
            "findings": [f.to_dict() for f in self.findings],
            "files": {name: r.to_dict() for name, r in self.files.items()},
        }
