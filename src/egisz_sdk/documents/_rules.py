"""Rules as data: the JSON files under ``documents/rules/`` validated into typed models, loaded once.

A target file (``frmr.portfolio.json``) holds one or more named rulesets and names its default; a custom ruleset
file (loaded with :func:`load_ruleset`) holds one ruleset with its ``target``. Every rule carries its ``source``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticError

from egisz_sdk.errors import ConfigurationError, ValidationError

__all__ = [
    "DocumentType",
    "Procedure",
    "ProcedureRuleset",
    "Requirement",
    "Rule",
    "Rules",
    "Ruleset",
    "Safety",
    "TargetRules",
    "document_types",
    "load_ruleset",
    "procedure",
    "procedures",
    "resolve_ruleset",
    "safety",
    "target_rules",
    "targets",
]

T = TypeVar("T")
Source = Annotated[str, StringConstraints(min_length=3, max_length=500)]
Format = Literal["pdf", "jpeg", "png", "docx"]
MetaField = Literal["document_type", "issue_date", "valid_until"]
_MAX_RULES_FILE = 1_000_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict, Generic[T]):
    """One rule: its ``value``, the ``source`` that states it, and the severity of a breach."""

    value: T
    source: Source
    severity: Literal["error", "warning", "info"] = "error"


class Rules(_Strict):
    """The rules of one ruleset. ``formats``, ``max_bytes`` and ``document_types`` are required."""

    formats: Rule[Annotated[list[Format], Field(min_length=1)]]
    max_bytes: Rule[Annotated[int, Field(ge=1, le=1 << 30)]]
    document_types: Rule[Annotated[list[str], Field(min_length=1)]]
    min_dpi: Rule[Annotated[int, Field(ge=1, le=2400)]] | None = None
    max_pages: Rule[Annotated[int, Field(ge=1, le=100_000)]] | None = None
    file_name: Rule[Literal["type_Surname"]] | None = None
    lowercase_extension: Rule[bool] | None = None
    required_metadata: Rule[list[MetaField]] | None = None
    expired: Rule[Literal["refuse", "warn"]] | None = None
    expiry_warning_days: Rule[Annotated[int, Field(ge=0, le=3650)]] | None = None


class Ruleset(_Strict):
    """A named set of rules for one target (``target`` is set for custom files and filled for built-in ones)."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
    description: Annotated[str, StringConstraints(max_length=500)] = ""
    target: str | None = None
    rules: Rules


class _Title(_Strict):
    ru: str
    en: str


class TargetRules(_Strict):
    """A target's file: its title, its rulesets and the name of the default one."""

    target: str
    title: _Title
    default: str
    rulesets: Annotated[list[Ruleset], Field(min_length=1)]

    def get(self, name: str | None) -> Ruleset:
        """The ruleset called ``name`` (the default for ``None``); ``documents.ruleset.unknown`` otherwise."""
        wanted = name or self.default
        for ruleset in self.rulesets:
            if ruleset.name == wanted:
                return ruleset
        raise ValidationError(
            "documents.ruleset.unknown",
            field="ruleset",
            value=wanted,
            given=wanted,
            target=self.target,
            allowed=[r.name for r in self.rulesets],
        )


class DocumentType(_Strict):
    """A document type: Russian and English titles and the aliases a file name may start with."""

    ru: str
    en: str
    aliases: list[str]


class Requirement(_Strict):
    """One document of a procedure: its type, the target it is checked against, and whether it is needed."""

    type: str
    target: str
    need: Literal["required", "conditional", "optional"]
    condition: str | None = None
    source: Source


class ProcedureRuleset(_Strict):
    """A named list of requirements."""

    name: str
    documents: list[Requirement]


class Procedure(_Strict):
    """A procedure (FRMR registration, accreditation, FRMO documents) with its rulesets."""

    title: _Title
    default: str
    rulesets: list[ProcedureRuleset]


class Safety(_Strict):
    """Resource bounds every check applies, whatever the target."""

    max_pixels: Rule[int]
    zip_max_entries: Rule[int]
    zip_max_ratio: Rule[int]
    zip_max_uncompressed: Rule[int]
    pdf_max_pages: Rule[int]
    time_budget_ms: Rule[int]
    stream_max_bytes: Rule[int]


def _read_package(name: str) -> Any:
    from importlib import resources

    return json.loads(resources.files("egisz_sdk.documents.rules").joinpath(name).read_text(encoding="utf-8"))


@cache
def _targets() -> dict[str, TargetRules]:
    from importlib import resources

    out: dict[str, TargetRules] = {}
    for item in sorted(resources.files("egisz_sdk.documents.rules").iterdir(), key=lambda p: p.name):
        if item.name.count(".") == 2 and item.name.endswith(".json"):  # frmr.portfolio.json
            data = TargetRules.model_validate_json(item.read_text(encoding="utf-8"))
            rulesets = [r.model_copy(update={"target": data.target}) for r in data.rulesets]
            out[data.target] = data.model_copy(update={"rulesets": rulesets})
    return out


def targets() -> list[str]:
    """The names of the built-in targets (``frmr.application`` … ``frmo.documents``)."""
    return sorted(_targets())


def target_rules(target: str) -> TargetRules:
    """The rules file of ``target``; ``documents.target.unknown`` for an unknown name."""
    rules = _targets().get(target) if isinstance(target, str) else None
    if rules is None:
        raise ValidationError("documents.target.unknown", field="target", value=target, given=target, allowed=targets())
    return rules


def resolve_ruleset(target: str, ruleset: str | Ruleset | None) -> tuple[Ruleset, list[str]]:
    """The ruleset to apply and the alternatives the caller did not choose (empty when chosen explicitly)."""
    rules = target_rules(target)
    if isinstance(ruleset, Ruleset):
        if ruleset.target not in (None, target):
            raise ValidationError(
                "documents.ruleset.unknown",
                field="ruleset",
                value=ruleset.name,
                given=f"{ruleset.name} ({ruleset.target})",
                target=target,
                allowed=[r.name for r in rules.rulesets],
            )
        return ruleset, []
    chosen = rules.get(ruleset)
    others = [] if ruleset is not None else [r.name for r in rules.rulesets if r.name != chosen.name]
    return chosen, others


@cache
def document_types() -> dict[str, DocumentType]:
    """Every known document type by id (``passport``, ``diploma``, ``licence`` …)."""
    raw = _read_package("document_types.json")
    return {k: DocumentType.model_validate(v) for k, v in raw.items()}


@cache
def procedures() -> dict[str, Procedure]:
    """Every procedure by name (``frmr.registration``, ``frmr.accreditation``, ``frmo.documents``)."""
    raw = _read_package("procedures.json")
    return {k: Procedure.model_validate(v) for k, v in raw.items()}


def procedure(name: str, ruleset: str | None) -> tuple[Procedure, ProcedureRuleset]:
    """The procedure ``name`` and its ruleset (the default for ``None``)."""
    known = procedures()
    proc = known.get(name) if isinstance(name, str) else None
    if proc is None:
        raise ValidationError(
            "documents.procedure.unknown", field="procedure", value=name, given=name, allowed=sorted(known)
        )
    wanted = ruleset or proc.default
    for item in proc.rulesets:
        if item.name == wanted:
            return proc, item
    raise ValidationError(
        "documents.ruleset.unknown",
        field="ruleset",
        value=wanted,
        given=wanted,
        target=name,
        allowed=[r.name for r in proc.rulesets],
    )


@cache
def safety() -> Safety:
    """The resource bounds (``rules/safety.json``)."""
    return Safety.model_validate(_read_package("safety.json"))


def load_ruleset(source: str | Path | Mapping[str, Any]) -> Ruleset:
    """Load an integrator's own ruleset from a JSON file (path) or an already parsed mapping.

    The file has ``name``, ``target`` (a built-in target), optional ``description`` and ``rules`` in the format
    of the built-in files. Anything wrong — unknown rule, wrong value, missing ``source``, unknown target or
    document type — raises :class:`~egisz_sdk.errors.ConfigurationError` ``documents.ruleset.invalid`` naming it.
    """
    where = str(source) if not isinstance(source, Mapping) else "<mapping>"
    try:
        if isinstance(source, Mapping):
            raw: Any = dict(source)
        else:
            path = Path(source)
            if path.stat().st_size > _MAX_RULES_FILE:
                raise ValueError(f"larger than {_MAX_RULES_FILE} bytes")
            raw = json.loads(path.read_text(encoding="utf-8"))
        ruleset = Ruleset.model_validate(raw)
    except PydanticError as exc:
        first = exc.errors()[0]
        reason = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        raise ConfigurationError("documents.ruleset.invalid", field="ruleset", path=where, reason=reason) from None
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            "documents.ruleset.invalid", field="ruleset", path=where, reason=type(exc).__name__ + ": " + str(exc)[:200]
        ) from None
    if ruleset.target not in _targets():
        raise ConfigurationError(
            "documents.ruleset.invalid", field="ruleset", path=where, reason=f"target: unknown {ruleset.target!r}"
        )
    unknown = [t for t in ruleset.rules.document_types.value if t not in document_types()]
    if unknown:
        raise ConfigurationError(
            "documents.ruleset.invalid", field="ruleset", path=where, reason=f"document_types: unknown {unknown}"
        )
    return ruleset
